"""Open an :class:`Environment`: read dimension values, build the indexes, connect a model."""

from __future__ import annotations

import datetime as dt

from app.llm.messages import ToolCaller
from app.llm.settings import LLMSettings
from app.pipeline.environment import Environment
from app.pipeline.execute import run_guarded
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.values import DimensionValues, read_dimension_values
from app.pipeline.ground.verified import VerifiedIndex
from app.project.folder import Project
from app.project.verified_queries import load_verified_queries
from app.settings import Settings, resolve_today
from connectors.base import Connector, QueryResult
from kernel.errors import AskbiError


def open_environment(
    project: Project,
    connector: Connector | None,
    *,
    llm_settings: LLMSettings | None = None,
    settings: Settings | None = None,
    today: dt.date | None = None,
    read_values: bool = True,
) -> Environment:
    """Everything a question needs; ``today`` is the ``--today`` flag, if one was given.

    ``read_values=False`` skips reading dimension values, for commands that never ground a
    question (``askbi query``, dashboard refresh from a saved plan).
    """
    day = resolve_today(today)
    settings = settings or Settings.resolve()
    bare = Environment(
        project=project,
        index=GroundingIndex.build(project.layer, project.catalog, None),
        verified=VerifiedIndex(()),
        connector=connector,
        llm=None,
        today=day,
        settings=settings,
    )
    values, warnings = _values(bare) if read_values and connector is not None else (None, [])
    index = (
        GroundingIndex.build(project.layer, project.catalog, values.values, _aliases(values))
        if values is not None
        else bare.index
    )
    queries = load_verified_queries(project.root, project.layer, project.catalog, day)
    return Environment(
        project=project,
        index=index,
        verified=VerifiedIndex.build(queries, index, day),
        connector=connector,
        llm=_client(llm_settings or LLMSettings.from_env()),
        today=day,
        settings=settings,
        values=values,
        warnings=tuple(warnings),
    )


def _values(bare: Environment) -> tuple[DimensionValues | None, list[str]]:
    def run(sql: str, max_rows: int) -> QueryResult:
        return run_guarded(sql, bare, max_rows=max_rows)

    try:
        return read_dimension_values(bare.project.layer, bare.dialect, run), []
    except AskbiError as e:
        return None, [f"Dimension values could not be read: {e.message}"]


def _aliases(values: DimensionValues) -> dict[str, dict[str, list[str]]]:
    """Each value's names in other languages, so "서울" finds Seoul."""
    found: dict[str, dict[str, list[str]]] = {}
    for dimension, locales in values.localized.items():
        for names in locales.values():
            for value, name in names.items():
                found.setdefault(dimension, {}).setdefault(value, []).append(name)
    return found


def _client(settings: LLMSettings) -> ToolCaller | None:
    """The model client, when one is configured; ``openai`` is imported only then."""
    if not settings.configured:
        return None
    from app.llm.client import LLMClient

    return LLMClient(settings)
