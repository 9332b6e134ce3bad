"""One aggregation query per group of leaves that share a table, filter and time window.

This is where double counting is prevented: each fact table is aggregated on its own, to
the requested dimensions and period, before anything is joined to anything else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlglot import exp

from metrics.compiler import time_sql
from metrics.compiler.formulas import LeafUse, Variant
from metrics.compiler.joins import JoinPlan, plan_joins
from metrics.compiler.resolve import ResolvedFilter, ResolvedQuery
from metrics.expressions import parse_owner_sql, referenced_columns
from metrics.model import Aggregation, CumulativeWindow, SimpleMetric
from metrics.semantic_query import FilterOp
from metrics.timeframe import shift, start_of
from semantic_layer.join_graph import JoinPath
from semantic_layer.layer import SemanticLayer, TimeDimensionRef
from semantic_layer.model import Column, ColumnType, Grain, ScalarValue


@dataclass(frozen=True)
class GroupKey:
    table: str
    filter: str | None
    time_dimension: str
    variant: Variant


def group_key(use: LeafUse) -> GroupKey:
    m = use.metric
    return GroupKey(m.table, m.filter, m.time_dimension, use.variant)


@dataclass(frozen=True)
class Window:
    start: dt.date | None
    end: dt.date | None


def aggregation_window(query: ResolvedQuery, variant: Variant) -> Window:
    """The raw rows a variant must read: shifted back, or widened to a to-date start."""
    start, end = query.start, query.end
    if variant.window is not None:
        end = end or query.today
        anchor = start if query.grain is not None and start is not None else end
        start = (
            None
            if variant.window is CumulativeWindow.ALL
            else start_of(Grain(variant.window.value), anchor)
        )
    if variant.shift is not None:
        n, unit = variant.shift.n, variant.shift.unit
        start = shift(start, -n, unit) if start else None
        end = shift(end, -n, unit) if end else None
    return Window(start, end)


@dataclass
class AggregationBuilder:
    layer: SemanticLayer
    query: ResolvedQuery
    dialect: str

    def build(self, key: GroupKey, uses: Iterable[LeafUse]) -> exp.Select:
        uses = list(uses)
        time_ref = self.layer.time_dimension(key.time_dimension)
        paths = self._paths(key, uses, time_ref)
        joins = plan_joins(key.table, paths.values())
        select = exp.select()
        for dim in self.query.dimensions:
            column = exp.column(dim.definition.column, table=joins.alias(paths[dim.name]))
            select = select.select(exp.alias_(column, dim.name), copy=False)
        time_column = exp.column(time_ref.definition.column, table=joins.alias(paths["__time__"]))
        if self.query.grain is not None:
            select = select.select(
                exp.alias_(self._period(time_column, key.variant), self.query.grain.value),
                copy=False,
            )
        for use in uses:
            aggregate = _aggregate(
                use.metric, self._qualify(use.metric.expr, key.table, joins, paths), self.dialect
            )
            select = select.select(exp.alias_(aggregate, use.column), copy=False)
        select = joins.apply(select)
        where = self._conditions(key, joins, paths, time_ref, time_column)
        if where:
            select = select.where(*where, copy=False)
        group_by = [e.this.copy() for e in select.expressions[: self._key_count()]]
        return select.group_by(*group_by, copy=False) if group_by else select

    def _key_count(self) -> int:
        return len(self.query.dimensions) + (self.query.grain is not None)

    def _period(self, time_column: exp.Expression, variant: Variant) -> exp.Expression:
        assert self.query.grain is not None
        source: exp.Expression = time_column.copy()
        if variant.shift is not None:
            source = time_sql.shifted(source, variant.shift.n, variant.shift.unit)
        return time_sql.period(source, self.query.grain, self.dialect)

    def _paths(
        self, key: GroupKey, uses: list[LeafUse], time_ref: TimeDimensionRef
    ) -> dict[str, JoinPath]:
        """Every join path the aggregation needs, keyed by what needs it."""
        layer = self.layer
        paths: dict[str, JoinPath] = {"__time__": layer.path(key.table, time_ref.table)}
        for dim in (*self.query.dimensions, *(f.dimension for f in self.query.filters)):
            paths[dim.name] = layer.path_to_dimension(key.table, dim)
        for t in self.query.time_filters:
            paths[f"time:{t.time_dimension.name}"] = layer.path(key.table, t.time_dimension.table)
        texts = [u.metric.expr for u in uses] + ([key.filter] if key.filter else [])
        for text in texts:
            for table, _ in referenced_columns(parse_owner_sql(text)):
                if table and table != key.table:
                    paths[f"table:{table}"] = layer.path(key.table, table)
        return paths

    def _qualify(
        self, text: str, base: str, joins: JoinPlan, paths: dict[str, JoinPath]
    ) -> exp.Expression:
        """An owner's expression with each column pointed at its join alias."""

        def requalify(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                table = node.table or base
                path = () if table == base else paths[f"table:{table}"]
                return exp.column(node.name, table=joins.alias(path))
            return node

        return parse_owner_sql(text).copy().transform(requalify, copy=False)

    def _conditions(
        self,
        key: GroupKey,
        joins: JoinPlan,
        paths: dict[str, JoinPath],
        time_ref: TimeDimensionRef,
        time_column: exp.Expression,
    ) -> list[exp.Expression]:
        conditions: list[exp.Expression] = []
        if key.filter:
            conditions.append(self._qualify(key.filter, key.table, joins, paths))
        window = aggregation_window(self.query, key.variant)
        start = window.start
        if start is not None:  # a monthly table's rows are dated the 1st: include that month
            start = start_of(time_ref.definition.finest_grain, start)
        column_type = self.layer.column(time_ref.table, time_ref.definition.column).type
        conditions.extend(time_sql.within(time_column, column_type, start, window.end))
        for f in self.query.filters:
            column = self.layer.column(f.dimension.table, f.dimension.definition.column)
            target = exp.column(column.name, table=joins.alias(paths[f.dimension.name]))
            conditions.append(filter_condition(target, column, f))
        for t in self.query.time_filters:
            ref = t.time_dimension
            column = self.layer.column(ref.table, ref.definition.column)
            target = exp.column(column.name, table=joins.alias(paths[f"time:{ref.name}"]))
            conditions.extend(time_sql.within(target, column.type, t.start, t.end))
        return conditions


_AGGREGATES: dict[Aggregation, type[exp.Expression]] = {
    Aggregation.SUM: exp.Sum,
    Aggregation.COUNT: exp.Count,
    Aggregation.AVG: exp.Avg,
    Aggregation.MIN: exp.Min,
    Aggregation.MAX: exp.Max,
}


def _average_of_doubles(expression: exp.Expression) -> exp.Expression:
    # MySQL and MariaDB average integers into a DECIMAL with only four more decimal places
    # (div_precision_increment): a CSAT of 3.3514 where every other warehouse says
    # 3.3513513…. Averaging doubles gives the same number everywhere.
    return exp.Avg(this=exp.cast(expression, exp.DataType.Type.DOUBLE))


AGGREGATE_OVERRIDES: dict[tuple[str, Aggregation], Callable[[exp.Expression], exp.Expression]] = {
    ("mysql", Aggregation.AVG): _average_of_doubles,
}
"""(dialect, aggregation) → builder, for dialects whose plain aggregate gives another number."""


def _aggregate(metric: SimpleMetric, expression: exp.Expression, dialect: str) -> exp.Expression:
    override = AGGREGATE_OVERRIDES.get((dialect, metric.agg))
    if override is not None:
        return override(expression)
    if metric.agg is Aggregation.COUNT_DISTINCT:
        return exp.Count(this=exp.Distinct(expressions=[expression]))
    return _AGGREGATES[metric.agg](this=expression)


_COMPARISONS: dict[FilterOp, type[exp.Expression]] = {
    FilterOp.EQ: exp.EQ,
    FilterOp.NE: exp.NEQ,
    FilterOp.GT: exp.GT,
    FilterOp.GTE: exp.GTE,
    FilterOp.LT: exp.LT,
    FilterOp.LTE: exp.LTE,
}


def filter_condition(
    target: exp.Expression, column: Column, resolved: ResolvedFilter
) -> exp.Expression:
    """A plan filter as a predicate; values become typed literals, never SQL text."""
    f = resolved.filter
    literals = [literal(v, column.type) for v in f.values]
    if f.ignore_case:
        target = exp.Lower(this=target)
        literals = [exp.Lower(this=v) for v in literals]
    if f.op in TEXT_MATCHES:
        match = TEXT_MATCHES[f.op]
        matches = [match(target, v, str(raw)) for v, raw in zip(literals, f.values, strict=True)]
        return functools.reduce(lambda a, b: exp.Or(this=a, expression=b), matches)
    if f.op in (FilterOp.IN, FilterOp.NOT_IN):
        condition: exp.Expression = exp.In(this=target, expressions=literals)
        return exp.Not(this=condition) if f.op is FilterOp.NOT_IN else condition
    return _COMPARISONS[f.op](this=target, expression=literals[0])


def _contains(target: exp.Expression, value: exp.Expression, _raw: str) -> exp.Expression:
    position = exp.StrPosition(this=target.copy(), substr=value)
    return exp.GT(this=position, expression=exp.Literal.number(0))


def _starts_with(target: exp.Expression, value: exp.Expression, raw: str) -> exp.Expression:
    # LEFT/RIGHT rather than LIKE: no wildcard in the value can change the meaning, and no
    # dialect's LIKE escaping rules are involved. Every dialect counts characters here.
    head = exp.Left(this=target.copy(), expression=exp.Literal.number(len(raw)))
    return exp.EQ(this=head, expression=value)


def _ends_with(target: exp.Expression, value: exp.Expression, raw: str) -> exp.Expression:
    tail = exp.Right(this=target.copy(), expression=exp.Literal.number(len(raw)))
    return exp.EQ(this=tail, expression=value)


TEXT_MATCHES: dict[FilterOp, Callable[[exp.Expression, exp.Expression, str], exp.Expression]] = {
    FilterOp.CONTAINS: _contains,
    FilterOp.STARTS_WITH: _starts_with,
    FilterOp.ENDS_WITH: _ends_with,
}


def literal(value: ScalarValue, column_type: ColumnType) -> exp.Expression:
    if isinstance(value, bool) or column_type is ColumnType.BOOLEAN:
        return exp.Boolean(this=_as_bool(value))
    if column_type in (ColumnType.INTEGER, ColumnType.DECIMAL):
        return exp.Literal.number(_as_number(value))
    if column_type in (ColumnType.DATE, ColumnType.TIMESTAMP):
        return time_sql.date_literal(dt.date.fromisoformat(str(value)[:10]), column_type)
    return exp.Literal.string(str(value))


def _as_number(value: ScalarValue) -> int | float:
    number = float(value)  # a non-numeric string raises ValueError, reported by the caller
    return int(number) if number.is_integer() else number


def _as_bool(value: ScalarValue) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1", "y")
    return bool(value)
