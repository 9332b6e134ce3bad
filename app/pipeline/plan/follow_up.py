"""Follow-ups: a question in a conversation changes the previous plan exactly as it says.

"Only online stores" adds a filter, "by week" changes the grain, "what about Seoul?" swaps
the region, "the same month last year" moves the dates back a year; everything not named is
kept. A question that names nothing the previous plan could change is not a follow-up of
it: it is asked about, never answered by repeating the last plan.
"""

from __future__ import annotations

import re

from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.plan.context import PlanningContext, clarify
from app.pipeline.plan.ranking import Ranking
from app.pipeline.plan.timing import shifted
from app.pipeline.records import Option
from metrics.semantic_query import Filter, FilterOp, SemanticQuery
from metrics.timeframe import TimeRange
from semantic_layer.model import Grain

_WHAT_ABOUT_KO = re.compile(r"^\S+(?:은|는)\s*\?*$")


def is_follow_up(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> bool:
    if ctx.previous is None:
        return False
    return (
        any(c.kind in (CueKind.FOLLOW_UP, CueKind.SHIFT) for c in g.cues)
        or not metrics
        or bool(_WHAT_ABOUT_KO.match(g.text))
    )


def merge(
    previous: SemanticQuery,
    g: Grounding,
    ctx: PlanningContext,
    *,
    metrics: list[str],
    dimensions: list[str],
    filters: list[Filter],
    time_range: TimeRange | None,
    grain: Grain | None,
    ranking: Ranking,
) -> SemanticQuery:
    """A follow-up changes what it names and keeps the rest of the previous plan."""
    replaced = {f.dimension for f in filters}
    kept = [f for f in previous.filters if f.dimension not in replaced]
    chosen_metrics = metrics or list(previous.metrics)
    chosen_dimensions = dimensions or list(previous.dimensions)
    single = {f.dimension for f in filters if f.op is FilterOp.EQ}
    chosen_dimensions = [d for d in chosen_dimensions if d not in single]
    when = time_range or shifted(previous.time_range, g, ctx) or previous.time_range
    order_by, limit = ranking.order_by, ranking.limit
    if not order_by:
        valid = set(chosen_metrics) | set(chosen_dimensions)
        order_by = tuple(o for o in previous.order_by if o.field in valid)
        limit = previous.limit if order_by else None
    merged = SemanticQuery(
        metrics=tuple(chosen_metrics),
        dimensions=tuple(chosen_dimensions),
        grain=grain if grain is not None else previous.grain,
        time_range=when,
        filters=(*kept, *filters),
        having=ranking.having or previous.having,
        order_by=order_by,
        limit=limit,
    )
    if merged == previous:
        raise clarify(
            "I couldn't tell what to change in the last answer. Name a measure, a "
            "breakdown, a filter or a period.",
            _examples(previous, ctx),
        )
    return merged


def _examples(previous: SemanticQuery, ctx: PlanningContext) -> tuple[Option, ...]:
    """Whole questions that do change the last answer, from the catalog's own words."""
    metric = ctx.catalog.get(previous.metrics[0]).label.lower()
    options = [Option(f"{metric} by month", f"{metric} by month")]
    allowed = sorted(ctx.catalog.allowed_dimensions(previous.metrics[0], ctx.layer))
    for name in allowed[:3]:
        label = (ctx.layer.dimension(name).definition.label or name).lower()
        if name not in previous.dimensions:
            options.append(Option(f"{metric} by {label}", f"{metric} by {label}"))
    return tuple(options)
