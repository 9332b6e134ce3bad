"""Phrases that shape a plan rather than name something: time, grain, top-N, comparisons.

Each detector is a table of patterns (English and Korean) and what a match means, so adding
a phrasing is adding a row. Relative time phrases stay relative ("last month" is
``Last(1, month)``), and only calendar words without a year ("in March", "Q3") are pinned
to the most recent such period that has started on ``today``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from metrics.model import Calculation
from metrics.timeframe import Between, Last, Since, TimeRange, ToDate, shift
from semantic_layer.model import Grain


class CueKind(StrEnum):
    TIME = "time"
    GRAIN = "grain"
    TOP = "top"
    COMPARE = "compare"
    CORRELATE = "correlate"
    NEGATE = "negate"
    FOLLOW_UP = "follow_up"


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


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}  # fmt: skip
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

UNITS = {
    "day": Grain.DAY, "days": Grain.DAY, "week": Grain.WEEK, "weeks": Grain.WEEK,
    "month": Grain.MONTH, "months": Grain.MONTH, "quarter": Grain.QUARTER,
    "quarters": Grain.QUARTER, "year": Grain.YEAR, "years": Grain.YEAR, "일": Grain.DAY,
    "주": Grain.WEEK, "주일": Grain.WEEK, "개월": Grain.MONTH, "달": Grain.MONTH,
    "분기": Grain.QUARTER, "년": Grain.YEAR, "해": Grain.YEAR,
}  # fmt: skip
_UNIT_EN = r"(days?|weeks?|months?|quarters?|years?)"
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
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_YEAR = r"((?:19|20)\d\d)"


def number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _unit(text: str) -> Grain:
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


def _year(y: int) -> Between:
    return Between(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31))


def _quarter(y: int, q: int) -> Between:
    first = dt.date(y, 3 * q - 2, 1)
    return Between(start=first, end=shift(first, 1, Grain.QUARTER) - dt.timedelta(days=1))


def _month(y: int, m: int) -> Between:
    first = dt.date(y, m, 1)
    return Between(start=first, end=shift(first, 1, Grain.MONTH) - dt.timedelta(days=1))


def _half(y: int, h: int) -> Between:
    first = dt.date(y, 1 if h == 1 else 7, 1)
    return Between(start=first, end=shift(first, 6, Grain.MONTH) - dt.timedelta(days=1))


def _recent_month(m: int, today: dt.date) -> int:
    """The year of the most recent month ``m`` that has started."""
    return today.year if m <= today.month else today.year - 1


def _recent_quarter(q: int, today: dt.date) -> int:
    return today.year if 3 * q - 2 <= today.month else today.year - 1


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Order matters only for readability: overlapping matches are resolved by length later.
COMPARE_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.COMPARE, r"(?:yoy|y-o-y|year[- ]over[- ]year|year[- ]on[- ]year)( growth)?",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:mom|m-o-m|month[- ]over[- ]month|month[- ]on[- ]month)( growth)?",
       lambda m, t: {"offset": Grain.MONTH, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE,
       r"(?:vs\.?|versus|compared (?:to|with)|against|relative to) (?:the )?(?:same period )?"
       r"(?:last|previous|prior) year",
       lambda m, t: {"offset": Grain.YEAR}),
    _p(CueKind.COMPARE,
       r"(?:vs\.?|versus|compared (?:to|with)|against|relative to) (?:the )?(?:last|previous|prior) month",
       lambda m, t: {"offset": Grain.MONTH}),
    _p(CueKind.COMPARE, r"(?:growth|growth rate|grew|increase rate)",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
    _p(CueKind.COMPARE, r"(?:전년|작년|지난해|전년 동기|작년 동기) ?(?:대비|비)",
       lambda m, t: {"offset": Grain.YEAR}),
    _p(CueKind.COMPARE, r"(?:전월|지난달|지난 달|전달) ?(?:대비|비)",
       lambda m, t: {"offset": Grain.MONTH}),
    _p(CueKind.COMPARE, r"(?:성장률|증가율|성장세|성장)",
       lambda m, t: {"offset": Grain.YEAR, "calculation": Calculation.GROWTH}),
)  # fmt: skip

TIME_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TIME, rf"(?:the )?(?:last|past|previous|prior) {_NUM} {_UNIT_EN}",
       lambda m, t: _time(Last(n=number(m[1]), unit=_unit(m[2])))),
    _p(CueKind.TIME, r"(?:the )?(?:last|past|previous|prior) (day|week|month|quarter|year)",
       lambda m, t: _time(Last(n=1, unit=_unit(m[1])))),
    _p(CueKind.TIME, r"yesterday", lambda m, t: _time(Last(n=1, unit=Grain.DAY))),
    _p(CueKind.TIME, r"(?:so far )?(?:this|the current|current) (week|month|quarter|year)(?: so far)?",
       lambda m, t: _time(ToDate(unit=_unit(m[1])))),
    _p(CueKind.TIME, r"(week|month|quarter|year)[- ]to[- ]date",
       lambda m, t: _time(ToDate(unit=_unit(m[1])))),
    _p(CueKind.TIME, r"(wtd|mtd|qtd|ytd)",
       lambda m, t: _time(ToDate(unit={"w": Grain.WEEK, "m": Grain.MONTH, "q": Grain.QUARTER,
                                        "y": Grain.YEAR}[m[1][0]]))),
    _p(CueKind.TIME, r"today", lambda m, t: _time(ToDate(unit=Grain.DAY))),
    _p(CueKind.TIME, r"(?:between |from )?(\d{4}-\d\d-\d\d) (?:and|to|until|through|-) (\d{4}-\d\d-\d\d)",
       lambda m, t: _time(Between(start=_date(m[1]), end=_date(m[2])))),
    _p(CueKind.TIME, r"since (\d{4}-\d\d-\d\d)", lambda m, t: _time(Since(start=_date(m[1])))),
    _p(CueKind.TIME, rf"(?:in |during )?(?:q([1-4]) (?:of )?{_YEAR}|{_YEAR} q([1-4]))",
       lambda m, t: _time(_quarter(int(m[2] or m[3]), int(m[1] or m[4])))),
    _p(CueKind.TIME, r"(?:in |during )?q([1-4])",
       lambda m, t: _time(_quarter(_recent_quarter(int(m[1]), t), int(m[1])))),
    _p(CueKind.TIME, rf"(?:in |during )?(first|second|1st|2nd) half (?:of )?{_YEAR}",
       lambda m, t: _time(_half(int(m[2]), 1 if m[1] in ("first", "1st") else 2))),
    _p(CueKind.TIME, rf"(?:in |during )?h([12]) {_YEAR}",
       lambda m, t: _time(_half(int(m[2]), int(m[1])))),
    _p(CueKind.TIME, rf"since {_MONTH}(?: {_YEAR})?",
       lambda m, t: _time(Since(start=dt.date(int(m[2]) if m[2] else _recent_month(MONTHS[m[1]], t), MONTHS[m[1]], 1)))),
    _p(CueKind.TIME, rf"since {_YEAR}", lambda m, t: _time(Since(start=dt.date(int(m[1]), 1, 1)))),
    _p(CueKind.TIME, rf"(?:in |during )?{_MONTH} {_YEAR}",
       lambda m, t: _time(_month(int(m[2]), MONTHS[m[1]]))),
    _p(CueKind.TIME, rf"(?:in |during ){_MONTH}",
       lambda m, t: _time(_month(_recent_month(MONTHS[m[1]], t), MONTHS[m[1]]))),
    _p(CueKind.TIME, rf"(?:in |during |for )?(?:the year )?{_YEAR}", lambda m, t: _time(_year(int(m[1])))),
    # Korean.
    _p(CueKind.TIME, rf"(?:최근|지난|과거) ?{_NUM} ?{_UNIT_KO}(?:간|동안)?",
       lambda m, t: _time(Last(n=number(m[1]), unit=_unit(m[2])))),
    _p(CueKind.TIME, r"(?:최근|지난|과거) ?(일주일|한 ?주|한 ?달|한 ?해|일 ?년)(?:간|동안)?",
       lambda m, t: _time(Last(n=1, unit={"일주일": Grain.WEEK, "한주": Grain.WEEK, "한달": Grain.MONTH}.get(m[1].replace(" ", ""), Grain.YEAR)))),
    _p(CueKind.TIME, r"(?:지난 ?달|저번 ?달|전월|지난 ?월)", lambda m, t: _time(Last(n=1, unit=Grain.MONTH))),
    _p(CueKind.TIME, r"(?:이번 ?달|당월|이달|이번 ?월)", lambda m, t: _time(ToDate(unit=Grain.MONTH))),
    _p(CueKind.TIME, r"(?:지난 ?주|저번 ?주|전주)", lambda m, t: _time(Last(n=1, unit=Grain.WEEK))),
    _p(CueKind.TIME, r"(?:이번 ?주|금주)", lambda m, t: _time(ToDate(unit=Grain.WEEK))),
    _p(CueKind.TIME, r"(?:지난 ?분기|전 ?분기|직전 ?분기)", lambda m, t: _time(Last(n=1, unit=Grain.QUARTER))),
    _p(CueKind.TIME, r"(?:이번 ?분기|당 ?분기)", lambda m, t: _time(ToDate(unit=Grain.QUARTER))),
    _p(CueKind.TIME, r"(?:올해|금년|올 ?해|이번 ?해|연초 ?이후|올해 ?들어)", lambda m, t: _time(ToDate(unit=Grain.YEAR))),
    _p(CueKind.TIME, r"(?:작년|지난 ?해|전년|지난 ?년도|작년도)", lambda m, t: _time(Last(n=1, unit=Grain.YEAR))),
    _p(CueKind.TIME, r"재작년", lambda m, t: _time(_year(t.year - 2))),
    _p(CueKind.TIME, r"어제", lambda m, t: _time(Last(n=1, unit=Grain.DAY))),
    _p(CueKind.TIME, r"오늘", lambda m, t: _time(ToDate(unit=Grain.DAY))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?([1-4]) ?분기",
       lambda m, t: _time(_quarter(int(m[1]), int(m[2])))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(상|하)반기",
       lambda m, t: _time(_half(int(m[1]), 1 if m[2] == "상" else 2))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(\d{{1,2}}) ?월 ?(?:부터|이후)",
       lambda m, t: _time(Since(start=dt.date(int(m[1]), int(m[2]), 1)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(\d{{1,2}}) ?월",
       lambda m, t: _time(_month(int(m[1]), int(m[2])))),
    _p(CueKind.TIME, rf"{_YEAR} ?년 ?(?:부터|이후)", lambda m, t: _time(Since(start=dt.date(int(m[1]), 1, 1)))),
    _p(CueKind.TIME, rf"{_YEAR} ?년(?:도)?", lambda m, t: _time(_year(int(m[1])))),
    _p(CueKind.TIME, r"([1-4]) ?분기",
       lambda m, t: _time(_quarter(_recent_quarter(int(m[1]), t), int(m[1])))),
    _p(CueKind.TIME, r"(\d{1,2}) ?월 ?(?:부터|이후)",
       lambda m, t: _time(Since(start=dt.date(_recent_month(int(m[1]), t), int(m[1]), 1)))),
    _p(CueKind.TIME, r"(\d{1,2}) ?월",
       lambda m, t: _time(_month(_recent_month(int(m[1]), t), int(m[1])))),
)  # fmt: skip

GRAIN_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.GRAIN, r"(?:daily|per day|by day|each day|day by day|by date|per date)",
       lambda m, t: {"grain": Grain.DAY}),
    _p(CueKind.GRAIN, r"(?:weekly|per week|by week|each week|week by week|week over week)",
       lambda m, t: {"grain": Grain.WEEK}),
    _p(CueKind.GRAIN, r"(?:monthly|per month|by month|each month|month by month)",
       lambda m, t: {"grain": Grain.MONTH}),
    _p(CueKind.GRAIN, r"(?:quarterly|per quarter|by quarter|each quarter)",
       lambda m, t: {"grain": Grain.QUARTER}),
    _p(CueKind.GRAIN, r"(?:yearly|annually|annual|per year|by year|each year|year by year)",
       lambda m, t: {"grain": Grain.YEAR}),
    _p(CueKind.GRAIN, r"(?:일별|일자별|날짜별|매일|하루 ?단위)", lambda m, t: {"grain": Grain.DAY}),
    _p(CueKind.GRAIN, r"(?:주별|주간|주차별|매주|주 ?단위)", lambda m, t: {"grain": Grain.WEEK}),
    _p(CueKind.GRAIN, r"(?:월별|월간|매월|달별|월 ?단위|월별로)", lambda m, t: {"grain": Grain.MONTH}),
    _p(CueKind.GRAIN, r"(?:분기별|분기 ?단위|분기마다)", lambda m, t: {"grain": Grain.QUARTER}),
    _p(CueKind.GRAIN, r"(?:연도별|연별|년도별|년별|연간|해마다|연 ?단위)", lambda m, t: {"grain": Grain.YEAR}),
    _p(CueKind.GRAIN, r"(?:which|what) (day|week|month|quarter|year)", lambda m, t: {"grain": _unit(m[1])}),
    _p(CueKind.GRAIN, r"(?:어느|어떤|몇) ?(일|주|달|월|분기|해|년도|연도)",
       lambda m, t: {"grain": {"일": Grain.DAY, "주": Grain.WEEK, "달": Grain.MONTH, "월": Grain.MONTH,
                               "분기": Grain.QUARTER}.get(m[1], Grain.YEAR)}),
    # A bare period word ("the best month", "가장 높은 달") names the grain to rank by.
    _p(CueKind.GRAIN, r"(day|week|month|quarter|year)", lambda m, t: {"grain": _unit(m[1])}),
    _p(CueKind.GRAIN, r"(달|분기)", lambda m, t: {"grain": {"달": Grain.MONTH}.get(m[1], Grain.QUARTER)}),
    # A trend without a grain is a monthly trend.
    _p(CueKind.GRAIN, r"(?:trend|trends|over time|trending|time series|추이|추세|흐름|변화)",
       lambda m, t: {"grain": None}),
)  # fmt: skip

TOP_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.TOP, rf"(?:the )?(?:top|best|highest|largest|biggest|leading) {_NUM}",
       lambda m, t: {"limit": number(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:the )?(?:bottom|worst|lowest|smallest|weakest) {_NUM}",
       lambda m, t: {"limit": number(m[1]), "descending": False}),
    _p(CueKind.TOP, rf"(?:the )?{_NUM} (?:top|best|highest|largest|biggest|leading)",
       lambda m, t: {"limit": number(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:the )?{_NUM} (?:bottom|worst|lowest|smallest|weakest)",
       lambda m, t: {"limit": number(m[1]), "descending": False}),
    _p(CueKind.TOP, r"(?:the )?(?:top|best[- ]selling)", lambda m, t: {"limit": 10, "descending": True}),
    _p(CueKind.TOP, r"(?:the )?best", lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"(?:the )?bottom", lambda m, t: {"limit": 10, "descending": False}),
    _p(CueKind.TOP, r"(?:the )?(?:highest|most|largest|biggest|greatest|strongest)",
       lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"(?:the )?(?:lowest|least|smallest|fewest|weakest|worst)",
       lambda m, t: {"limit": 1, "descending": False}),
    _p(CueKind.TOP, rf"(?:상위|탑|top|베스트|best) ?{_NUM} ?(?:개|곳|위|명|개의|곳의)?",
       lambda m, t: {"limit": number(m[1]), "descending": True}),
    _p(CueKind.TOP, rf"(?:하위|워스트|bottom) ?{_NUM} ?(?:개|곳|위|명|개의|곳의)?",
       lambda m, t: {"limit": number(m[1]), "descending": False}),
    _p(CueKind.TOP, r"가장 ?(?:많이|많은|높은|큰|잘|많|높)", lambda m, t: {"limit": 1, "descending": True}),
    _p(CueKind.TOP, r"가장 ?(?:적게|적은|낮은|작은|적|낮)", lambda m, t: {"limit": 1, "descending": False}),
    _p(CueKind.TOP, r"(?:제일|최고) ?(?:많이|많은|높은|큰|잘)?", lambda m, t: {"limit": 1, "descending": True}),
)  # fmt: skip

OTHER_PATTERNS: tuple[Pattern, ...] = (
    _p(CueKind.CORRELATE,
       r"(?:affects?|affected|effects? (?:of|on)|impacts?|influences?|relationship between|"
       r"relationship|related to|correlat\w*|relate to|drives?|depends? on)",
       lambda m, t: {}),
    _p(CueKind.CORRELATE, r"(?:영향|관계|상관 ?관계|상관)", lambda m, t: {}),
    _p(CueKind.NEGATE, r"(?:excluding|except(?: for)?|other than|without|not including|but not|exclude)",
       lambda m, t: {}),
    _p(CueKind.NEGATE, r"(?:제외(?:하고|한)?|빼고|말고|외에|를 뺀|을 뺀)", lambda m, t: {}),
    _p(CueKind.FOLLOW_UP,
       r"^(?:now|and|what about|how about|ok(?:ay)?,? now|same (?:thing|for)|instead|also|"
       r"then|just|only)",
       lambda m, t: {}),
    _p(CueKind.FOLLOW_UP, r"^(?:그럼|그러면|그렇다면|이번엔|이번에는|대신|그리고)", lambda m, t: {}),
)  # fmt: skip

ALL_PATTERNS = (*COMPARE_PATTERNS, *TIME_PATTERNS, *GRAIN_PATTERNS, *TOP_PATTERNS, *OTHER_PATTERNS)


def find_cues(text: str, today: dt.date) -> list[Cue]:
    """Every cue in a normalised question; overlapping matches are all returned.

    >>> [(c.kind.value, c.text) for c in find_cues("top 5 stores last month", dt.date(2026, 6, 30))]
    [('top', 'top 5'), ('top', 'top 5'), ('top', 'top'), ('time', 'last month'), ('grain', 'month')]
    """
    return sorted(_matches(text, today), key=lambda c: (c.start, -c.end))


def _matches(text: str, today: dt.date) -> Iterator[Cue]:
    for pattern in ALL_PATTERNS:
        for match in pattern.regex.finditer(text):
            try:
                fields = pattern.build(match, today)
            except ValueError:
                continue  # "2025-02-30", "month 13": not a date, so not a cue
            yield Cue(pattern.kind, match.start(), match.end(), match.group(), **fields)  # type: ignore[arg-type]
