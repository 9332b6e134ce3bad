"""Settings page: the data source (with a connection test) and the language model's state."""

from __future__ import annotations

import streamlit as st

from app.i18n import LANGUAGES, Language
from app.pipeline.environment import Environment
from app.pipeline.records import ErrorInfo
from app.project.source_check import check_source
from app.ui import cache, lang, layout, render
from app.ui.lang import t
from connectors.base import redact


def interface_language() -> None:
    st.subheader(t("settings.language"))
    options = [lang.AUTO, *(language.value for language in Language)]
    names = {lang.AUTO: t("settings.language_auto")} | {k.value: v for k, v in LANGUAGES.items()}
    st.selectbox(
        t("settings.language_label"),
        options,
        index=options.index(lang.choice()),
        format_func=lambda o: names[o],
        key="language-pick",
        on_change=lang.choose,
        args=("language-pick",),
    )


def data_source(env: Environment) -> None:
    root, source = cache.location()
    st.subheader(t("settings.data_source"))
    st.caption(t("settings.project_folder", root=root))
    opened = cache.environment()
    if opened.problem is None:
        st.success(
            t("settings.connected_to", source=redact(source), dialect=env.dialect),
            icon=":material/database:",
        )
    else:
        render.error(opened.problem)
    shown = redact(source)
    url = st.text_input(
        t("settings.database_url"),
        value=shown,
        key="source-url",
        help="duckdb:///path.duckdb, postgresql://user@host:5432/db, mysql+pymysql://…",
    )
    # The field shows the URL without its password; unchanged, it means the current source.
    chosen = source if url == shown else url.strip()
    test, use, reload = st.columns(3)
    if test.button(t("settings.test"), icon=":material/network_check:", width="stretch"):
        with st.spinner(t("settings.connecting")):
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
    if use.button(t("settings.use"), icon=":material/check:", width="stretch"):
        st.session_state[cache.SOURCE_KEY] = chosen
        st.rerun()
    if reload.button(t("settings.reload"), icon=":material/sync:", width="stretch"):
        cache.reload()
        st.rerun()


def language_model(env: Environment) -> None:
    st.subheader(t("settings.model"))
    settings, problem = cache.llm_settings()
    if problem is not None:
        render.error(problem)
    if settings.configured:
        st.success(
            t("settings.model_in_use", model=settings.describe()), icon=":material/smart_toy:"
        )
    else:
        st.info(
            t("settings.offline_only"),
            icon=":material/offline_bolt:",
        )
    facts = {
        t("settings.planner"): env.settings.planner.value,
        t("settings.api_key"): t("settings.key_set" if settings.api_key else "settings.key_unset"),
        t("settings.timeout"): f"{settings.timeout_s:g} s",
        t("settings.row_cap"): f"{env.settings.max_rows:,}",
        t("settings.today"): str(env.today),
    }
    st.markdown("\n".join(f"- **{k}:** {v}" for k, v in facts.items()))
    for warning in env.warnings:
        st.warning(warning)


env = layout.page(t("page.settings"), t("settings.intro"))
interface_language()
st.divider()
data_source(env)
st.divider()
language_model(env)
