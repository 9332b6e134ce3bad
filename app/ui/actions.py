"""What can be done with an answer: download it, rate it, save it as a tile, promote it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.answers.export import file_stem, to_csv, to_excel
from app.answers.feedback import Rating, record_feedback
from app.answers.promote import promote
from app.dashboards.store import add_tile, dashboard_names, name_for
from app.dashboards.tiles import tile_for
from app.pipeline.records import Answer, Source
from app.ui import cache, render
from kernel.errors import AskbiError

NEW_DASHBOARD = "New dashboard…"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def actions(result: Answer, *, key: str) -> None:
    """One row of actions under an answered question."""
    row = st.container(horizontal=True, vertical_alignment="center")
    stem = file_stem(result)
    row.download_button(
        "CSV",
        lambda: to_csv(result),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "Excel",
        lambda: to_excel(result),
        f"{stem}.xlsx",
        XLSX,
        key=f"{key}-xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )
    with row.popover("Save to dashboard", icon=":material/dashboard_customize:"):
        save_form(result, key=key)
    if result.plan is not None and result.source is not Source.LLM_SQL:
        with row.popover("Promote to verified", icon=":material/verified:"):
            promote_form(result, key=key)
    row.feedback("thumbs", key=f"{key}-feedback", on_change=_rate, args=(result, key))


def save_form(result: Answer, *, key: str) -> None:
    root = cache.environment().env.project.root
    names = dashboard_names(root)
    with st.form(f"{key}-save", border=False):
        choice = st.selectbox("Dashboard", [*names, NEW_DASHBOARD], key=f"{key}-dashboard")
        new_title = st.text_input("New dashboard title", key=f"{key}-new-title")
        title = st.text_input(
            "Tile title", value=result.chart.title if result.chart else "", key=f"{key}-tile"
        )
        if not st.form_submit_button("Save tile", type="primary"):
            return
    try:
        tile = tile_for(result, title)
        if choice == NEW_DASHBOARD:
            heading = new_title.strip() or "My dashboard"
            saved = add_tile(root, name_for(heading, names), tile, title=heading)
        else:
            saved = add_tile(root, choice, tile)
    except AskbiError as e:
        render.error(e)
        return
    st.success(f"Saved “{tile.title}” to {saved.dashboard.title}.", icon=":material/check:")
    st.page_link("dashboards_page.py", label="Open dashboards", icon=":material/dashboard:")


def promote_form(result: Answer, *, key: str) -> None:
    st.caption(
        "A verified query answers every later question that means the same. "
        "Promote only answers you, as the metric owner, have checked."
    )
    with st.form(f"{key}-promote", border=False):
        owner = st.text_input("Your name (metric owner)", key=f"{key}-owner")
        question = st.text_input("Question it answers", value=result.question, key=f"{key}-q")
        note = st.text_input("Note (optional)", key=f"{key}-note")
        if not st.form_submit_button("Promote", type="primary"):
            return
    env = cache.environment().env
    try:
        query = promote(
            env.project, result, owner=owner, question=question, note=note, on=dt.date.today()
        )
    except AskbiError as e:
        render.error(e)
        return
    cache.reload_project()  # the verified-query index is built when the project opens
    st.success(f"Promoted as verified query '{query.name}' by {query.verified_by}.")


def _rate(result: Answer, key: str) -> None:
    value = st.session_state.get(f"{key}-feedback")
    if value is None:
        return
    rating = Rating.UP if value == 1 else Rating.DOWN
    record_feedback(cache.environment().env.project.root, result, rating)
    st.toast("Thanks — your feedback was saved for the metric owners.", icon=":material/thumb_up:")
