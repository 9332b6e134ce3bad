"""Everything long-lived that answering questions needs, opened once per process.

The project (semantic layer, catalog, verified queries), the grounding index with the
database's dimension values, the connector, the optional model client, the settings and the
one "today" every stage resolves dates against. It is immutable: a stage reads it and never
writes to it. ``app/pipeline/startup.py`` opens one; the CLI opens one per command, the app
keeps one in its resource cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.settings import Settings

if TYPE_CHECKING:  # the annotations only: a stage that takes an Environment imports no index
    from app.llm.messages import ToolCaller
    from app.pipeline.ground.index import GroundingIndex
    from app.pipeline.ground.values import DimensionValues
    from app.pipeline.ground.verified import VerifiedIndex
    from app.project.folder import Project
    from connectors.base import Connector


@dataclass(frozen=True)
class Environment:
    project: Project
    index: GroundingIndex
    verified: VerifiedIndex
    connector: Connector | None
    llm: ToolCaller | None
    today: dt.date
    """Resolved once (``--today``, else ``ASKBI_TODAY``, else the clock) and never re-read."""
    settings: Settings = field(default_factory=Settings)
    values: DimensionValues | None = None
    warnings: tuple[str, ...] = field(default=())
    """Problems met while opening (a dimension whose values couldn't be read, …)."""

    @property
    def dialect(self) -> str:
        return self.connector.dialect if self.connector is not None else "duckdb"
