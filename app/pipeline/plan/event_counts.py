"""Counts named by the event of the things counted: "how many employees were hired in 2025".

The employees are named only to say what is counted: the hires, a count the verb of their
event names. Beside a count named by such a verb, a count of the things its rows belong to
is the noun, not a second measure (the headcount, undated, failed to compile beside the
hires). Only where the verb ends its clause: "members were loaned books" are not the loans'
count, since each member may have many.
"""

from __future__ import annotations

from dataclasses import replace

from app.pipeline.ground.analysis import inflected
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext
from app.pipeline.plan.event_dates import after_do
from app.pipeline.plan.had_facts import rows_point_at
from metrics.model import Aggregation, SimpleMetric

COUNTS = (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)


def drop_counted_nouns(
    g: Grounding, metrics: list[str], ctx: PlanningContext
) -> tuple[Grounding, list[str]]:
    """``metrics`` without a count of the things that a count named by a verb of their
    event counts too ("how many employees were hired": the hires, not the headcount), and
    ``g`` with the things' noun no longer a breakdown either."""
    by_verb = [
        name
        for mention in g.mentions
        if _a_verb(g, mention) and not _an_object_after(g, mention)
        for name in (t.name for t in mention.of_kind(Kind.METRIC))
        if name in metrics and _count(ctx.catalog.get(name))
    ]
    kept, dropped = [], []
    for name in metrics:
        metric = ctx.catalog.get(name)
        if (
            name not in by_verb
            and _count(metric)
            and any(rows_point_at(ctx.catalog.get(other), metric, ctx) for other in by_verb)
        ):
            dropped.append(metric)
            continue
        kept.append(name)
    if not dropped:
        return g, kept
    things = {m.table for m in dropped if isinstance(m, SimpleMetric)}
    mentions = tuple(
        replace(m, targets=tuple(t for t in m.targets if t.kind is not Kind.DIMENSION))
        if _names_things(m, things, ctx) and m.of_kind(Kind.TABLE)
        else m
        for m in g.mentions
    )
    return replace(g, mentions=mentions), kept


def _names_things(mention: Mention, things: set[str], ctx: PlanningContext) -> bool:
    return any(t.name in things for t in mention.of_kind(Kind.TABLE)) or any(
        ctx.layer.dimension(t.name).table in things for t in mention.of_kind(Kind.DIMENSION)
    )


def _a_verb(g: Grounding, mention: Mention) -> bool:
    """A mention that is one verb form: "hired", "returned", "signed"."""
    if mention.last - mention.first != 1:
        return False
    word = g.words[mention.first]
    return not word.korean and (inflected(word) or after_do(g, mention.first))


def _an_object_after(g: Grounding, mention: Mention) -> bool:
    """ "Members were loaned books": the things are not what the event happened to, but
    who received its object, and each may have many; only "employees were hired" (the
    verb ends the clause, a period aside) is their own event."""
    end = next((c.start for c in g.cues if c.start >= g.words[mention.last - 1].end), None)
    return any(
        other.first >= mention.last and (end is None or g.words[other.first].start < end)
        for other in g.mentions
        if other.of_kind(Kind.TABLE) or other.of_kind(Kind.METRIC)
    )


def _count(metric: object) -> bool:
    return isinstance(metric, SimpleMetric) and metric.agg in COUNTS
