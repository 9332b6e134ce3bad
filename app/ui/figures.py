"""Plotly figures drawn from an answer's chart spec: the spec decides, this only draws.

One measure is one chart; several measures get one row each with their own axis (revenue
in won and ROAS as a ratio on one axis would flatten one of them to a line at zero).
Axes are titled and formatted like the table: ₩ thousands, percentages. A value axis's
title is written level, above its plot: turned on its side beside the axis, Korean (and
any long label) reads badly and takes width a phone does not have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.i18n.catalog import Language
from app.i18n.formatting import GRAINS, period_label
from app.pipeline.records import Answer, ChartSpec, ResultColumn
from metrics.model import Format

HEIGHT_PER_ROW = 320
COMPACT_HEIGHT = 280
LEGEND_ROW = 26
"""Pixels of one wrapped line of the legend."""
TITLE_ROOM = 30
"""Pixels above a plot for its value axis's title (the figure's own title goes above)."""
VALUE_TITLE = "value-axis-title"


def figure(
    answer: Answer, *, compact: bool = False, language: Language = Language.EN
) -> go.Figure | None:
    """The answer's chart, or None when it is a number card or a table.

    ``compact``: for a dashboard tile or a preview, whose heading already names the chart.
    Periods on the x axis are named in ``language`` ("Oct 2026", "2026년 10월").
    """
    spec = answer.chart
    if spec is None or spec.kind not in ("line", "bar", "scatter") or not answer.rows:
        return None
    columns = {c.name: c for c in answer.columns}
    index = {c.name: i for i, c in enumerate(answer.columns)}
    if spec.kind == "scatter":
        return _compact(_scatter(spec, columns, index, answer.rows), compact, answer)
    rows = len(spec.y)
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, name in enumerate(spec.y, start=1):
        for series, points in _series(spec, index, _named_periods(answer, language), name):
            fig.add_trace(_trace(spec, series or columns[name].label, points, row), row=row, col=1)
        _format_axis(
            fig, columns[name], row, title=columns[name].label if rows > 1 else spec.y_title
        )
    fig.update_xaxes(title_text=spec.x_title, row=rows, col=1)
    fig.update_layout(
        title=spec.title,
        height=HEIGHT_PER_ROW * rows + 60 + _legend_room(answer),
        showlegend=spec.color is not None,
        # Across the width, wrapping, at the foot: a legend at the side takes half a phone's
        # width and cuts off the series names; at the top it would sit on the value axis's
        # title. Placed in the figure's own units, plotly makes room for it under the x
        # axis's title however many lines it wraps to.
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "title_text": columns[spec.color].label if spec.color else None,
            "title_side": "top left",
        },
        barmode="group",
        margin={"t": 60, "l": 10, "r": 10, "b": 10},
    )
    return _compact(fig, compact, answer)


def chart_kinds(answer: Answer) -> list[str]:
    """The kinds the answer's rows can be drawn as: a line or bars when there is an x axis,
    a number when there is one row, and always the table.

    >>> import datetime as dt
    >>> from app.pipeline.records import Status
    >>> spec = ChartSpec("bar", "region", ("revenue",), None, "", "", "")
    >>> rows = (("Seoul", 1), ("Busan", 2))
    >>> chart_kinds(Answer(question="", status=Status.ANSWERED, chart=spec, rows=rows,
    ...                    today=dt.date(2026, 1, 1)))
    ['bar', 'line', 'table']
    """
    spec = answer.chart
    if spec is None or spec.kind == "scatter" or not answer.rows:
        return []
    kinds = ["bar", "line"] if spec.x else []
    if len(answer.rows) == 1:
        kinds.append("number")
    return [*kinds, "table"]


def _named_periods(answer: Answer, language: Language) -> Sequence[Sequence[Any]]:
    """The rows with the x axis's periods as names, when the x axis is a time grain."""
    spec = answer.chart
    x = next((i for i, c in enumerate(answer.columns) if spec and c.name == spec.x), None)
    if x is None or answer.columns[x].role != "time" or answer.columns[x].name not in GRAINS:
        return answer.rows
    grain = answer.columns[x].name
    return [(*r[:x], period_label(r[x], grain, language), *r[x + 1 :]) for r in answer.rows]


def _legend_room(answer: Answer) -> int:
    """Height for the legend's lines beyond the first on a phone, where two series fit on a
    line: the legend takes its room from the plot, which would be left a sliver."""
    spec = answer.chart
    column = next((i for i, c in enumerate(answer.columns) if spec and c.name == spec.color), None)
    if column is None:
        return 0
    series = len({row[column] for row in answer.rows})
    return LEGEND_ROW * max(0, -(-series // 2) - 1)


def _compact(fig: go.Figure, compact: bool, answer: Answer) -> go.Figure:
    if compact:
        rows = len([k for k in fig.layout if str(k).startswith("yaxis")]) or 1
        height = COMPACT_HEIGHT * rows + _legend_room(answer)
        fig.update_layout(title_text="", height=height, margin={"t": TITLE_ROOM})
    return fig


def _series(
    spec: ChartSpec, index: dict[str, int], rows: Sequence[Sequence[Any]], measure: str
) -> list[tuple[str, list[tuple[Any, Any]]]]:
    """(series name, [(x, y)…]) per colour, in the order the series first appear."""
    x, y = index[spec.x or ""], index[measure]
    colour = index.get(spec.color or "")
    groups: dict[str, list[tuple[Any, Any]]] = {}
    for row in rows:
        key = str(row[colour]) if colour is not None else ""
        groups.setdefault(key, []).append((row[x], row[y]))
    return list(groups.items())


def _trace(spec: ChartSpec, name: str, points: list[tuple[Any, Any]], row: int) -> Any:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    legend = {"legendgroup": name, "showlegend": row == 1}
    if spec.kind == "line":
        return go.Scatter(x=xs, y=ys, name=name, mode="lines+markers", **legend)
    return go.Bar(x=[str(x) for x in xs], y=ys, name=name, **legend)


def _scatter(
    spec: ChartSpec,
    columns: dict[str, ResultColumn],
    index: dict[str, int],
    rows: Sequence[Sequence[Any]],
) -> go.Figure:
    x, y = index[spec.x or ""], index[spec.y[0]]
    label = index.get(spec.label or "")
    names = [str(r[label]) for r in rows] if label is not None else None
    fig = go.Figure(
        go.Scatter(
            x=[r[x] for r in rows],
            y=[r[y] for r in rows],
            mode="markers+text" if names and len(names) <= 30 else "markers",
            text=names,
            textposition="top center",
            hovertext=names,
            hoverinfo="text+x+y",
            marker={"size": 10, "opacity": 0.8},
        )
    )
    fig.update_layout(title=spec.title, height=480, margin={"t": 60, "l": 10, "r": 10, "b": 10})
    _format_axis(fig, columns[spec.y[0]], None, title=spec.y_title)
    _format_axis(fig, columns[spec.x or ""], None, title=spec.x_title, axis="x")
    return fig


def _value_title(fig: go.Figure, title: str, row: int | None) -> None:
    """The value axis's title, level, at the top left of its plot (a row's own plot when
    measures are stacked)."""
    axis = fig.layout[f"yaxis{row if row and row > 1 else ''}"]
    top = axis.domain[1] if axis.domain else 1
    fig.add_annotation(
        name=VALUE_TITLE,
        text=title,
        xref="paper",
        yref="paper",
        x=0,
        y=top,
        xanchor="left",
        yanchor="bottom",
        yshift=4,
        textangle=0,
        showarrow=False,
        font={"size": 13},
    )


def _format_axis(
    fig: go.Figure, column: ResultColumn, row: int | None, *, title: str, axis: str = "y"
) -> None:
    """Tick labels formatted like the metric: ₩ with thousands separators, or percentages;
    the title under the x axis, or level above the plot for the y axis."""
    style: dict[str, Any] = {"title_text": title if axis == "x" else None}
    if axis == "y":
        _value_title(fig, title, row)
    if column.format is Format.CURRENCY and column.unit in ("", "KRW"):
        style.update(tickprefix="₩", tickformat=",.0f")
    elif column.format is Format.PERCENT:
        style.update(tickformat=f".{column.decimals}%")
    elif column.format in (Format.INTEGER, Format.NUMBER):
        style.update(tickformat=",")
    where = {"row": row, "col": 1} if row is not None else {}
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(**style, **where)
