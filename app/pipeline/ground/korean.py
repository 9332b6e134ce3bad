"""Korean morphology with Kiwi: particles, endings and compounds split by a real analyser.

``kiwipiepy`` ships its model on the package index and runs offline. Building the analyser
takes about two seconds and a few hundred megabytes, so there is one per process, built on
the first Hangul question (or by :func:`warm_up` at start-up) and shared by every thread;
a question then takes about a millisecond.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_PREDICATES = ("VV", "VA", "VX", "VCP", "VCN")
_LOCK = threading.Lock()
_KIWI: list[Kiwi] = []


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str
    """Sejong tag without Kiwi's irregular-conjugation suffix (``VA-I`` → ``VA``)."""
    start: int
    end: int
    lemma: str
    """Dictionary form for predicates (넘 → 넘다); the form itself otherwise."""


def analyser() -> Kiwi:
    """The process's Kiwi, built once; the multi-word dictionary of proper nouns is left out
    (a BI question rarely needs Wikidata names, and it doubles start-up time and memory)."""
    with _LOCK:
        if not _KIWI:
            from kiwipiepy import Kiwi

            kiwi = Kiwi(load_multi_dict=False)
            kiwi.tokenize("")  # the model loads lazily: load it now, under the lock
            _KIWI.append(kiwi)
        return _KIWI[0]


def warm_up() -> None:
    """Build the analyser now (the app does this at start-up, off the request path)."""
    analyser()


def morphemes(text: str) -> tuple[Morpheme, ...]:
    """Kiwi's best analysis of ``text``.

    >>> [(m.form, m.tag) for m in morphemes("지역별매출")]
    [('지역', 'NNG'), ('별', 'XSN'), ('매출', 'NNG')]
    >>> [m.lemma for m in morphemes("6%를 넘는") if m.tag == "VV"]
    ['넘다']
    """
    return tuple(
        Morpheme(
            form=token.form,
            tag=token.tag.split("-")[0],
            start=token.start,
            end=token.start + token.len,
            lemma=token.lemma
            if token.tag.startswith(("VV", "VA", "VX", "VCP", "VCN"))
            else token.form,
        )
        for token in analyser().tokenize(text)
    )


def has_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)
