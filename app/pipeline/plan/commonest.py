"""The most common values of a dimension: "the 3 most common concomitant medications", "the
most popular payment method", "the least frequent severity".

"Common" measures nothing the catalog names: it is how many rows carry each value. So the
words are the dimension's values ranked by the plainest count of its table's rows, and the
dimension is shown, not counted (a catalog count named like the thing, "concomitant
medications", is the measure of commonness, not a second column).
"""

from __future__ import annotations

from dataclasses import replace

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext
from metrics.model import Aggregation, SimpleMetric, Status

COMMON_WORDS = frozenset({"common", "frequent", "popular", "usual", "prevalent"})
EXTREMES = frozenset({"most", "least"})


def commonest(g: Grounding, ctx: PlanningContext) -> tuple[Grounding, str | None]:
    """The grounding with the ranked dimension as the thing shown, and the count that ranks
    it; the grounding unchanged and None when the question asks no such thing."""
    for i, word in enumerate(g.words):
        if word.text not in COMMON_WORDS or i == 0 or g.words[i - 1].text not in EXTREMES:
            continue
        after = next((m for m in g.mentions if m.first == i + 1), None)
        if after is None:
            continue
        dimensions = after.of_kind(Kind.DIMENSION)
        if len({t.name for t in dimensions}) != 1:
            continue
        count = _row_count(ctx.layer.dimension(dimensions[0].name).table, ctx)
        if count is None:
            continue
        shown = Mention(after.first, after.last, after.text, dimensions[:1])
        mentions = tuple(shown if m is after else m for m in g.mentions)
        unknown = tuple(u for u in g.unknown if u != word.text)
        return replace(g, mentions=mentions, unknown=unknown), count
    return g, None


def _row_count(table: str, ctx: PlanningContext) -> str | None:
    """The plainest count of the table's rows: unconditional, named like the table, and
    certified, in that order of preference ("Orders" over "Online orders")."""
    t = ctx.layer.tables[table]
    names = {table.lower(), (t.label or table).lower(), *(s.lower() for s in t.synonyms)}
    key = t.primary_key[0] if len(t.primary_key) == 1 else None
    counts = sorted(
        (
            bool(m.filter or m.filters),
            m.label.lower() not in names and m.name not in names,
            m.status is not Status.CERTIFIED,
            m.name,
        )
        for m in ctx.catalog.metrics.values()
        if isinstance(m, SimpleMetric)
        and m.table == table
        and (m.agg is Aggregation.COUNT or (m.agg is Aggregation.COUNT_DISTINCT and m.expr == key))
        and m.status is not Status.DEPRECATED
    )
    return counts[0][-1] if counts else None
