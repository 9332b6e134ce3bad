"""Query shapes beyond one row per group: listings, filled spines, rank columns.

- A *listing* (a plan without metrics) returns the distinct values of its dimensions, read
  from the one table every dimension can be reached from, capped, never aggregated, and
  never personal data.
- A *filled* plan gets a row for every value of its dimensions and every period of its
  range, so a month without sales shows 0 instead of vanishing.
- A *rank* numbers the result's rows by a metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlglot import exp

from kernel.error_codes import ErrorCode
from kernel.errors import Stage
from metrics.compiler import time_sql
from metrics.compiler.aggregate import AggregationBuilder
from metrics.compiler.dimensions import dimension_expression
from metrics.compiler.filters import filter_condition, known
from metrics.compiler.resolve import PlanError, ResolvedQuery
from metrics.identifiers import table as table_ref
from metrics.timeframe import shift, start_of
from semantic_layer.join_graph import JoinPathError
from semantic_layer.layer import DimensionRef, SemanticLayer
from semantic_layer.model import ColumnType, Grain

LISTING_CAP = 1000
"""Rows a listing returns when the plan sets no limit: a list is for reading."""

MAX_PERIODS = 5000
"""Periods a filled time series may have (daily rows over thirteen years)."""


def listing(query: ResolvedQuery, layer: SemanticLayer, dialect: str) -> exp.Select:
    for dim in query.dimensions:
        if layer.value_column(dim).pii:
            raise PlanError(
                f"'{dim.name}' is personal data; askbi does not list its values.",
                stage=Stage.COMPILE,
                hint="Count it instead, or list another dimension.",
                code=ErrorCode.INVALID_PLAN,
            )
    base = _listing_base(query, layer)
    select = AggregationBuilder(layer, query, dialect).listing(base)
    return select.limit(query.plan.limit or LISTING_CAP, copy=False)


def _listing_base(query: ResolvedQuery, layer: SemanticLayer) -> str:
    """The first dimension's table that reaches every dimension and filter many-to-one."""
    needed = [*query.dimensions, *(each.dimension for f in query.filters for each in f.all())]
    for candidate in dict.fromkeys(d.table for d in needed):
        if all(_reaches(layer, candidate, d) for d in needed) and all(
            _reaches_table(layer, candidate, t.time_dimension.table) for t in query.time_filters
        ):
            return candidate
    names = ", ".join(d.name for d in query.dimensions)
    raise PlanError(
        f"No one table reaches all of {names} along many-to-one joins, so their values can't "
        "be listed together.",
        stage=Stage.COMPILE,
        hint="List dimensions of one table and the tables it points at.",
        code=ErrorCode.NO_JOIN_PATH,
    )


def _reaches(layer: SemanticLayer, table: str, dim: DimensionRef) -> bool:
    try:
        layer.path_to_dimension(table, dim)
    except JoinPathError:
        return False
    return True


def _reaches_table(layer: SemanticLayer, table: str, target: str) -> bool:
    try:
        layer.path(table, target)
    except JoinPathError:
        return False
    return True


def fill_spine(query: ResolvedQuery, layer: SemanticLayer, dialect: str) -> exp.Select:
    """Every combination of the dimensions' values (each table's own combinations, crossed
    with the other tables') and every period of the range."""
    parts: list[exp.Expression] = []
    by_table: dict[str, list[DimensionRef]] = {}
    for dim in query.dimensions:
        by_table.setdefault(dim.table, []).append(dim)
    for table, dims in by_table.items():
        parts.append(_values(query, layer, dialect, table, dims))
    if query.grain is not None:
        parts.append(_periods(query, query.grain))
    names = [d.name for d in query.dimensions] + ([query.grain.value] if query.grain else [])
    select = exp.select(*(exp.column(n) for n in names))
    for i, part in enumerate(parts):
        source = exp.alias_(exp.Subquery(this=part), f"fill_{i + 1}", table=True)
        select = (
            select.from_(source, copy=False)
            if i == 0
            else select.join(source, join_type="cross", copy=False)
        )
    return select


def _values(
    query: ResolvedQuery, layer: SemanticLayer, dialect: str, table: str, dims: list[DimensionRef]
) -> exp.Select:
    """The distinct values of ``dims`` in their table, under the plan's filters on it."""
    alias = table.rpartition(".")[2]
    select = exp.select(
        *(
            exp.alias_(dimension_expression(layer, d, alias, dialect, query.today), d.name)
            for d in dims
        )
    ).distinct()
    select = select.from_(exp.alias_(table_ref(table), alias, table=True))
    conditions = []
    for f in query.filters:
        matches = [each for each in f.all() if each.dimension.table == table]
        if len(matches) == len(f.all()):  # every alternative reads this table
            terms = [
                filter_condition(
                    dimension_expression(layer, m.dimension, alias, dialect, query.today),
                    layer.value_column(m.dimension),
                    m.filter,
                )
                for m in matches
            ]
            conditions.append(terms[0] if len(terms) == 1 else exp.or_(*terms))
    for d in dims:
        if d in query.ranked:
            conditions.append(known(dimension_expression(layer, d, alias, dialect, query.today)))
    return select.where(*conditions, copy=False) if conditions else select


def _periods(query: ResolvedQuery, grain: Grain) -> exp.Expression:
    if query.start is None or query.end is None:
        raise PlanError(
            "Filling a time series needs a time range: which periods should appear?",
            stage=Stage.COMPILE,
            hint="Add a time_range, e.g. the last 12 months.",
            code=ErrorCode.INVALID_PLAN,
        )
    periods = list(_each_period(grain, query.start, query.end))
    if len(periods) > MAX_PERIODS:
        raise PlanError(
            f"Filling {len(periods)} {grain.value}s is more than {MAX_PERIODS}.",
            stage=Stage.COMPILE,
            hint="Use a coarser grain or a shorter range.",
            code=ErrorCode.INVALID_PLAN,
        )
    rows: list[exp.Expression] = [
        exp.select(exp.alias_(time_sql.date_literal(day, ColumnType.DATE), grain.value))
        for day in periods
    ]
    # A balanced tree of UNION ALLs: a chain of a thousand days would be a thousand levels
    # deep, past what the guard and sqlglot's recursive passes accept.
    while len(rows) > 1:
        pairs = [rows[i : i + 2] for i in range(0, len(rows), 2)]
        rows = [exp.union(*p, distinct=False, copy=False) if len(p) == 2 else p[0] for p in pairs]
    return rows[0]


def _each_period(grain: Grain, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start_of(grain, start)
    while day <= end:
        yield day
        day = shift(day, 1, grain)


def rank_column(formula: exp.Expression, descending: bool, dense: bool) -> exp.Expression:
    kind = exp.DenseRank if dense else exp.Rank
    order = exp.Ordered(this=formula, desc=descending, nulls_first=False)
    return exp.Window(this=kind(), order=exp.Order(expressions=[order]))
