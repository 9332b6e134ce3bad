"""Editing an interpretation: what a plan may be changed to, and the edited plan.

The app shows a plan as widgets (metrics, breakdowns, filter, time range, grain); a change
builds a new :class:`SemanticQuery` here and runs through the compiler — no model, no
re-reading of the question, so what the user picked is exactly what runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from metrics.catalog import MetricCatalog
from metrics.semantic_query import Filter, OrderBy, SemanticQuery
from metrics.timeframe import Last, TimeRange, ToDate, describe
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain

RANGE_PRESETS: dict[str, TimeRange | None] = {
    "All dates": None,
    "Last 7 days": Last(n=7, unit=Grain.DAY),
    "Last month": Last(n=1, unit=Grain.MONTH),
    "Last 3 months": Last(n=3, unit=Grain.MONTH),
    "Last 12 months": Last(n=12, unit=Grain.MONTH),
    "Last quarter": Last(n=1, unit=Grain.QUARTER),
    "Month to date": ToDate(unit=Grain.MONTH),
    "Year to date": ToDate(unit=Grain.YEAR),
    "Last year": Last(n=1, unit=Grain.YEAR),
}


def range_label(time_range: TimeRange | None) -> str:
    """The preset's label, or the range described in words.

    >>> range_label(Last(n=3, unit=Grain.MONTH))
    'Last 3 months'
    >>> range_label(Last(n=2, unit=Grain.WEEK))
    'last 2 weeks'
    """
    for label, preset in RANGE_PRESETS.items():
        if preset == time_range:
            return label
    return describe(time_range) if time_range is not None else "All dates"


def allowed_dimensions(
    metrics: Sequence[str], layer: SemanticLayer, catalog: MetricCatalog
) -> frozenset[str]:
    """Dimensions every one of ``metrics`` can be broken down (and so filtered) by."""
    allowed: frozenset[str] | None = None
    for name in metrics:
        mine = catalog.allowed_dimensions(name, layer)
        allowed = mine if allowed is None else allowed & mine
    return allowed or frozenset()


@dataclass(frozen=True)
class PlanEdit:
    metrics: tuple[str, ...]
    dimensions: tuple[str, ...]
    grain: Grain | None
    time_range: TimeRange | None
    filters: tuple[Filter, ...]


def edited_plan(original: SemanticQuery, edit: PlanEdit) -> SemanticQuery:
    """The plan the widgets describe, keeping the original's ranking ("top 5 by …").

    A ranking by a metric the edit removed moves to the first metric chosen, so "top 5
    products by revenue" edited to AOV is the top 5 by AOV, not 5 arbitrary rows.

    >>> plan = SemanticQuery(metrics=("revenue",), dimensions=("region",),
    ...     order_by=(OrderBy(field="revenue", descending=True),), limit=5)
    >>> edit = PlanEdit(("aov",), ("region",), Grain.MONTH, None, ())
    >>> edited_plan(plan, edit).canonical_json()
    '{"dimensions":["region"],"grain":"month","limit":5,"metrics":["aov"],"order_by":[{"descending":true,"field":"aov"}]}'
    """
    fields = {*edit.metrics, *edit.dimensions}
    order = tuple(o for o in original.order_by if o.field in fields)
    if original.order_by and not order and edit.metrics:
        descending = original.order_by[0].descending
        order = (OrderBy(field=sorted(edit.metrics)[0], descending=descending),)
    return SemanticQuery(
        metrics=edit.metrics,
        dimensions=edit.dimensions,
        grain=edit.grain,
        time_range=edit.time_range,
        filters=edit.filters,
        order_by=order,
        limit=original.limit,
    )
