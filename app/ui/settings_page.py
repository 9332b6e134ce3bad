"""Settings page: the data source (with a connection test) and the language model's state."""

from __future__ import annotations

import streamlit as st

from app.pipeline.environment import Environment
from app.pipeline.records import ErrorInfo
from app.project.source_check import check_source
from app.ui import cache, layout, render
from connectors.base import redact


def data_source(env: Environment) -> None:
    root, source = cache.location()
    st.subheader("Data source")
    st.caption(f"Project folder: `{root}`")
    opened = cache.environment()
    if opened.problem is None:
        st.success(f"Connected to `{redact(source)}` ({env.dialect}).", icon=":material/database:")
    else:
        render.error(opened.problem)
    shown = redact(source)
    url = st.text_input(
        "Database URL",
        value=shown,
        key="source-url",
        help="duckdb:///path.duckdb, postgresql://user@host:5432/db, mysql+pymysql://…",
    )
    # The field shows the URL without its password; unchanged, it means the current source.
    chosen = source if url == shown else url.strip()
    test, use, reload = st.columns(3)
    if test.button("Test connection", icon=":material/network_check:", width="stretch"):
        with st.spinner("Connecting…"):
            result = check_source(chosen, env.project.layer)
        if result.ok:
            st.success(f"{result.message} ({result.elapsed_ms:,.0f} ms)", icon=":material/check:")
        else:
            problem = ErrorInfo(
                code=result.code or "source_incomplete",
                message=result.message,
                stage="connect",
                hint=result.hint or None,
            )
            render.error(problem)
    if use.button("Use for this session", icon=":material/check:", width="stretch"):
        st.session_state[cache.SOURCE_KEY] = chosen
        st.rerun()
    if reload.button("Reload project and reconnect", icon=":material/sync:", width="stretch"):
        cache.reload()
        st.rerun()


def language_model(env: Environment) -> None:
    st.subheader("Language model")
    settings, problem = cache.llm_settings()
    if problem is not None:
        render.error(problem)
    if settings.configured:
        st.success(f"Model in use: {settings.describe()}", icon=":material/smart_toy:")
    else:
        st.info(
            "Offline planner only. Questions the metric catalog can express are answered "
            "without a model; set `ASKBI_LLM_MODEL` and `OPENAI_API_KEY` or `OPENAI_BASE_URL` "
            "(Ollama, vLLM, …) for the rest.",
            icon=":material/offline_bolt:",
        )
    facts = {
        "Planner": env.settings.planner.value,
        "API key": "set (never shown)" if settings.api_key else "not set",
        "Timeout per question": f"{settings.timeout_s:g} s",
        "Row cap": f"{env.settings.max_rows:,}",
        "Relative dates resolve against": str(env.today),
    }
    st.markdown("\n".join(f"- **{k}:** {v}" for k, v in facts.items()))
    for warning in env.warnings:
        st.warning(warning)


env = layout.page("Settings", "Where askbi reads data from and which model (if any) it uses.")
data_source(env)
st.divider()
language_model(env)
