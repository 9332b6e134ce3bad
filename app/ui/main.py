"""Streamlit entry point: page setup and navigation only.

Page files end in ``_page.py``: Streamlit puts this folder first on ``sys.path``, so a page
named ``metrics.py`` would shadow the ``metrics`` package for every import after it.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="askbi", page_icon=":material/query_stats:", layout="wide")
navigation = st.navigation(
    [
        st.Page("ask_page.py", title="Ask", icon=":material/forum:", default=True),
        st.Page(
            "dashboards_page.py",
            title="Dashboards",
            icon=":material/dashboard:",
            url_path="dashboards",
        ),
        st.Page(
            "metrics_page.py", title="Metrics", icon=":material/menu_book:", url_path="metrics"
        ),
        st.Page("edit_page.py", title="Edit", icon=":material/edit_note:", url_path="edit"),
        st.Page(
            "settings_page.py", title="Settings", icon=":material/settings:", url_path="settings"
        ),
    ]
)
navigation.run()
