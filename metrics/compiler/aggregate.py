"""One aggregation query per group of leaves that share a table, filter and time window.

This is where double counting is prevented: each fact table is aggregated on its own, to
the requested dimensions and period, before anything is joined to anything else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlglot import exp

from metrics.catalog import MetricCatalog
from metrics.compiler import time_sql
from metrics.compiler.correlated import inner_joins, per_entity, without_facts
from metrics.compiler.dimensions import dimension_expression, time_expression
from metrics.compiler.filters import filter_condition, known
from metrics.compiler.formulas import LeafUse, Variant
from metrics.compiler.joins import JoinPlan, plan_joins, table_name
from metrics.compiler.measures import aggregate
from metrics.compiler.resolve import (
    ResolvedFilter,
    ResolvedQuery,
    ResolvedWithout,
    resolve_filter,
)
from metrics.expressions import parse_owner_sql, referenced_columns
from metrics.model import CumulativeWindow
from metrics.semantic_query import Filter
from metrics.timeframe import shift, start_of
from semantic_layer.join_graph import JoinPath
from semantic_layer.layer import DimensionRef, SemanticLayer, TimeDimensionRef
from semantic_layer.model import ColumnType, Grain


@dataclass(frozen=True)
class GroupKey:
    table: str
    filter: str | None
    time_dimension: str | None
    variant: Variant
    filters: tuple[Filter, ...] = ()
    per_entity: tuple[str, tuple[str, ...]] | None = None


def group_key(use: LeafUse) -> GroupKey:
    """The aggregation a leaf belongs to: same table, filters, time dimension, variant and
    semi-additive choice of rows."""
    m = use.metric
    return GroupKey(m.table, m.filter, m.time_dimension, use.variant, m.filters, m.per_entity)


@dataclass(frozen=True)
class Window:
    start: dt.date | None
    end: dt.date | None


def target_grain(catalog: MetricCatalog, layer: SemanticLayer, target: str) -> Grain | None:
    """The periods a target metric is recorded by: the coarsest finest grain of its dated
    leaves (a monthly target table's rows are dated the 1st of each month)."""
    grains = [
        layer.time_dimension(leaf.time_dimension).definition.finest_grain
        for leaf in catalog.leaves(target)
        if leaf.time_dimension is not None  # undated leaves have no periods to align to
    ]
    return max(grains, key=lambda g: g.rank) if grains else None


def period_start(finest: Grain, start: dt.date, grain: Grain | None) -> dt.date:
    """Where a range starting on ``start`` begins on a table recorded by ``finest`` periods,
    each row dated the first day of its period.

    A month, quarter or year nests in every coarser period, so a monthly table's row for the
    month the range starts in is included (its 1st may lie before the range's start). A week
    does not nest in a month, quarter or year: the week of Monday 30 December 2024 is a 2024
    row, and 2025 by quarter keeps the weeks that start in 2025. Only a plan shown by week
    takes the week a range starts in whole.

    >>> period_start(Grain.MONTH, dt.date(2026, 3, 15), None)
    datetime.date(2026, 3, 1)
    >>> period_start(Grain.WEEK, dt.date(2025, 1, 1), Grain.QUARTER)
    datetime.date(2025, 1, 1)
    >>> period_start(Grain.WEEK, dt.date(2025, 1, 1), Grain.WEEK)
    datetime.date(2024, 12, 30)
    """
    if finest is Grain.WEEK and grain is not Grain.WEEK:
        return start
    return start_of(finest, start)


def aggregation_window(
    query: ResolvedQuery, variant: Variant, align: Grain | None = None
) -> Window:
    """The raw rows a variant must read: shifted back, widened to a to-date start, or, for
    the actual of an attainment, widened to the target's whole periods so both sides of the
    ratio cover the same days."""
    start, end = query.start, query.end
    if align is not None and (query.grain is None or query.grain.rank >= align.rank):
        start = start_of(align, start) if start else None
        end = shift(start_of(align, end), 1, align) - dt.timedelta(days=1) if end else None
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
        # Shift the day after the end, then step back: June 30 → May 31, not May 30.
        end = shift(end + dt.timedelta(days=1), -n, unit) - dt.timedelta(days=1) if end else None
    return Window(start, end)


@dataclass
class AggregationBuilder:
    layer: SemanticLayer
    query: ResolvedQuery
    dialect: str
    target_grains: Mapping[str, Grain] = field(default_factory=dict)
    """Target metric → the periods its attainments' actuals are widened to."""

    def canonical(self, use: LeafUse) -> LeafUse:
        """``use`` without its target alignment when that widens nothing (the range is
        whole periods already), so it shares the plain actual's aggregation."""
        variant = use.variant
        if variant.target is None or self._window(variant) != self._window(
            replace(variant, target=None)
        ):
            return use
        return LeafUse(use.metric, replace(variant, target=None))

    def _window(self, variant: Variant) -> Window:
        align = self.target_grains.get(variant.target) if variant.target else None
        return aggregation_window(self.query, variant, align)

    def build(self, key: GroupKey, uses: Iterable[LeafUse]) -> exp.Select:
        uses = list(uses)
        time_ref = self.layer.time_dimension(key.time_dimension) if key.time_dimension else None
        paths = self._paths(key, uses, time_ref)
        # A breakdown counts the facts that have the row its dimension is read from.
        grouped_by = [paths[d.name] for d in self.query.dimensions]
        joins = plan_joins(key.table, paths.values(), inner=grouped_by)
        select = exp.select()
        for dim in self.query.dimensions:
            column = self._dimension(dim, joins.alias(paths[dim.name]))
            select = select.select(exp.alias_(column, dim.name), copy=False)
        time_column = None
        if time_ref is not None:
            time_column = time_expression(
                time_ref, joins.alias(paths["__time__"]), self.query.today
            )
        if self.query.grain is not None and time_column is not None:
            select = select.select(
                exp.alias_(self._period(time_column, key.variant), self.query.grain.value),
                copy=False,
            )
        for use in uses:
            value = aggregate(
                use.metric, self._qualify(use.metric.expr, key.table, joins, paths), self.dialect
            )
            select = select.select(exp.alias_(value, use.column), copy=False)
        select = joins.apply(select)
        where = self._conditions(key, joins, paths, time_ref, time_column)
        if where:
            select = select.where(*where, copy=False)
        group_by = [e.this.copy() for e in select.expressions[: self._key_count()]]
        return select.group_by(*group_by, copy=False) if group_by else select

    def listing(self, base: str) -> exp.Select:
        """The distinct values of the plan's dimensions, read from ``base`` and the tables
        it reaches: rows, not aggregates."""
        key = GroupKey(base, None, None, Variant())
        paths = self._paths(key, [], None)
        joins = plan_joins(base, paths.values())
        select = exp.select().distinct()
        for dim in self.query.dimensions:
            column = self._dimension(dim, joins.alias(paths[dim.name]))
            select = select.select(exp.alias_(column, dim.name), copy=False)
        select = joins.apply(select)
        where = self._conditions(key, joins, paths, None, None)
        return select.where(*where, copy=False) if where else select

    def _key_count(self) -> int:
        return len(self.query.dimensions) + (self.query.grain is not None)

    def _dimension(self, dim: DimensionRef, alias: str) -> exp.Expression:
        return dimension_expression(self.layer, dim, alias, self.dialect, self.query.today)

    def _period(self, time_column: exp.Expression, variant: Variant) -> exp.Expression:
        assert self.query.grain is not None
        source: exp.Expression = time_column.copy()
        if variant.shift is not None:
            source = time_sql.shifted(source, variant.shift.n, variant.shift.unit)
        return time_sql.period(source, self.query.grain, self.dialect)

    def _paths(
        self, key: GroupKey, uses: list[LeafUse], time_ref: TimeDimensionRef | None
    ) -> dict[str, JoinPath]:
        """Every join path the aggregation needs, keyed by what needs it."""
        layer = self.layer
        paths: dict[str, JoinPath] = {}
        if time_ref is not None:
            paths["__time__"] = layer.path(key.table, time_ref.table)
        for dim in (*self.query.dimensions, *(f.dimension for f in self._filters(key))):
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

        today = self.query.today

        def requalify(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                table = table_name(node) or base
                path = () if table == base else paths[f"table:{table}"]
                return exp.column(node.name, table=joins.alias(path))
            if isinstance(node, exp.CurrentDate):  # the one pinned "today", not the database's
                return time_sql.date_literal(today, ColumnType.DATE)
            return node

        return parse_owner_sql(text).copy().transform(requalify, copy=False)

    def _metric_filters(self, key: GroupKey) -> tuple[ResolvedFilter, ...]:
        return tuple(resolve_filter(f, self.layer) for f in key.filters)

    def _filters(self, key: GroupKey) -> list[ResolvedFilter]:
        """Every single filter the aggregation applies: the plan's and the metric's own,
        alternatives included (each needs its dimension's join)."""
        both = (*self.query.filters, *self._metric_filters(key))
        return [each for f in both for each in f.all()]

    def _filter(
        self, resolved: ResolvedFilter, joins: JoinPlan, paths: dict[str, JoinPath]
    ) -> exp.Expression:
        """A filter ORed with its alternatives."""
        matches = []
        for each in resolved.all():
            column = self.layer.value_column(each.dimension)
            target = self._dimension(each.dimension, joins.alias(paths[each.dimension.name]))
            matches.append(filter_condition(target, column, each.filter))
        if len(matches) == 1:
            return matches[0]
        return exp.paren(functools.reduce(lambda a, b: exp.Or(this=a, expression=b), matches))

    def _per_entity(
        self, key: GroupKey, joins: JoinPlan, time_ref: TimeDimensionRef
    ) -> exp.Expression:
        assert key.per_entity is not None
        pick, entities = key.per_entity
        window = self._window(key.variant)
        return per_entity(
            pick,
            entities,
            key.table,
            joins.alias(()),
            time_ref,
            self.layer.time_type(time_ref),
            (window.start, window.end),
            self.query.grain,
            self.dialect,
        )

    def _without(self, key: GroupKey, joins: JoinPlan, without: ResolvedWithout) -> exp.Expression:
        facts = without.metric
        to_entity = self.layer.path(facts.table, key.table)
        time_ref = self.layer.time_dimension(facts.time_dimension) if facts.time_dimension else None
        paths: dict[str, JoinPath] = {}
        if time_ref is not None:
            paths["__time__"] = self.layer.path(facts.table, time_ref.table)
        for text in (facts.filter,) if facts.filter else ():
            for table, _ in referenced_columns(parse_owner_sql(text)):
                if table and table != facts.table:
                    paths[f"table:{table}"] = self.layer.path(facts.table, table)
        for condition in without.where:
            for each in condition.all():
                paths[each.dimension.name] = self.layer.path(facts.table, each.dimension.table)
        inner = inner_joins(facts.table, list(paths.values()), to_entity[:-1], "without__")
        conditions: list[exp.Expression] = []
        if facts.filter:
            conditions.append(self._qualify(facts.filter, facts.table, inner, paths))
        conditions += [self._filter(condition, inner, paths) for condition in without.where]
        if time_ref is not None and (without.start or without.end):
            column = time_expression(time_ref, inner.alias(paths["__time__"]), self.query.today)
            conditions.extend(
                time_sql.within(column, self.layer.time_type(time_ref), without.start, without.end)
            )
        return without_facts(
            inner, to_entity[-1], joins.alias(()), conditions, present=without.present
        )

    def _conditions(
        self,
        key: GroupKey,
        joins: JoinPlan,
        paths: dict[str, JoinPath],
        time_ref: TimeDimensionRef | None,
        time_column: exp.Expression | None,
    ) -> list[exp.Expression]:
        conditions: list[exp.Expression] = []
        if key.filter:
            conditions.append(self._qualify(key.filter, key.table, joins, paths))
        if time_ref is not None and time_column is not None:
            window = self._window(key.variant)
            start = window.start
            if start is not None:
                start = period_start(time_ref.definition.finest_grain, start, self.query.grain)
            column_type = self.layer.time_type(time_ref)
            conditions.extend(time_sql.within(time_column, column_type, start, window.end))
        for resolved in (*self.query.filters, *self._metric_filters(key)):
            conditions.append(self._filter(resolved, joins, paths))
        # Left out where the groups are made, so every metric of the plan (a ratio's both
        # sides, a running total's partitions) sees the same groups the ranking does.
        for dim in self.query.ranked:
            conditions.append(known(self._dimension(dim, joins.alias(paths[dim.name]))))
        if key.per_entity is not None and time_ref is not None and time_column is not None:
            conditions.append(self._per_entity(key, joins, time_ref))
        for without in self.query.without:
            conditions.append(self._without(key, joins, without))
        for t in self.query.time_filters:
            ref = t.time_dimension
            target = time_expression(ref, joins.alias(paths[f"time:{ref.name}"]), self.query.today)
            conditions.extend(time_sql.within(target, self.layer.time_type(ref), t.start, t.end))
        return conditions
