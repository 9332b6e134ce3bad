"""Which chart shows a result best: rules over the result's shape, returned as a spec.

The UI renders the spec with plotly; nothing here draws, and nothing an LLM writes is run.

- one row of measures, no breakdown: a number card;
- a time column: a line per series;
- two measures over many entities, or a "does X affect Y" question: a scatter;
- one or two categorical breakdowns: bars;
- anything else: the table alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from app.pipeline.present.narrative import window_phrase
from app.pipeline.records import ChartSpec, Intent, TimeWindow

MIN_SCATTER_POINTS = 12


class Column(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def label(self) -> str: ...


def choose_chart(
    columns: Sequence[Column], row_count: int, intent: Intent = Intent.LOOKUP
) -> ChartSpec:
    """A chart for a result of this shape.

    >>> from app.pipeline.records import ResultColumn as C
    >>> month = C(name="month", role="time", label="Month")
    >>> choose_chart([month, C(name="revenue", role="metric", label="Revenue")], 12).kind
    'line'
    """
    measures = [c for c in columns if c.role == "metric"]
    dims = [c for c in columns if c.role == "dimension"]
    time = next((c for c in columns if c.role == "time"), None)
    title = " and ".join(m.label for m in measures)
    y_title = measures[0].label if len(measures) == 1 else "Value"
    names = tuple(m.name for m in measures)
    if row_count == 0 or not measures:
        return ChartSpec("table", None, names, None, title, "", y_title)
    if row_count == 1 and not dims and time is None:
        return ChartSpec("number", None, names, None, title, "", y_title)
    if time is not None and row_count > 1:
        color = dims[0].name if dims else None
        return ChartSpec(
            "line", time.name, names, color, f"{title} by {time.label.lower()}", time.label, y_title
        )
    correlating = intent is Intent.CORRELATION and len(measures) >= 2
    if len(dims) == 1 and (correlating or (len(measures) == 2 and _scatter(intent, row_count))):
        # The first measure is the driver; the last one its effect (a growth rate, when the
        # planner added one, since that is where a driver shows).
        x, y = measures[0], measures[-1]
        return ChartSpec(
            "scatter",
            x.name,
            (y.name,),
            None,
            f"{y.label} against {x.label} by {dims[0].label.lower()}",
            x.label,
            y.label,
            label=dims[0].name,
        )
    if dims and len(dims) <= 2:
        second = dims[1].name if len(dims) == 2 else None
        return ChartSpec(
            "bar",
            dims[0].name,
            names[:1] if second else names,
            second,
            f"{title} by {dims[0].label.lower()}",
            dims[0].label,
            y_title,
        )
    return ChartSpec("table", None, names, None, title, "", y_title)


def _scatter(intent: Intent, row_count: int) -> bool:
    return intent is Intent.CORRELATION or row_count >= MIN_SCATTER_POINTS


def titled(
    chart: ChartSpec,
    columns: Sequence[Column],
    scope: str,
    window: TimeWindow | None,
    language: str,
) -> ChartSpec:
    """The chart's title names its filters and its dates, like the sentence does, in the
    question's language ("지역별 매출 (판매 채널: 온라인) (2026년 10월)")."""
    title = _korean_title(chart, columns) if language == "ko" else chart.title
    return replace(chart, title=f"{title}{scope}{window_phrase(window, language)}")


def _korean_title(chart: ChartSpec, columns: Sequence[Column]) -> str:
    label = {c.name: c.label for c in columns}
    measures = " · ".join(label[name] for name in chart.y)
    if chart.kind == "scatter" and chart.x and chart.label:
        return f"{label[chart.label]}별 {measures} 대 {label[chart.x]}"
    if chart.kind in ("bar", "line") and chart.x:
        return f"{label[chart.x]}별 {measures}"
    return measures
