"""Dates and periods written for the reader's language, with babel's CLDR data.

A month is "Oct 2026" or "2026년 10월", never "2026-10-01"; a whole month, quarter or year
is named as one; any other range is "start – end".
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_interval, format_skeleton

from app.i18n.catalog import Language


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
    """A range in words: a whole month or year by its name, else its two ends.

    >>> period(dt.date(2026, 5, 1), dt.date(2026, 5, 31), Language.KO)
    '2026년 5월'
    >>> period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), Language.EN)
    '2025'
    >>> period(dt.date(2026, 3, 1), dt.date(2026, 6, 30), Language.EN)
    'Mar 1 – Jun 30, 2026'
    >>> period(dt.date(2026, 11, 1), dt.date(2026, 11, 28), Language.KO)
    '2026년 11월 1일~28일'
    """
    if start is None or end is None:
        one = start or end
        return day(one, language) if one else ""
    if start.day == 1 and _next_day(end).day == 1:
        if (start.month, end.month) == (1, 12) and start.year == end.year:
            return format_skeleton("y", start, locale=language.value)
        if (start.year, start.month) == (end.year, end.month):
            return month(start, language)
    if start == end:
        return day(start, language)
    # CLDR's interval form says the shared year or month once ("Nov 1 – 28, 2026").
    # Thin spaces around the dash become plain ones: they survive copying into a sheet.
    text = format_interval(start, end, "yMMMd", locale=language.value)
    return text.replace("\u2009", " ")


def _next_day(value: dt.date) -> dt.date:
    return value + dt.timedelta(days=1)


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
