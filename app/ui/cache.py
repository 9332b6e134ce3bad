"""Every Streamlit cache wrapper of the app, in one place; pages never open connections.

The :class:`Environment` (project, grounding index, connector, LLM client) is one shared
resource per (project folder, data source). A database that cannot be reached does not
stop the app: the environment opens without it, pages say why, and each rerun tries to
connect again (a failed connection is not cached), so the app recovers when it is back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from app.catalog_view import MetricDetail, catalog_rows, metric_detail, with_dashboards
from app.checks.suite import LoadedSuite, load_suites
from app.dashboards.refresh import DashboardFilters, Refreshed, refresh
from app.dashboards.store import LoadedDashboard, dashboard_names, load_dashboard
from app.i18n import Language
from app.llm.errors import LLMNotConfigured
from app.llm.settings import LLMSettings
from app.pipeline.ask import answer_plan
from app.pipeline.environment import Environment
from app.pipeline.records import Answer, Intent
from app.pipeline.startup import open_environment
from app.project.config import configured_source, featured_metric
from app.project.folder import load_project
from app.project.location import project_root, source_url
from app.ui import lang
from connectors.registry import open_connector
from kernel.errors import AskbiError, Stage
from metrics.semantic_query import SemanticQuery

SOURCE_KEY = "askbi_source"
"""Session state: a data source URL chosen on the Settings page for this session."""


@dataclass(frozen=True)
class Opened:
    env: Environment
    problem: AskbiError | None = None
    """Why the database is not connected, when it is not."""
    llm_problem: AskbiError | None = None
    """Why the configured model is not used (a bad setting), when it is not."""


def location() -> tuple[str, str]:
    """(project folder, data source URL) this session works on."""
    chosen = st.session_state.get(SOURCE_KEY)
    if isinstance(chosen, str) and chosen:
        return str(project_root()), chosen
    return default_location()


def default_location() -> tuple[str, str]:
    """(project folder, data source URL) of a session that has not chosen another source."""
    root = project_root()
    return str(root), source_url(root, None, configured_source(root))


def project_folder() -> Path:
    """The project folder this session works on (no project needs to load for it)."""
    return Path(location()[0])


def _release(env: Environment) -> None:
    if env.connector is not None:
        env.connector.close()


@st.cache_resource(
    show_spinner="Opening the project and connecting to the warehouse…", on_release=_release
)
def _connected(root: str, source: str) -> Environment:
    project = load_project(root, source=source)
    return open_environment(project, open_connector(source), llm_settings=llm_settings()[0])


@st.cache_resource(show_spinner="Opening the project…")
def _disconnected(root: str, source: str) -> Environment:
    return open_environment(load_project(root, source=source), None, llm_settings=llm_settings()[0])


def warm() -> None:
    """Open the default environment before any session asks for it (the server calls this in
    a thread as it starts): reading dimension values and building the indexes is most of a
    fresh process's first page. A session that arrives meanwhile waits on the same cache
    entry instead of building a second one; a project that does not open is left for the
    page to report."""
    root, source = default_location()
    try:
        env = _connected(root, source)
    except AskbiError as e:
        if e.stage is Stage.CONNECT:
            _disconnected(root, source)
        return
    _first_page(env)


def _first_page(env: Environment) -> None:
    """Build what a first visit draws, into the caches the pages read: the Metrics page's
    featured metric (its detail, the suites that use it, its twelve-month preview), and
    the preview drawn as the Ask page would draw an answer (plotly loads its validators on
    its first figure). The imports, the database's first query and the first Arrow
    conversion are then paid here and not by the first reader."""
    from app.ui import preload
    from app.ui.figures import figure

    preload.page_modules()
    project = env.project
    name = featured_metric(project.config, project.catalog)
    if name is None:
        return
    root, source = default_location()
    found = _detail(root, source, name, env.today)
    answer = _preview(found, Language.EN, root, source, env)
    preload.arrow(catalog_rows(project))
    figure(answer)


def llm_settings() -> tuple[LLMSettings, AskbiError | None]:
    """The model settings, or "offline only" and why, when a setting is unusable."""
    try:
        return LLMSettings.from_env(), None
    except LLMNotConfigured as e:
        return LLMSettings(api_key=None, base_url=None, model=None), e


def environment() -> Opened:
    """The shared environment; raises ``AskbiError`` only when the project itself is broken."""
    root, source = location()
    llm_problem = llm_settings()[1]
    try:
        env = _connected(root, source)
        if _replaced_since_opened(env, (root, source)):
            _connected.clear()  # a rebuilt warehouse file: reconnect to the new one
            env = _connected(root, source)
        return Opened(env, llm_problem=llm_problem)
    except AskbiError as e:
        if e.stage is not Stage.CONNECT:
            raise
        return Opened(_disconnected(root, source), e, llm_problem)


_OPENED_AT: dict[tuple[str, str], tuple[int, str]] = {}
"""(project, source) → (the environment's id, its data version when first seen)."""


def _replaced_since_opened(env: Environment, key: tuple[str, str]) -> bool:
    """Whether the data changed under an open connection (a DuckDB file replaced on disk
    keeps serving the old file through the handle we hold)."""
    if env.connector is None:
        return False
    version = env.connector.data_version()
    seen = _OPENED_AT.setdefault(key, (id(env), version))
    if seen[0] != id(env):
        _OPENED_AT[key] = (id(env), version)
        return False
    return bool(version) and version != seen[1]


@st.cache_data(show_spinner=False, max_entries=256, ttl=600)
def plan_answer(
    plan_json: str,
    intent: str,
    title: str,
    root: str,
    source: str,
    today: dt.date,
    data_version: str,
    language: str = "en",
) -> Answer:
    """A plan's answer, cached per (plan, source, data version, day) for ten minutes.

    The data version changes when the warehouse file is rebuilt; server databases don't
    report one, and the ten minutes bound how stale their answers can be."""
    env = _connected_or_not(root, source)
    plan = SemanticQuery.from_json(plan_json)
    return answer_plan(plan, env, question=title, intent=Intent(intent), language=language)


def run_plan(plan: SemanticQuery, *, title: str = "", intent: Intent = Intent.LOOKUP) -> Answer:
    root, source = location()
    # The sentence and chart title in the reader's language.
    return _run_plan(plan, title, intent, lang.language(), root, source, environment().env)


def _run_plan(
    plan: SemanticQuery,
    title: str,
    intent: Intent,
    language: Language,
    root: str,
    source: str,
    env: Environment,
) -> Answer:
    version = env.connector.data_version() if env.connector is not None else ""
    return plan_answer(
        plan.canonical_json(), intent.value, title, root, source, env.today, version, language.value
    )


def preview(d: MetricDetail) -> Answer:
    """A metric's last twelve months, as the Metrics page shows them."""
    root, source = location()
    return _preview(d, lang.language(), root, source, environment().env)


def _preview(
    d: MetricDetail, language: Language, root: str, source: str, env: Environment
) -> Answer:
    title = f"{d.metric.label}, last 12 months"
    return _run_plan(d.preview, title, Intent.LOOKUP, language, root, source, env)


@st.cache_data(show_spinner=False, max_entries=32, ttl=3600)
def refreshed(
    name: str,
    version: str,
    filters_key: str,
    nonce: int,
    root: str,
    source: str,
    _loaded: LoadedDashboard,
    _filters: DashboardFilters,
) -> Refreshed:
    """A dashboard's tiles, run once per (version, filters, refresh click)."""
    return refresh(_loaded.dashboard, environment().env, _filters)


def dashboards() -> tuple[list[LoadedDashboard], list[AskbiError]]:
    """Every dashboard of the project, read fresh (files change under us), and broken ones."""
    root = project_root()
    found: list[LoadedDashboard] = []
    broken: list[AskbiError] = []
    for name in dashboard_names(root):
        try:
            found.append(load_dashboard(root, name))
        except AskbiError as e:
            broken.append(e)
    return found, broken


@st.cache_resource(show_spinner=False, max_entries=8)
def _suites(root: str, source: str) -> list[LoadedSuite]:
    """Read once per project (a resource, not data: nothing copies the loaded suites)."""
    project = _connected_or_not(root, source).project
    try:
        return load_suites(project.root, project.layer, project.catalog)
    except AskbiError:
        return []  # a broken suite is `askbi check`'s to report, not the catalog page's


@st.cache_resource(show_spinner=False, max_entries=64)
def _detail(root: str, source: str, name: str, today: dt.date) -> MetricDetail:
    """One metric's detail, built once per project and day (its SQL names the dates) the
    first time it is shown; the dashboards that show it are read fresh by :func:`detail`."""
    env = _connected_or_not(root, source)
    return metric_detail(
        env.project, name, dialect=env.dialect, today=today, suites=_suites(root, source)
    )


def _connected_or_not(root: str, source: str) -> Environment:
    try:
        return _connected(root, source)
    except AskbiError as e:
        if e.stage is not Stage.CONNECT:
            raise
        return _disconnected(root, source)


def detail(name: str) -> MetricDetail:
    loaded, _ = dashboards()
    return with_dashboards(_detail(*location(), name, environment().env.today), loaded)


def reload() -> None:
    """Forget the project, connections and results: after YAML edits or a database restart."""
    st.cache_data.clear()
    st.cache_resource.clear()


def reload_project() -> None:
    """Re-open the project (new verified queries, edited YAML), keeping cached results."""
    _connected.clear()
    _disconnected.clear()
    _suites.clear()
    _detail.clear()


def definitions_changed() -> None:
    """After the editor saved YAML: re-open the project and forget every answer, dashboard
    refresh and suite list computed on the old definitions (their cache keys don't say which
    definitions they used, so they would otherwise show old numbers for up to an hour)."""
    reload_project()
    plan_answer.clear()
    refreshed.clear()
