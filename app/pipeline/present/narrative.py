"""One sentence about a result, every number in it computed here from the rows.

No model writes prose about numbers: each kind of chart has a function that computes the
facts (highest, lowest, share, change, correlation) and a template per language that
words them, so the sentence can't state a figure the table doesn't show, and a question
asked in Korean is answered in Korean. Templates avoid Korean particles after labels, which
are the catalog's (often English) words and can't be declined reliably.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n.catalog import Language
from app.i18n.formatting import named_period, period, period_label
from app.i18n.names import plural
from app.pipeline.present.formatting import format_value
from app.pipeline.records import ChartSpec, ResultColumn, TimeWindow

Row = Sequence[Any]

TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "empty": "No data matched{when}.",
        "no_values": "{label} has no values{when}.",
        "number_part": "{label} was {value}",
        "number": "{parts}{when}.",
        "bars": "{label} by {dimension}{when}: {top} was highest at {top_value}{share}{low}.",
        "share": " ({share:.0%} of the {total} total)",
        "low": ", {low} lowest at {low_value}",
        "ranking": "By {label_lower}{when}: {listed}{more}.",
        "more": " and {count} more",
        "line": "{label}{series} went from {first_value} ({first}) to {last_value} ({last})"
        "{change}; the peak was {peak_value} in {peak}{when}.",
        "series": " in total across series",
        "change": ", {change:+.1%}",
        "scatter": "Across {count} {entities}{when}, {x} and {y} show {relationship} "
        "(r = {r:.2f}).",
        "scatter_more": "With {y}: {relationship} (r = {r:.2f}).",
        "scatter_few": "Too few {entities} have both {x} and {y} to relate them{when}.",
        "scatter_flat": "{x} or {y} does not vary across {entities}{when}.",
        "rows": "{count:,} rows{when}.",
        "none": "no clear relationship",
        "related": "a {strength} {direction} relationship",
        "weak": "weak",
        "moderate": "moderate",
        "strong": "strong",
        "positive": "positive",
        "negative": "negative",
    },
    "ko": {
        "empty": "조건에 맞는 데이터가 없습니다{when}.",
        "no_values": "{label} 값이 없습니다{when}.",
        "number_part": "{label} {value}",
        "number": "{parts}{when}.",
        "bars": "{dimension}별 {label}{when}: 최고 {top} {top_value}{share}{low}.",
        "share": " (전체 {total}의 {share:.0%})",
        "low": ", 최저 {low} {low_value}",
        "ranking": "{label} 순위{when}: {listed}{more}.",
        "more": " 외 {count}개",
        "line": "{label}{series}: {first} {first_value} → {last} {last_value}{change}, "
        "최고 {peak} {peak_value}{when}.",
        "series": " (전체 합계)",
        "change": " ({change:+.1%})",
        "scatter": "{entity} {count}개 기준{when} {x} · {y}: {relationship} (r = {r:.2f}).",
        "scatter_more": "{x} · {y}: {relationship} (r = {r:.2f}).",
        "scatter_few": "{x} · {y}를 함께 비교할 {entity} 데이터가 부족합니다{when}.",
        "scatter_flat": "{entity}별 {x} 또는 {y}의 차이가 없습니다{when}.",
        "rows": "{count:,}개 행{when}.",
        "none": "뚜렷한 관계 없음",
        "related": "{strength} {direction} 관계",
        "weak": "약한",
        "moderate": "중간 정도의",
        "strong": "강한",
        "positive": "양의",
        "negative": "음의",
    },
}


def language_of(question: str) -> str:
    """``ko`` for a question with Hangul in it, else ``en``.

    >>> language_of("지난달 지역별 매출"), language_of("revenue by region")
    ('ko', 'en')
    """
    return "ko" if any("가" <= ch <= "힣" for ch in question) else "en"


@dataclass(frozen=True)
class _Say:
    """A language and the window phrase every sentence ends its subject with."""

    language: str
    when: str

    def __call__(self, key: str, **values: Any) -> str:
        return TEMPLATES[self.language][key].format(when=self.when, **values)

    def word(self, key: str) -> str:
        return TEMPLATES[self.language][key]

    def fmt(self, column: ResultColumn, value: Any) -> str:
        """A value as the sentence says it (won in Korean rounded to 억/만: "₩6.5억")."""
        return format_value(
            value,
            column.format,
            column.decimals,
            column.unit,
            language=self.language,
            compact=True,
        )


def window_phrase(window: TimeWindow | None, language: str = "en") -> str:
    """The window in words, as the sentence and the chart title end: `` in October 2026``,
    `` in Q1 2026``, `` (Nov 1 – 28, 2026)``, `` (2026년 1분기)``, or nothing.

    >>> import datetime as dt
    >>> window_phrase(TimeWindow(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)))
    ' in October 2026'
    >>> window_phrase(TimeWindow(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)), "ko")
    ' (2026년 1분기)'
    >>> window_phrase(TimeWindow(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 28)))
    ' (Nov 1 – 28, 2026)'
    """
    if window is None or (window.start is None and window.end is None):
        return ""
    start, end = window.start, window.end
    words = period(start, end, Language(language))
    if language == "ko":
        suffix = " 이후" if end is None else " 까지" if start is None else ""
        return f" ({words}{suffix})"
    if start is None:
        return f" up to {words}"
    if end is None:
        return f" since {words}"
    named = named_period(start, end) is not None
    return f" in {words}" if named else f" on {words}" if start == end else f" ({words})"


def narrate(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    window: TimeWindow | None,
    *,
    limit: int | None = None,
    additive: frozenset[str] = frozenset(),
    language: str = "en",
    scope: str = "",
    value_names: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The sentence for a result; ``additive`` metrics may be described as shares of a total.

    ``scope`` names the filters applied (see ``scope.py``); ``value_names`` gives values
    their names in the answer's language.
    """
    names = value_names or {}
    rows = (
        [
            tuple(
                names.get(c.name, {}).get(str(v), v) if c.role != "metric" else v
                for c, v in zip(columns, row, strict=True)
            )
            for row in rows
        ]
        if names
        else rows
    )
    say = _Say(language, scope + window_phrase(window, language))
    if not rows:
        return say("empty")
    by_name = {c.name: i for i, c in enumerate(columns)}
    if chart.kind == "number":
        return _number(columns, rows[0], chart, say)
    if chart.kind == "scatter":
        return _scatter(columns, rows, chart, by_name, say)
    if chart.kind == "line":
        return _line(columns, rows, chart, by_name, say)
    if chart.kind == "bar" and limit is not None and chart.color is None:
        return _ranking(columns, rows, chart, by_name, say)
    if chart.kind == "bar":
        return _bars(columns, rows, chart, by_name, say, additive)
    return say("rows", count=len(rows))


def _column(columns: Sequence[ResultColumn], name: str) -> ResultColumn:
    return next(c for c in columns if c.name == name)


def _axes(columns: Sequence[ResultColumn], chart: ChartSpec) -> tuple[ResultColumn, ResultColumn]:
    """The measure and the category of a bar chart."""
    assert chart.x is not None
    return _column(columns, chart.y[0]), _column(columns, chart.x)


def _number(columns: Sequence[ResultColumn], row: Row, chart: ChartSpec, say: _Say) -> str:
    by_name = {c.name: i for i, c in enumerate(columns)}
    parts = [
        say("number_part", label=column.label, value=say.fmt(column, row[by_name[name]]))
        for name in chart.y
        for column in [_column(columns, name)]
    ]
    return say("number", parts="; ".join(parts))


def _numbers(rows: Sequence[Row], index: int) -> list[tuple[Row, float]]:
    return [(row, float(row[index])) for row in rows if _is_number(row[index])]


def _bars(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    say: _Say,
    additive: frozenset[str],
) -> str:
    measure, category = _axes(columns, chart)
    values = _numbers(rows, by_name[measure.name])
    if not values:
        return say("no_values", label=measure.label)
    top_row, top = max(values, key=lambda item: item[1])
    low_row, low = min(values, key=lambda item: item[1])
    total = sum(v for _, v in values)
    share = ""
    if measure.name in additive and total and chart.color is None:
        share = say("share", share=top / total, total=say.fmt(measure, total))
    lowest = ""
    if len(values) > 1:
        lowest = say("low", low=low_row[by_name[category.name]], low_value=say.fmt(measure, low))
    return say(
        "bars",
        label=measure.label,
        dimension=category.label.lower() if say.language == "en" else category.label,
        top=top_row[by_name[category.name]],
        top_value=say.fmt(measure, top),
        share=share,
        low=lowest,
    )


def _ranking(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    say: _Say,
) -> str:
    measure, category = _axes(columns, chart)
    listed = ", ".join(
        f"{row[by_name[category.name]]} ({say.fmt(measure, row[by_name[measure.name]])})"
        for row in rows[:5]
    )
    more = say("more", count=len(rows) - 5) if len(rows) > 5 else ""
    return say(
        "ranking", label=measure.label, label_lower=measure.label.lower(), listed=listed, more=more
    )


def _line(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    say: _Say,
) -> str:
    assert chart.x is not None
    measure = _column(columns, chart.y[0])
    period = by_name[chart.x]
    totals: dict[Any, float] = {}
    for row, value in _numbers(rows, by_name[measure.name]):
        totals[row[period]] = totals.get(row[period], 0.0) + value
    if not totals:
        return say("no_values", label=measure.label)
    periods = sorted(totals, key=str)
    first, last = periods[0], periods[-1]
    peak = max(periods, key=lambda p: totals[p])
    change = ""
    if totals[first] and measure.format is not None and measure.format.value != "percent":
        change = say("change", change=totals[last] / totals[first] - 1)
    return say(
        "line",
        label=measure.label,
        series=say.word("series") if chart.color else "",
        first=_period(first, chart.x, say),
        first_value=say.fmt(measure, totals[first]),
        last=_period(last, chart.x, say),
        last_value=say.fmt(measure, totals[last]),
        change=change,
        peak=_period(peak, chart.x, say),
        peak_value=say.fmt(measure, totals[peak]),
    )


def _period(value: Any, grain: str, say: _Say) -> str:
    """A period by its name at the x axis's grain: "Oct 2026", "2026년 10월"."""
    return period_label(value, grain, Language(say.language))


def _scatter(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    say: _Say,
) -> str:
    assert chart.x is not None and chart.label is not None
    x = _column(columns, chart.x)
    others = [c for c in columns if c.role == "metric" and c.name != x.name]
    entity = _column(columns, chart.label).label
    sentences = []
    for y in sorted(others, key=lambda c: c.name != chart.y[0]):  # the charted pair first
        pairs = [
            (float(r[by_name[x.name]]), float(r[by_name[y.name]]))
            for r in rows
            if _is_number(r[by_name[x.name]]) and _is_number(r[by_name[y.name]])
        ]
        names = {"x": x.label, "y": y.label, "entity": entity, "entities": plural(entity.lower())}
        r = correlation([p[0] for p in pairs], [p[1] for p in pairs]) if len(pairs) > 2 else None
        if len(pairs) < 3:
            sentences.append(say("scatter_few", **names))
        elif r is None:
            sentences.append(say("scatter_flat", **names))
        else:
            relationship = describe_correlation(r, say.language)
            template = "scatter_more" if sentences else "scatter"
            sentences.append(
                say(template, count=len(pairs), relationship=relationship, r=r, **names)
            )
    return " ".join(sentences)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side is constant.

    >>> round(correlation([1, 2, 3, 4], [2, 4, 5, 9]) or 0, 3)
    0.965
    """
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None


def describe_correlation(r: float, language: str = "en") -> str:
    """Words for a correlation coefficient.

    >>> describe_correlation(0.62), describe_correlation(-0.2), describe_correlation(0.05)
    ('a strong positive relationship', 'a weak negative relationship', 'no clear relationship')
    >>> describe_correlation(0.62, "ko")
    '강한 양의 관계'
    """
    words = TEMPLATES[language]
    size = abs(r)
    if size < 0.1:
        return words["none"]
    strength = "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"
    direction = "positive" if r > 0 else "negative"
    return words["related"].format(strength=words[strength], direction=words[direction])
