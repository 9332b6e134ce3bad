"""Typos and near misses, with rapidfuzz: "revnue" is revenue; "regoin" might be region.

A content word nothing names is corrected only when one known word is clearly meant: close
enough (a similarity of at least 85 of 100) and clearly closer than any word that means
something else. Korean is compared letter by letter (매츨 is one jamo from 매출, not a whole
syllable block away). Anything less certain is offered as a choice, never applied.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz, process

from app.pipeline.ground.analysis import Word, stem
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target

CORRECT_AT = 85.0
SUGGEST_AT = 72.0
MARGIN = 4.0
"""Two candidates this close in score that mean different things: ask, don't pick."""
MIN_LENGTH = 4
MIN_KOREAN_LENGTH = 2
PLANNABLE = (Kind.METRIC, Kind.DIMENSION, Kind.VALUE)


def jamo(text: str) -> str:
    """Hangul syllables decomposed into letters, so similarity counts letters.

    >>> len(jamo("매출")), len("매출")
    (5, 2)
    """
    return unicodedata.normalize("NFD", text)


def correction(word: Word, position: int, index: GroundingIndex) -> Mention | None:
    """A typo of exactly one known word ("revnue" → revenue), else nothing.

    >>> from app.pipeline.ground.analysis import analyse
    >>> from app.project.folder import SAMPLE_PROJECT, load_project
    >>> p = load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")
    >>> index = GroundingIndex.build(p.layer, p.catalog)
    >>> correction(analyse("revnue")[0], 0, index).text
    'revenue'
    """
    found = _closest(word, index, limit=3)
    if not found or found[0][1] < CORRECT_AT:
        return None
    best, score, targets = found[0]
    rivals = [t for _, s, t in found[1:] if s >= score - MARGIN and t != targets]
    if rivals:
        return None
    corrected = None if score >= 100 else word.text
    return Mention(position, position + 1, best, tuple(sorted(targets)), corrected_from=corrected)


def related(text: str, index: GroundingIndex, *, near: bool = True) -> tuple[Target, ...]:
    """What an unknown word might have meant: phrases containing it, or (``near``) words
    close to it."""
    found: set[Target] = set(index.partial.get(stem(text), ()))
    if not found and near:
        probe = Word(text, 0, len(text), text, (stem(text),), word_class=WordClass.CONTENT)
        for _, score, targets in _closest(probe, index, limit=4):
            if score >= SUGGEST_AT:
                found |= targets
    if not found and any("가" <= ch <= "힣" for ch in text):
        found |= {t for key, ts in index.korean.items() if text in key for t in ts}
    return tuple(sorted(t for t in found if t.kind in PLANNABLE))[:8]


def _closest(
    word: Word, index: GroundingIndex, *, limit: int
) -> list[tuple[str, float, frozenset[Target]]]:
    if word.korean or any("가" <= ch <= "힣" for ch in word.text):
        if len(word.text) < MIN_KOREAN_LENGTH:
            return []
        letters, keys = index.korean_letters
        matches = process.extract(jamo(word.text), letters, scorer=fuzz.ratio, limit=limit)
        return [(keys[i], s, index.korean[keys[i]]) for _, s, i in matches]
    key = word.keys[0] if word.keys else word.text
    if len(key) < MIN_LENGTH:
        return []
    matches = process.extract(key, index.english_words, scorer=fuzz.ratio, limit=limit)
    return [(m, s, index.single[m]) for m, s, _ in matches]
