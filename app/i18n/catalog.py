"""Looking a message up: the reader's language, else English; placeholders filled by name."""

from __future__ import annotations

from enum import StrEnum

from app.i18n.en import MESSAGES as EN
from app.i18n.ko import MESSAGES as KO


class Language(StrEnum):
    EN = "en"
    KO = "ko"


CATALOGS: dict[Language, dict[str, str]] = {Language.EN: EN, Language.KO: KO}
LANGUAGES = {Language.EN: "English", Language.KO: "한국어"}


def language_of(locale: str | None) -> Language:
    """The catalog for a browser locale ("ko-KR" → Korean); anything else is English.

    >>> language_of("ko-KR"), language_of("en-GB"), language_of(None)
    (<Language.KO: 'ko'>, <Language.EN: 'en'>, <Language.EN: 'en'>)
    """
    prefix = (locale or "").split("-")[0].split("_")[0].lower()
    return Language.KO if prefix == Language.KO.value else Language.EN


def text(key: str, language: Language = Language.EN, **values: object) -> str:
    """The message ``key`` in ``language`` with ``{placeholders}`` filled in.

    >>> text("ask.answered_in", Language.KO, ms="120")
    '120 ms 만에 답했습니다'
    """
    template = CATALOGS[language].get(key) or EN[key]
    return template.format(**values) if values else template
