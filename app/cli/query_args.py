"""Command-line flags of ``askbi query`` → a :class:`SemanticQuery`.

Parsing is strict: ``--last "3 monts"`` is an error with a suggestion, not a guess, and a
value the plan can't hold (``--from`` after ``--to``, ``--last "999999999 years"``, a limit
past the plan's) is an :class:`ArgumentError` naming the flag, never a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pydantic import ValidationError

from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError, did_you_mean
from metrics.semantic_query import Filter, FilterOp, OrderBy, SemanticQuery
from metrics.timeframe import Between, Last, Since, TimeRange, ToDate
from semantic_layer.model import Grain

_UNITS = {g.value: g for g in Grain} | {g.value + "s": g for g in Grain}
MAX_LAST = 1_000
"""The most periods ``--last`` counts back (the plan's own bound)."""
_FLAGS = {
    "metrics": "--metric",
    "dimensions": "--by",
    "grain": "--grain",
    "time_range": "--from/--to/--last/--to-date",
    "filters": "--filter",
    "order_by": "--order-by",
    "limit": "--limit",
}
_FILTER = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(!=|>=|<=|=|>|<| not in | in )\s*(.+?)\s*$", re.I)


class ArgumentError(UserError):
    code = ErrorCode.INVALID_ARGUMENT

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, stage=AppStage.CLI, hint=hint)


def parse_last(text: str) -> Last:
    """``"3 months"``, ``"month"``, ``"7 days"`` → :class:`Last`.

    >>> parse_last("3 months")
    Last(kind='last', n=3, unit=<Grain.MONTH: 'month'>)
    """
    parts = text.strip().lower().split()
    if len(parts) == 1:
        parts = ["1", parts[0]]
    if len(parts) != 2 or not parts[0].isdigit() or parts[1] not in _UNITS:
        unit = parts[-1] if parts else ""
        raise ArgumentError(
            f"Can't read --last {text!r}.{did_you_mean(unit, _UNITS)}",
            hint='Write a count and a unit, e.g. --last "3 months" or --last week.',
        )
    count = int(parts[0])
    if not 1 <= count <= MAX_LAST:
        raise ArgumentError(
            f"--last {text!r} counts {count:,} periods; it can count 1 to {MAX_LAST:,}.",
            hint="For a longer span use --from, e.g. --from 2000-01-01, or a larger unit.",
        )
    return Last(n=count, unit=_UNITS[parts[1]])


def parse_filter(text: str) -> Filter:
    """``"category=Electronics"`` or ``"region in Seoul,Busan"`` → :class:`Filter`.

    >>> parse_filter("region in Seoul, Busan").values
    ('Busan', 'Seoul')
    """
    match = _FILTER.match(text)
    if match is None:
        raise ArgumentError(
            f"Can't read --filter {text!r}.",
            hint='Write dimension, operator, value: "category=Electronics" or '
            '"region in Seoul,Busan".',
        )
    dimension, op, raw = match.group(1).lower(), match.group(2).strip().lower(), match.group(3)
    values = [v.strip() for v in raw.split(",")] if op in ("in", "not in") else [raw.strip()]
    return Filter(dimension=dimension, op=FilterOp(op), values=tuple(_typed(v) for v in values))


def _typed(value: str) -> str | int | float:
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def time_range(
    start: dt.date | None, end: dt.date | None, last: str | None, to_date: str | None
) -> TimeRange | None:
    given = sum(x is not None for x in (start, last, to_date))
    if given > 1:
        raise ArgumentError("Use only one of --from, --last and --to-date.")
    if last:
        return parse_last(last)
    if to_date:
        unit = _UNITS.get(to_date.lower())
        if unit is None:
            raise ArgumentError(
                f"Unknown --to-date unit {to_date!r}.{did_you_mean(to_date, _UNITS)}"
            )
        return ToDate(unit=unit)
    if start and end:
        if start > end:
            raise ArgumentError(f"--from {start} is after --to {end}.", hint="Swap the two dates.")
        return Between(start=start, end=end)
    if start:
        return Since(start=start)
    if end:
        raise ArgumentError("--to needs --from.")
    return None


def build_plan(
    *,
    metrics: Sequence[str],
    by: Sequence[str] = (),
    grain: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    last: str | None = None,
    to_date: str | None = None,
    filters: Sequence[str] = (),
    order: str | None = None,
    order_by: str | None = None,
    limit: int | None = None,
) -> SemanticQuery:
    ordering: tuple[OrderBy, ...] = ()
    try:
        if order or order_by:
            field = order_by or metrics[0]
            ordering = (OrderBy(field=field, descending=(order or "asc").lower() == "desc"),)
        return SemanticQuery(
            metrics=tuple(metrics),
            dimensions=tuple(by),
            grain=Grain(grain) if grain else None,
            time_range=time_range(start, end, last, to_date),
            filters=tuple(parse_filter(f) for f in filters),
            order_by=ordering,
            limit=limit,
        )
    except ValidationError as e:
        raise ArgumentError("; ".join(_flag_problem(item) for item in e.errors())) from e


def _flag_problem(item: object) -> str:
    """One pydantic problem as ``--flag: what is wrong``."""
    assert isinstance(item, dict)
    loc = item.get("loc") or ("",)
    flag = _FLAGS.get(str(loc[0]), str(loc[0]) or "the plan")
    return f"{flag}: {item.get('msg')}"
