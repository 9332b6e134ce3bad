"""Dashboards page: saved tiles in a grid, a filter bar for all of them, refresh."""

from __future__ import annotations

import streamlit as st

from app.dashboards.refresh import DashboardFilters, TileResult
from app.dashboards.store import LoadedDashboard, remove_tile
from app.i18n.formatting import day
from app.pipeline.environment import Environment
from app.pipeline.plan.edit import allowed_dimensions
from app.ui import cache, layout, render, state
from app.ui.lang import language, t
from kernel.errors import AskbiError
from metrics.semantic_query import Filter

ANY = "No filter"
ERROR_KEY = "askbi_dashboard_error"
COLUMNS = 2


def filter_bar(current: LoadedDashboard, env: Environment) -> DashboardFilters:
    layer, catalog = env.project.layer, env.project.catalog
    dims: set[str] = set()
    for tile in current.dashboard.tiles:
        # A tile naming an unknown metric shows its own error; the bar skips it.
        if tile.plan is not None and all(m in catalog.metrics for m in tile.plan.metrics):
            dims |= allowed_dimensions(tile.plan.metrics, layer, catalog)
    labels = {d: layer.dimension(d).definition.label or d for d in dims}
    dates_col, dim_col, values_col, button_col = st.columns(
        [3, 2, 3, 1.6], vertical_alignment="bottom"
    )
    # An empty range until the user picks one: the tiles keep their own dates.
    dates = dates_col.date_input(t("dash.dates"), value=[], key="dash-dates")
    dimension = dim_col.selectbox(
        t("dash.filter_by"),
        [ANY, *sorted(dims, key=labels.__getitem__)],
        key="dash-filter-dim",
        format_func=lambda d: t("dash.no_filter") if d == ANY else labels.get(d, d),
    )
    chosen: list[str] = []
    if dimension != ANY:
        known = sorted(env.values.values.get(dimension, ())) if env.values else []
        chosen = values_col.multiselect(
            t("dash.values"), known, key=f"dash-values-{dimension}", accept_new_options=True
        )
    button_col.button(
        t("dash.refresh"), icon=":material/refresh:", on_click=state.bump_refresh, width="stretch"
    )
    start, end = (
        (dates[0], dates[1]) if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
    )
    wanted = Filter(dimension=dimension, values=tuple(chosen)) if chosen else None
    return DashboardFilters(start=start, end=end, filter=wanted)


def tile(item: TileResult, current: LoadedDashboard, key: str) -> None:
    with st.container(border=True):
        head = st.container(horizontal=True, vertical_alignment="center")
        head.markdown(f"**{item.tile.title}**", width="stretch")
        head.button(
            t("dash.remove"),
            icon=":material/delete:",
            key=f"{key}-remove",
            type="tertiary",
            on_click=_remove,
            args=(current, item.tile.id),
        )
        if item.answer.ok:
            render.visual(item.answer, key=key, compact=True)
            with st.expander(t("answer.table")):
                render.table(item.answer)
            st.caption(render.shown(item.answer).understood)
        else:
            render.error(item.answer)
        for note in item.notes:
            st.caption(f"ⓘ {note.render(language())}")


def _remove(current: LoadedDashboard, tile_id: str) -> None:
    """Based on the version the user looked at: a dashboard changed meanwhile is a conflict."""
    try:
        remove_tile(cache.environment().env.project.root, current, tile_id)
        st.session_state[ERROR_KEY] = None
    except AskbiError as e:
        st.session_state[ERROR_KEY] = e


env = layout.page(
    t("page.dashboards"),
    t("dash.intro"),
)
loaded, broken = cache.dashboards()
for problem in broken:
    render.error(problem)
if not loaded:
    st.info(
        t("dash.none"),
        icon=":material/dashboard_customize:",
    )
    st.page_link("ask_page.py", label=t("dash.ask"), icon=":material/forum:")
    st.stop()
titles = {d.name: d.dashboard.title for d in loaded}
just_saved = st.session_state.pop(state.OPEN_DASHBOARD, None)
if just_saved in titles:
    st.session_state["dash-name"] = just_saved
name = st.selectbox(
    t("save.dashboard"), list(titles), format_func=titles.__getitem__, key="dash-name"
)
current = next(d for d in loaded if d.name == name)
if current.dashboard.description:
    st.caption(current.dashboard.description)
failure = st.session_state.get(ERROR_KEY)
if isinstance(failure, AskbiError):
    render.error(failure)
    st.session_state[ERROR_KEY] = None  # shown once; the page now shows the current version
filters = filter_bar(current, env)
if not current.dashboard.tiles:
    st.info(t("dash.empty"))
    st.stop()
root, source = cache.location()
with st.spinner(t("dash.refreshing")):
    result = cache.refreshed(
        current.name,
        current.version,
        repr(filters),
        state.refresh_nonce(),
        root,
        source,
        current,
        filters,
    )
failed = t("dash.failed", count=result.failed) if result.failed else ""
st.caption(
    t(
        "dash.refreshed",
        at=f"{result.refreshed_at:%Y-%m-%d %H:%M:%S}",
        tiles=len(result.tiles),
        ms=f"{result.elapsed_ms:,.0f}",
        failed=failed,
        today=day(env.today, language()),
    )
)
for start in range(0, len(result.tiles), COLUMNS):
    for column, item in zip(
        st.columns(COLUMNS), result.tiles[start : start + COLUMNS], strict=False
    ):
        with column:
            tile(item, current, key=f"tile-{item.tile.id}")
