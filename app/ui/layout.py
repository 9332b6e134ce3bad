"""What every page starts with: session state, its title, and the environment or a reason."""

from __future__ import annotations

import streamlit as st

from app.pipeline.environment import Environment
from app.ui import cache, lang, render, state
from app.ui.lang import t
from kernel.errors import AskbiError


def page(title: str, caption: str) -> Environment:
    """Title the page and open the environment; a broken project stops the page with why."""
    opened = page_of_any_project(title, caption)
    if isinstance(opened, AskbiError):
        render.error(opened)
        st.page_link("edit_page.py", label=t("layout.fix_yaml"), icon=":material/edit:")
        st.page_link(
            "settings_page.py", label=t("layout.open_settings"), icon=":material/settings:"
        )
        st.stop()
    return opened


def page_of_any_project(title: str, caption: str) -> Environment | AskbiError:
    """Like :func:`page`, but a project that does not load is returned, not fatal: the Edit
    page is where a broken YAML file gets fixed."""
    state.init()
    lang.keep_choice()
    st.title(title)
    st.caption(caption)
    try:
        opened = cache.environment()
    except AskbiError as e:
        return e
    if opened.problem is not None:
        st.warning(
            t("layout.no_database", problem=opened.problem.message), icon=":material/cloud_off:"
        )
    if opened.llm_problem is not None:
        st.warning(
            t("layout.bad_model", problem=opened.llm_problem.message), icon=":material/smart_toy:"
        )
    return opened.env
