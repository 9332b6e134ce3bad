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
    SimpleMetric,
    Status,
)
from metrics.semantic_query import (
    TEXT_OPS,
    Filter,
    MetricCondition,
    SemanticQuery,
    TimeFilter,
    WithFacts,
    Without,
)
from metrics.timeframe import describe, resolve
from semantic_layer.join_graph import JoinPathError
from semantic_layer.layer import DimensionRef, SemanticLayer, TimeDimensionRef
from semantic_layer.model import ColumnType, Grain


class PlanError(UserError):
    code = ErrorCode.INVALID_PLAN


@dataclass(frozen=True)
class ResolvedFilter:
    dimension: DimensionRef
    filter: Filter
    alternatives: tuple[ResolvedFilter, ...] = ()
    """The filter's ``or`` alternatives, resolved: a row passes this filter or any of them."""

    def all(self) -> tuple[ResolvedFilter, ...]:
        return (self, *self.alternatives)


@dataclass(frozen=True)
class ResolvedWithout:
    """Entities with no facts of ``metric`` between ``start`` and ``end`` (None: ever); with
    ``present``, the entities that have some."""

    metric: SimpleMetric
    start: dt.date | None
    end: dt.date | None
    present: bool = False
    where: tuple[ResolvedFilter, ...] = ()


@dataclass(frozen=True)
class ResolvedTimeFilter:
    """A second time dimension's range, resolved to inclusive dates."""

    time_dimension: TimeDimensionRef
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class ResolvedCondition:
    metric: Metric
    condition: MetricCondition


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
    time_filters: tuple[ResolvedTimeFilter, ...] = ()
    having: tuple[ResolvedCondition, ...] = ()
    without: tuple[ResolvedWithout, ...] = ()
    ranked: tuple[DimensionRef, ...] = ()
    """The dimensions whose groups the plan ranks or picks by a condition: rows with no value
    of them are left out, since a group of "no store" is not a store and must not push one
    out of the top N, nor be listed among the stores that meet the condition."""


def resolve_query(
    plan: SemanticQuery, layer: SemanticLayer, catalog: MetricCatalog, today: dt.date
) -> ResolvedQuery:
    metrics = tuple(catalog.get(name) for name in plan.metrics)
    dimensions = tuple(layer.dimension(name) for name in plan.dimensions)
    filters = _checked_filters(plan.filters, layer)
    time_filters = tuple(_time_filter(t, layer, today) for t in plan.time_filters)
    filtered = [each.dimension for f in filters for each in f.all()]
    without = tuple(_without(w, layer, catalog, metrics, today) for w in plan.without)
    without += tuple(
        _without(w, layer, catalog, metrics, today, present=True) for w in plan.with_facts
    )
    for metric in metrics:
        _check_dimensions(metric, [*dimensions, *filtered], layer, catalog)
        if plan.grain is not None or plan.time_range is not None:
            _check_dated(metric, plan, catalog)
        if plan.grain is not None:
            _check_grain(metric, plan.grain, catalog, layer)
        for t in time_filters:
            _check_time_filter(metric, t.time_dimension, layer, catalog)
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
        time_filters=time_filters,
        having=tuple(_condition(c, metrics) for c in plan.having),
        without=without,
        ranked=ranked_dimensions(plan, layer),
    )


def ranked_dimensions(plan: SemanticQuery, layer: SemanticLayer) -> tuple[DimensionRef, ...]:
    """The dimensions of a ranking, or of a plan that picks groups by a condition, whose
    missing values are left out: those of the things picked, not dates or their parts, whose
    groups are periods rather than things.

    A plain breakdown keeps its group of missing values, as GROUP BY does."""
    if not plan.picks_groups:
        return ()
    dates = (ColumnType.DATE, ColumnType.TIMESTAMP)
    dimensions = (layer.dimension(name) for name in plan.dimensions)
    return tuple(
        d
        for d in dimensions
        if d.time_dimension is None and layer.value_column(d).type not in dates
    )


def resolve_filter(f: Filter, layer: SemanticLayer) -> ResolvedFilter:
    alternatives = tuple(ResolvedFilter(layer.dimension(a.dimension), a) for a in f.alternatives)
    return ResolvedFilter(layer.dimension(f.dimension), f, alternatives)


def _without(
    without: Without | WithFacts,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    metrics: tuple[Metric, ...],
    today: dt.date,
    *,
    present: bool = False,
) -> ResolvedWithout:
    """Entities lacking facts, or with ``present`` having them: the same checks either way,
    since both look for facts that point at the plan's rows."""
    field = "with_facts" if present else "without"
    facts = catalog.get(without.metric)
    if not isinstance(facts, SimpleMetric):
        raise PlanError(
            f"'{field}' takes a metric counted on one table; '{facts.name}' is {facts.type}.",
            stage=Stage.COMPILE,
            hint="Name the simple metric whose facts the entities must lack.",
            code=ErrorCode.INVALID_PLAN,
        )
    for metric in metrics:
        for leaf in catalog.leaves(metric.name):
            if leaf.table == facts.table:
                raise PlanError(
                    f"'{metric.name}' can't be measured with '{field}' on '{facts.name}': "
                    f"both count '{facts.table}', and each row is its own fact."
                    if present
                    else f"'{metric.name}' can't be measured without '{facts.name}': both "
                    f"count '{facts.table}', so no row of it is without itself.",
                    stage=Stage.COMPILE,
                    hint="Name facts on another table than the metrics (customers without "
                    "orders, members who made a payment).",
                    code=ErrorCode.INVALID_PLAN,
                )
            try:
                layer.path(facts.table, leaf.table)
            except JoinPathError as e:
                raise PlanError(
                    f"Can't find the '{leaf.table}' rows for '{field}' on '{facts.name}': "
                    f"'{facts.table}' "
                    f"has no many-to-one path to '{leaf.table}' ({e.message})",
                    stage=Stage.COMPILE,
                    code=ErrorCode.NO_JOIN_PATH,
                ) from e
    if without.time_range is not None and facts.time_dimension is None:
        raise PlanError(
            f"'{facts.name}' has no date, so '{field}' can't look at a time range.",
            stage=Stage.COMPILE,
            code=ErrorCode.NO_TIME_DIMENSION,
        )
    start, end = resolve(without.time_range, today) if without.time_range else (None, None)
    # The facts' own structured filters hold inside the semi-join, as their text filter does.
    where = _checked_filters((*facts.filters, *without.where), layer)
    narrowing = (each.dimension for condition in where for each in condition.all())
    unreached = next((d for d in narrowing if not layer.reaches(facts.table, d.table)), None)
    if unreached is not None:
        raise PlanError(
            f"'{field}' on '{facts.name}' can't be narrowed by '{unreached.name}':"
            f" '{facts.table}' rows don't lead to '{unreached.table}'.",
            stage=Stage.COMPILE,
            hint="Name a dimension of the facts' table or of a table they point at.",
            code=ErrorCode.INVALID_FILTER,
        )
    return ResolvedWithout(facts, start, end, present, where)


def _checked_filters(
    filters: tuple[Filter, ...], layer: SemanticLayer
) -> tuple[ResolvedFilter, ...]:
    resolved = tuple(resolve_filter(f, layer) for f in filters)
    for f in resolved:
        for each in f.all():
            _check_filter(each, layer)
    return resolved


def _check_filter(resolved: ResolvedFilter, layer: SemanticLayer) -> None:
    f, dim = resolved.filter, resolved.dimension
    column = layer.value_column(dim)
    if (f.op in TEXT_OPS or f.ignore_case) and column.type is not ColumnType.STRING:
        what = f"'{f.op.value}'" if f.op in TEXT_OPS else "ignore_case"
        raise PlanError(
            f"Filter {what} on '{dim.name}' needs text, but '{dim.name}' is {column.type.value}.",
            stage=Stage.COMPILE,
            hint="Use =, !=, in, not in, <, <=, >, >= on numbers, dates and booleans.",
            code=ErrorCode.INVALID_FILTER,
        )


def _time_filter(
    time_filter: TimeFilter, layer: SemanticLayer, today: dt.date
) -> ResolvedTimeFilter:
    start, end = resolve(time_filter.time_range, today)
    return ResolvedTimeFilter(layer.time_dimension(time_filter.time_dimension), start, end)


def _check_time_filter(
    metric: Metric, time_dimension: TimeDimensionRef, layer: SemanticLayer, catalog: MetricCatalog
) -> None:
    for leaf in catalog.leaves(metric.name):
        try:
            layer.path(leaf.table, time_dimension.table)
        except JoinPathError as e:
            raise PlanError(
                f"Metric '{metric.name}' can't be filtered by '{time_dimension.name}': "
                f"'{leaf.name}' is measured on '{leaf.table}', which has no many-to-one path "
                f"to '{time_dimension.table}' ({e.message})",
                stage=Stage.COMPILE,
                code=ErrorCode.DIMENSION_NOT_ALLOWED,
            ) from e


def _condition(condition: MetricCondition, metrics: tuple[Metric, ...]) -> ResolvedCondition:
    for metric in metrics:
        if metric.name == condition.metric:
            return ResolvedCondition(metric, condition)
    names = [m.name for m in metrics]
    raise PlanError(
        f"The condition on '{condition.metric}' needs '{condition.metric}' among the plan's "
        f"metrics.{did_you_mean(condition.metric, names)}",
        stage=Stage.COMPILE,
        hint=f"Add '{condition.metric}' to the metrics, or filter on one of {', '.join(names)}.",
        code=ErrorCode.INVALID_PLAN,
    )


def _check_dimensions(
    metric: Metric, dimensions: list[DimensionRef], layer: SemanticLayer, catalog: MetricCatalog
) -> None:
    allowed = catalog.allowed_dimensions(metric.name, layer)
    for dim in dimensions:
        if not catalog.allows(metric.name, dim, layer):
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
        if dim.part is not None and leaf.dimensions is not None and dim.name not in leaf.dimensions:
            return f"it uses '{leaf.name}', which allows only {', '.join(leaf.dimensions)}."
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


def _check_dated(metric: Metric, plan: SemanticQuery, catalog: MetricCatalog) -> None:
    for leaf in catalog.leaves(metric.name):
        if leaf.time_dimension is None:
            asked = (
                f"limited to {describe(plan.time_range)}"
                if plan.time_range is not None
                else f"shown by {plan.grain.value if plan.grain else ''}"
            )
            raise PlanError(
                f"Metric '{metric.name}' has no date, so it can't be {asked}: '{leaf.name}' "
                f"counts '{leaf.table}', whose rows are not dated.",
                stage=Stage.COMPILE,
                hint="Ask without a time range or grain, or add a time_dimension to the metric.",
                code=ErrorCode.NO_TIME_DIMENSION,
            )


def _check_grain(
    metric: Metric, grain: Grain, catalog: MetricCatalog, layer: SemanticLayer
) -> None:
    for leaf in catalog.leaves(metric.name):
        assert leaf.time_dimension is not None  # _check_dated ran first
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
