"""What the answer says about how it was reached — notes and warnings — as typed messages.

A note is a code and its blanks, not a sentence: the same record reads in English or in
Korean, so an answer written once can be shown again in the reader's language. A blank that
names something of the project (a metric, a dimension, a period) carries its name in each
language the YAML gives, so the Korean note says "주문 수" where the English says "Orders".
The sentences themselves are the interface catalogs' ``note.*`` messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.i18n.catalog import Language, text
from app.i18n.particles import with_particles

PLAIN = "plain"
"""A note that is already a sentence: one stored before notes were typed, or one whose
words come from outside askbi (a verified query's own note, a library's warning)."""

Words = str | Mapping[str, str]
"""A blank's value: the same in every language (the asker's own words, a number), or its
words per language (``{"en": "Orders", "ko": "주문 수"}``); English is required."""


class Note(BaseModel):
    """One message: ``code`` picks the sentence (``note.<code>``), ``params`` fill it in
    English, ``labels`` give a blank's words in another language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    params: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Blank → language → its words there, where they differ from ``params``."""

    @model_validator(mode="before")
    @classmethod
    def _from_sentence(cls, value: Any) -> Any:
        # Records stored before notes were typed hold sentences; they still load and show.
        return plain_fields(value) if isinstance(value, str) else value

    def render(self, language: Language | str = Language.EN) -> str:
        """The sentence in ``language``.

        >>> n = note("counted", word="치료", metric={"en": "Treatments", "ko": "치료 건수"})
        >>> n.render("en"), n.render("ko")
        ("Counted 치료 with 'Treatments'.", "'치료'를 '치료 건수'로 셌습니다.")
        """
        lang = Language(language)
        values = {k: self.labels.get(k, {}).get(lang.value) or v for k, v in self.params.items()}
        if self.code == PLAIN:
            return values.get("text", "")
        sentence = text(f"note.{self.code}", lang, **values)
        return with_particles(sentence) if lang is Language.KO else sentence

    def __str__(self) -> str:
        return self.render(Language.EN)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))


def plain_fields(sentence: str) -> dict[str, Any]:
    return {"code": PLAIN, "params": {"text": sentence}}


def plain(sentence: str) -> Note:
    """A sentence kept as it is, in whatever language it was written.

    >>> plain("Read as asked.").render("ko")
    'Read as asked.'
    """
    return Note(code=PLAIN, params={"text": sentence})


def note(code: str, **blanks: Words) -> Note:
    """The message ``code`` with its blanks: a string is the same in every language, a
    mapping gives each language's words."""
    params: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for name, value in blanks.items():
        if isinstance(value, str):
            params[name] = value
            continue
        params[name] = value["en"]
        other = {lang: words for lang, words in value.items() if lang != "en" and words}
        if other:
            labels[name] = other
    return Note(code=code, params=params, labels=labels)


def by_language(label: str, labels: Mapping[str, str]) -> dict[str, str]:
    """A project thing's words per language: its label, and the YAML's ``labels``.

    >>> by_language("Orders", {"ko": "주문 수"})
    {'ko': '주문 수', 'en': 'Orders'}
    """
    return {**labels, "en": label}
