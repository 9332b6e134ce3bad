"""Time ranges: absolute, or relative to an injectable "today".

A plan keeps the relative form ("last 3 months"), so a saved question keeps its meaning as
days pass; the compiler resolves it against ``today`` into inclusive start and end dates.
``last`` covers *complete* periods: on 2026-11-22, "last month" is October and "last 7
days" is Nov 15–21, because today's partial data would make trends dip. Questions that do
mean today say so ("the past 7 days including today"), and have kinds of their own:
``rolling`` (the n units ending today), ``since_ago`` (from the day n units ago through
today) and ``to_date``; ``ago`` is one complete period ("the month two months ago").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from semantic_layer.model import Frozen, Grain


class Between(Frozen):
    kind: Literal["between"] = "between"
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Between:
        if self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class Since(Frozen):
    kind: Literal["since"] = "since"
    start: dt.date


EARLIEST = dt.date(1900, 1, 1)
"""Where a range with no start begins: before any warehouse's first fact, and a plain date
every dialect compares with (the data's own first day is not the planner's to know)."""


class Until(Frozen):
    """Up to and including ``end``.

    "Before 2025", "until March 2025": the range has no start of its own."""

    kind: Literal["until"] = "until"
    end: dt.date


class Last(Frozen):
    """The ``n`` complete ``unit`` periods before the current one."""

    kind: Literal["last"] = "last"
    n: int = Field(ge=1, le=1000)
    unit: Grain


class ToDate(Frozen):
    """From the start of the current ``unit`` (month, quarter, year…) through today."""

    kind: Literal["to_date"] = "to_date"
    unit: Grain


class Rolling(Frozen):
    """The ``n`` units ending today, today included: 7 days are today and the 6 before."""

    kind: Literal["rolling"] = "rolling"
    n: int = Field(ge=1, le=1000)
    unit: Grain


class SinceAgo(Frozen):
    """From the same day ``n`` units ago through today, both included (``>= today - n``)."""

    kind: Literal["since_ago"] = "since_ago"
    n: int = Field(ge=1, le=1000)
    unit: Grain


class Ago(Frozen):
    """The one complete ``unit`` period ``n`` before the current one."""

    kind: Literal["ago"] = "ago"
    n: int = Field(ge=1, le=1000)
    unit: Grain


TimeRange = Annotated[
    Between | Since | Until | Last | ToDate | Rolling | SinceAgo | Ago,
    Field(discriminator="kind"),
]


def start_of(grain: Grain, day: dt.date) -> dt.date:
    """The first day of the ``grain`` period containing ``day`` (weeks start on Monday).

    >>> start_of(Grain.QUARTER, dt.date(2026, 11, 22))
    datetime.date(2026, 10, 1)
    """
    if grain is Grain.DAY:
        return day
    if grain is Grain.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if grain is Grain.MONTH:
        return day.replace(day=1)
    if grain is Grain.QUARTER:
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)


def shift(day: dt.date, n: int, grain: Grain) -> dt.date:
    """``day`` moved by ``n`` periods, clamping the day of month like SQL engines do.

    >>> shift(dt.date(2025, 3, 31), -1, Grain.MONTH)
    datetime.date(2025, 2, 28)
    """
    if grain is Grain.DAY:
        return day + dt.timedelta(days=n)
    if grain is Grain.WEEK:
        return day + dt.timedelta(weeks=n)
    months = n * {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}[grain]
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, _days_in(year, month + 1)))


def resolve(time_range: TimeRange, today: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive ``(start, end)`` dates of a range.

    >>> resolve(Last(n=3, unit=Grain.MONTH), dt.date(2026, 11, 22))
    (datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))
    >>> resolve(ToDate(unit=Grain.YEAR), dt.date(2026, 11, 22))
    (datetime.date(2026, 1, 1), datetime.date(2026, 11, 22))
    >>> resolve(Rolling(n=7, unit=Grain.DAY), dt.date(2026, 11, 22))
    (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
    >>> resolve(SinceAgo(n=1, unit=Grain.MONTH), dt.date(2026, 11, 22))
    (datetime.date(2026, 10, 22), datetime.date(2026, 11, 22))
    >>> resolve(Ago(n=2, unit=Grain.MONTH), dt.date(2026, 11, 22))
    (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    """
    if isinstance(time_range, Between):
        return time_range.start, time_range.end
    if isinstance(time_range, Since):
        return time_range.start, today
    if isinstance(time_range, Until):
        return EARLIEST, time_range.end
    if isinstance(time_range, ToDate):
        return start_of(time_range.unit, today), today
    if isinstance(time_range, Rolling):
        return shift(today, -time_range.n, time_range.unit) + dt.timedelta(days=1), today
    if isinstance(time_range, SinceAgo):
        return shift(today, -time_range.n, time_range.unit), today
    current = start_of(time_range.unit, today)
    start = shift(current, -time_range.n, time_range.unit)
    if isinstance(time_range, Ago):
        return start, shift(start, 1, time_range.unit) - dt.timedelta(days=1)
    return start, current - dt.timedelta(days=1)


def describe(time_range: TimeRange) -> str:
    """A short English description, for traces and the CLI.

    >>> describe(Last(n=1, unit=Grain.MONTH))
    'last month'
    >>> describe(Rolling(n=30, unit=Grain.DAY))
    'past 30 days including today'
    """
    if isinstance(time_range, Between):
        return f"{time_range.start} to {time_range.end}"
    if isinstance(time_range, Since):
        return f"since {time_range.start}"
    if isinstance(time_range, Until):
        return f"through {time_range.end}"
    if isinstance(time_range, ToDate):
        return f"{time_range.unit.value} to date"
    unit = time_range.unit.value
    units = unit if time_range.n == 1 else f"{time_range.n} {unit}s"
    if isinstance(time_range, Rolling):
        return f"past {units} including today"
    if isinstance(time_range, SinceAgo):
        return f"since {units} ago"
    if isinstance(time_range, Ago):
        return f"the {unit} {time_range.n} {unit}{'s' if time_range.n > 1 else ''} ago"
    return f"last {units}"


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
