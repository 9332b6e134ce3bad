"""Functions that build a huge value from a small input are allowed only with small literals.

``SELECT repeat('x', 1000000000)`` is 32 characters of SQL and a gigabyte of string: the
database builds it whole before a row cap or a byte budget can see it. So ``repeat``,
``lpad``/``rpad``, ``space`` and ``format`` (whose width is part of its pattern) are judged
by the value they can build: their counts and widths must be literal numbers, and the value
at most :data:`MAX_BUILT_CHARS` long. A width computed from data is refused like a
generator's bounds are (see ``generators``): the guard cannot tell how big it gets.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlglot import exp

from app.pipeline.guard.context import GuardContext
from app.pipeline.guard.generators import literal_number
from app.pipeline.guard.locate import where

MAX_BUILT_CHARS = 10_000
"""The longest value one call may build: far beyond any label, code or padded number."""
ASSUMED_CHARS = 100
"""The length assumed for a repeated value that is not a literal (a column)."""

_WIDTH = re.compile(r"\d+")
_DYNAMIC_WIDTH = re.compile(r"\*|\{[^{}]*\{")
"""A width taken from an argument: ``%*s`` (PostgreSQL, BigQuery), ``{:>{}}`` (DuckDB)."""


def check_amplifiers(tree: exp.Expr, context: GuardContext) -> list[str]:
    reasons = []
    for node in tree.find_all(exp.Repeat, exp.Pad, exp.Space, exp.Format):
        problem = _judge(node)
        if problem is not None:
            reasons.append(f"{_name(node)}(…) {where(node)} {problem}")
    return reasons


def _name(node: exp.Expr) -> str:
    if isinstance(node, exp.Pad):
        return "lpad" if node.args.get("is_left") else "rpad"
    return node.key


def _judge(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Format):
        return _judge_pattern(node.this)
    count = node.args.get("times" if isinstance(node, exp.Repeat) else "expression")
    if isinstance(node, exp.Space):
        count = node.this
    number = literal_number(count)
    if number is None:
        return (
            "takes its length from a value that is not a literal number, so the guard cannot"
            " tell how long a value it builds; use a literal."
        )
    unit = _length(node.this) if isinstance(node, exp.Repeat) else 1
    return _over(number * unit)


def _judge_pattern(pattern: exp.Expr) -> str | None:
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        return "has a pattern that is not a literal string; write the pattern out."
    if _DYNAMIC_WIDTH.search(pattern.this):
        return "takes a width from an argument; write the width into the pattern."
    widths = [Decimal(w) for w in _WIDTH.findall(pattern.this)]
    return _over(max(widths, default=Decimal(0)))


def _over(length: Decimal) -> str | None:
    if length <= MAX_BUILT_CHARS:
        return None
    return f"would build a value of {int(length):,} characters; the limit is {MAX_BUILT_CHARS:,}."


def _length(value: exp.Expr | None) -> int:
    """The length of a literal string, or the item count of a literal list.

    >>> import sqlglot
    >>> _length(sqlglot.parse_one("SELECT 'abc'").selects[0]), _length(exp.column("c"))
    (3, 100)
    """
    if isinstance(value, exp.Literal) and value.is_string:
        return max(len(value.this), 1)
    if isinstance(value, exp.Array):
        return max(len(value.expressions), 1)
    return ASSUMED_CHARS
