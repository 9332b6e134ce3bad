"""Streamlit entry point: page setup and navigation only.

Page files end in ``_page.py``: Streamlit puts this folder first on ``sys.path``, so a page
named ``metrics.py`` would shadow the ``metrics`` package for every import after it.
The favicon is a file of ours: an emoji or icon-font favicon is fetched from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.ui.lang import t

FAVICON = Path(__file__).parent / "assets" / "favicon.png"

st.set_page_config(page_title="askbi", page_icon=str(FAVICON), layout="wide")
navigation = st.navigation(
    [
        st.Page("ask_page.py", title=t("page.ask"), icon=":material/forum:", default=True),
        st.Page(
            "dashboards_page.py",
            title=t("page.dashboards"),
            icon=":material/dashboard:",
            url_path="dashboards",
        ),
        st.Page(
            "metrics_page.py",
            title=t("page.metrics"),
            icon=":material/menu_book:",
            url_path="metrics",
        ),
        st.Page("edit_page.py", title=t("page.edit"), icon=":material/edit_note:", url_path="edit"),
        st.Page(
            "settings_page.py",
            title=t("page.settings"),
            icon=":material/settings:",
            url_path="settings",
        ),
    ]
)
navigation.run()
