"""A dimension's and a time dimension's SQL: a column, an owner's expression, or a built-in
part of a date, pointed at the join alias it is read from.

Expressions are the owner's DuckDB-syntax text, parsed once by the layer and transpiled by
sqlglot; ``CURRENT_DATE`` becomes the query's pinned "today". Built-in parts differ per
warehouse, so they are written here, as data: one builder per dialect where sqlglot's
generic form is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlglot import exp

from metrics.compiler import time_sql
from semantic_layer.expressions import parse_dimension_expr
from semantic_layer.layer import DimensionRef, SemanticLayer, TimeDimensionRef
from semantic_layer.model import ColumnType
from semantic_layer.time_parts import TimePart

PartBuilder = Callable[[exp.Expression], exp.Expression]


def _plus_one(function: str) -> PartBuilder:
    def build(day: exp.Expression) -> exp.Expression:
        call = exp.Anonymous(this=function, expressions=[day])
        return exp.paren(exp.Add(this=call, expression=exp.Literal.number(1)), copy=False)

    return build


def _postgres_isodow(day: exp.Expression) -> exp.Expression:
    return exp.Extract(this=exp.var("ISODOW"), expression=day)


ISO_DAY_OF_WEEK: dict[str, PartBuilder] = {
    "postgres": _postgres_isodow,
    # WEEKDAY() counts from 0 on Monday in MySQL, MariaDB and Spark.
    "mysql": _plus_one("WEEKDAY"),
    "spark": _plus_one("WEEKDAY"),
}
"""dialect → day of week (1 Monday … 7 Sunday), where sqlglot's ``DayOfWeekIso`` is wrong."""


def day_of_week(day: exp.Expression, dialect: str) -> exp.Expression:
    builder = ISO_DAY_OF_WEEK.get(dialect)
    return builder(day) if builder else exp.DayOfWeekIso(this=day)


def time_part(
    part: TimePart, source: exp.Expression, source_type: ColumnType, dialect: str
) -> exp.Expression:
    """``part`` of a date or timestamp expression, typed as :attr:`TimePart.type`."""
    if part.grain is not None:
        return time_sql.period(source, part.grain, dialect)
    if part is TimePart.HOUR:
        return exp.Extract(this=exp.var("HOUR"), expression=source)
    day = time_sql.as_date(source) if source_type is ColumnType.TIMESTAMP else source
    weekday = day_of_week(day, dialect)
    if part is TimePart.DAY_OF_WEEK:
        return weekday
    return exp.In(this=weekday, expressions=[exp.Literal.number(6), exp.Literal.number(7)])


def owner_expression(text: str, alias: str | None, today: dt.date | None) -> exp.Expression:
    """An owner's expression over one table, its columns pointed at ``alias`` (or left
    unqualified), ``CURRENT_DATE`` replaced by ``today`` when one is given."""

    def requalify(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            return exp.column(node.name, table=alias) if alias else exp.column(node.name)
        if isinstance(node, exp.CurrentDate) and today is not None:
            return time_sql.date_literal(today, ColumnType.DATE)
        return node

    return parse_dimension_expr(text).copy().transform(requalify, copy=False)


def time_expression(
    ref: TimeDimensionRef, alias: str | None, today: dt.date | None
) -> exp.Expression:
    td = ref.definition
    if td.column is not None:
        return exp.column(td.column, table=alias) if alias else exp.column(td.column)
    assert td.expr is not None
    return owner_expression(td.expr, alias, today)


def dimension_expression(
    layer: SemanticLayer,
    ref: DimensionRef,
    alias: str | None,
    dialect: str,
    today: dt.date | None,
) -> exp.Expression:
    """The dimension's value as SQL over the table (aliased ``alias``, or unqualified).

    ``today`` stands in for ``CURRENT_DATE``; without one (reading a dimension's values for
    the vocabulary) the database's own date is used.
    """
    d = ref.definition
    if ref.part is not None and ref.time_dimension is not None:
        source = time_expression(ref.time_dimension, alias, today)
        return time_part(ref.part, source, layer.time_type(ref.time_dimension), dialect)
    if d.column is not None:
        return exp.column(d.column, table=alias) if alias else exp.column(d.column)
    assert d.expr is not None
    return owner_expression(d.expr, alias, today)
