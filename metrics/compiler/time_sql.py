"""Time arithmetic as sqlglot trees, with the few dialect differences kept as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlglot import exp

from semantic_layer.model import ColumnType, Grain

TruncBuilder = Callable[[exp.Expression], exp.Expression]


def _mysql_week(day: exp.Expression) -> exp.Expression:
    # sqlglot's MySQL week truncation goes through STR_TO_DATE('%Y %u %w'), which maps the
    # days before the first Monday of January to NULL; subtracting WEEKDAY() has no gap.
    weekday = exp.Anonymous(this="WEEKDAY", expressions=[day.copy()])
    return exp.DateSub(this=day, expression=weekday, unit=exp.var("DAY"))


TRUNCATION_OVERRIDES: dict[tuple[str, Grain], TruncBuilder] = {
    ("mysql", Grain.WEEK): _mysql_week,
}
"""(dialect, grain) → builder, for dialects where sqlglot's generic truncation is wrong."""


def as_date(column: exp.Expression) -> exp.Expression:
    return exp.cast(column, exp.DataType.Type.DATE)


def period(column: exp.Expression, grain: Grain, dialect: str) -> exp.Expression:
    """The first day of the ``grain`` period containing ``column``, typed DATE everywhere."""
    day = as_date(column)
    if grain is Grain.DAY:
        return day
    override = TRUNCATION_OVERRIDES.get((dialect, grain))
    if override is not None:
        return override(day)
    return as_date(exp.DateTrunc(this=day, unit=exp.var(grain.value.upper())))


def shifted(column: exp.Expression, n: int, grain: Grain) -> exp.Expression:
    """``column`` moved forward by ``n`` grains (so last year's rows land on this year)."""
    return exp.DateAdd(
        this=as_date(column), expression=exp.Literal.number(n), unit=exp.var(grain.value.upper())
    )


def date_literal(day: dt.date, column_type: ColumnType) -> exp.Expression:
    """A literal comparable with a column of ``column_type`` in every dialect.

    BigQuery refuses TIMESTAMP-versus-DATE comparisons, so the literal takes the column's type.
    """
    if column_type is ColumnType.TIMESTAMP:
        return exp.cast(exp.Literal.string(f"{day.isoformat()} 00:00:00"), "TIMESTAMP")
    return exp.cast(exp.Literal.string(day.isoformat()), exp.DataType.Type.DATE)


def within(
    column: exp.Expression,
    column_type: ColumnType,
    start: dt.date | None,
    end: dt.date | None,
) -> list[exp.Expression]:
    """Half-open conditions ``start <= column < end + 1 day``, right for dates and timestamps."""
    conditions: list[exp.Expression] = []
    if start is not None:
        conditions.append(exp.GTE(this=column.copy(), expression=date_literal(start, column_type)))
    if end is not None:
        after = end + dt.timedelta(days=1)
        conditions.append(exp.LT(this=column.copy(), expression=date_literal(after, column_type)))
    return conditions
