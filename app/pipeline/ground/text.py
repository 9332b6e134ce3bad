"""Questions as tokens: normalisation for English and Korean.

English words are lowercased and compared with and without plural endings; Korean words
keep their stem and lose trailing particles (의, 에서, 을/를, …) — but only when the shorter
form is a known word, so a noun that happens to end in 이 is not mangled. Korean compounds
written without spaces ("지역별매출") are split into known words when they can be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_POSSESSIVE = re.compile(r"(?<=[a-z])'s?(?![a-z])")
""""last month's revenue", "customers' emails": the possessive carries no meaning here."""
_TOKEN = re.compile(r"[a-z][a-z0-9_']*|\d+(?:\.\d+)?|[가-힣]+")

# Longest first: "에서는" must be tried before "는".
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        [
            "에서의",
            "에서는",
            "에서도",
            "에서",
            "으로는",
            "으로",
            "로는",
            "로",
            "에게",
            "께서",
            "까지",
            "부터",
            "처럼",
            "보다",
            "이랑",
            "랑",
            "하고",
            "에는",
            "에도",
            "의",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "와",
            "과",
            "도",
            "만",
            "에",
            "들",
            "이나",
            "나",
            "가요",
            "이요",
            "요",
        ],
        key=len,
        reverse=True,
    )
)

GROUP_MARKERS_KO = ("별로", "별", "마다")
"""Korean suffixes meaning "for each": 지역별 = by region."""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_hangul(self) -> bool:
        return "가" <= self.text[0] <= "힣"

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def normalise(text: str) -> str:
    """Lowercase, NFKC (full-width digits and letters become ASCII), one space between words.

    >>> normalise("  Revenue  by REGION？ ")
    'revenue by region?'
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("%", " percent ")
    folded = _POSSESSIVE.sub("", folded.replace("’", "'"))
    return " ".join(folded.split())


def tokenize(text: str) -> list[Token]:
    """Words of a normalised text with their character spans.

    >>> [t.text for t in tokenize("2025년 3분기 revenue's top-5")]
    ['2025', '년', '3', '분기', "revenue's", 'top', '5']
    """
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def english_forms(word: str) -> list[str]:
    """The word and its plausible singulars, most literal first.

    >>> english_forms("categories")
    ['categories', 'category', 'categori', 'categorie']
    """
    word = word.removesuffix("'s").removesuffix("'")
    forms = [word]
    if len(word) > 3 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        forms.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def korean_forms(word: str, known: Callable[[str], bool]) -> list[str]:
    """The word, then the word without each trailing particle that leaves a known word.

    >>> korean_forms("서울에서", {"서울"}.__contains__)
    ['서울에서', '서울']
    """
    forms = [word]
    for particle in PARTICLES:
        stem = word[: -len(particle)]
        if word.endswith(particle) and stem and known(stem):
            forms.append(stem)
    return forms


def split_compound(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """Split a Korean word into known words, group markers and particles; None if it can't.

    Longest known prefix first, so "매출액" stays whole when it is a word.

    >>> split_compound("지역별매출", {"지역", "매출"}.__contains__)
    ['지역', '별', '매출']
    """
    if not word:
        return []
    pieces = (*GROUP_MARKERS_KO, *PARTICLES)
    for cut in range(len(word), 0, -1):
        head = word[:cut]
        if known(head) or head in pieces:
            rest = split_compound(word[cut:], known)
            if rest is not None:
                return [head, *rest]
    return None
