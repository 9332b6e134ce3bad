"""What can be done with an answer: download it, rate it, save it as a tile, promote it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.answers.export import file_stem, to_csv, to_excel
from app.answers.feedback import Rating, record_feedback
from app.answers.promote import promote
from app.dashboards.store import add_tile
from app.dashboards.targets import SaveTarget, save_target
from app.dashboards.tiles import default_title, tile_for
from app.pipeline.records import Answer, Source
from app.ui import cache, render, state
from app.ui.lang import language, t
from kernel.errors import AskbiError

NEW_DASHBOARD = ""
"""The picker's "new dashboard" option (no dashboard is named with an empty stem)."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def actions(result: Answer, *, key: str) -> None:
    """One row of actions under an answered question. Downloads and the tile's title use
    the answer as it reads on screen (labels and values in the interface's language)."""
    row = st.container(horizontal=True, vertical_alignment="center")
    shown = render.shown(result)
    stem = file_stem(result)
    row.download_button(
        "CSV",
        lambda: to_csv(shown),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "Excel",
        lambda: to_excel(shown, render.reader(result)),
        f"{stem}.xlsx",
        XLSX,
        key=f"{key}-xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )
    with row.popover(t("save.button"), icon=":material/dashboard_customize:"):
        save_form(shown, key=key)
    if result.plan is not None and result.source is not Source.LLM_SQL:
        with row.popover(t("promote.button"), icon=":material/verified:"):
            promote_form(result, key=key)
    row.feedback("thumbs", key=f"{key}-feedback", on_change=_rate, args=(result, key))


@st.fragment
def save_form(result: Answer, *, key: str) -> None:
    """Pick a dashboard or type a new title; the button names where the tile will go."""
    env = cache.environment().env
    root = env.project.root
    titles = {d.name: d.dashboard.title for d in cache.dashboards()[0]}
    choice = st.selectbox(
        t("save.dashboard"),
        [*titles, NEW_DASHBOARD],
        format_func=lambda name: titles.get(name, t("save.new_option")),
        key=f"{key}-dashboard",
    )
    typed = st.text_input(
        t("save.new_title"), key=f"{key}-new-title", placeholder=t("save.new_title_hint")
    )
    layer, catalog = env.project.layer, env.project.catalog
    title = st.text_input(
        t("save.tile_title"),
        value=default_title(result, layer, catalog, language()),
        key=f"{key}-tile",
    )
    target = save_target(choice if choice != NEW_DASHBOARD else None, typed, titles)
    label = _save_label(target)
    if not st.button(label, type="primary", key=f"{key}-save", disabled=target is None):
        return
    assert target is not None
    try:
        saved = add_tile(root, target.name, tile_for(result, title), title=target.title)
    except AskbiError as e:
        render.error(e)
        return
    st.session_state[state.OPEN_DASHBOARD] = saved.name
    st.success(
        t("save.saved", tile=title or result.understood, dashboard=saved.dashboard.title),
        icon=":material/check:",
    )
    st.page_link("dashboards_page.py", label=t("save.open"), icon=":material/dashboard:")


def _save_label(target: SaveTarget | None) -> str:
    if target is None:
        return t("save.type_title")
    if target.new:
        return t("save.to_new", title=target.title)
    return t("save.to", title=target.title)


def promote_form(result: Answer, *, key: str) -> None:
    st.caption(t("promote.caption"))
    with st.form(f"{key}-promote", border=False):
        owner = st.text_input(t("promote.owner"), key=f"{key}-owner")
        question = st.text_input(t("promote.question"), value=result.question, key=f"{key}-q")
        note = st.text_input(t("promote.note"), key=f"{key}-note")
        if not st.form_submit_button(t("promote.submit"), type="primary"):
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
    st.success(t("promote.done", name=query.name, owner=query.verified_by))


def _rate(result: Answer, key: str) -> None:
    value = st.session_state.get(f"{key}-feedback")
    if value is None:
        return
    rating = Rating.UP if value == 1 else Rating.DOWN
    record_feedback(cache.environment().env.project.root, result, rating)
    st.toast(t("feedback.thanks"), icon=":material/thumb_up:")
