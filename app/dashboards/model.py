"""The dashboard YAML format, as frozen pydantic models.

A tile saves *what to compute* — a plan, or SQL that passed the guard — with its title and
chart, never the question that produced it: a question's reading may change as the
vocabulary grows, a plan's meaning does not. ``docs/app.md`` documents every key.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from metrics.semantic_query import SemanticQuery
from semantic_layer.model import Frozen

TileId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
DashboardName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=63)]
ChartKind = Literal["number", "line", "bar", "scatter", "table"]


class Tile(Frozen):
    id: TileId
    title: str = Field(min_length=1)
    chart: ChartKind = "table"
    """The chart the answer had when saved; a scatter keeps being read as a correlation."""
    plan: SemanticQuery | None = None
    sql: str | None = None
    """SQL a model wrote and the guard passed; re-guarded on every refresh."""
    dialect: str | None = None

    @model_validator(mode="after")
    def _one_query(self) -> Tile:
        if (self.plan is None) == (self.sql is None):
            raise ValueError("a tile has exactly one of 'plan' or 'sql'")
        if self.sql is not None and not self.dialect:
            raise ValueError("a tile with 'sql' needs the 'dialect' it was written for")
        return self


class Dashboard(Frozen):
    title: str = Field(min_length=1)
    description: str = ""
    tiles: tuple[Tile, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Dashboard:
        ids = [t.id for t in self.tiles]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"tile ids must be unique; repeated: {', '.join(repeated)}")
        return self

    def tile(self, tile_id: str) -> Tile | None:
        return next((t for t in self.tiles if t.id == tile_id), None)

    def with_tile(self, tile: Tile) -> Dashboard:
        """This dashboard with ``tile`` appended, or replacing the tile of the same id."""
        kept = tuple(t for t in self.tiles if t.id != tile.id)
        position = next((i for i, t in enumerate(self.tiles) if t.id == tile.id), len(kept))
        return self.model_copy(update={"tiles": (*kept[:position], tile, *kept[position:])})

    def without_tile(self, tile_id: str) -> Dashboard:
        return self.model_copy(update={"tiles": tuple(t for t in self.tiles if t.id != tile_id)})


def new_tile_id() -> str:
    """A random id: two people saving at once never pick the same one."""
    return "t" + secrets.token_hex(5)
