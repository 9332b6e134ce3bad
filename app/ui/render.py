"""Rendering of results and errors, shared by every page."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from app.charts import choose_chart
from app.formatting import format_value
from app.run import PlanResult
from metrics.compiler import OutputColumn
from semantic_layer.errors import AskbiError


def error(e: AskbiError) -> None:
    """The one way the app shows a failure: what happened, and what to do next."""
    st.error(e.message, icon="⚠️")
    if e.hint:
        st.caption(e.hint)


def result(answer: PlanResult) -> None:
    compiled, frame = answer.compiled, answer.result.frame
    for warning in compiled.warnings:
        st.warning(warning)
    spec = choose_chart(compiled.columns, len(frame))
    metrics = {c.name: c for c in compiled.columns if c.role == "metric"}
    if spec.kind == "number":
        cols = st.columns(len(spec.y))
        for col, name in zip(cols, spec.y, strict=True):
            m = metrics[name]
            col.metric(m.label, format_value(_scalar(frame[name]), m.format, m.decimals, m.unit))
    elif spec.kind in ("line", "bar"):
        draw = px.line if spec.kind == "line" else px.bar
        figure = draw(frame, x=spec.x, y=list(spec.y), color=spec.color, title=spec.title)
        figure.update_layout(yaxis_title=spec.y_title, xaxis_title=spec.x, legend_title=None)
        st.plotly_chart(figure, use_container_width=True)
    st.dataframe(_display(frame, metrics), hide_index=True, use_container_width=True)
    if answer.result.truncated:
        st.caption(f"Showing the first {answer.result.row_count:,} rows.")
    with st.expander("SQL and definitions"):
        st.code(compiled.sql, language="sql")
        versions = ", ".join(f"{k} v{v}" for k, v in compiled.metric_versions.items())
        window = f"{compiled.start} to {compiled.end}" if compiled.start else "all time"
        st.caption(
            f"Time window: {window} · Metric versions: {versions} · "
            f"compiled in {compiled.compile_ms:.1f} ms, ran in {answer.result.elapsed_ms:.0f} ms"
        )


def _scalar(series: pd.Series) -> object:
    if not len(series):
        return None
    value = series.iloc[0]
    return value.item() if hasattr(value, "item") else value


def _display(frame: pd.DataFrame, metrics: dict[str, OutputColumn]) -> pd.DataFrame:
    shown = frame.copy()
    for name, m in metrics.items():
        shown[name] = [format_value(v, m.format, m.decimals, m.unit) for v in frame[name]]
    return shown.rename(columns={n: m.label for n, m in metrics.items()})
