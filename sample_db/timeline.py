"""The sample's calendar: the three-year period, its months, and the calendar effects.

Days are handled as integer offsets from the period start (day 0 = start_date) so the big
tables can be generated with integer numpy arithmetic and turned into dates only when written.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DAYS_PER_YEAR = 365.25

# Demand multiplier per calendar month (Jan..Dec): quiet February (short month, Seollal),
# a Chuseok lift in September and the November–December shopping peak.
MONTH_SEASONALITY = np.array([0.95, 0.86, 0.96, 0.97, 1.0, 0.96, 1.0, 1.0, 1.07, 1.0, 1.3, 1.45])

# Demand multiplier per weekday (Mon..Sun). Shops fill up at the weekend; online shopping
# leans the other way, peaking on Monday.
RETAIL_WEEKDAY = np.array([0.88, 0.85, 0.87, 0.9, 1.0, 1.38, 1.3])
ONLINE_WEEKDAY = np.array([1.1, 1.05, 1.0, 0.98, 0.94, 0.92, 1.0])


def three_year_start(end: date) -> date:
    """First day of the three years that end on ``end`` (inclusive).

    >>> three_year_start(date(2025, 6, 30))
    datetime.date(2022, 7, 1)
    >>> three_year_start(date(2024, 2, 29))  # no 29 February in 2021
    datetime.date(2021, 3, 1)
    """
    day = min(end.day, 28) if end.month == 2 else end.day
    return end.replace(year=end.year - 3, day=day) + timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The inclusive date range the sample covers."""

    start: date
    end: date

    @classmethod
    def ending(cls, end: date) -> Period:
        return cls(three_year_start(end), end)

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start64(self) -> np.datetime64:
        return np.datetime64(self.start, "D")

    def dates(self, days: IntArray) -> npt.NDArray[np.datetime64]:
        """Calendar dates of day offsets."""
        return self.start64 + days.astype("timedelta64[D]")

    def calendar_month(self, days: IntArray) -> IntArray:
        """Calendar month of each day offset, 0 = January."""
        return self.dates(days).astype("datetime64[M]").astype(np.int64) % 12

    def weekday(self, days: IntArray) -> IntArray:
        """Weekday of each day offset, 0 = Monday (1970-01-01 was a Thursday)."""
        return (self.dates(days).astype(np.int64) + 3) % 7

    def month_starts(self, through: date) -> list[date]:
        """First days of every month from the start month through ``through``'s month."""
        months = np.arange(
            np.datetime64(self.start, "M"), np.datetime64(through, "M") + 1, dtype="datetime64[M]"
        )
        return [m.astype("datetime64[D]").item() for m in months]

    def month_chunks(self) -> Iterator[tuple[int, int]]:
        """Half-open day ranges ``[first, stop)`` of each calendar month inside the period."""
        starts = [(m - self.start).days for m in self.month_starts(self.end)]
        starts[0] = 0
        yield from zip(starts, [*starts[1:], self.n_days], strict=True)


def rng_for(seed: int, stream: str, *keys: int) -> np.random.Generator:
    """An independent random stream per (seed, purpose, keys).

    Each table draws from its own stream so changing how one table is generated never shifts
    the random numbers of another; crc32 rather than hash() because str hashes are salted.
    """
    return np.random.default_rng([seed, zlib.crc32(stream.encode()), *keys])
