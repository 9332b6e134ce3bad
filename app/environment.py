"""Everything long-lived that answering questions needs, opened once per process.

The project (semantic layer, catalog, verified queries), the grounding index with the
database's dimension values, the connector, the optional LLM client, and settings. The CLI
opens one per command; the app keeps one in its resource cache.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from enum import StrEnum

from app.grounding.index import GroundingIndex
from app.grounding.values import DimensionValues, read_dimension_values
from app.llm.messages import ToolCaller
from app.llm.settings import LLMSettings
from app.project import Project
from app.verified import VerifiedIndex, load_verified_queries
from connectors.base import Connector
from semantic_layer.errors import AskbiError, Stage, UserError


class PlannerMode(StrEnum):
    AUTO = "auto"
    """The offline planner first; a configured model for what it cannot express."""
    OFFLINE = "offline"
    LLM = "llm"
    """The model plans every question not answered by a verified query."""


@dataclass(frozen=True)
class Settings:
    max_rows: int = 10_000
    timeout_s: float = 60.0
    planner: PlannerMode = PlannerMode.AUTO
    allow_pii: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        mode = os.environ.get("ASKBI_PLANNER", PlannerMode.AUTO.value)
        try:
            planner = PlannerMode(mode)
        except ValueError as e:
            raise UserError(
                f"ASKBI_PLANNER is {mode!r}.",
                stage=Stage.LOAD,
                hint="Use auto, offline or llm.",
                code="invalid_setting",
            ) from e
        return cls(planner=planner)


@dataclass(frozen=True)
class Environment:
    project: Project
    index: GroundingIndex
    verified: VerifiedIndex
    connector: Connector | None
    llm: ToolCaller | None
    settings: Settings = Settings()
    values: DimensionValues | None = None
    today_override: dt.date | None = None
    warnings: tuple[str, ...] = field(default=())
    """Problems met while opening (a dimension whose values couldn't be read, …)."""
    spans: dict[str, tuple[dt.date, dt.date] | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Each time dimension's first and last date, read once (see ``app/coverage.py``)."""

    @property
    def today(self) -> dt.date:
        return self.today_override or today_from_env() or dt.date.today()

    @property
    def dialect(self) -> str:
        return self.connector.dialect if self.connector is not None else "duckdb"


def today_from_env() -> dt.date | None:
    text = os.environ.get("ASKBI_TODAY")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise UserError(
            f"ASKBI_TODAY is {text!r}, not a date.", stage=Stage.LOAD, hint="Write YYYY-MM-DD."
        ) from e


def open_environment(
    project: Project,
    connector: Connector | None,
    *,
    llm_settings: LLMSettings | None = None,
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> Environment:
    """Build the index (reading dimension values when a database is connected) and clients."""
    values = None
    warnings: list[str] = []
    if connector is not None:
        try:
            values = read_dimension_values(project.layer, connector)
        except AskbiError as e:
            warnings.append(f"Dimension values could not be read: {e.message}")
    index = GroundingIndex.build(project.layer, project.catalog, values.values if values else None)
    day = today or today_from_env() or dt.date.today()
    queries = load_verified_queries(project.root, project.layer, project.catalog)
    llm_settings = llm_settings or LLMSettings.from_env()
    return Environment(
        project=project,
        index=index,
        verified=VerifiedIndex.build(queries, index, day),
        connector=connector,
        llm=_client(llm_settings),
        settings=settings or Settings.from_env(),
        values=values,
        today_override=today,
        warnings=tuple(warnings),
    )


def _client(settings: LLMSettings) -> ToolCaller | None:
    """The model client, when one is configured; ``openai`` is imported only then."""
    if not settings.configured:
        return None
    from app.llm.client import LLMClient

    return LLMClient(settings)
