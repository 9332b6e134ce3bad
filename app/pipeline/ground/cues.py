"""Phrases that shape a plan rather than name something: the operators of a question.

Time, grain, ranking, ordering, thresholds, comparisons, negation, counting and follow-ups
are closed classes of phrasing, in English and Korean. Each detector is a table of patterns
and what a match means, so adding a phrasing is adding a row. Relative time phrases stay
relative ("last month" is ``Last(1, month)``); calendar words without a year ("in March",
"Q3") are pinned to the most recent such period that has started on ``today``. Qualifiers
of a time phrase ("including today", "excluding the current month", "so far") are cues of
their own, which the planner combines with the phrase they qualify.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from app.pipeline.ground.analysis import NUMBER_WORDS
from metrics.model import Calculation
from metrics.timeframe import (
    Ago,
    Between,
    Last,
    Since,
    SinceAgo,
    TimeRange,
    ToDate,
    Until,
    shift,
    start_of,
)
from semantic_layer.model import Grain


class CueKind(StrEnum):
    TIME = "time"
    TIME_QUALIFIER = "time_qualifier"
    SHIFT = "shift"
    GRAIN = "grain"
    TOP = "top"
    ORDER = "order"
    THRESHOLD = "threshold"
    COUNT = "count"
    COMPARE = "compare"
    CORRELATE = "correlate"
    NEGATE = "negate"
    FOLLOW_UP = "follow_up"
    TEXT_MATCH = "text_match"
    UNIT = "unit"
    """ "(분 단위)", "(단위: 달러)", "in minutes": the unit to show a measure in."""
    DATE_PART = "date_part"
    """ "on weekends", "평일": a filter on a built-in part of the facts' date; "by day of
    week", "요일별": a breakdown by one."""


class Qualifier(StrEnum):
    TO_NOW = "to_now"
    """"until now", "so far", "as of today", "지금까지", "현재 기준": the range runs through
    today (alone: all of time, which is the state as it stands)."""
    INCLUDING_TODAY = "including_today"
    """"including today": a rolling window that ends today."""
    COMPLETE_PERIODS = "complete_periods"
    """"excluding the current month", "full months": whole periods before the current one."""
    INCLUSIVE = "inclusive"
    """"(both inclusive)", "inclusive of start and end dates": what a range already is."""
    FROM_AGO = "from_ago"
    """"inclusive of 30 days ago": from that day through today (the cue carries the range)."""
    UNDIRECTED = "undirected"
    """"ordered by revenue": an order with no direction of its own; another cue may give one."""


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    start: int
    end: int
    text: str
    time_range: TimeRange | None = None
    grain: Grain | None = None
    limit: int | None = None
    descending: bool = True
    offset: Grain | None = None
    calculation: Calculation | None = None
    """For COMPARE: growth alone ("growth"), or None for "versus" (show value and growth)."""
    qualifier: Qualifier | None = None
    op: str | None = None
    """For THRESHOLD: ``>``, ``>=``, ``<`` or ``<=``; for TEXT_MATCH: ``contains``,
    ``starts with`` or ``ends with``."""
    value: float | None = None
    percent: bool = False
    """For THRESHOLD: the value was written as a percentage ("6%", "6 percent")."""
    years: int = 0
    """For SHIFT: how many years back ("the same month last year")."""
    unit: str | None = None
    """For UNIT: the unit the answer is asked in, as one of ``UNIT_WORDS``' keys."""
    part: str | None = None
    """For DATE_PART: the built-in part of a date (``is_weekend``, ``day_of_week``)."""
    flag: bool | None = None
    """For DATE_PART: the value it must have (weekend: True, weekday: False); ``None`` for a
    breakdown."""


_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_INT = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

UNITS = {
    "day": Grain.DAY, "week": Grain.WEEK, "month": Grain.MONTH, "quarter": Grain.QUARTER,
    "year": Grain.YEAR, "일": Grain.DAY, "주": Grain.WEEK, "주일": Grain.WEEK,
    "개월": Grain.MONTH, "달": Grain.MONTH, "월": Grain.MONTH, "분기": Grain.QUARTER,
    "년": Grain.YEAR, "해": Grain.YEAR,
}  # fmt: skip
ENGLISH_UNITS = frozenset(unit for unit in UNITS if unit.isascii())
_UNIT_EN = r"(day|week|month|quarter|year)s?"
_UNIT_KO = r"(일|주일|주|개월|달|분기|년|해)"

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"((?:19|20)\d\d)"
_DAY = r"([0-3]?\d)(?:st|nd|rd|th)?"
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4}  # fmt: skip
_QUARTER_ORDINAL = r"(first|second|third|fourth|1st|2nd|3rd|4th)"
_DATE_EN = rf"(?:(\d{{4}}-\d\d-\d\d)|{_MONTH} {_DAY},? {_YEAR}|{_DAY} (?:of )?{_MONTH},? {_YEAR})"
"""An absolute date: ISO, "April 1 2023", "Jan 1, 2023", "1st of April 2023" (7 groups)."""
_DATE_KO = r"((?:19|20)\d\d) ?년 ?(\d{1,2}) ?월 ?(\d{1,2}) ?일"


def number(text: str) -> float:
    return float(text) if text[0].isdigit() else float(NUMBER_WORDS[text])


def count(text: str) -> int:
    return int(number(text))


def unit(text: str) -> Grain:
    return UNITS[text]


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    build: Callable[[re.Match[str], dt.date], dict[str, object]]
    kind: CueKind


def _p(
    kind: CueKind, pattern: str, build: Callable[[re.Match[str], dt.date], dict[str, object]]
) -> Pattern:
    # Word boundaries that work for Hangul too: no letter or digit right before or after.
    return Pattern(re.compile(rf"(?<![\w]){pattern}(?![a-z0-9]|-\d)"), build, kind)


def _time(value: TimeRange) -> dict[str, object]:
    return {"time_range": value}


def _next(grain: Grain, today: dt.date) -> Between:
    """The whole period after the current one ("next month", "다음 달")."""
    return _period(shift(start_of(grain, today), 1, grain), grain)


def _coming(n: int, grain: Grain, today: dt.date) -> Between:
    """The ``n`` units after today ("the next 30 days"): tomorrow through today + n."""
    return Between(start=today + dt.timedelta(days=1), end=shift(today, n, grain))


def _period(first: dt.date, grain: Grain) -> Between:
    return Between(start=first, end=shift(first, 1, grain) - dt.timedelta(days=1))


def _year(y: int) -> Between:
    return _period(dt.date(y, 1, 1), Grain.YEAR)


def _quarter(y: int, q: int) -> Between:
    return _period(dt.date(y, 3 * q - 2, 1), Grain.QUARTER)


def _month(y: int, m: int) -> Between:
    return _period(dt.date(y, m, 1), Grain.MONTH)


def _recent_half(h: int, today: dt.date) -> Between:
    """The latest half-year ``h`` that has begun."""
    year = today.year if _half(today.year, h).start <= today else today.year - 1
    return _half(year, h)


def _half(y: int, h: int) -> Between:
    first = dt.date(y, 1 if h == 1 else 7, 1)
    return Between(start=first, end=shift(first, 6, Grain.MONTH) - dt.timedelta(days=1))


def _months(y1: int, m1: int, y2: int, m2: int) -> Between:
    """From the first day of one month through the last day of another."""
    return Between(start=dt.date(y1, m1, 1), end=_month(y2, m2).end)


def _recent_month(m: int, today: dt.date) -> int:
    """The year of the most recent month ``m`` that has started."""
    return today.year if m <= today.month else today.year - 1


def _recent_quarter(q: int, today: dt.date) -> int:
    return today.year if 3 * q - 2 <= today.month else today.year - 1


def _ago(n: int, grain: Grain, today: dt.date) -> Ago:
    """ "3 months ago": the whole month three months before the current one."""
    return Ago(n=n, unit=grain)


def date_of(groups: tuple[str | None, ...]) -> dt.date:
    """The date of an ``_DATE_EN`` match's five groups."""
    iso, month, day, year, day2, month2, year2 = (*groups, None, None)[:7]
    if iso:
        return dt.date.fromisoformat(iso)
    if month is not None and day is not None and year is not None:
        return dt.date(int(year), MONTHS[month], int(day))
    assert day2 is not None and month2 is not None and year2 is not None
    return dt.date(int(year2), MONTHS[month2], int(day2))


def _dates(m: re.Match[str], first: int) -> dt.date:
    return date_of(tuple(m.group(i) for i in range(first, first + 7)))


def _month_range(m: re.Match[str], today: dt.date) -> dict[str, object]:
    """ "from March to June 2026", "March through June": the year is the later month's,
    or the most recent year the later month has started in."""
    m1, y1, m2, y2 = MONTHS[m[1]], m[2], MONTHS[m[3]], m[4]
    end_year = int(y2) if y2 else _recent_month(m2, today)
    start_year = int(y1) if y1 else (end_year if m1 <= m2 else end_year - 1)
    return _time(_months(start_year, m1, end_year, m2))


def _korean_month_range(m: re.Match[str], today: dt.date) -> dict[str, object]:
    y1, m1, y2, m2 = m[1], int(m[2]), m[3], int(m[4])
    end_year = int(y2) if y2 else (int(y1) if y1 else _recent_month(m2, today))
    start_year = int(y1) if y1 else (end_year if m1 <= m2 else end_year - 1)
    return _time(_months(start_year, m1, end_year, m2))


def _threshold(op: str) -> Callable[[re.Match[str], dt.date], dict[str, object]]:
    def build(m: re.Match[str], today: dt.date) -> dict[str, object]:
        magnitude = m.groupdict().get("mag") or m.groupdict().get("short") or ""
        value = number(m["n"]) * _MAGNITUDE.get(magnitude, 1)
        return {"op": op, "value": value, "percent": bool(m.groupdict().get("pct"))}

    return build


_MAGNITUDE = {
    "천": 1e3, "만": 1e4, "억": 1e8, "k": 1e3, "m": 1e6, "b": 1e9, "thousand": 1e3,
    "million": 1e6, "billion": 1e9, "mn": 1e6, "bn": 1e9,
}  # fmt: skip
_NUMBERS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_AMOUNT = (
    rf"[$₩€£]? ?(?P<n>\d+(?:\.\d+)?|{_NUMBERS})"
    r"(?: ?(?P<mag>thousand|million|billion|mn|bn|천|만|억)|(?P<short>[kmb])(?![a-z]))?"
    r" ?(?P<pct>%|percent|per ?cent|퍼센트|프로)?"
)
_NOT_TIME = r"(?! ?(?:days?|weeks?|months?|quarters?|years?)\b)"
_COUNTER = r" ?(?:건|개|명|곳|원|번|회)?"

# Order matters only for readability: overlapping matches are resolved by length later.
COMPARE_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.COMPARE, r"(?:yoy|y-o-y|year[- ]over[- ]year|year[- ]on[- ]year)( growth)?",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:mom|m-o-m|month[- ]over[- ]month|month[- ]on[- ]month)( growth)?",
       lambda m, t: {"offset": Grain.MONTH, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:qoq|q-o-q|quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter)( growth)?",
       lambda m, t: {"offset": Grain.QUARTER, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:wow|w-o-w|week[- ]over[- ]week|week[- ]on[- ]week)( growth)?",
       lambda m, t: {"offset": Grain.WEEK, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE,
       rf"(?:vs\.?|versus|compared (?:to|with)|against|relative to|over) (?:the )?(?:same period )?"
       rf"(?:(?:last|previous|prior) {_UNIT_EN}|(?:a|one|the) {_UNIT_EN} (?:ago|before|earlier))",
       lambda m, t: {"offset": unit(m[1] or m[2])}),
    _p(CueKind.COMPARE, r"(?:growth|growth rate|grew|increase rate|rate of change|percent(?:age)? change|% change)",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:전년|작년|지난해|전년 동기|작년 동기)(?: ?(?:대비|비)|(?:과|와|에|이랑|하고)? ?비교(?:한|해|하면|해서|하여)?)",
       lambda m, t: {"offset": Grain.YEAR}),
    _p(CueKind.COMPARE, r"(?:전월|지난달|지난 달|전달)(?: ?(?:대비|비)|(?:과|와|에|이랑|하고)? ?비교(?:한|해|하면|해서|하여)?)",
       lambda m, t: {"offset": Grain.MONTH}),
    _p(CueKind.COMPARE, r"(?:전 ?분기|지난 ?분기)(?: ?(?:대비|비)|(?:과|와)? ?비교(?:한|해)?)",
       lambda m, t: {"offset": Grain.QUARTER}),
    _p(CueKind.COMPARE, r"(?:성장률|증가율|성장세|성장|증감률|증감율|변화율|등락률)",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
)  # fmt: skip

TIME_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TIME, rf"(?:in |for )?(?:each|every) of the (?:last|past|previous|prior) {_INT} (?:full |complete |calendar )?{_UNIT_EN}",
       lambda m, t: {**_time(Last(n=count(m[1]), unit=unit(m[2]))), "grain": unit(m[2])}),
    _p(CueKind.TIME, rf"(?:over |in |during |for |within )?(?:the )?(?:last|past|previous|prior|trailing|recent) {_INT} {_UNIT_EN}",
       lambda m, t: _time(Last(n=count(m[1]), unit=unit(m[2])))),
    _p(CueKind.TIME, rf"(?:over |in |during |for )?(?:the )?(?:last|past|previous|prior) {_INT} (?:full|complete|whole|calendar) {_UNIT_EN}",
       lambda m, t: _time(Last(n=count(m[1]), unit=unit(m[2])))),
    _p(CueKind.TIME, rf"(?:the )?{_INT} (?:full|complete|whole) {_UNIT_EN} (?:before|prior to) (?:this|the current) (?:one|{_UNIT_EN})",
       lambda m, t: _time(Last(n=count(m[1]), unit=unit(m[2])))),
    _p(CueKind.TIME, r"(?:over |in |during |for )?(?:the )?(?:whole of the )?(?:last|past|previous|prior)(?: iso)? (day|week|month|quarter|year)",
       lambda m, t: _time(Last(n=1, unit=unit(m[1])))),
    _p(CueKind.TIME, r"yesterday", lambda m, t: _time(Last(n=1, unit=Grain.DAY))),
    _p(CueKind.TIME, r"(?:over |in |during |for |within )?(?:the )?(?:next|coming|upcoming) (day|week|month|quarter|year)",
       lambda m, t: _time(_next(unit(m[1]), t))),
    _p(CueKind.TIME, rf"(?:over |in |during |for |within )?(?:the )?(?:next|coming|upcoming) {_INT} {_UNIT_EN}",
       lambda m, t: _time(_coming(count(m[1]), unit(m[2]), t))),
    _p(CueKind.TIME, r"tomorrow", lambda m, t: _time(_next(Grain.DAY, t))),
    _p(CueKind.TIME, r"(?:so far )?(?:in |during |for )?(?:this|the current|current) (week|month|quarter|year)(?: so far| to date)?",
       lambda m, t: _time(ToDate(unit=unit(m[1])))),
    _p(CueKind.TIME, r"(week|month|quarter|year)[- ]to[- ]date",
       lambda m, t: _time(ToDate(unit=unit(m[1])))),
    _p(CueKind.TIME, r"(wtd|mtd|qtd|ytd)",
       lambda m, t: _time(ToDate(unit={"w": Grain.WEEK, "m": Grain.MONTH, "q": Grain.QUARTER,
                                        "y": Grain.YEAR}[m[1][0]]))),
    _p(CueKind.TIME, r"(?:for |on )?today(?:'?s)?(?: date)?", lambda m, t: _time(ToDate(unit=Grain.DAY))),
    _p(CueKind.TIME, rf"{_INT} {_UNIT_EN} ago", lambda m, t: _time(_ago(count(m[1]), unit(m[2]), t))),
    _p(CueKind.TIME, rf"(?:a|one) {_UNIT_EN} ago", lambda m, t: _time(_ago(1, unit(m[1]), t))),
    # absolute dates and ranges of them
    _p(CueKind.TIME, rf"(?:between |from )?{_DATE_EN} (?:and|to|until|till|through|thru|-) {_DATE_EN}",
       lambda m, t: _time(Between(start=_dates(m, 1), end=_dates(m, 8)))),
    _p(CueKind.TIME, rf"(?:since|on or after|from|starting(?: from| on)?|after) {_DATE_EN}(?: onwards?)?",
       lambda m, t: _time(Since(start=_dates(m, 1) + dt.timedelta(days=1 if m.group().startswith("after") else 0)))),
    _p(CueKind.TIME, rf"(?:on )?{_DATE_EN}",
       lambda m, t: _time(Between(start=_dates(m, 1), end=_dates(m, 1)))),
    _p(CueKind.TIME, rf"(?:(?:between|from) )?{_DATE_KO} ?(?:부터|에서|~|-) ?{_DATE_KO} ?(?:까지)?",
       lambda m, t: _time(Between(start=dt.date(int(m[1]), int(m[2]), int(m[3])), end=dt.date(int(m[4]), int(m[5]), int(m[6]))))),
    _p(CueKind.TIME, rf"{_DATE_KO} ?(?:부터|이후)",
       lambda m, t: _time(Since(start=dt.date(int(m[1]), int(m[2]), int(m[3]))))),
    _p(CueKind.TIME, _DATE_KO, lambda m, t: _time(Between(start=dt.date(int(m[1]), int(m[2]), int(m[3])), end=dt.date(int(m[1]), int(m[2]), int(m[3]))))),
    # quarters, halves, months, years
    _p(CueKind.TIME, rf"(?:in |during |for )?(?:the )?(?:q([1-4]) (?:of )?{_YEAR}|{_YEAR} q([1-4]))",
       lambda m, t: _time(_quarter(int(m[2] or m[3]), int(m[1] or m[4])))),
    _p(CueKind.TIME, rf"(?:in |during |for )?(?:the )?{_QUARTER_ORDINAL} quarter (?:of )?{_YEAR}",
       lambda m, t: _time(_quarter(int(m[2]), _ORDINAL[m[1]]))),
    _p(CueKind.TIME, r"(?:in |during )?q([1-4])",
       lambda m, t: _time(_quarter(_recent_quarter(int(m[1]), t), int(m[1])))),
    _p(CueKind.TIME, rf"(?:in |during |for )?(?:the )?(first|second|1st|2nd) half (?:of )?{_YEAR}",
       lambda m, t: _time(_half(int(m[2]), 1 if m[1] in ("first", "1st") else 2))),
    _p(CueKind.TIME, rf"(?:in |during )?h([12]) {_YEAR}",
       lambda m, t: _time(_half(int(m[2]), int(m[1])))),
    # "2025H2", "2025 h1", "FY2025 H2": the year first, as finance writes it
    _p(CueKind.TIME, rf"(?:in |during )?(?:fy ?)?{_YEAR} ?h([12])",
       lambda m, t: _time(_half(int(m[1]), int(m[2])))),
    # A half with no year is the latest one begun; a year next to it moves it (timing.py).
    _p(CueKind.TIME, r"(?:in |during |for )?(?:the )?(first|second|1st|2nd) half(?: of the year)?",
       lambda m, t: _time(_recent_half(1 if m[1] in ("first", "1st") else 2, t))),
    _p(CueKind.TIME, r"(?:in |during )?h([12])", lambda m, t: _time(_recent_half(int(m[1]), t))),
    _p(CueKind.TIME, rf"(?:from )?{_MONTH}(?: {_YEAR})? (?:to|until|till|through|thru|-) {_MONTH}(?: {_YEAR})?",
       _month_range),
    _p(CueKind.TIME, rf"between {_MONTH}(?: {_YEAR})? and {_MONTH}(?: {_YEAR})?", _month_range),
    # "from 2023 until 2025", "2023년부터 2025년까지": whole years, both included
    _p(CueKind.TIME, rf"(?:from )?{_YEAR} (?:to|until|till|through|thru|-) {_YEAR}",
       lambda m, t: _time(Between(start=dt.date(int(m[1]), 1, 1), end=dt.date(int(m[2]), 12, 31)))),
    _p(CueKind.TIME, rf"between {_YEAR} and {_YEAR}",
       lambda m, t: _time(Between(start=dt.date(int(m[1]), 1, 1), end=dt.date(int(m[2]), 12, 31)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(?:부터|에서|~|-) ?{_YEAR} ?년 ?(?:까지)?",
       lambda m, t: _time(Between(start=dt.date(int(m[1]), 1, 1), end=dt.date(int(m[2]), 12, 31)))),
    _p(CueKind.TIME, rf"(?:since|from) (?:the )?(?:beginning|start) of {_YEAR}",
       lambda m, t: _time(Since(start=dt.date(int(m[1]), 1, 1)))),
    _p(CueKind.TIME, rf"(?:since|from|starting(?: from| in)?) {_MONTH}(?: {_YEAR})?",
       lambda m, t: _time(Since(start=dt.date(int(m[2]) if m[2] else _recent_month(MONTHS[m[1]], t), MONTHS[m[1]], 1)))),
    _p(CueKind.TIME, rf"(?:since|from|starting(?: from| in)?) {_YEAR}(?: on(?:wards?)?)?", lambda m, t: _time(Since(start=dt.date(int(m[1]), 1, 1)))),
    # "after March 2025", "later than 2024": from the period after it
    _p(CueKind.TIME, rf"(?:after|later than) {_MONTH},? {_YEAR}",
       lambda m, t: _time(Since(start=shift(dt.date(int(m[2]), MONTHS[m[1]], 1), 1, Grain.MONTH)))),
    _p(CueKind.TIME, rf"(?:after|later than) {_YEAR}", lambda m, t: _time(Since(start=dt.date(int(m[1]) + 1, 1, 1)))),
    # "before 2025", "until March 2025": everything up to it, with no start of its own
    _p(CueKind.TIME, rf"(?:before|prior to|earlier than) {_DATE_EN}",
       lambda m, t: _time(Until(end=_dates(m, 1) - dt.timedelta(days=1)))),
    _p(CueKind.TIME, rf"(?:until|till|through|up to|up until|no later than|on or before) {_DATE_EN}",
       lambda m, t: _time(Until(end=_dates(m, 1)))),
    _p(CueKind.TIME, rf"(?:before|prior to|earlier than) {_MONTH},? {_YEAR}",
       lambda m, t: _time(Until(end=dt.date(int(m[2]), MONTHS[m[1]], 1) - dt.timedelta(days=1)))),
    _p(CueKind.TIME, rf"(?:until|till|through|up to|up until|by the end of|by end of) {_MONTH},? {_YEAR}",
       lambda m, t: _time(Until(end=_month(int(m[2]), MONTHS[m[1]]).end))),
    _p(CueKind.TIME, rf"(?:before|prior to|earlier than) {_YEAR}",
       lambda m, t: _time(Until(end=dt.date(int(m[1]) - 1, 12, 31)))),
    # Not "up to" before a bare year: "up to 2000 orders" is a threshold.
    _p(CueKind.TIME, rf"(?:until|till|through|up until|by the end of|by end of) {_YEAR}",
       lambda m, t: _time(Until(end=dt.date(int(m[1]), 12, 31)))),
    _p(CueKind.TIME, rf"(?:in |during |for )?{_MONTH},? {_YEAR}",
       lambda m, t: _time(_month(int(m[2]), MONTHS[m[1]]))),
    _p(CueKind.TIME, rf"(?:in |during |for ){_MONTH}",
       lambda m, t: _time(_month(_recent_month(MONTHS[m[1]], t), MONTHS[m[1]]))),
    _p(CueKind.TIME, rf"(?:in |during |for )?(?:the year )?{_YEAR}", lambda m, t: _time(_year(int(m[1])))),
    # Korean.
    _p(CueKind.TIME, rf"(?:최근|지난|과거) ?{_INT} ?{_UNIT_KO}(?:간|동안)?",
       lambda m, t: _time(Last(n=count(m[1]), unit=unit(m[2])))),
    _p(CueKind.TIME, r"(?:최근|지난|과거) ?(일주일|한 ?주|한 ?달|한 ?해|일 ?년)(?:간|동안)?",
       lambda m, t: _time(Last(n=1, unit={"일주일": Grain.WEEK, "한주": Grain.WEEK, "한달": Grain.MONTH}.get(m[1].replace(" ", ""), Grain.YEAR)))),
    _p(CueKind.TIME, r"(?:지난 ?달|저번 ?달|전월|지난 ?월)", lambda m, t: _time(Last(n=1, unit=Grain.MONTH))),
    _p(CueKind.TIME, r"(?:이번 ?달|당월|이달|이번 ?월)", lambda m, t: _time(ToDate(unit=Grain.MONTH))),
    _p(CueKind.TIME, r"(?:다음 ?달|내달|익월|다음 ?월)", lambda m, t: _time(_next(Grain.MONTH, t))),
    _p(CueKind.TIME, r"(?:다음 ?주|차주)", lambda m, t: _time(_next(Grain.WEEK, t))),
    _p(CueKind.TIME, r"(?:다음 ?분기|차 ?분기)", lambda m, t: _time(_next(Grain.QUARTER, t))),
    _p(CueKind.TIME, r"(?:내년|다음 ?해|명년)", lambda m, t: _time(_next(Grain.YEAR, t))),
    _p(CueKind.TIME, r"(?:지난 ?주|저번 ?주|전주)", lambda m, t: _time(Last(n=1, unit=Grain.WEEK))),
    _p(CueKind.TIME, r"(?:이번 ?주|금주)", lambda m, t: _time(ToDate(unit=Grain.WEEK))),
    _p(CueKind.TIME, r"(?:지난 ?분기|전 ?분기|직전 ?분기)", lambda m, t: _time(Last(n=1, unit=Grain.QUARTER))),
    _p(CueKind.TIME, r"(?:이번 ?분기|당 ?분기)", lambda m, t: _time(ToDate(unit=Grain.QUARTER))),
    _p(CueKind.TIME, r"(?:올해|금년|올 ?해|이번 ?해|연초 ?이후|올해 ?들어)", lambda m, t: _time(ToDate(unit=Grain.YEAR))),
    _p(CueKind.TIME, r"(?:작년|지난 ?해|전년|지난 ?년도|작년도)", lambda m, t: _time(Last(n=1, unit=Grain.YEAR))),
    _p(CueKind.TIME, r"재작년", lambda m, t: _time(_year(t.year - 2))),
    _p(CueKind.TIME, r"어제", lambda m, t: _time(Last(n=1, unit=Grain.DAY))),
    _p(CueKind.TIME, r"오늘(?!까지)", lambda m, t: _time(ToDate(unit=Grain.DAY))),
    _p(CueKind.TIME, rf"{_INT} ?{_UNIT_KO} ?전(?![가-힣])|{_INT} ?{_UNIT_KO} ?전(?=에|의|까지|부터)",
       lambda m, t: _time(_ago(count(m[1] or m[3]), unit(m[2] or m[4]), t))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?([1-4]) ?분기",
       lambda m, t: _time(_quarter(int(m[1]), int(m[2])))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(상|하)반기",
       lambda m, t: _time(_half(int(m[1]), 1 if m[2] == "상" else 2))),
    _p(CueKind.TIME, r"(상|하)반기", lambda m, t: _time(_recent_half(1 if m[1] == "상" else 2, t))),
    _p(CueKind.TIME, rf"(?:{_YEAR} ?년 ?)?(\d{{1,2}}) ?월 ?(?:부터|에서|~|-) ?(?:{_YEAR} ?년 ?)?(\d{{1,2}}) ?월 ?(?:까지)?",
       _korean_month_range),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(\d{{1,2}}) ?월 ?(?:부터|이후)",
       lambda m, t: _time(Since(start=dt.date(int(m[1]), int(m[2]), 1)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(\d{{1,2}}) ?월",
       lambda m, t: _time(_month(int(m[1]), int(m[2])))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(?:부터|이후)", lambda m, t: _time(Since(start=dt.date(int(m[1]), 1, 1)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(?:말 ?)?까지", lambda m, t: _time(Until(end=dt.date(int(m[1]), 12, 31)))),
    # 이전 only: a bare 전 begins words too ("2025년 전자제품")
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?이전", lambda m, t: _time(Until(end=dt.date(int(m[1]) - 1, 12, 31)))),
    _p(CueKind.TIME, rf"{_DATE_KO} ?까지",
       lambda m, t: _time(Until(end=dt.date(int(m[1]), int(m[2]), int(m[3]))))),
    _p(CueKind.TIME, rf"{_DATE_KO} ?이전",
       lambda m, t: _time(Until(end=dt.date(int(m[1]), int(m[2]), int(m[3])) - dt.timedelta(days=1)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년(?:도)?", lambda m, t: _time(_year(int(m[1])))),
    _p(CueKind.TIME, r"([1-4]) ?분기",
       lambda m, t: _time(_quarter(_recent_quarter(int(m[1]), t), int(m[1])))),
    _p(CueKind.TIME, r"(\d{1,2}) ?월 ?(?:부터|이후)",
       lambda m, t: _time(Since(start=dt.date(_recent_month(int(m[1]), t), int(m[1]), 1)))),
    _p(CueKind.TIME, r"(\d{1,2}) ?월",
       lambda m, t: _time(_month(_recent_month(int(m[1]), t), int(m[1])))),
)  # fmt: skip

QUALIFIER_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TIME_QUALIFIER, r"(?:up )?(?:to|until|till|through) (?:now|today|date|the present)|so far|to date|(?:지금|현재|오늘) ?까지"
       r"|as of (?:right now|now|today|this moment|the present)|(?:지금|현재|오늘) ?기준(?:으로)?",
       lambda m, t: {"qualifier": Qualifier.TO_NOW}),
    _p(CueKind.TIME_QUALIFIER, r"\(?(?:including|inclusive of|with|counting) today(?:'?s)?(?: date)?\)?|today(?:'?s date)? included|오늘(?:을)? ?포함(?:한|해서|하여|하고)?",
       lambda m, t: {"qualifier": Qualifier.INCLUDING_TODAY}),
    _p(CueKind.TIME_QUALIFIER, rf"\(?(?:excluding|exclusive of|not including|not counting|without|except(?: for)?|other than) (?:the )?(?:current|this|today's|the present) {_UNIT_EN}\)?",
       lambda m, t: {"qualifier": Qualifier.COMPLETE_PERIODS, "grain": unit(m[1])}),
    _p(CueKind.TIME_QUALIFIER, r"(?:이번 ?(?:달|주|분기|해|년)|당월|금주|올해)(?:을|를|은|는)? ?(?:제외(?:한|하고|하면)?|빼고)",
       lambda m, t: {"qualifier": Qualifier.COMPLETE_PERIODS}),
    _p(CueKind.TIME_QUALIFIER,
       r"\(?(?:both |all )?(?:inclusive|included)(?: of (?:the |both )?(?:start|end|first|last|begin\w*)"
       r"(?: and (?:the )?(?:start|end|last))? ?(?:dates?|days?)?| on both ends| at both ends)?\)?|"
       r"\((?:both |all )?(?:dates? )?(?:inclusive|included)\)|양 ?끝 ?포함|(?:시작|종료)일 ?포함",
       lambda m, t: {"qualifier": Qualifier.INCLUSIVE}),
    _p(CueKind.TIME_QUALIFIER, rf"\(?inclusive of {_INT} {_UNIT_EN} ago\)?",
       lambda m, t: {"qualifier": Qualifier.FROM_AGO, "time_range": SinceAgo(n=count(m[1]), unit=unit(m[2]))}),
)  # fmt: skip

SHIFT_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.SHIFT, r"(?:(?:for|in|during) )?(?:the )?same (?:day|week|month|quarter|period|time|dates?) (?:of )?(?:last|the previous|the prior|a) year",
       lambda m, t: {"years": 1}),
    _p(CueKind.SHIFT, r"(?:작년|전년|지난 ?해) ?(?:같은|동일한|동) ?(?:달|기간|분기|주|날|월)|전년 ?(?:동월|동기|동분기)",
       lambda m, t: {"years": 1}),
)  # fmt: skip

GRAIN_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.GRAIN, r"(?:daily|per day|by day|each day|day by day|by date|per date)",
       lambda m, t: {"grain": Grain.DAY}),
    _p(CueKind.GRAIN, r"(?:weekly|per week|by week|each week|week by week)",
       lambda m, t: {"grain": Grain.WEEK}),
    _p(CueKind.GRAIN, r"(?:monthly|per month|by month|each month|month by month)",
       lambda m, t: {"grain": Grain.MONTH}),
    _p(CueKind.GRAIN, r"(?:quarterly|per quarter|by quarter|each quarter)",
       lambda m, t: {"grain": Grain.QUARTER}),
    _p(CueKind.GRAIN, r"(?:yearly|annually|annual|per year|by year|each year|year by year)",
       lambda m, t: {"grain": Grain.YEAR}),
    _p(CueKind.GRAIN, r"(?:일별|일자별|날짜별|매일|하루 ?단위|일간)", lambda m, t: {"grain": Grain.DAY}),
    _p(CueKind.GRAIN, r"(?:주별|주간|주차별|매주|주 ?단위|주별로)", lambda m, t: {"grain": Grain.WEEK}),
    _p(CueKind.GRAIN, r"(?:월별|월간|매월|매달|달별|월 ?단위|월별로)", lambda m, t: {"grain": Grain.MONTH}),
    _p(CueKind.GRAIN, r"(?:분기별|분기 ?단위|분기마다)", lambda m, t: {"grain": Grain.QUARTER}),
    _p(CueKind.GRAIN, r"(?:연도별|연별|년도별|년별|연간|해마다|연 ?단위)", lambda m, t: {"grain": Grain.YEAR}),
    _p(CueKind.GRAIN, r"(?:which|what) (day|week|month|quarter|year)", lambda m, t: {"grain": unit(m[1])}),
    _p(CueKind.GRAIN, r"(?:best|worst|highest|lowest|biggest|busiest|strongest|weakest|peak) (day|week|month|quarter|year)",
       lambda m, t: {"grain": unit(m[1]), "limit": 1, "descending": not m.group().startswith(("worst", "lowest", "weakest"))}),
    _p(CueKind.GRAIN, r"(?:(가장|제일) ?)?(높은|많은|적은|낮은|좋은|나쁜|큰|작은|잘 팔린|많이 팔린) (달|분기|주|해|날)(?![가-힣])",
       lambda m, t: {"grain": {"달": Grain.MONTH, "분기": Grain.QUARTER, "주": Grain.WEEK, "해": Grain.YEAR}.get(m[3], Grain.DAY),
                     "limit": 1 if m[1] else None, "descending": m[2] not in ("적은", "낮은", "나쁜", "작은")}),
    _p(CueKind.GRAIN, r"(?:어느|어떤|몇) ?(일|주|달|월|분기|해|년도|연도)",
       lambda m, t: {"grain": {"일": Grain.DAY, "주": Grain.WEEK, "달": Grain.MONTH, "월": Grain.MONTH,
                               "분기": Grain.QUARTER}.get(m[1], Grain.YEAR)}),
    # A trend without a grain is a monthly trend.
    _p(CueKind.GRAIN, r"(?:trend|trends|over time|trending|time series|추이|추세|흐름)",
       lambda m, t: {"grain": None}),
)  # fmt: skip

_SORTED = r"(?: ?(?:정렬|나열)(?:해 ?주세요|해줘|해서|하여|하고|해|한|된)?)?"
_MOST = r"(?:most|highest|largest|biggest|greatest|strongest|best|top)"
_LEAST = r"(?:least|lowest|smallest|fewest|weakest|worst|bottom)"

TOP_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TOP, rf"(?:the )?(?:top|best|highest|largest|biggest|leading|best[- ]selling|most) {_INT}",
       lambda m, t: {"limit": count(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:the )?(?:bottom|worst|lowest|smallest|weakest|least) {_INT}",
       lambda m, t: {"limit": count(m[1]), "descending": False}),
    _p(CueKind.TOP, rf"(?:the )?{_INT} {_MOST}(?:[- ]selling| \w+ly)?",
       lambda m, t: {"limit": count(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:the )?{_INT} {_LEAST}",
       lambda m, t: {"limit": count(m[1]), "descending": False}),
    _p(CueKind.TOP, r"(?:the )?(?:top|best[- ]selling)", lambda m, t: {"limit": 10, "descending": True}),
    _p(CueKind.TOP, r"(?:the )?bottom", lambda m, t: {"limit": 10, "descending": False}),
    _p(CueKind.TOP, r"(?:the )?(?:highest|most|largest|biggest|greatest|strongest|best)(?: \w+ly)?",
       lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"(?:the )?(?:lowest|least|smallest|fewest|weakest|worst)",
       lambda m, t: {"limit": 1, "descending": False}),
    _p(CueKind.TOP, rf"(?:상위|탑|top|베스트|best) ?{_INT} ?(?:개|곳|위|명|개의|곳의|건)?",
       lambda m, t: {"limit": count(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:하위|워스트|bottom) ?{_INT} ?(?:개|곳|위|명|개의|곳의|건)?",
       lambda m, t: {"limit": count(m[1]), "descending": False}),
    _p(CueKind.TOP, r"(?:가장|제일) ?(?:많이|많은|높은|큰|잘|많|높|좋은)", lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"(?:가장|제일) ?(?:적게|적은|낮은|작은|적|낮|나쁜|부진한)", lambda m, t: {"limit": 1, "descending": False}),
    # "이익률 높은 카테고리 3개", "주문 많은 매장": an attributive adjective ranks the noun it
    # describes; the number counting that noun ("3개", "5곳") is the limit, if there is one.
    _p(CueKind.TOP, r"(?:많은|높은|큰|많이 팔린|잘 팔린|많이 판매된)(?= ?[가-힣])",
       lambda m, t: {"limit": None, "descending": True}),
    _p(CueKind.TOP, r"(?:적은|낮은|작은|적게 팔린|덜 팔린)(?= ?[가-힣])",
       lambda m, t: {"limit": None, "descending": False}),
    _p(CueKind.TOP, r"(?:최고|최대)(?:의|인)?", lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"(?:최저|최소)(?:의|인)?", lambda m, t: {"limit": 1, "descending": False}),
)  # fmt: skip

ORDER_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.ORDER, rf"(?:(?:ordered|sorted|ranked|listed|arranged) )?(?:from (?:the )?)?{_MOST} to (?:the )?{_LEAST}",
       lambda m, t: {"descending": True}),
    _p(CueKind.ORDER, rf"(?:(?:ordered|sorted|ranked|listed|arranged) )?(?:from (?:the )?)?{_LEAST} to (?:the )?{_MOST}",
       lambda m, t: {"descending": False}),
    _p(CueKind.ORDER, r"(?:(?:ordered|sorted|ranked|listed|arranged) )?(?:in )?(descending|ascending|decreasing|increasing)(?: order)?",
       lambda m, t: {"descending": m[1] in ("descending", "decreasing")}),
    _p(CueKind.ORDER, r"(?:ordered|sorted|ranked|arranged) by(?= )",
       lambda m, t: {"descending": True, "qualifier": Qualifier.UNDIRECTED}),
    _p(CueKind.ORDER, rf"starting (?:from|with) (?:the )?(?:{_MOST}|{_LEAST})",
       lambda m, t: {"descending": not re.search(_LEAST, m.group())}),
    # "많은 순으로 정렬해 주세요", "오름차순 정렬": the verb of sorting belongs to the direction
    _p(CueKind.ORDER, rf"(?:(?:많은|높은|큰|좋은) ?(?:순서|순)(?:으로|로|대로)?|내림차순(?:으로)?){_SORTED}",
       lambda m, t: {"descending": True}),
    _p(CueKind.ORDER, rf"(?:(?:적은|낮은|작은) ?(?:순서|순)(?:으로|로|대로)?|오름차순(?:으로)?){_SORTED}",
       lambda m, t: {"descending": False}),
    # "매출 순위", "순위를 매겨": a ranking is the order from the top, with no limit
    _p(CueKind.ORDER, r"(?:순위|랭킹)(?:별로|대로|로|를|가|는)?(?: ?매겨(?:줘|서|주세요)?)?",
       lambda m, t: {"descending": True}),
    # "정렬해" alone: an order whose direction another cue may give
    _p(CueKind.ORDER, r"(?:정렬|나열)(?:해 ?주세요|해줘|해서|하여|하고|해|한|된)?",
       lambda m, t: {"descending": True, "qualifier": Qualifier.UNDIRECTED}),
)  # fmt: skip

THRESHOLD_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.THRESHOLD, rf"(?:more|greater|higher|larger|bigger) than {_AMOUNT}{_NOT_TIME}", _threshold(">")),
    _p(CueKind.THRESHOLD, rf"(?:fewer|less|lower|smaller) than {_AMOUNT}{_NOT_TIME}", _threshold("<")),
    _p(CueKind.THRESHOLD, rf"(?:over|above|exceeding|exceeds|exceeded|beyond|passed|passing|surpassed|topped) {_AMOUNT}{_NOT_TIME}", _threshold(">")),
    _p(CueKind.THRESHOLD, rf"(?:under|below) {_AMOUNT}{_NOT_TIME}", _threshold("<")),
    _p(CueKind.THRESHOLD, rf"(?:at least|no less than|no fewer than|a minimum of) {_AMOUNT}", _threshold(">=")),
    _p(CueKind.THRESHOLD, rf"(?:at most|no more than|a maximum of|up to) {_AMOUNT}{_NOT_TIME}", _threshold("<=")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT} or (?:more|greater|higher|above)", _threshold(">=")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT} or (?:fewer|less|lower|below)", _threshold("<=")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER} ?이상", _threshold(">=")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER} ?이하", _threshold("<=")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER} ?초과", _threshold(">")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER} ?미만", _threshold("<")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER}(?:을|를|이|가)? ?(?:넘은|넘는|넘긴|넘어선|넘었던|넘었|넘게|초과한|초과하는|웃도는|상회하는)", _threshold(">")),
    _p(CueKind.THRESHOLD, rf"{_AMOUNT}{_COUNTER}(?:에|을|를|이|가)? ?(?:못 ?미치는|미달인|미달한|밑도는|하회하는|안 ?되는)", _threshold("<")),
)  # fmt: skip

COUNT_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.COUNT, r"(?:the )?(?:total )?(?:number|count|no\.|#) of", lambda m, t: {}),
    _p(CueKind.COUNT, r"how many", lambda m, t: {}),
    _p(CueKind.COUNT, r"몇 ?(?:건|개|명|번|회|곳|가지|대)", lambda m, t: {}),
)  # fmt: skip

UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "hour": ("시간", "hours", "hour", "hrs"),
    "minute": ("분", "minutes", "mins"),
    "second": ("초", "seconds", "secs"),
    "day": ("days",),  # "일 단위" is a daily breakdown (a grain), so Korean has no row here
    "krw": ("원", "won", "krw"),
    "krw_thousand": ("천원", "천 원"),
    "krw_10k": ("만원", "만 원"),
    "krw_100m": ("억원", "억 원"),
    "usd": ("달러", "dollars", "usd"),
    "gb": ("기가바이트", "gigabytes", "gb"),
    "mb": ("메가바이트", "megabytes", "mb"),
}
"""Units a question may ask a measure in, by the words that name them. (Not percent: "in
percent" asks a share or a growth, which the words of shares and comparisons read.)"""
_UNIT_OF = {word: unit for unit, words in UNIT_WORDS.items() for word in words}
_UNIT = "(" + "|".join(re.escape(w) for w in sorted(_UNIT_OF, key=len, reverse=True)) + ")"


def _unit(m: re.Match[str], today: dt.date) -> dict[str, object]:
    return {"unit": _UNIT_OF[next(g for g in m.groups() if g)]}


UNIT_PATTERNS: tuple[Pattern, ...] = (
    # "(분 단위)", "초 단위로", "(단위: 달러)", "(in minutes)", "in MB", "(KRW)"
    _p(CueKind.UNIT, rf"\(? ?{_UNIT} ?단위(?:로|로서)?\)?|\(? ?단위 ?[:：]? ?{_UNIT} ?\)?", _unit),
    _p(CueKind.UNIT, rf"\(?(?:in|measured in|expressed in) {_UNIT}\)?", _unit),
    _p(CueKind.UNIT, rf"\({_UNIT}\)", _unit),
)  # fmt: skip

DATE_PART_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.DATE_PART, r"(?:(?:on|at|during|over) )?(?:the )?weekends?",
       lambda m, t: {"part": "is_weekend", "flag": True}),
    _p(CueKind.DATE_PART, r"(?:(?:on|during) )?(?:the )?(?:weekdays?|working days?|business days?)",
       lambda m, t: {"part": "is_weekend", "flag": False}),
    _p(CueKind.DATE_PART, r"주말(?:에|에는|동안)?", lambda m, t: {"part": "is_weekend", "flag": True}),
    _p(CueKind.DATE_PART, r"(?:평일|주중)(?:에|에는|동안)?",
       lambda m, t: {"part": "is_weekend", "flag": False}),
    _p(CueKind.DATE_PART,
       r"(?:(?:by|per|for each|each|across) (?:the )?(?:day of (?:the )?week|weekday)|"
       r"(?:the )?day of (?:the )?week)",
       lambda m, t: {"part": "day_of_week"}),
    _p(CueKind.DATE_PART, r"요일(?:별|마다|별로)", lambda m, t: {"part": "day_of_week"}),
    _p(CueKind.DATE_PART,
       r"(?:(?:by|per|for each|each|across) (?:the )?(?:hour of (?:the )?day|hour|time of day)|"
       r"(?:the )?(?:hour of (?:the )?day|time of day))",
       lambda m, t: {"part": "hour"}),
    _p(CueKind.DATE_PART, r"시간대(?:별|마다|별로)?", lambda m, t: {"part": "hour"}),
)  # fmt: skip

OTHER_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.CORRELATE,
       r"(?:affects?|affected|effects? (?:of|on)|impacts?|influences?|relationship between|"
       r"relationship|related to|correlat\w*|relate to|drives?|depends? on)",
       lambda m, t: {}),
    _p(CueKind.CORRELATE, r"(?:(?:에|에게) )?(?:미치는|미친|주는|준|끼치는|끼친) ?영향|(?:영향|관계|상관 ?관계|상관)", lambda m, t: {}),
    _p(CueKind.NEGATE,
       r"(?:excluding|except(?: for)?|other than|apart from|aside from|without|not including|"
       r"outside(?: of)?|besides|barring|save for|"
       r"not counting|but not|exclude|leave out|leaving out|left out|omit|omitting|minus|not)",
       lambda m, t: {}),
    _p(CueKind.NEGATE, r"(?:제외(?:하고|한|하면|해서|시키고)?|빼고|뺀|말고|외에|아닌|이 ?아닌|가 ?아닌)", lambda m, t: {}),
    _p(CueKind.FOLLOW_UP,
       r"^(?:now|and|but|what about|how about|ok(?:ay)?,? now|same (?:thing|for)|instead|also|"
       r"then|just|only|make it|change (?:it|that) to|switch to)",
       lambda m, t: {}),
    _p(CueKind.FOLLOW_UP, r"^(?:그럼|그러면|그렇다면|이번엔|이번에는|대신|그리고|근데|또)", lambda m, t: {}),
)  # fmt: skip

_QUOTE_NEXT = r"(?= ?['\"])"
TEXT_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TEXT_MATCH, rf"(?:that |which |whose \w+ )?(?:has|have|having|contains?|containing|includes?|including)(?: the (?:text|letters?|string))?{_QUOTE_NEXT}",
       lambda m, t: {"op": "contains"}),
    _p(CueKind.TEXT_MATCH, rf"(?:that |which )?(?:starts?|starting|begins?|beginning) with(?: the (?:text|letters?|string))?{_QUOTE_NEXT}",
       lambda m, t: {"op": "starts with"}),
    _p(CueKind.TEXT_MATCH, rf"(?:that |which )?(?:ends?|ending) with(?: the (?:text|letters?|string))?{_QUOTE_NEXT}",
       lambda m, t: {"op": "ends with"}),
    _p(CueKind.TEXT_MATCH, r"(?<=['\"])(?:이|가|을|를)? ?(?:들어간|들어가는|포함된|포함하는|포함한|들어 있는|있는)",
       lambda m, t: {"op": "contains"}),
    _p(CueKind.TEXT_MATCH, r"(?<=['\"])(?:로|으로) ?시작(?:하는|한|되는)", lambda m, t: {"op": "starts with"}),
    _p(CueKind.TEXT_MATCH, r"(?<=['\"])(?:로|으로) ?끝나(?:는|ㄴ)?", lambda m, t: {"op": "ends with"}),
)  # fmt: skip

ALL_PATTERNS = (
    *TEXT_PATTERNS,
    *COMPARE_PATTERNS,
    *TIME_PATTERNS,
    *QUALIFIER_PATTERNS,
    *SHIFT_PATTERNS,
    *GRAIN_PATTERNS,
    *TOP_PATTERNS,
    *ORDER_PATTERNS,
    *THRESHOLD_PATTERNS,
    *COUNT_PATTERNS,
    *DATE_PART_PATTERNS,
    *UNIT_PATTERNS,
    *OTHER_PATTERNS,
)


def find_cues(text: str, today: dt.date) -> list[Cue]:
    """Every cue in a normalised question; overlapping matches are all returned.

    >>> [(c.kind.value, c.text) for c in find_cues("top 5 stores last month", dt.date(2026, 6, 30))]
    [('top', 'top 5'), ('top', 'top 5'), ('top', 'top'), ('time', 'last month')]
    """
    return sorted(_matches(text, today), key=lambda c: (c.start, -c.end))


def _matches(text: str, today: dt.date) -> Iterator[Cue]:
    for pattern in ALL_PATTERNS:
        for match in pattern.regex.finditer(text):
            try:
                fields = pattern.build(match, today)
            except (ValueError, KeyError, OverflowError):
                continue  # "2025-02-30", "month 13": not a date, so not a cue
            yield Cue(pattern.kind, match.start(), match.end(), match.group(), **fields)  # type: ignore[arg-type]
