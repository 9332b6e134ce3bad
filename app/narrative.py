"""One sentence about a result, every number in it computed here from the rows.

No model writes prose about numbers: the sentence is chosen by the chart's kind and filled
from the data, so it can't state a figure the table doesn't show.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from app.answer import ResultColumn, TimeWindow
from app.charts import ChartSpec
from app.formatting import format_value

Row = Sequence[Any]


def window_phrase(window: TimeWindow | None) -> str:
    """`` from 2026-10-01 to 2026-10-31``, or nothing when the range is all the data."""
    if window is None or (window.start is None and window.end is None):
        return ""
    if window.start is None:
        return f" up to {window.end}"
    if window.end is None or window.start == window.end:
        return f" on {window.start}" if window.end else f" since {window.start}"
    return f" from {window.start} to {window.end}"


def narrate(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    window: TimeWindow | None,
    *,
    limit: int | None = None,
    additive: frozenset[str] = frozenset(),
) -> str:
    """The sentence for a result; ``additive`` metrics may be described as shares of a total."""
    when = window_phrase(window)
    if not rows:
        return f"No data matched{when or ' the question'}."
    by_name = {c.name: i for i, c in enumerate(columns)}
    if chart.kind == "number":
        return _number(columns, rows[0], chart, when)
    if chart.kind == "scatter":
        return _scatter(columns, rows, chart, by_name, when)
    if chart.kind == "line":
        return _line(columns, rows, chart, by_name, when)
    if chart.kind == "bar" and limit is not None and chart.color is None:
        return _ranking(columns, rows, chart, by_name, when)
    if chart.kind == "bar":
        return _bars(columns, rows, chart, by_name, when, additive)
    return f"{len(rows):,} rows{when}."


def _fmt(column: ResultColumn, value: Any) -> str:
    return format_value(value, column.format, column.decimals, column.unit)


def _column(columns: Sequence[ResultColumn], name: str) -> ResultColumn:
    return next(c for c in columns if c.name == name)


def _axes(columns: Sequence[ResultColumn], chart: ChartSpec) -> tuple[ResultColumn, ResultColumn]:
    """The measure and the category of a bar chart."""
    assert chart.x is not None
    return _column(columns, chart.y[0]), _column(columns, chart.x)


def _number(columns: Sequence[ResultColumn], row: Row, chart: ChartSpec, when: str) -> str:
    by_name = {c.name: i for i, c in enumerate(columns)}
    parts = [
        f"{_column(columns, name).label} was {_fmt(_column(columns, name), row[by_name[name]])}"
        for name in chart.y
    ]
    return f"{'; '.join(parts)}{when}."


def _numbers(rows: Sequence[Row], index: int) -> list[tuple[Row, float]]:
    found = []
    for row in rows:
        value = row[index]
        if isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value):
            found.append((row, float(value)))
    return found


def _bars(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    when: str,
    additive: frozenset[str],
) -> str:
    measure, category = _axes(columns, chart)
    values = _numbers(rows, by_name[measure.name])
    if not values:
        return f"{measure.label} has no values{when}."
    top_row, top = max(values, key=lambda item: item[1])
    low_row, low = min(values, key=lambda item: item[1])
    name = category.label.lower()
    sentence = (
        f"{measure.label} by {name}{when}: {top_row[by_name[category.name]]} was highest at "
        f"{_fmt(measure, top)}"
    )
    total = sum(v for _, v in values)
    if measure.name in additive and total and chart.color is None:
        sentence += f" ({top / total:.0%} of the {_fmt(measure, total)} total)"
    if len(values) > 1:
        sentence += f", {low_row[by_name[category.name]]} lowest at {_fmt(measure, low)}"
    return sentence + "."


def _ranking(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    when: str,
) -> str:
    measure, category = _axes(columns, chart)
    listed = ", ".join(
        f"{row[by_name[category.name]]} ({_fmt(measure, row[by_name[measure.name]])})"
        for row in rows[:5]
    )
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"By {measure.label.lower()}{when}: {listed}{more}."


def _line(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    when: str,
) -> str:
    assert chart.x is not None
    measure = _column(columns, chart.y[0])
    period = by_name[chart.x]
    totals: dict[Any, float] = {}
    for row, value in _numbers(rows, by_name[measure.name]):
        totals[row[period]] = totals.get(row[period], 0.0) + value
    if not totals:
        return f"{measure.label} has no values{when}."
    periods = sorted(totals, key=str)
    first, last = periods[0], periods[-1]
    peak = max(periods, key=lambda p: totals[p])
    series = " in total across series" if chart.color else ""
    sentence = (
        f"{measure.label}{series} went from {_fmt(measure, totals[first])} ({_day(first)}) to "
        f"{_fmt(measure, totals[last])} ({_day(last)})"
    )
    if totals[first] and measure.format is not None and measure.format.value != "percent":
        sentence += f", {totals[last] / totals[first] - 1:+.1%}"
    return f"{sentence}; the peak was {_fmt(measure, totals[peak])} in {_day(peak)}{when}."


def _day(value: Any) -> str:
    return str(value)[:10]


def _scatter(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    chart: ChartSpec,
    by_name: dict[str, int],
    when: str,
) -> str:
    assert chart.x is not None and chart.label is not None
    x, y = _column(columns, chart.x), _column(columns, chart.y[0])
    pairs = [
        (float(r[by_name[x.name]]), float(r[by_name[y.name]]))
        for r in rows
        if _is_number(r[by_name[x.name]]) and _is_number(r[by_name[y.name]])
    ]
    entity = plural(_column(columns, chart.label).label.lower())
    if len(pairs) < 3:
        return f"Too few {entity} have both {x.label} and {y.label} to relate them{when}."
    r = correlation([p[0] for p in pairs], [p[1] for p in pairs])
    if r is None:
        return f"{x.label} or {y.label} does not vary across {entity}{when}."
    return (
        f"Across {len(pairs)} {entity}{when}, {x.label} and {y.label} show "
        f"{describe_correlation(r)} (r = {r:.2f})."
    )


def plural(noun: str) -> str:
    """English plural of a label, good enough for dimension names.

    >>> plural("store"), plural("category"), plural("sales channel"), plural("status")
    ('stores', 'categories', 'sales channels', 'statuses')
    """
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


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


def describe_correlation(r: float) -> str:
    """Words for a correlation coefficient.

    >>> describe_correlation(0.62), describe_correlation(-0.2), describe_correlation(0.05)
    ('a strong positive relationship', 'a weak negative relationship', 'no clear relationship')
    """
    size = abs(r)
    if size < 0.1:
        return "no clear relationship"
    strength = "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"
    return f"a {strength} {'positive' if r > 0 else 'negative'} relationship"
