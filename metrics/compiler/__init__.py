"""Plan → sqlglot tree → SQL in the warehouse's dialect.

The compiler is a straight line of small steps: resolve names, find the leaf aggregations
the metrics need, build one aggregation per fact table and time window, combine them on the
shared keys, apply the metric formulas, order and limit. Equal plans give byte-identical SQL.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlglot import exp

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from metrics.catalog import MetricCatalog
from metrics.compiler import time_sql
from metrics.compiler.aggregate import AggregationBuilder, GroupKey, group_key, target_grain
from metrics.compiler.assemble import SPINE, Aggregation, combine
from metrics.compiler.formulas import LeafUse, collect_leaf_uses, grouped, metric_expression
from metrics.compiler.resolve import (
    PlanError,
    ResolvedCondition,
    ResolvedQuery,
    resolve_query,
    unknown_order_field,
)
from metrics.compiler.shapes import fill_spine, listing, rank_column
from metrics.compiler.shares import with_shares
from metrics.compiler.unmatched import Unmatched, unmatched_facts
from metrics.dialects import DIALECTS
from metrics.identifiers import quote_identifiers
from metrics.model import Aggregation as AggregationKind
from metrics.model import CumulativeWindow, Format, Metric
from metrics.semantic_query import Comparison, SemanticQuery
from metrics.timeframe import shift, start_of
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ColumnType, Grain


@dataclass(frozen=True)
class OutputColumn:
    name: str
    role: str  # "dimension", "time" or "metric"
    label: str
    format: Format | None = None
    decimals: int = 0
    unit: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Locale → the label in that language, where the YAML gives one (``{"ko": "매출"}``)."""


@dataclass(frozen=True)
class CompiledQuery:
    plan: SemanticQuery
    dialect: str
    sql: str
    columns: tuple[OutputColumn, ...]
    start: dt.date | None
    end: dt.date | None
    today: dt.date
    metric_versions: dict[str, int]
    warnings: tuple[str, ...]
    compile_ms: float
    expression: exp.Select = field(compare=False, repr=False)
    unmatched: tuple[Unmatched, ...] = ()
    """Facts the breakdown leaves out for having no row of a dimension's table."""


def compile_query(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    *,
    dialect: str = "duckdb",
    today: dt.date,
) -> CompiledQuery:
    """Compile ``plan`` to SQL; raises :class:`UserError` subclasses naming what is wrong.

    ``today`` is what relative ranges ("last month") resolve against. It is required: the
    compiler never reads the clock, so the caller's one resolved "today" is the only one.
    """
    began = time.perf_counter()
    if dialect not in DIALECTS:
        raise UserError(
            f"Unsupported dialect '{dialect}'.",
            stage=Stage.COMPILE,
            hint=f"Choose one of {', '.join(DIALECTS)}.",
            code=ErrorCode.UNSUPPORTED_DIALECT,
        )
    expanded, catalog_ = with_shares(plan, layer, catalog)
    query = resolve_query(expanded, layer, catalog_, today)
    # Layer names are the warehouse's spelling; quoting is decided once, over the whole tree.
    select = quote_identifiers(_build(query, layer, catalog_, dialect), dialect)
    return CompiledQuery(
        plan=plan,
        dialect=dialect,
        sql=select.sql(dialect=dialect, pretty=True),
        columns=_output_columns(query, layer),
        start=query.start,
        end=query.end,
        today=query.today,
        metric_versions=_versions(query, catalog_, catalog),
        warnings=query.warnings,
        compile_ms=(time.perf_counter() - began) * 1000,
        expression=select,
        unmatched=unmatched_facts(query, layer, catalog_),
    )


def _build(
    query: ResolvedQuery, layer: SemanticLayer, catalog: MetricCatalog, dialect: str
) -> exp.Select:
    if not query.metrics:
        return _order(listing(query, layer, dialect), query, [d.name for d in query.dimensions])
    uses = collect_leaf_uses(query.metrics, catalog)
    targets = {u.variant.target for u in uses if u.variant.target is not None}
    grains = {t: target_grain(catalog, layer, t) for t in sorted(targets)}
    builder = AggregationBuilder(
        layer, query, dialect, {t: g for t, g in grains.items() if g is not None}
    )
    groups: dict[GroupKey, list[LeafUse]] = {}
    for use in dict.fromkeys(builder.canonical(u) for u in uses):
        groups.setdefault(group_key(use), []).append(use)
    aggregations = []
    for i, (key, uses) in enumerate(groups.items()):
        select = builder.build(key, uses)
        if key.variant.window is not None and query.grain is not None:
            select = _running(select, query, key.variant.window, dialect)
        aggregations.append(Aggregation(_cte_name(key, i), select, tuple(uses)))
    keys = [d.name for d in query.dimensions] + ([query.grain.value] if query.grain else [])
    filled = fill_spine(query, layer, dialect) if query.plan.fill and keys else None
    select, owner = combine(aggregations, keys, filled, bounded=query.start is not None)
    spine = filled is not None or (len(aggregations) > 1 and bool(keys))
    source = SPINE if spine else aggregations[0].name
    for k in keys:
        select = select.select(exp.alias_(exp.column(k, table=source), k), copy=False)
    combined = len(aggregations) > 1 or filled is not None

    def leaf(use: LeafUse) -> exp.Expression:
        use = builder.canonical(use)
        return _leaf_column(use, owner[use], combined, query)

    for metric in query.metrics:
        select = select.select(
            exp.alias_(metric_expression(metric, catalog, leaf), metric.name), copy=False
        )
    for condition in query.having:
        select = select.where(_having(condition, catalog, leaf), copy=False)
    if query.plan.rank is not None:
        select = _rank(select, query, catalog, leaf)
    select = _order(select, query, keys)
    return select.limit(query.plan.limit, copy=False) if query.plan.limit else select


_HAVING: dict[Comparison, type[exp.Expression]] = {
    Comparison.EQ: exp.EQ,
    Comparison.NE: exp.NEQ,
    Comparison.GT: exp.GT,
    Comparison.GTE: exp.GTE,
    Comparison.LT: exp.LT,
    Comparison.LTE: exp.LTE,
}


def _having(
    resolved: ResolvedCondition, catalog: MetricCatalog, leaf: Callable[[LeafUse], exp.Expression]
) -> exp.Expression:
    """A condition on a metric's value, on the final rows: every leaf is aggregated by then.

    Each fact table was aggregated on its own and the results combined, so the metric's
    formula over those aggregated columns is exactly the value shown; a WHERE on it here is
    what HAVING would be on a single-table query, and it holds for every metric type.
    """
    formula = metric_expression(resolved.metric, catalog, leaf)
    value = resolved.condition.value
    number = exp.Literal.number(int(value) if float(value).is_integer() else value)
    return _HAVING[resolved.condition.op](this=grouped(formula), expression=number)


def _leaf_column(use: LeafUse, table: str, combined: bool, query: ResolvedQuery) -> exp.Expression:
    """A leaf's aggregated column in the final SELECT.

    When aggregations are combined, a key present in one may be missing from another: a
    region-month with survey answers but no promoters. A count over no rows is 0, not
    unknown, so counts are COALESCEd; sums, averages and extremes of nothing stay NULL.
    A filled plan asks for zeros where nothing happened, so its sums are 0 too, except a
    previous period before the asked range, which is unknown rather than empty.
    """
    column = exp.column(use.column, table=table)
    counts = (AggregationKind.COUNT, AggregationKind.COUNT_DISTINCT)
    zero = combined and use.metric.agg in counts
    if query.plan.fill and use.variant.window is None:
        zero = zero or use.metric.agg is AggregationKind.SUM
    if not zero:
        return column
    filled = exp.Coalesce(this=column, expressions=[exp.Literal.number(0)])
    shift_ = use.variant.shift
    if query.plan.fill and shift_ is not None and query.grain and query.start:
        first = shift(start_of(query.grain, query.start), shift_.n, shift_.unit)
        known = exp.GTE(
            this=exp.column(query.grain.value, table=SPINE),
            expression=time_sql.date_literal(first, ColumnType.DATE),
        )
        return exp.Case(ifs=[exp.If(this=known, true=filled)], default=column.copy())
    return filled


def _rank(
    select: exp.Select,
    query: ResolvedQuery,
    catalog: MetricCatalog,
    leaf: Callable[[LeafUse], exp.Expression],
) -> exp.Select:
    rank = query.plan.rank
    assert rank is not None
    metric = next((m for m in query.metrics if m.name == rank.metric), None)
    if metric is None:
        raise PlanError(
            f"Can't rank by '{rank.metric}': it is not a metric of the plan.",
            stage=Stage.COMPILE,
            hint=f"Rank by one of {', '.join(m.name for m in query.metrics)}.",
            code=ErrorCode.INVALID_PLAN,
        )
    formula = metric_expression(metric, catalog, leaf)
    column = rank_column(formula, rank.descending, rank.dense)
    return select.select(exp.alias_(column, rank.column), copy=False)


def _cte_name(key: GroupKey, index: int) -> str:
    return f"{key.table.replace('.', '__')}{key.variant.suffix}_{index + 1}"


def _running(
    select: exp.Select, query: ResolvedQuery, window: CumulativeWindow, dialect: str
) -> exp.Select:
    """Accumulate per period, then keep only the periods the user asked for."""
    assert query.grain is not None
    period = exp.column(query.grain.value)
    keys = [exp.column(d.name) for d in query.dimensions]
    partition: list[exp.Expression] = list(keys)
    if window is not CumulativeWindow.ALL:
        partition.append(time_sql.period(period.copy(), Grain(window.value), dialect))
    values = [e.alias_or_name for e in select.expressions[len(keys) + 1 :]]
    running = exp.select(*keys, period.copy()).from_(select.subquery("base"))
    for name in values:
        total = exp.Window(
            this=exp.Sum(this=exp.column(name)),
            partition_by=partition or None,
            order=exp.Order(expressions=[exp.Ordered(this=period.copy(), nulls_first=True)]),
            spec=exp.WindowSpec(
                kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="CURRENT ROW"
            ),
        )
        running = running.select(exp.alias_(total, name), copy=False)
    if query.start is None:
        return running
    first = start_of(query.grain, query.start)
    outer = exp.select("*").from_(running.subquery("running"))
    return outer.where(
        exp.GTE(this=period.copy(), expression=time_sql.date_literal(first, ColumnType.DATE))
    )


def _order(select: exp.Select, query: ResolvedQuery, keys: list[str]) -> exp.Select:
    """Explicit order first, then every key, so the row order is total and reproducible."""
    available = keys + [m.name for m in query.metrics]
    if query.plan.rank is not None:
        available.append(query.plan.rank.column)
    order: list[tuple[str, bool]] = []
    for item in query.plan.order_by:
        if item.field not in available:
            raise unknown_order_field(item.field, available)
        order.append((item.field, item.descending))
    if not order and query.grain is None and query.dimensions and query.metrics:
        order.append((query.metrics[0].name, True))
    if query.grain is not None:
        order.append((query.grain.value, False))
    order.extend((k, False) for k in keys)
    seen: set[str] = set()
    terms = []
    for name, descending in order:
        if name not in seen:
            seen.add(name)
            terms.append(exp.Ordered(this=exp.column(name), desc=descending, nulls_first=False))
    return select.order_by(*terms, copy=False) if terms else select


def _output_columns(query: ResolvedQuery, layer: SemanticLayer) -> tuple[OutputColumn, ...]:
    columns = [
        OutputColumn(d.name, "dimension", d.definition.label or d.name, labels=d.definition.labels)
        for d in query.dimensions
    ]
    if query.grain is not None:
        columns.append(OutputColumn(query.grain.value, "time", query.grain.value.title()))
    columns.extend(_metric_column(m) for m in query.metrics)
    rank = query.plan.rank
    if rank is not None:
        metric = next((m for m in query.metrics if m.name == rank.metric), None)
        label = f"Rank by {metric.label if metric else rank.metric}"
        columns.append(OutputColumn(rank.column, "metric", label, Format.INTEGER))
    return tuple(columns)


def _metric_column(metric: Metric) -> OutputColumn:
    return OutputColumn(
        metric.name,
        "metric",
        metric.label,
        metric.format,
        metric.decimals,
        metric.unit,
        labels=metric.labels,
    )


def _versions(
    query: ResolvedQuery, catalog: MetricCatalog, defined: MetricCatalog
) -> dict[str, int]:
    """The version of every metric used that the catalog ``defined`` (not a share's own)."""
    names = {m.name for m in query.metrics}
    for m in query.metrics:
        names.update(catalog.all_dependencies(m.name))
    return {name: catalog.get(name).version for name in sorted(names & set(defined.metrics))}


__all__ = [
    "DIALECTS",
    "CompiledQuery",
    "OutputColumn",
    "PlanError",
    "Unmatched",
    "compile_query",
]
