"""Metrics page: the catalog (definitions, owners, versions, SQL, usage) and the semantic layer."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from app.catalog_view import (
    MetricDetail,
    catalog_rows,
    column_rows,
    dimension_rows,
    join_rows,
    table_rows,
)
from app.pipeline.environment import Environment
from app.project.config import featured_metric
from app.ui import cache, layout, render

STATUS_COLOURS = {"certified": "green", "draft": "orange", "deprecated": "red"}


def catalog(env: Environment) -> None:
    rows = catalog_rows(env.project)
    st.dataframe(
        pd.DataFrame(rows).rename(columns=str.capitalize),
        hide_index=True,
        column_order=("Label", "Name", "Type", "Status", "Version", "Owner"),
        height=280,
    )
    labels = {r.name: r.label for r in rows}
    names = list(labels)
    featured = featured_metric(env.project.config, env.project.catalog)
    first = names.index(featured) if featured in names else 0
    name = st.selectbox("Metric", names, index=first, format_func=labels.__getitem__, key="metric")
    detail(cache.detail(name))


def detail(d: MetricDetail) -> None:
    m = d.metric
    st.subheader(m.label)
    badges = st.container(horizontal=True)
    badges.badge(m.status.value, color=STATUS_COLOURS.get(m.status.value, "gray"))  # type: ignore[arg-type]
    badges.badge(f"v{m.version}", color="blue")
    badges.badge(m.type, color="gray")
    badges.badge(f"owner: {m.owner}", color="violet", icon=":material/person:")
    st.markdown(m.description)
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Definition**")
        st.code(d.definition, language=None, wrap_lines=True)
        facts = {
            "Synonyms": ", ".join(m.synonyms),
            "Computed from": ", ".join(d.depends_on),
            "Used by metrics": ", ".join(d.used_by),
            "Can be broken down by": ", ".join(d.dimensions),
            "Replaced by": m.replaced_by or "",
        }
        st.markdown("\n".join(f"- **{k}:** {v}" for k, v in facts.items() if v))
    with right:
        st.markdown("**Last 12 months**")
        preview = cache.run_plan(d.preview, title=f"{m.label}, last 12 months")
        if preview.ok:
            render.visual(preview, key=f"preview-{m.name}", compact=True)
        else:
            render.error(preview)
    history, sql, usage = st.tabs(["Version history", "Compiled SQL", "Where it is used"])
    with history:
        if d.changelog:
            _rows([c.model_dump() for c in d.changelog])
        else:
            st.caption("No changelog entries yet.")
    with sql:
        st.caption("The SQL of the 12-month chart, in this warehouse's dialect.")
        if d.sql_error is not None:
            render.error(d.sql_error)
        else:
            st.code(d.sql, language="sql")
    with usage:
        st.markdown("**Dashboards**")
        st.markdown("\n".join(f"- {x}" for x in d.dashboards) or "_No dashboard tile uses it._")
        st.markdown("**Regression cases**")
        st.markdown("\n".join(f"- {x}" for x in d.cases) or "_No regression case uses it._")


def semantic_layer(env: Environment) -> None:
    layer = env.project.layer
    st.markdown("**Tables**")
    _rows(table_rows(layer))
    table = st.selectbox("Columns of", sorted(layer.tables), key="layer-table")
    _rows(column_rows(layer, table))
    st.markdown("**Dimensions** — what questions can break down and filter by")
    _rows(dimension_rows(layer))
    st.markdown("**Joins**")
    _rows(join_rows(layer))
    if layer.glossary:
        st.markdown("**Glossary**")
        for term in layer.glossary:
            st.markdown(f"- **{term.term}** — {term.definition}")


def _rows(rows: Sequence[object]) -> None:
    """A table of dataclass rows with readable headers ("from_table" → "From table")."""
    frame = pd.DataFrame(rows)
    st.dataframe(frame.rename(columns=lambda c: c.replace("_", " ").capitalize()), hide_index=True)


env = layout.page(
    "Metrics",
    "One versioned definition of every KPI, and the semantic layer they are computed over.",
)
catalog_tab, layer_tab = st.tabs(["Metric catalog", "Semantic layer"])
with catalog_tab:
    catalog(env)
with layer_tab:
    semantic_layer(env)
