"""Row generators (``generate_series``, ``range``, ``GENERATE_DATE_ARRAY``, ``sequence``,
Snowflake's ``GENERATOR``) are allowed when their bounds are literals producing at most
``MAX_GENERATED_ROWS`` rows.

A calendar spine (``generate_series(DATE '2025-01-01', DATE '2025-12-31', INTERVAL 1 DAY)``)
is a legitimate analytic tool, so generators are not refused outright; but one call with
huge bounds is enough to exhaust a server's memory, and bounds computed from data can be
anything. Literal bounds are required so the guard can count the rows before the database
does. The count is an over-estimate: months count as 28 days, years as 365.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from sqlglot import exp

from app.pipeline.guard.context import GuardContext
from app.pipeline.guard.locate import where

MAX_GENERATED_ROWS = 10_000_000

GENERATORS: tuple[type[exp.Func], ...] = (
    exp.GenerateSeries,
    exp.GenerateDateArray,
    exp.GenerateTimestampArray,
    exp.Generator,
)

_SECONDS: Mapping[str, float] = MappingProxyType(
    {
        "microsecond": 1e-6,
        "us": 1e-6,
        "millisecond": 1e-3,
        "ms": 1e-3,
        "second": 1,
        "sec": 1,
        "s": 1,
        "minute": 60,
        "min": 60,
        "hour": 3_600,
        "h": 3_600,
        "day": 86_400,
        "d": 86_400,
        "week": 7 * 86_400,
        "month": 28 * 86_400,
        "mon": 28 * 86_400,
        "quarter": 89 * 86_400,
        "year": 365 * 86_400,
        "y": 365 * 86_400,
    }
)
_INTERVAL_PART = re.compile(r"(-?\d+(?:\.\d+)?)\s*([a-z]+)")


def check_generators(tree: exp.Expr, context: GuardContext) -> list[str]:
    reasons = []
    for node in tree.find_all(*GENERATORS):
        rows = estimated_rows(node)
        name = type(node).sql_names()[0]
        if rows is None:
            reasons.append(
                f"{name}(…) {where(node)} has bounds that are not literal values, so the guard"
                " cannot tell how many rows it makes; use literal bounds."
            )
        elif rows > MAX_GENERATED_ROWS:
            size = "endless" if math.isinf(rows) else f"about {int(rows):,}"
            reasons.append(
                f"{name}(…) {where(node)} would generate {size} rows; the limit is"
                f" {MAX_GENERATED_ROWS:,}."
            )
    return reasons


def estimated_rows(node: exp.Expr) -> float | None:
    """An upper bound on the rows a generator call makes, or None when it is not literal.

    >>> import sqlglot
    >>> estimated_rows(sqlglot.parse_one("SELECT generate_series(1, 10, 2)").expressions[0])
    5.0
    >>> call = "generate_series(DATE '2025-01-01', DATE '2025-12-31', INTERVAL 1 DAY)"
    >>> estimated_rows(sqlglot.parse_one(f"SELECT {call}", read="duckdb").expressions[0])
    365.0
    """
    if isinstance(node, exp.Generator):
        count = literal_number(node.args.get("rowcount"))
        return None if count is None or node.args.get("timelimit") else float(abs(count))
    start, end, step = (node.args.get(k) for k in ("start", "end", "step"))
    low, high = literal_number(start), literal_number(end)
    if low is not None and high is not None:
        stride = literal_number(step) if step is not None else Decimal(1)
        return _count(float(abs(high - low)), None if stride is None else float(abs(stride)))
    first, last = _moment(start), _moment(end)
    if first is None or last is None:
        return None
    seconds = _interval_seconds(step) if step is not None else _SECONDS["day"]
    return _count(abs((last - first).total_seconds()), seconds)


def _count(span: float, stride: float | None) -> float | None:
    if stride is None:
        return None
    return math.inf if stride == 0 else float(math.floor(span / stride) + 1)


def literal_number(node: exp.Expr | None) -> Decimal | None:
    """A number literal (in parentheses or negated too), or ``None``.

    >>> import sqlglot
    >>> literal_number(sqlglot.parse_one("SELECT -(5)").selects[0])
    Decimal('-5')
    """
    if isinstance(node, exp.Paren):
        return literal_number(node.this)
    if isinstance(node, exp.Neg):
        value = literal_number(node.this)
        return None if value is None else -value
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return Decimal(node.this)
        except InvalidOperation:
            return None
    return None


def _moment(node: exp.Expr | None) -> dt.datetime | None:
    """A date or timestamp literal (``DATE '…'``, ``'…'::date``, ``CAST('…' AS …)``, ``'…'``)."""
    if isinstance(node, (exp.Cast, exp.TsOrDsToDate, exp.TsOrDsToTimestamp)):
        return _moment(node.this)
    if isinstance(node, exp.Literal) and node.is_string:
        try:
            return dt.datetime.fromisoformat(node.this)
        except ValueError:
            return None
    return None


def _interval_seconds(node: exp.Expr) -> float | None:
    """The shortest length an interval literal can have, in seconds; None if not literal."""
    if not isinstance(node, exp.Interval) or not isinstance(node.this, exp.Literal):
        return None
    unit = node.args.get("unit")
    text = f"{node.this.this} {unit.name if unit is not None else ''}".lower()
    parts = _INTERVAL_PART.findall(text)
    if not parts:
        return None
    total = 0.0
    for amount, name in parts:
        seconds = _SECONDS.get(name) or _SECONDS.get(name.rstrip("s"))
        if seconds is None:
            return None
        total += float(amount) * seconds
    return abs(total)
