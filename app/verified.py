"""Verified queries: question → plan pairs that metric owners certify.

They live in the project's ``verified_queries/`` folder as YAML. A question that matches
one is answered with its plan and says so; they are also the LLM's few-shot examples.
Matching is by meaning, not spelling: two questions match when they ground to the same
metrics, dimensions, values and time phrases and leave the same words unexplained — or
when their texts are nearly identical and ground to the same things.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from app.grounding.cues import Cue
from app.grounding.ground import Grounding, ground
from app.grounding.index import GroundingIndex
from app.grounding.vocabulary import Kind
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import resolve_query
from metrics.plan import SemanticQuery
from semantic_layer.errors import AskbiError
from semantic_layer.layer import SemanticLayer
from semantic_layer.loading import ParsedFile, parse_folder
from semantic_layer.model import Frozen, Name
from semantic_layer.problems import Problem, ValidationFailed

FOLDER = "verified_queries"
NEAR_TEXT = 0.9


class VerifiedQuery(Frozen):
    name: Name
    question: str
    plan: SemanticQuery
    verified_by: str
    verified_on: dt.date
    note: str = ""


class VerifiedFile(Frozen):
    description: str = ""
    verified_queries: tuple[VerifiedQuery, ...] = Field(default=())


def load_verified_queries(
    root: Path, layer: SemanticLayer, catalog: MetricCatalog
) -> tuple[VerifiedQuery, ...]:
    """Every verified query of a project; raises ``ValidationFailed`` listing every problem."""
    folder = root / FOLDER
    if not folder.is_dir():
        return ()
    files, problems = parse_folder(folder, VerifiedFile, root=root)
    problems += _check(files, layer, catalog)
    if problems:
        raise ValidationFailed(problems, what="verified query repository")
    return tuple(q for f in files for q in f.model.verified_queries)


def _check(
    files: list[ParsedFile[VerifiedFile]], layer: SemanticLayer, catalog: MetricCatalog
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for f in files:
        for i, query in enumerate(f.model.verified_queries):
            at = f.at("verified_queries", i)
            if query.name in seen:
                problems.append(at.child("name").problem(f"'{query.name}' is defined twice"))
            seen.add(query.name)
            try:
                resolve_query(query.plan, layer, catalog, dt.date.today())
            except AskbiError as e:
                problems.append(at.child("plan").problem(e.message, code=e.code))
    return problems


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
