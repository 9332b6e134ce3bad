"""Parsing the SQL snippets metric owners write (``expr``, ``filter``, derived formulas).

These are trusted, reviewed YAML, but still parsed into sqlglot trees once at load time and
checked, so a typo fails validation with a line number instead of failing at query time, and
the compiler can re-qualify columns on the tree instead of editing strings.
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

OWNER_DIALECT = "duckdb"
"""Metric expressions are written in DuckDB syntax and transpiled for other warehouses."""

_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Paren, exp.Neg, exp.Literal, exp.Column)
_FORBIDDEN = (exp.Query, exp.Star, exp.AggFunc, exp.Window, exp.Placeholder, exp.Command)


class ExpressionError(ValueError):
    pass


@lru_cache(maxsize=4096)
def parse_owner_sql(text: str) -> exp.Expression:
    """Parse a column-level SQL expression; aggregates and subqueries are refused.

    >>> parse_owner_sql("quantity * unit_price").sql()
    'quantity * unit_price'
    """
    try:
        tree = sqlglot.parse_one(text, read=OWNER_DIALECT)
    except (ParseError, RecursionError) as e:
        raise ExpressionError(f"cannot parse SQL expression {text!r}: {e}") from e
    if not isinstance(tree, exp.Expression):
        raise ExpressionError(f"{text!r} is not an expression")
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN):
            raise ExpressionError(
                f"{node.key.upper()} is not allowed in {text!r}: write a column-level "
                "expression; the aggregation comes from `agg`"
            )
    return tree


@lru_cache(maxsize=1024)
def parse_metric_formula(text: str) -> exp.Expression:
    """Parse a derived metric's arithmetic over metric names.

    >>> sorted(c.name for c in parse_metric_formula("100 * (a - b) / c").find_all(exp.Column))
    ['a', 'b', 'c']
    """
    try:
        tree = sqlglot.parse_one(text, read=OWNER_DIALECT)
    except (ParseError, RecursionError) as e:
        raise ExpressionError(f"cannot parse formula {text!r}: {e}") from e
    if not isinstance(tree, exp.Expression):
        raise ExpressionError(f"{text!r} is not an expression")
    for node in tree.walk():
        if not isinstance(node, _ARITHMETIC) and not isinstance(node, exp.Identifier):
            raise ExpressionError(
                f"only + - * / and parentheses over metric names and numbers are allowed in "
                f"a derived metric; found {node.key.upper()} in {text!r}"
            )
        if isinstance(node, exp.Column) and node.table:
            raise ExpressionError(f"metric names are not qualified: {node.sql()!r}")
    return tree


def columns_read(text: str) -> list[str]:
    """The column names a metric's expression reads; none for one that does not parse
    (validation reports it, and a question must not fail on it).

    >>> columns_read("quantity * unit_price"), columns_read("sum(")
    (['quantity', 'unit_price'], [])
    """
    try:
        return list(
            dict.fromkeys(column for _, column in referenced_columns(parse_owner_sql(text)))
        )
    except ExpressionError:
        return []


def referenced_columns(tree: exp.Expression) -> list[tuple[str, str]]:
    """``(table, column)`` pairs, table empty when unqualified (and schema-qualified when
    written so: ``sales.orders``), in order of appearance.

    >>> referenced_columns(parse_owner_sql("sales.orders.amount * rate"))
    [('sales.orders', 'amount'), ('', 'rate')]
    """
    return [(".".join(p.name for p in c.parts[:-1]), c.name) for c in tree.find_all(exp.Column)]
