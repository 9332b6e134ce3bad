"""Metrics page: the catalog (definitions, owners, versions, SQL, usage) and the semantic layer."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app.catalog_view import (
    MetricDetail,
    MetricRow,
    catalog_rows,
    changelog_lines,
    column_rows,
    dimension_rows,
    find_metrics,
    join_rows,
    latest_change,
    sparkline_spec,
    table_rows,
)
from app.i18n.formatting import period_label
from app.i18n.names import localized, metric_name
from app.pipeline.environment import Environment
from app.pipeline.present.formatting import format_value
from app.pipeline.records import Answer
from app.project.config import featured_metric
from app.ui import cache, layout, render
from app.ui.lang import language, t

COLUMNS = ("label", "name", "type", "status", "version", "owner")
STATUS_COLOURS = {"certified": "green", "draft": "orange", "deprecated": "red"}


def catalog(env: Environment) -> None:
    rows = catalog_rows(env.project)
    # The first screen is the picker and one metric; the table of all of them opens on
    # demand (a closed expander does not run): its grid is 1.2 MB of script to a browser.
    table = st.expander(
        t("metrics.table", count=len(rows)),
        key="metric-table",
        on_change="rerun",
        icon=":material/table_rows:",
    )
    if table.open:
        with table:
            catalog_table(rows, env)
    # Both languages' names in the picker; the search also reads synonyms ("객단가").
    labels = {r.name: _both_names(r.name, r.label, env) for r in rows}
    query = st.text_input(
        t("metrics.search"), key="metric-search", placeholder=t("metrics.search_hint")
    )
    names = [n for n in find_metrics(env.project.catalog, query) if n in labels]
    if not names:
        st.caption(t("metrics.none_found", query=query))
        names = list(labels)
    featured = featured_metric(env.project.config, env.project.catalog)
    first = names.index(featured) if featured in names else 0
    name = st.selectbox(
        t("metrics.metric"), names, index=first, format_func=labels.__getitem__, key="metric"
    )
    detail(cache.detail(name))


def catalog_table(rows: Sequence[MetricRow], env: Environment) -> None:
    frame = pd.DataFrame(rows)
    catalog_ = env.project.catalog
    frame["label"] = [metric_name(catalog_, name, language()) for name in frame["name"]]
    headers = {c: t(f"metrics.column.{c}") for c in COLUMNS}
    st.dataframe(
        frame.rename(columns=headers),
        hide_index=True,
        column_order=[headers[c] for c in COLUMNS],
        height=280,
    )


def _both_names(name: str, label: str, env: Environment) -> str:
    metric = env.project.catalog.metrics[name]
    mine = localized(label, metric.labels, language())
    others = [v for v in (label, *metric.labels.values()) if v != mine]
    return f"{mine} · {others[0]}" if others else mine


def detail(d: MetricDetail) -> None:
    m = d.metric
    st.subheader(localized(m.label, m.labels, language()))
    badges = st.container(horizontal=True)
    badges.badge(m.status.value, color=STATUS_COLOURS.get(m.status.value, "gray"))  # type: ignore[arg-type]
    badges.badge(f"v{m.version}", color="blue")
    badges.badge(m.type, color="gray")
    badges.badge(t("metrics.owner", owner=m.owner), color="violet", icon=":material/person:")
    st.markdown(m.description)
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{t('metrics.definition')}**")
        # Inline code, not st.code: the code block's highlighter is a 1.5 MB bundle the
        # page's first view would wait for, to show one line.
        st.markdown(f"`` {d.definition} ``")
        facts = {
            t("metrics.synonyms"): ", ".join(m.synonyms),
            t("metrics.computed_from"): ", ".join(d.depends_on),
            t("metrics.used_by"): ", ".join(d.used_by),
            t("metrics.dimensions"): ", ".join(d.dimensions),
            t("metrics.replaced_by"): m.replaced_by or "",
        }
        st.markdown("\n".join(f"- **{k}:** {v}" for k, v in facts.items() if v))
    with right:
        preview = cache.preview(d)
        if preview.ok:
            twelve_months(render.shown(preview))
        else:
            render.error(preview)
    # Only the open tab is drawn: every hidden table still costs the browser a grid.
    history, sql, usage = st.tabs(
        [t("metrics.history"), t("metrics.sql"), t("metrics.usage")],
        key="metric-tabs",
        on_change="rerun",
    )
    if history.open:
        with history:
            if d.changelog:
                # A list, not a grid: a few lines, and the first screen needs no table script.
                st.markdown("\n".join(changelog_lines(d.changelog)))
            else:
                st.caption(t("metrics.no_changelog"))
    if sql.open:
        with sql:
            st.caption(t("metrics.sql_caption"))
            if d.sql_error is not None:
                render.error(d.sql_error)
            else:
                st.code(d.sql, language="sql")
    if usage.open:
        _usage(d, usage)


def twelve_months(preview: Answer) -> None:
    """The last month and its change at once; the chart on demand (its Vega bundles cost a
    first visit most of a second)."""
    found = latest_change(preview.rows)
    if found is None or len(preview.columns) < 2:
        st.caption(t("answer.no_rows"))
        return
    month, value, change = found
    time, measure = preview.columns[0], preview.columns[1]
    chosen = language()
    st.metric(
        f"{measure.label or measure.name} · {period_label(month, time.name, chosen)}",
        format_value(value, measure.format, measure.decimals, measure.unit, language=chosen),
        f"{change:+.1%}" if change is not None else None,
        delta_color="off",  # whether up is good depends on the metric
    )
    chart = st.expander(
        t("metrics.last_12"), key="metric-chart", on_change="rerun", icon=":material/show_chart:"
    )
    if chart.open:
        with chart:
            sparkline(preview)


def sparkline(preview: Answer) -> None:
    """The twelve months as a Vega-Lite line: the page's first view then needs no plotly
    bundle, which costs a first visit more than a second."""
    frame = pd.DataFrame.from_records(list(preview.rows), columns=preview.column_names())
    if frame.empty or len(frame.columns) < 2:
        st.caption(t("answer.no_rows"))
        return
    x, y = frame.columns[0], frame.columns[1]
    frame[x] = pd.to_datetime(frame[x])
    st.vega_lite_chart(frame, sparkline_spec(x, y), height=260)


def _usage(d: MetricDetail, usage: DeltaGenerator) -> None:
    with usage:
        st.markdown(f"**{t('page.dashboards')}**")
        st.markdown("\n".join(f"- {x}" for x in d.dashboards) or f"_{t('metrics.no_tile')}_")
        st.markdown(f"**{t('metrics.cases')}**")
        st.markdown("\n".join(f"- {x}" for x in d.cases) or f"_{t('metrics.no_case')}_")


def semantic_layer(env: Environment) -> None:
    layer = env.project.layer
    st.markdown(f"**{t('metrics.tables')}**")
    _rows(table_rows(layer))
    table = st.selectbox(t("metrics.columns_of"), sorted(layer.tables), key="layer-table")
    _rows(column_rows(layer, table))
    st.markdown(t("metrics.dimensions_heading"))
    _rows(dimension_rows(layer))
    st.markdown(f"**{t('metrics.joins')}**")
    _rows(join_rows(layer))
    if layer.glossary:
        st.markdown(f"**{t('metrics.glossary')}**")
        for term in layer.glossary:
            st.markdown(f"- **{term.term}** — {term.definition}")


def _rows(rows: Sequence[object]) -> None:
    """A table of dataclass rows with readable headers ("from_table" → "From table")."""
    frame = pd.DataFrame(rows)
    st.dataframe(frame.rename(columns=lambda c: c.replace("_", " ").capitalize()), hide_index=True)


env = layout.page(t("page.metrics"), t("metrics.intro"))
catalog_tab, layer_tab = st.tabs(
    [t("metrics.catalog"), t("metrics.layer")], key="metrics-tabs", on_change="rerun"
)
if catalog_tab.open:
    with catalog_tab:
        catalog(env)
if layer_tab.open:
    with layer_tab:
        semantic_layer(env)
