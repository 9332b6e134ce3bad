"""How a question was understood, in words generated from the plan itself.

The user reads this to check the interpretation, so it must say exactly what the plan says
— metric labels and versions, breakdowns, filters, the resolved dates — and nothing else.
"""

from __future__ import annotations

import datetime as dt

from metrics.catalog import MetricCatalog
from metrics.plan import Filter, FilterOp, SemanticQuery
from metrics.timeframe import describe
from semantic_layer.layer import SemanticLayer

_OPS = {
    FilterOp.EQ: "is",
    FilterOp.NE: "is not",
    FilterOp.IN: "is one of",
    FilterOp.NOT_IN: "is none of",
    FilterOp.GT: "is above",
    FilterOp.GTE: "is at least",
    FilterOp.LT: "is below",
    FilterOp.LTE: "is at most",
}


def describe_plan(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> str:
    """E.g. "Revenue (v2) by Region, last month (2026-10-01 to 2026-10-31), where Region is
    Seoul; top 5 by Revenue"."""
    metrics = " and ".join(_metric(name, catalog) for name in plan.metrics)
    parts = [metrics]
    breakdown = [_dimension(d, layer) for d in plan.dimensions]
    if plan.grain is not None:
        breakdown.append(plan.grain.value)
    if breakdown:
        parts[0] += " by " + ", ".join(breakdown)
    parts.append(_window(plan, start, end))
    if plan.filters:
        parts.append("where " + " and ".join(_filter(f, layer) for f in plan.filters))
    text = ", ".join(parts)
    if plan.order_by:
        order = plan.order_by[0]
        label = _field_label(order.field, layer, catalog)
        direction = "top" if order.descending else "bottom"
        text += f"; {direction} {plan.limit} by {label}" if plan.limit else f"; sorted by {label}"
    return text


def _metric(name: str, catalog: MetricCatalog) -> str:
    metric = catalog.get(name)
    return f"{metric.label} (v{metric.version})"


def _dimension(name: str, layer: SemanticLayer) -> str:
    return layer.dimension(name).definition.label or name


def _field_label(field: str, layer: SemanticLayer, catalog: MetricCatalog) -> str:
    if field in catalog.metrics:
        return catalog.get(field).label
    if field in layer.dimensions:
        return _dimension(field, layer)
    return field


def _window(plan: SemanticQuery, start: dt.date | None, end: dt.date | None) -> str:
    if plan.time_range is None:
        return "all dates"
    dates = f" ({start} to {end})" if start and end else ""
    return f"{describe(plan.time_range)}{dates}"


def _filter(f: Filter, layer: SemanticLayer) -> str:
    values = ", ".join(str(v) for v in f.values)
    return f"{_dimension(f.dimension, layer)} {_OPS[f.op]} {values}"
