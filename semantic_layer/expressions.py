"""Dimension expressions: SQL over one table's columns, checked against an allow-list.

A dimension can be an ``expr`` instead of a column: a full name, the year of a date, an age
band, a text column read as a date. Owners write it in DuckDB's syntax; it is parsed once
with sqlglot, checked here node by node, and transpiled to each warehouse's dialect by the
compiler. Only scalar, deterministic building blocks are allowed: no subqueries, no
aggregates or windows, no function that reads anything but its arguments. ``CURRENT_DATE``
is allowed and means the query's "today", which the compiler writes in as a literal, so an
age computed on a pinned day is the same number on any day it is recomputed.
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

OWNER_DIALECT = "duckdb"
"""Expressions in the YAML are written in DuckDB syntax and transpiled for other warehouses."""

ALLOWED: tuple[type[exp.Expression], ...] = (
    # values and names
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Var,
    exp.DataType,
    exp.Interval,
    exp.CurrentDate,
    # arithmetic and logic
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.IntDiv,
    exp.Mod,
    exp.Neg,
    exp.Paren,
    exp.And,
    exp.Or,
    exp.Not,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Is,
    exp.In,
    exp.Between,
    exp.Like,
    exp.ILike,
    exp.Case,
    exp.If,
    exp.Coalesce,
    exp.Nullif,
    exp.Cast,
    exp.TryCast,
    # text
    exp.DPipe,
    exp.Concat,
    exp.ConcatWs,
    exp.Upper,
    exp.Lower,
    exp.Trim,
    exp.Substring,
    exp.Left,
    exp.Right,
    exp.Length,
    exp.Replace,
    exp.Initcap,
    exp.StrPosition,
    # numbers
    exp.Round,
    exp.Floor,
    exp.Ceil,
    exp.Abs,
    exp.Greatest,
    exp.Least,
    # dates
    exp.Extract,
    exp.Year,
    exp.Quarter,
    exp.Month,
    exp.Day,
    exp.DayOfMonth,
    exp.DayOfYear,
    exp.WeekOfYear,
    exp.DateTrunc,
    exp.TimestampTrunc,
    exp.DateDiff,
    exp.DateAdd,
    exp.DateSub,
    exp.StrToDate,
    exp.StrToTime,
    exp.TsOrDsToDate,
    exp.Date,
)
"""The node types a dimension expression may contain; anything else is refused by name.

Day of week is not here: sqlglot renders ``isodow`` as a function PostgreSQL lacks. Every
time dimension has it built in instead (``<time dimension>__day_of_week``), written for
each warehouse by the compiler."""


class DimensionExpressionError(ValueError):
    pass


@lru_cache(maxsize=2048)
def parse_dimension_expr(text: str) -> exp.Expression:
    """Parse and check a dimension expression; raise :class:`DimensionExpressionError`.

    >>> parse_dimension_expr("first_name || ' ' || last_name").sql()
    "first_name || ' ' || last_name"
    """
    tree = _allowed_tree(
        text, "expression", "a dimension is a scalar expression over its table's columns"
    )
    for node in tree.walk():
        if isinstance(node, exp.Column) and node.table:
            raise DimensionExpressionError(
                f"{node.sql()!r} in {text!r}: write the table's own columns without a table "
                "name; a dimension of another table belongs on that table"
            )
    return tree


@lru_cache(maxsize=512)
def parse_condition(text: str) -> exp.Expression:
    """A relationship's condition: like a dimension expression, but it may qualify columns
    with the name of either table it joins.

    >>> parse_condition("receiver_type = 'merchant'").sql()
    "receiver_type = 'merchant'"
    """
    return _allowed_tree(text, "condition", "a condition compares the joined tables' columns")


def _allowed_tree(text: str, what: str, why: str) -> exp.Expression:
    """Parse owner SQL and refuse, by name, any node outside :data:`ALLOWED`."""
    try:
        tree = sqlglot.parse_one(text, read=OWNER_DIALECT)
    except (ParseError, RecursionError) as e:
        raise DimensionExpressionError(f"cannot parse SQL {what} {text!r}: {e}") from e
    if not isinstance(tree, exp.Expression):
        raise DimensionExpressionError(
            f"{text!r} is not a{'n' if what[0] in 'aeiou' else ''} {what}"
        )
    for node in tree.walk():
        if not isinstance(node, ALLOWED):
            raise DimensionExpressionError(f"{_kind(node)} is not allowed in {text!r}: {why}")
    return tree


def columns_of(tree: exp.Expression) -> list[str]:
    """The column names an expression reads, in order of appearance, without repeats.

    >>> columns_of(parse_dimension_expr("date_diff('year', birth_date, current_date)"))
    ['birth_date']
    """
    return list(dict.fromkeys(c.name for c in tree.find_all(exp.Column)))


def _kind(node: exp.Expr) -> str:
    if isinstance(node, exp.Anonymous):
        return f"function {node.name.upper()}()"
    if isinstance(node, exp.Func):
        return f"function {node.sql_name()}()"
    return node.key.upper()
