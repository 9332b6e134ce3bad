"""Dates and periods written for the reader's language, with babel's CLDR data.

A month is "Oct 2026" or "2026년 10월", never "2026-10-01"; a whole month, quarter, half or
year is named as one ("October 2026", "2026년 3분기"); any other range is "start – end".
"""

from __future__ import annotations

import calendar
import datetime as dt

from babel.dates import format_interval, format_skeleton

from app.i18n.catalog import Language, text
from metrics.timeframe import EARLIEST


def month(day: dt.date, language: Language) -> str:
    """The month of ``day``, as a reader of ``language`` writes it.

    >>> month(dt.date(2026, 10, 1), Language.EN), month(dt.date(2026, 10, 1), Language.KO)
    ('Oct 2026', '2026년 10월')
    """
    return format_skeleton("yMMM", day, locale=language.value)


def day(value: dt.date, language: Language) -> str:
    """A date in words, as the reader writes it in a sentence.

    >>> day(dt.date(2026, 5, 31), Language.KO), day(dt.date(2026, 5, 31), Language.EN)
    ('2026년 5월 31일', 'May 31, 2026')
    """
    return format_skeleton("yMMMd", value, locale=language.value)


def period(start: dt.date | None, end: dt.date | None, language: Language) -> str:
    """A range in words (see :func:`span`), or the one end it has.

    >>> period(dt.date(2026, 5, 1), dt.date(2026, 5, 31), Language.KO)
    '2026년 5월'
    >>> period(dt.date(2026, 3, 1), dt.date(2026, 6, 30), Language.EN)
    'Mar 1 – Jun 30, 2026'
    >>> period(dt.date(2026, 11, 1), dt.date(2026, 11, 28), Language.KO)
    '2026년 11월 1일~28일'
    >>> period(None, dt.date(2026, 11, 28), Language.EN)
    'Nov 28, 2026'
    """
    if start is None or end is None:
        one = start or end
        return day(one, language) if one else ""
    return span(start, end, language)


_WHOLE = ((12, "year"), (6, "half"), (3, "quarter"), (1, "month"))
"""Periods a reader names as one, longest first, by how many months each holds."""


def span(start: dt.date, last: dt.date, language: Language) -> str:
    """The days from ``start`` through ``last`` (both included) as a person names them: a
    whole year, half, quarter or month by its name; any other range by its first and last
    day, the shared year or month said once (CLDR's interval forms, through babel).

    >>> [span(dt.date(2026, 10, 1), dt.date(2026, 10, 31), x) for x in Language]
    ['October 2026', '2026년 10월']
    >>> [span(dt.date(2026, 7, 1), dt.date(2026, 9, 30), x) for x in Language]
    ['Q3 2026', '2026년 3분기']
    >>> [span(dt.date(2026, 1, 1), dt.date(2026, 6, 30), x) for x in Language]
    ['H1 2026', '2026년 상반기']
    >>> [span(dt.date(2025, 1, 1), dt.date(2025, 12, 31), x) for x in Language]
    ['2025', '2025년']
    >>> [span(dt.date(2026, 10, 3), dt.date(2026, 11, 2), x) for x in Language]
    ['Oct 3 – Nov 2, 2026', '2026년 10월 3일~11월 2일']
    >>> span(dt.date(2026, 10, 3), dt.date(2026, 10, 3), Language.EN)
    'Oct 3, 2026'
    """
    if start <= EARLIEST:
        return text("period.until", language, day=day(last, language))
    whole = named_period(start, last)
    if whole == "year":
        return format_skeleton("y", start, locale=language.value)
    if whole == "half":
        return text(f"period.half_{1 + (start.month > 6)}", language, year=start.year)
    if whole == "quarter":
        return format_skeleton("yQQQ", start, locale=language.value)
    if whole == "month":
        return format_skeleton("yMMMM", start, locale=language.value)
    if start == last:
        return day(start, language)
    return format_interval(start, last, "yMMMd", locale=language.value).replace("\u2009", " ")


def named_period(start: dt.date, last: dt.date) -> str | None:
    """The period ``start``…``last`` is exactly one of (``year``, ``half``, ``quarter``,
    ``month``), if any: a reader names it rather than its two ends."""
    if start.day != 1 or last.day != calendar.monthrange(last.year, last.month)[1]:
        return None
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    return next(
        (name for size, name in _WHOLE if size == months and (start.month - 1) % size == 0),
        None,
    )


GRAINS = ("day", "week", "month", "quarter", "year")


def period_label(value: object, grain: str | None, language: Language) -> str:
    """A period's start date as its name at ``grain``; anything else as it is.

    >>> period_label("2026-10-01", "month", Language.EN)
    'Oct 2026'
    >>> period_label("2026-10-01", "month", Language.KO)
    '2026년 10월'
    >>> period_label(dt.date(2026, 7, 1), "quarter", Language.KO)
    '2026년 3분기'
    >>> period_label("Seoul", "month", Language.EN)
    'Seoul'
    """
    day_value = _as_date(value)
    if day_value is None or grain not in GRAINS:
        return str(value)
    if grain == "month":
        return month(day_value, language)
    if grain == "quarter":
        quarter = (day_value.month - 1) // 3 + 1
        return (
            f"{day_value.year}년 {quarter}분기"
            if language is Language.KO
            else f"Q{quarter} {day_value.year}"
        )
    if grain == "year":
        return format_skeleton("y", day_value, locale=language.value)
    return day(day_value, language)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
