"""Check a plan against the catalog and semantic layer, and resolve every name once.

Every way a plan can be impossible is found here, before any SQL exists, and reported in
business terms: which metric cannot be combined with which dimension, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError, did_you_mean
from metrics.catalog import MetricCatalog
from metrics.model import (
    CumulativeMetric,
    Metric,
    PeriodOverPeriodMetric,
    Status,
)
from metrics.semantic_query import Filter, SemanticQuery
from metrics.timeframe import resolve
from semantic_layer.join_graph import JoinPathError
from semantic_layer.layer import DimensionRef, SemanticLayer
from semantic_layer.model import Grain


class PlanError(UserError):
    code = ErrorCode.INVALID_PLAN


@dataclass(frozen=True)
class ResolvedFilter:
    dimension: DimensionRef
    filter: Filter


@dataclass(frozen=True)
class ResolvedQuery:
    plan: SemanticQuery
    metrics: tuple[Metric, ...]
    dimensions: tuple[DimensionRef, ...]
    filters: tuple[ResolvedFilter, ...]
    grain: Grain | None
    start: dt.date | None
    end: dt.date | None
    today: dt.date
    warnings: tuple[str, ...]


def resolve_query(
    plan: SemanticQuery, layer: SemanticLayer, catalog: MetricCatalog, today: dt.date
) -> ResolvedQuery:
    metrics = tuple(catalog.get(name) for name in plan.metrics)
    dimensions = tuple(layer.dimension(name) for name in plan.dimensions)
    filters = tuple(ResolvedFilter(layer.dimension(f.dimension), f) for f in plan.filters)
    for metric in metrics:
        _check_dimensions(metric, [*dimensions, *(f.dimension for f in filters)], layer, catalog)
        if plan.grain is not None:
            _check_grain(metric, plan.grain, catalog, layer)
    start, end = resolve(plan.time_range, today) if plan.time_range else (None, None)
    return ResolvedQuery(
        plan=plan,
        metrics=metrics,
        dimensions=dimensions,
        filters=filters,
        grain=plan.grain,
        start=start,
        end=end,
        today=today,
        warnings=tuple(w for m in metrics for w in _status_warnings(m)),
    )


def _check_dimensions(
    metric: Metric, dimensions: list[DimensionRef], layer: SemanticLayer, catalog: MetricCatalog
) -> None:
    allowed = catalog.allowed_dimensions(metric.name, layer)
    for dim in dimensions:
        if dim.name not in allowed:
            raise PlanError(
                f"Metric '{metric.name}' can't be broken down by '{dim.name}': "
                f"{_why_not(metric, dim, layer, catalog)}",
                stage=Stage.COMPILE,
                hint=f"Dimensions available for '{metric.name}': {', '.join(sorted(allowed))}.",
                code=ErrorCode.DIMENSION_NOT_ALLOWED,
            )


def _why_not(
    metric: Metric, dim: DimensionRef, layer: SemanticLayer, catalog: MetricCatalog
) -> str:
    if metric.dimensions is not None and dim.name not in metric.dimensions:
        return f"its definition allows only {', '.join(metric.dimensions)}."
    for leaf in catalog.leaves(metric.name):
        if leaf.dimensions is not None and dim.name not in leaf.dimensions:
            return f"it uses '{leaf.name}', which allows only {', '.join(leaf.dimensions)}."
        try:
            layer.path_to_dimension(leaf.table, dim)
        except JoinPathError as e:
            return (
                f"'{leaf.name}' is measured on table '{leaf.table}', which has no many-to-one "
                f"path to '{dim.table}' where '{dim.name}' lives ({e.message})"
            )
    return "no join path reaches it."


def _check_grain(
    metric: Metric, grain: Grain, catalog: MetricCatalog, layer: SemanticLayer
) -> None:
    for leaf in catalog.leaves(metric.name):
        time_dim = layer.time_dimension(leaf.time_dimension).definition
        if grain not in time_dim.grains:
            raise PlanError(
                f"Metric '{metric.name}' can't be shown by {grain.value}: '{leaf.name}' is "
                f"recorded by {time_dim.finest_grain.value} ('{time_dim.name}' supports "
                f"{', '.join(g.value for g in time_dim.grains)}).",
                stage=Stage.COMPILE,
                hint=f"Use a grain of {time_dim.finest_grain.value} or coarser.",
                code=ErrorCode.GRAIN_NOT_SUPPORTED,
            )
    _check_window_grain(metric, grain, catalog)


def _check_window_grain(metric: Metric, grain: Grain, catalog: MetricCatalog) -> None:
    for name in (metric.name, *catalog.all_dependencies(metric.name)):
        m = catalog.get(name)
        unit = None
        if isinstance(m, CumulativeMetric) and m.window.value != "all":
            unit = Grain(m.window.value)
        elif isinstance(m, PeriodOverPeriodMetric):
            unit = m.offset.unit
        if unit is not None and grain.rank > unit.rank:
            raise PlanError(
                f"Metric '{m.name}' works within a {unit.value}; a {grain.value} grain is "
                "coarser than that.",
                stage=Stage.COMPILE,
                hint=f"Use a grain of {unit.value} or finer.",
                code=ErrorCode.GRAIN_NOT_SUPPORTED,
            )


def _status_warnings(metric: Metric) -> list[str]:
    if metric.status is Status.DEPRECATED:
        instead = f" Use '{metric.replaced_by}' instead." if metric.replaced_by else ""
        return [f"Metric '{metric.name}' is deprecated.{instead}"]
    if metric.status is Status.DRAFT:
        return [f"Metric '{metric.name}' is a draft, not certified by its owner."]
    return []


def unknown_order_field(field: str, available: list[str]) -> PlanError:
    return PlanError(
        f"Can't order by '{field}': it is not a column of the result."
        f"{did_you_mean(field, available)}",
        stage=Stage.COMPILE,
        hint=f"Order by one of {', '.join(available)}.",
        code=ErrorCode.INVALID_ORDER,
    )
