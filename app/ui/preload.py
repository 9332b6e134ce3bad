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
PATTERN = "PlotlyChart.*.js"


def chart_library() -> None:
    """Once per session: ask the browser to preload the chart bundle, if there is one."""
    if st.session_state.get(SHOWN):
        return
    st.session_state[SHOWN] = True
    found = sorted(BUNDLES.glob(PATTERN))
    if not found:
        return  # another Streamlit build: the chart simply loads when first drawn
    href = f"./static/js/{found[0].name}"
    st.html(
        "<script>const l = document.createElement('link'); l.rel = 'modulepreload'; "
        f"l.href = new URL('{href}', document.baseURI).href; document.head.appendChild(l);"
        "</script>",
        unsafe_allow_javascript=True,
    )


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
