"""Streamlit entry point: page setup and navigation only."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="askbi", page_icon="📊", layout="wide")
navigation = st.navigation(
    [st.Page("explore.py", title="Explore metrics", icon="📈", default=True)],
)
navigation.run()
