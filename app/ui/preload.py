"""Fetch the chart library while the reader types the first question.

Streamlit loads plotly's 4.7 MB bundle the first time a chart is drawn, which made the first
answer of a session a second slower than the rest. A ``modulepreload`` link fetches and
compiles it ahead (without running it), from the app's own server.
"""

from __future__ import annotations

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
