"""What a first visit would otherwise wait for, loaded ahead: in the browser and the server.

Streamlit loads plotly's 4.7 MB bundle the first time a chart is drawn, which made the first
answer of a session a second slower than the rest. A ``modulepreload`` link fetches and
compiles it ahead (without running it), from the app's own server.

On the server, the pages' imports and the first pandas → Arrow conversion (every table and
chart goes through Arrow) cost a fresh process about a second; the server pays them as it
starts (see ``cache.warm``), before anyone is waiting.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

SHOWN = "askbi_preloaded"
BUNDLES = Path(st.__file__).parent / "static" / "static" / "js"
PATTERNS = ("PlotlyChart.*.js", "DataFrame.*.js", "arrowFormatUtils.*.js")
"""The chart, and the table an answer shows under it (a data grid and its Arrow formatting):
together about 6 MB the first answer would otherwise fetch and compile while drawn."""


def chart_library(*, run_charts: bool = True) -> None:
    """Once per session: ask the browser to preload the bundles an answer draws with, and
    (``run_charts``) run plotly ahead. A page that opens on a conversation with charts runs
    it for them anyway, so it skips the extra chart and draws as soon as before."""
    if st.session_state.get(SHOWN):
        return
    st.session_state[SHOWN] = True
    found = [sorted(BUNDLES.glob(pattern))[:1] for pattern in PATTERNS]
    hrefs = [f"./static/js/{bundle.name}" for bundles in found for bundle in bundles]
    if not hrefs:
        return  # another Streamlit build: the bundles simply load when first drawn
    links = "".join(
        "{const l = document.createElement('link'); l.rel = 'modulepreload'; "
        f"l.href = new URL('{href}', document.baseURI).href; document.head.appendChild(l);}}"
        for href in hrefs
    )
    st.html(f"<script>{links}</script>", unsafe_allow_javascript=True)
    if run_charts:
        _first_chart()


WARM_KEY = "askbi-warm-chart"


def _first_chart() -> None:
    """A one-point chart drawn off screen as the page opens. Preloading fetches plotly but
    does not run it; running it and laying out its first figure took the browser about two
    seconds, which the first answer with a chart used to wait for."""
    import plotly.graph_objects as go

    st.html(
        f"<style>.st-key-{WARM_KEY} {{position: absolute; left: -10000px; width: 200px; "
        "height: 1px; overflow: hidden}</style>"
    )
    with st.container(key=WARM_KEY):
        figure = go.Figure(go.Bar(x=[0], y=[0]))
        figure.update_layout(height=120, margin={"l": 0, "r": 0, "t": 0, "b": 0})
        st.plotly_chart(figure, config={"staticPlot": True})


PAGE_MODULES = (
    "pandas",
    "pyarrow",
    "app.catalog_view",
    "app.i18n.names",
    "app.ui.layout",
    "app.ui.render",
    "app.ui.refine",
    "app.ui.actions",
)
"""What the pages import beyond the environment (importing a page would run it)."""


def page_modules() -> None:
    for name in PAGE_MODULES:
        importlib.import_module(name)


def arrow(rows: Sequence[object]) -> None:
    """Convert one small table as ``st.dataframe`` would, so pyarrow's pandas bridge is
    loaded and its first conversion done."""
    import pandas as pd
    import pyarrow as pa

    pa.Table.from_pandas(pd.DataFrame(rows))
