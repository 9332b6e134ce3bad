"""Breakdowns by a thing the project knows only as a table: "진단별", "by diagnosis".

An owner often names a table ("진단" for the diagnoses table) but not the dimension that
shows it. Grouping by a table means grouping by what its rows are known by: the dimension
named like the thing, else its one name column, else its key. Dropping the breakdown would
answer one total where a table of rows was asked for, so where no dimension fits the user is
asked, and where nothing can show the thing the question is refused.
"""

from __future__ import annotations

import re

from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import GROUP_MARKERS, Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, cannot_express, clarify, label
from app.pipeline.plan.entities import asks_quantity
from app.pipeline.plan.wording import rephrase
from app.pipeline.records import Option
from semantic_layer.layer import DimensionRef

BY_WORDS = frozenset({"by", "per", "each", "every"})
_NAME = re.compile(r"(?:^|[\s_])(?:name|title)(?:$|[\s_])|이름|명(?:\s|$)")


def grouped_tables(
    g: Grounding, ctx: PlanningContext, metrics: list[str], dimensions: list[str]
) -> list[tuple[str, str]]:
    """(dimension, words) for each table-only mention asked as a breakdown."""
    found = []
    for mention in g.mentions:
        tables = {t.name for t in mention.targets if t.kind is Kind.TABLE}
        if len(tables) != 1 or {t.kind for t in mention.targets} != {Kind.TABLE}:
            continue
        if not _asked_as_breakdown(g, mention):
            continue
        table = tables.pop()
        if any(ctx.layer.dimension(d).table == table for d in dimensions):
            continue  # "by drug, drug name": the table's dimension is already asked
        found.append((_known_by(table, g, mention, ctx, metrics), mention.text))
    return found


def _asked_as_breakdown(g: Grounding, mention: Mention) -> bool:
    """ "진단별", "by diagnosis", or the thing a ranking ranks: "top 3 drugs", "가장 많은
    약물" (but "the most adverse events" counts them)."""
    after = g.words[mention.last] if mention.last < len(g.words) else None
    if after is not None and after.korean and after.text in GROUP_MARKERS:
        return True
    start = g.words[mention.first].start
    for cue in g.cues:
        if cue.kind is CueKind.TOP and 0 <= start - cue.end <= 1:
            return has_hangul(cue.text) or not asks_quantity(cue)
        if cue.kind is CueKind.TOP and has_hangul(cue.text) and _korean_ranked(g, mention, cue):
            return True
    before = g.words[mention.first - 1] if mention.first > 0 else None
    return before is not None and not before.korean and before.text in BY_WORDS


_CLAUSE_TAGS = frozenset({"VV", "VA", "VX", "XSV", "XSA", "ETM", "EP"})


def _korean_ranked(g: Grounding, mention: Mention, cue: Cue) -> bool:
    """Korean ranks the noun a clause describes ("연체료가 가장 많이 나온 회원": the verb of
    the clause stands between) or counts it after its name ("회원 상위 3명")."""
    start, end = g.words[mention.first].start, g.words[mention.last - 1].end
    if 0 <= cue.start - end <= 1:
        return any(ch.isdigit() for ch in cue.text)
    if cue.end > start:
        return False
    between = g.words_in(cue.end, start)
    return bool(between) and all(w.korean and w.tag in _CLAUSE_TAGS for w in between)


def _known_by(
    table: str, g: Grounding, mention: Mention, ctx: PlanningContext, metrics: list[str]
) -> str:
    usable = [
        ref
        for name, ref in sorted(ctx.layer.dimensions.items())
        if ref.table == table
        and not ref.definition.through
        and all(ctx.catalog.allows(m, ref, ctx.layer) for m in metrics)
    ]
    thing = (ctx.layer.tables[table].label or table).lower()
    named_like = [r for r in usable if thing in {(r.definition.label or r.name).lower(), r.name}]
    names = [r for r in usable if _NAME.search(_words_of(r))]
    key = ctx.layer.key(table)
    keys = [key] if key and all(ctx.catalog.allows(m, key, ctx.layer) for m in metrics) else []
    for level in (named_like, names, keys):
        if len(level) == 1:
            return level[0].name
        if len(level) > 1:
            options = tuple(
                Option(
                    label(Target(Kind.DIMENSION, r.name), ctx),
                    rephrase(
                        g,
                        mention.first,
                        mention.last,
                        label(Target(Kind.DIMENSION, r.name), ctx).lower(),
                    ),
                )
                for r in level
            )
            raise clarify(f"By which of {mention.text}'s columns?", options)
    raise cannot_express(
        f"'{mention.text}' can't be shown: no dimension of "
        f"{ctx.layer.tables[table].label or table} names its rows. A metric owner can add one."
    )


def _words_of(ref: DimensionRef) -> str:
    d = ref.definition
    return " ".join([d.name, (d.label or "").lower(), *(s.lower() for s in d.synonyms)])
