"""The grounding stage: which metrics, dimensions, values, time phrases and tables a question
mentions, and which of its words are unknown.

Matching is lexical and deterministic: phrases are found longest first; cues (time, grain,
top-N, comparisons) and catalog phrases compete for the same words and the longer one wins;
a word left over that is neither a stop word nor a marker is corrected when one known word
is clearly meant ("revnue"), and otherwise reported as unknown with the nearest candidates.
"""

from __future__ import annotations

import datetime as dt
import difflib
import time
from dataclasses import dataclass, field

from app.pipeline.ground.cues import NUMBER_WORDS, Cue, find_cues
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.stopwords import GROUP_MARKERS, is_stopword
from app.pipeline.ground.tables import words as table_words
from app.pipeline.ground.text import (
    PARTICLES,
    Token,
    english_forms,
    korean_forms,
    normalise,
    split_compound,
    tokenize,
)
from app.pipeline.ground.vocabulary import Kind, Target, stem

FUZZY_CUTOFF = 0.84
MIN_FUZZY_LENGTH = 4
MENTIONED = 100.0
"""What naming a table (or something only it has) adds to its score: more than BM25 can."""


@dataclass(frozen=True)
class Mention:
    """Words of the question that name something in the project."""

    first: int
    last: int
    """token range, ``last`` exclusive"""
    text: str
    targets: tuple[Target, ...]
    corrected_from: str | None = None

    def of_kind(self, kind: Kind) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.kind is kind)


@dataclass(frozen=True)
class Grounding:
    question: str
    text: str
    tokens: tuple[Token, ...]
    mentions: tuple[Mention, ...]
    cues: tuple[Cue, ...]
    markers: tuple[int, ...]
    """token indices of breakdown markers ("by", "별")"""
    unknown: tuple[str, ...]
    suggestions: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    tables: tuple[tuple[str, float], ...] = ()
    elapsed_ms: float = 0.0

    def targets(self, kind: Kind) -> list[Target]:
        return [t for m in self.mentions for t in m.of_kind(kind)]

    @property
    def corrections(self) -> list[tuple[str, str]]:
        return [(m.corrected_from, m.text) for m in self.mentions if m.corrected_from]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    first: int
    last: int
    mention: Mention | None = None
    cue: Cue | None = None


def ground(question: str, index: GroundingIndex, today: dt.date) -> Grounding:
    began = time.perf_counter()
    text = normalise(question)
    tokens = _expand_compounds(tokenize(text), index)
    chosen = _choose(_cue_spans(find_cues(text, today), tokens) + _phrase_spans(tokens, index))
    covered = {i for span in chosen for i in range(span.first, span.last)}
    mentions = [s.mention for s in chosen if s.mention is not None]
    markers: list[int] = []
    unknown: list[str] = []
    suggestions: dict[str, tuple[Target, ...]] = {}
    for i, token in enumerate(tokens):
        if i in covered or _is_number(token) or is_stopword(token.text) or token.text in PARTICLES:
            if token.text in GROUP_MARKERS and i not in covered:
                markers.append(i)
            continue
        if token.text in GROUP_MARKERS:
            markers.append(i)
            continue
        corrected = _correct(token, i, index)
        if corrected is not None:
            mentions.append(corrected)
            continue
        unknown.append(token.text)
        candidates = _candidates(token.text, index)
        if candidates:
            suggestions[token.text] = candidates
    for mention in mentions:
        if all(t.kind is Kind.TABLE for t in mention.targets):
            # "how many customers": a table, not a metric; offer the metrics about it.
            related = _candidates(mention.text.split()[-1], index)
            if related:
                suggestions[mention.text] = related
    mentions.sort(key=lambda m: m.first)
    return Grounding(
        question=question,
        text=text,
        tokens=tuple(tokens),
        mentions=tuple(mentions),
        cues=tuple(s.cue for s in chosen if s.cue is not None),
        markers=tuple(markers),
        unknown=tuple(unknown),
        suggestions=suggestions,
        tables=tuple(_rank_tables(text, mentions, index)),
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


def _is_number(token: Token) -> bool:
    return token.is_number or token.text in NUMBER_WORDS


def _expand_compounds(tokens: list[Token], index: GroundingIndex) -> list[Token]:
    """ "지역별매출" → 지역 / 별 / 매출, each keeping its slice of the text's span."""
    expanded: list[Token] = []
    for token in tokens:
        pieces = None
        if token.is_hangul and not _known_korean(token.text, index):
            pieces = split_compound(token.text, index.known)
        if not pieces or len(pieces) == 1:
            expanded.append(token)
            continue
        start = token.start
        for piece in pieces:
            expanded.append(Token(piece, start, start + len(piece)))
            start += len(piece)
    return expanded


def _known_korean(word: str, index: GroundingIndex) -> bool:
    return any(index.known(form) for form in korean_forms(word, index.known))


def _forms(token: Token, index: GroundingIndex) -> list[str]:
    if token.is_hangul:
        return korean_forms(token.text, index.known)
    return list(dict.fromkeys(stem(f) for f in english_forms(token.text)))


def _phrase_spans(tokens: list[Token], index: GroundingIndex) -> list[_Span]:
    spans = []
    forms = [_forms(t, index) for t in tokens]
    for i in range(len(tokens)):
        for form in forms[i]:
            for phrase, targets in index.by_first_word.get(form, ()):
                last = i + len(phrase)
                if last <= len(tokens) and all(
                    phrase[k] in forms[i + k] for k in range(1, len(phrase))
                ):
                    text = " ".join(t.text for t in tokens[i:last])
                    mention = Mention(i, last, text, tuple(sorted(targets)))
                    spans.append(_Span(tokens[i].start, tokens[last - 1].end, i, last, mention))
                    break  # longest phrase for this form found
    return spans + _joined_korean_spans(tokens, index)


def _joined_korean_spans(tokens: list[Token], index: GroundingIndex) -> list[_Span]:
    """ "매출 총이익률" written with a space still finds "매출총이익률"."""
    spans = []
    for i in range(len(tokens)):
        for size in (3, 2):
            group = tokens[i : i + size]
            if len(group) < size or not all(t.is_hangul for t in group):
                continue
            joined = "".join(t.text for t in group)
            for form in korean_forms(joined, index.known):
                entry = next((e for e in index.by_first_word.get(form, ()) if len(e[0]) == 1), None)
                if entry is not None:
                    last = i + size
                    text = " ".join(t.text for t in group)
                    mention = Mention(i, last, text, tuple(sorted(entry[1])))
                    spans.append(_Span(group[0].start, group[-1].end, i, last, mention))
                    break
    return spans


def _cue_spans(cues: list[Cue], tokens: list[Token]) -> list[_Span]:
    spans = []
    for cue in cues:
        inside = [i for i, t in enumerate(tokens) if _within(t, cue)]
        if inside:
            spans.append(_Span(cue.start, cue.end, inside[0], inside[-1] + 1, cue=cue))
    return spans


def _within(token: Token, cue: Cue) -> bool:
    """Inside the cue, or a Korean word the cue starts, followed only by a particle (작년은)."""
    if token.start < cue.start:
        return False
    if token.end <= cue.end:
        return True
    rest = token.text[cue.end - token.start :]
    return token.is_hangul and token.start < cue.end and rest in PARTICLES


def _choose(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans, longest first; a catalog phrase beats a cue of the same length,
    because an owner's synonym ("yoy growth" for revenue growth) is more specific than a
    generic time or comparison phrase."""
    ordered = sorted(
        spans, key=lambda s: (-(s.last - s.first), -(s.end - s.start), s.cue is not None, s.start)
    )
    taken: set[int] = set()
    chosen = []
    for span in ordered:
        tokens = set(range(span.first, span.last))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.first)


def _correct(token: Token, position: int, index: GroundingIndex) -> Mention | None:
    """A typo of exactly one known word ("revnue" → revenue), else nothing."""
    if token.is_hangul or len(token.text) < MIN_FUZZY_LENGTH:
        return None
    word = stem(token.text)
    close = difflib.get_close_matches(word, index.single, n=2, cutoff=FUZZY_CUTOFF)
    if not close:
        return None
    if len(close) > 1 and index.single[close[0]] != index.single[close[1]]:
        ratio = difflib.SequenceMatcher(None, word, close[1]).ratio()
        if ratio >= difflib.SequenceMatcher(None, word, close[0]).ratio() - 0.02:
            return None  # two words about equally close: ask, don't pick
    return Mention(
        position,
        position + 1,
        close[0],
        tuple(sorted(index.single[close[0]])),
        corrected_from=token.text,
    )


def _candidates(word: str, index: GroundingIndex) -> tuple[Target, ...]:
    """What an unknown word might have meant: phrases containing it, or close words."""
    found: set[Target] = set(index.partial.get(stem(word), ()))
    if not found and not word[0] >= "가":
        for close in difflib.get_close_matches(stem(word), index.single, n=3, cutoff=0.7):
            found |= index.single[close]
    if not found and word[0] >= "가":
        found |= {t for w, ts in index.partial.items() if word in w or w in word for t in ts}
    planning = [t for t in found if t.kind in (Kind.METRIC, Kind.DIMENSION, Kind.VALUE)]
    return tuple(sorted(planning))[:8]


def _rank_tables(
    text: str, mentions: list[Mention], index: GroundingIndex
) -> list[tuple[str, float]]:
    """Tables the mentions need, weighted by how specific each mention is, plus BM25.

    A phrase that names one table ("shipment history") is strong evidence for it; a
    dimension name shared by nine tables is weak evidence for each of them.
    """
    scores: dict[str, float] = {}
    for mention in mentions:
        tables = _tables_of(mention, index)
        for table in tables:
            scores[table] = scores.get(table, 0.0) + MENTIONED / len(tables)
    for table, score in index.tables.rank(table_words(text), limit=20):
        scores[table] = scores.get(table, 0.0) + score
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(table, round(score, 3)) for table, score in ranked[:10]]


def _tables_of(mention: Mention, index: GroundingIndex) -> list[str]:
    layer, catalog = index.layer, index.catalog
    needed: list[str] = []
    for target in mention.targets:
        if target.kind is Kind.METRIC:
            needed += [leaf.table for leaf in catalog.leaves(target.name)]
        elif target.kind in (Kind.DIMENSION, Kind.VALUE) and target.name in layer.dimensions:
            needed.append(layer.dimensions[target.name].table)
        elif target.kind is Kind.TIME_DIMENSION and target.name in layer.time_dimensions:
            needed.append(layer.time_dimensions[target.name].table)
        elif target.kind is Kind.TABLE:
            needed.append(target.name)
    return list(dict.fromkeys(needed))
