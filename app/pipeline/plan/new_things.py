""" "New" things counted in a period: "new subscriptions this month", "이번 달 신규 가입자 수".

A count of a table's rows dated by that table's own date (an account's creation date, a
subscription's start) already counts the rows that are new in the period, so "new" (신규)
before it adds nothing, and is read as said. Where the count is dated otherwise (customers
counted over their orders), "new" would mean a first time, which the catalog can't say, and
the word stays unknown, so the question is asked about.
"""

from __future__ import annotations

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext
from metrics.model import Aggregation, SimpleMetric

NEW_WORDS = frozenset({"new", "newly", "신규", "새"})
REACH = 2
"""Words between "new" and the count: "new paying accounts", "신규 가입 고객사 수"."""


def new_words_explained(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> list[str]:
    """The unknown "new" words that a count dated by its own rows already says."""
    explained = []
    for unknown in g.unknown:
        if unknown.lower() not in NEW_WORDS:
            continue
        index = next((i for i, w in enumerate(g.words) if w.text == unknown), None)
        if index is None:
            continue
        counts = [m for m in g.mentions if 0 < m.first - index <= REACH + 1]
        if any(_new_rows_counted(m, ctx, metrics) for m in counts):
            explained.append(unknown)
    return explained


def _new_rows_counted(mention: Mention, ctx: PlanningContext, metrics: list[str]) -> bool:
    for target in mention.of_kind(Kind.METRIC):
        metric = ctx.catalog.get(target.name)
        if target.name not in metrics or not isinstance(metric, SimpleMetric):
            continue
        if metric.agg is not Aggregation.COUNT or metric.time_dimension is None:
            continue
        if ctx.layer.time_dimension(metric.time_dimension).table == metric.table:
            return True
    return False
