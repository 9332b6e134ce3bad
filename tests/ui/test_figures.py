"""Charts that fit a phone: what the figure asks plotly for, without a browser."""

from __future__ import annotations

import datetime as dt

from app.pipeline.records import Answer, ChartSpec, ResultColumn, Status
from app.ui.figures import figure


def test_a_legend_sits_across_the_top_so_a_phone_keeps_the_plot_wide() -> None:
    columns = (
        ResultColumn(name="region", role="dimension", label="Region"),
        ResultColumn(name="store_channel", role="dimension", label="Sales channel"),
        ResultColumn(name="revenue", role="metric", label="Revenue"),
    )
    rows = (("Seoul", "online", 1.0), ("Seoul", "retail", 2.0), ("Busan", "online", 3.0))
    spec = ChartSpec("bar", "region", ("revenue",), "store_channel", "", "Region", "Revenue")
    answer = Answer(
        question="",
        status=Status.ANSWERED,
        columns=columns,
        rows=rows,
        chart=spec,
        today=dt.date(2026, 1, 1),
    )
    for compact in (False, True):
        fig = figure(answer, compact=compact)
        assert fig is not None and fig.layout.legend.orientation == "h"
        assert fig.layout.legend.y > 1 and fig.layout.legend.title.text == "Sales channel"
