"""Parts of a date every time dimension has built in: day of week, weekend, hour, periods.

``order_date__day_of_week`` is a dimension of the orders table without anyone declaring it,
and so is ``signup_date__month`` (the first day of the signup month: a cohort). Their SQL
differs per warehouse, so the compiler writes it; the layer only names them and their types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from semantic_layer.model import ColumnType, Grain

SEPARATOR = "__"
"""Between a time dimension's name and its part; declared names may not contain it."""


class TimePart(StrEnum):
    DAY_OF_WEEK = "day_of_week"
    """1 for Monday through 7 for Sunday (ISO 8601)."""
    IS_WEEKEND = "is_weekend"
    """True on Saturdays and Sundays."""
    HOUR = "hour"
    """0–23; timestamps only."""
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    """These five: the first day of the period (a date), like a grain of that time dimension."""

    @property
    def type(self) -> ColumnType:
        return _TYPES.get(self, ColumnType.DATE)

    @property
    def grain(self) -> Grain | None:
        return Grain(self.value) if self.value in Grain.__members__.values() else None

    @property
    def label(self) -> str:
        return _LABELS[self]


_TYPES = {
    TimePart.DAY_OF_WEEK: ColumnType.INTEGER,
    TimePart.IS_WEEKEND: ColumnType.BOOLEAN,
    TimePart.HOUR: ColumnType.INTEGER,
}
_LABELS = {
    TimePart.DAY_OF_WEEK: "day of week",
    TimePart.IS_WEEKEND: "weekend",
    TimePart.HOUR: "hour",
    TimePart.DAY: "day",
    TimePart.WEEK: "week",
    TimePart.MONTH: "month",
    TimePart.QUARTER: "quarter",
    TimePart.YEAR: "year",
}


@dataclass(frozen=True)
class PartName:
    time_dimension: str
    part: TimePart


def split_part_name(name: str) -> PartName | None:
    """``order_date__day_of_week`` → (``order_date``, day of week); other names → None.

    >>> split_part_name("order_date__is_weekend")
    PartName(time_dimension='order_date', part=<TimePart.IS_WEEKEND: 'is_weekend'>)
    >>> split_part_name("region") is None
    True
    """
    base, sep, part = name.rpartition(SEPARATOR)
    if not sep or not base or part not in TimePart.__members__.values():
        return None
    return PartName(base, TimePart(part))


def part_name(time_dimension: str, part: TimePart) -> str:
    return f"{time_dimension}{SEPARATOR}{part.value}"
