"""Charts that fit a phone: what the figure asks plotly for, without a browser."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from app.i18n.catalog import Language
from app.pipeline.records import Answer, ChartSpec, ResultColumn, Status
from app.ui.figures import TITLE_ROOM, VALUE_TITLE, figure
from metrics.model import Format


def test_a_legend_sits_across_the_foot_so_a_phone_keeps_the_plot_wide() -> None:
    columns = (
        ResultColumn(name="region", role="dimension", label="Region"),
        ResultColumn(name="store_channel", role="dimension", label="Sales channel"),
        ResultColumn(name="revenue", role="metric", label="Revenue"),
    )
    rows = (("Seoul", "online", 1.0), ("Seoul", "retail", 2.0), ("Busan", "online", 3.0))
    spec = ChartSpec("bar", "region", ("revenue",), "store_channel", "", "Region", "Revenue")
    answer = _answer(spec, columns, rows)
    for compact in (False, True):
        fig = figure(answer, compact=compact)
        assert fig is not None and fig.layout.legend.orientation == "h"
        # At the figure's foot, in its own units: plotly makes room under the x axis.
        assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)
        assert fig.layout.legend.title.text == "Sales channel"


def _answer(
    spec: ChartSpec, columns: tuple[ResultColumn, ...], rows: tuple[tuple[object, ...], ...]
) -> Answer:
    return Answer(
        question="",
        status=Status.ANSWERED,
        columns=columns,
        rows=rows,
        chart=spec,
        today=dt.date(2026, 1, 1),
    )


def _value_titles(fig: go.Figure) -> list[tuple[str, float]]:
    return [(a.text, a.y) for a in fig.layout.annotations if a.name == VALUE_TITLE]


def test_value_axis_titles_are_level_above_each_plot_in_any_language() -> None:
    month = ResultColumn(name="month", role="time", label="월")
    revenue = ResultColumn(name="revenue", role="metric", label="매출", format=Format.CURRENCY)
    aov = ResultColumn(name="aov", role="metric", label="평균 주문 금액", format=Format.CURRENCY)
    csat = ResultColumn(name="csat", role="metric", label="고객 만족도")
    store = ResultColumn(name="store", role="dimension", label="매장")
    months = (("2026-01-01", 1.0, 2.0), ("2026-02-01", 3.0, 4.0))
    stacked = figure(
        _answer(
            ChartSpec("line", "month", ("revenue", "aov"), None, "", "월", "값"),
            (month, revenue, aov),
            months,
        ),
        language=Language.KO,
    )
    bars = figure(
        _answer(
            ChartSpec("bar", "store", ("revenue",), None, "", "매장", "매출"),
            (store, revenue),
            (("A", 1.0), ("B", 2.0)),
        ),
    )
    scatter = figure(
        _answer(
            ChartSpec(
                "scatter", "csat", ("revenue",), None, "", "고객 만족도", "매출", label="store"
            ),
            (store, csat, revenue),
            (("A", 4.1, 1.0), ("B", 3.2, 2.0), ("C", 3.9, 5.0)),
        ),
    )
    for fig, titles in (
        (stacked, ["매출", "평균 주문 금액"]),
        (bars, ["매출"]),
        (scatter, ["매출"]),
    ):
        assert fig is not None
        found = _value_titles(fig)
        assert [text for text, _ in found] == titles
        for annotation in fig.layout.annotations:
            assert annotation.textangle in (0, None) and annotation.xref == "paper"
            assert (annotation.x, annotation.xanchor, annotation.yanchor) == (0, "left", "bottom")
        # Each title sits on the top edge of its own plot, and no axis is titled sideways.
        axes = [fig.layout[k] for k in fig.layout if str(k).startswith("yaxis")]
        assert sorted(y for _, y in found) == sorted(a.domain[1] if a.domain else 1 for a in axes)
        assert all(not a.title.text for a in axes)
        assert fig.layout.margin.t >= TITLE_ROOM
    assert scatter is not None and scatter.layout.xaxis.title.text == "고객 만족도"
    compact = figure(
        _answer(
            ChartSpec("bar", "store", ("revenue",), None, "", "매장", "매출"),
            (store, revenue),
            (("A", 1.0),),
        ),
        compact=True,
    )
    assert compact is not None and compact.layout.margin.t >= TITLE_ROOM
