"""Explore page: pick metrics, dimensions, grain and range; see chart, table and SQL."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.ui import cache, render
from metrics.plan import SemanticQuery
from metrics.timeframe import Last, ToDate
from semantic_layer.errors import AskbiError
from semantic_layer.model import Grain

RANGES = {
    "Last 12 months": Last(n=12, unit=Grain.MONTH),
    "Last month": Last(n=1, unit=Grain.MONTH),
    "Last 3 months": Last(n=3, unit=Grain.MONTH),
    "Year to date": ToDate(unit=Grain.YEAR),
    "Last year": Last(n=1, unit=Grain.YEAR),
    "All time": None,
}

st.title("Explore metrics")
st.caption("Every number comes from the central metric catalog: same definition, same SQL.")
try:
    project = cache.project()
except AskbiError as e:
    render.error(e)
    st.stop()

catalog, layer = project.catalog, project.layer
certified = sorted(
    (m for m in catalog.metrics.values() if m.status.value != "deprecated"), key=lambda m: m.label
)
labels = {m.name: m.label for m in certified}
chosen = st.multiselect(
    "Metrics", list(labels), default=["revenue"], format_func=lambda name: labels[name]
)
if not chosen:
    st.info("Pick one or more metrics to start, for example Revenue or AOV.")
    st.stop()

allowed = set.intersection(*(set(catalog.allowed_dimensions(m, layer)) for m in chosen))
dim_labels = {d: layer.dimensions[d].definition.label or d for d in sorted(allowed)}
left, middle, right = st.columns(3)
dimensions = left.multiselect(
    "Break down by", list(dim_labels), format_func=lambda name: dim_labels[name]
)
grain = middle.selectbox("Over time", ["none", *(g.value for g in Grain)], index=3)
range_label = right.selectbox("Time range", list(RANGES))

try:
    plan = SemanticQuery(
        metrics=tuple(chosen),
        dimensions=tuple(dimensions),
        grain=None if grain == "none" else Grain(grain),
        time_range=RANGES[range_label],
    )
    with st.spinner("Running…"):
        answer = cache.answer(plan.canonical_json(), project.source_url, dt.date.today())
except AskbiError as e:
    render.error(e)
    st.stop()
render.result(answer)
