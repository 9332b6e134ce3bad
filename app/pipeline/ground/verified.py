"""Which verified query, if any, a question means (the queries are in ``app/project``).

Matching is by meaning, not spelling: two questions match when they ground to the same
metrics, dimensions, values and time phrases and leave the same words unexplained — or
when their texts are nearly identical and ground to the same things.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from app.pipeline.ground.cues import Cue
from app.pipeline.ground.grounding import Grounding, ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.vocabulary import Kind
from app.project.verified_queries import VerifiedQuery

NEAR_TEXT = 0.9


Signature = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def signature(g: Grounding) -> Signature:
    """What a question refers to, independent of word order and phrasing."""
    kinds = (Kind.METRIC, Kind.DIMENSION, Kind.VALUE, Kind.GLOSSARY, Kind.TABLE)
    targets = tuple(sorted({t.key for m in g.mentions for t in m.targets if t.kind in kinds}))
    cues = tuple(sorted({_cue_key(c) for c in g.cues}))
    return targets, cues, tuple(sorted(set(g.unknown)))


def _cue_key(cue: Cue) -> str:
    meaning = cue.time_range.model_dump_json() if cue.time_range is not None else ""
    parts = (cue.kind.value, meaning, str(cue.grain), str(cue.limit), str(cue.descending))
    return "|".join((*parts, str(cue.offset), str(cue.calculation)))


@dataclass(frozen=True)
class VerifiedIndex:
    entries: tuple[tuple[VerifiedQuery, Signature, str], ...]

    @classmethod
    def build(
        cls, queries: Iterable[VerifiedQuery], index: GroundingIndex, today: dt.date
    ) -> VerifiedIndex:
        entries = []
        for query in queries:
            g = ground(query.question, index, today)
            entries.append((query, signature(g), g.text))
        return cls(tuple(entries))

    def match(self, grounding: Grounding) -> VerifiedQuery | None:
        wanted = signature(grounding)
        for query, sig, text in self.entries:
            if sig == wanted:
                return query
            same_things = sig[:2] == wanted[:2]
            near = difflib.SequenceMatcher(None, text, grounding.text).ratio() >= NEAR_TEXT
            if same_things and near:
                return query
        return None

    def closest(self, grounding: Grounding, count: int) -> list[VerifiedQuery]:
        """The verified queries sharing most metrics, dimensions and phrases with a question."""
        wanted = signature(grounding)
        things = set(wanted[0]) | set(wanted[1])

        def overlap(entry: tuple[VerifiedQuery, Signature, str]) -> tuple[int, str]:
            sig = entry[1]
            return (-len(things & (set(sig[0]) | set(sig[1]))), entry[0].name)

        return [query for query, _, _ in sorted(self.entries, key=overlap)[:count]]
