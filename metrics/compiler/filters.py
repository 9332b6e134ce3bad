"""Plan filters as predicates: comparisons, sets and text matches, values as typed literals."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from sqlglot import exp

from metrics.compiler import time_sql
from metrics.semantic_query import Filter, FilterOp
from semantic_layer.model import Column, ColumnType, ScalarValue

_COMPARISONS: dict[FilterOp, type[exp.Expression]] = {
    FilterOp.EQ: exp.EQ,
    FilterOp.NE: exp.NEQ,
    FilterOp.GT: exp.GT,
    FilterOp.GTE: exp.GTE,
    FilterOp.LT: exp.LT,
    FilterOp.LTE: exp.LTE,
}


def filter_condition(target: exp.Expression, column: Column, f: Filter) -> exp.Expression:
    """One filter (not its alternatives) as a predicate; values become typed literals,
    never SQL text."""
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


def known(target: exp.Expression) -> exp.Expression:
    """``target IS NOT NULL``: a row that has a value of the dimension."""
    return exp.Not(this=exp.Is(this=target, expression=exp.Null()))


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
