"""The interface's message catalogs: every key in both languages, with the same blanks."""

from __future__ import annotations

import datetime as dt
import re
import string

from app.i18n import Language, language_of, text
from app.i18n.catalog import CATALOGS
from app.i18n.formatting import month, period

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    english, korean = CATALOGS[Language.EN], CATALOGS[Language.KO]
    assert english.keys() == korean.keys()
    for key, template in english.items():
        assert template.strip() and korean[key].strip(), key
        assert _blanks(template) == _blanks(korean[key]), key


def test_korean_messages_are_written_in_korean() -> None:
    # Words that stay as they are in Korean interfaces: names of things, units, symbols.
    untranslated = {
        k for k, v in CATALOGS[Language.KO].items() if not HANGUL.search(v) and len(v) > 3
    }
    assert not untranslated, untranslated


def test_the_browser_language_picks_the_catalog() -> None:
    assert language_of("ko-KR") is Language.KO and language_of("ko") is Language.KO
    assert language_of("en-US") is Language.EN and language_of("fr-FR") is Language.EN
    assert text("save.to_new", language_of("ko-KR"), title="지역") == "새 대시보드 “지역”에 저장"


def test_months_are_words_not_iso_dates() -> None:
    october = dt.date(2026, 10, 1)
    assert (month(october, Language.EN), month(october, Language.KO)) == ("Oct 2026", "2026년 10월")
    assert period(dt.date(2026, 5, 1), dt.date(2026, 5, 31), Language.KO) == "2026년 5월"
