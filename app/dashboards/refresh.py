"""Refresh a dashboard: every tile's query run again, concurrently, each failure kept to its tile.

The dashboard-wide date range replaces each plan's time range; the dashboard-wide filter is
added to each plan whose metrics can be broken down by its dimension, and every tile it
cannot apply to says so rather than showing an unfiltered number as if it were filtered.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from app.dashboards.model import Dashboard, Tile
from app.i18n.notes import Note, by_language, note
from app.pipeline.ask import answer_plan, answer_sql
from app.pipeline.environment import Environment
from app.pipeline.plan.edit import allowed_dimensions
from app.pipeline.present import present_error
from app.pipeline.records import Answer, Intent
from kernel.errors import AskbiError
from metrics.compiler.resolve import resolve_query
from metrics.semantic_query import Filter, SemanticQuery
from metrics.timeframe import Between

MAX_WORKERS = 4
"""Tiles run side by side, but a dashboard must not hog every connection of the warehouse."""
SQL_TILE_NOTE = note("sql_tile_unfiltered")


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard's filter bar applies to every tile it can."""

    start: dt.date | None = None
    end: dt.date | None = None
    filter: Filter | None = None

    @property
    def dates(self) -> Between | None:
        if self.start is None or self.end is None:
            return None
        return Between(start=min(self.start, self.end), end=max(self.start, self.end))


@dataclass(frozen=True)
class TileResult:
    tile: Tile
    answer: Answer
    notes: tuple[Note, ...] = ()
    """What the filter bar did or could not do to this tile."""


@dataclass(frozen=True)
class Refreshed:
    tiles: tuple[TileResult, ...]
    refreshed_at: dt.datetime
    elapsed_ms: float

    @property
    def failed(self) -> int:
        return sum(1 for t in self.tiles if t.answer.error is not None)


def refresh(
    dashboard: Dashboard, env: Environment, filters: DashboardFilters = DashboardFilters()
) -> Refreshed:
    """Run every tile; tiles keep the dashboard's order whatever order they finish in."""
    began = time.perf_counter()
    workers = max(1, min(MAX_WORKERS, len(dashboard.tiles)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tile") as pool:
        results = list(pool.map(lambda t: run_tile(t, env, filters), dashboard.tiles))
    return Refreshed(
        tiles=tuple(results),
        refreshed_at=dt.datetime.now().astimezone(),
        elapsed_ms=round((time.perf_counter() - began) * 1000, 1),
    )


def run_tile(tile: Tile, env: Environment, filters: DashboardFilters) -> TileResult:
    if tile.plan is None:
        bar_used = filters.dates is not None or filters.filter is not None
        return TileResult(tile, _run_sql(tile, env), (SQL_TILE_NOTE,) if bar_used else ())
    try:
        plan, notes = apply_filters(tile.plan, filters, env)
        # Names checked up front: a metric renamed since the tile was saved is this tile's
        # error, reported before the pipeline tries to describe a plan it cannot resolve.
        resolve_query(plan, env.project.layer, env.project.catalog, env.today)
    except AskbiError as e:
        return TileResult(tile, present_error(tile.title, e, env, {}))
    intent = Intent.CORRELATION if tile.chart == "scatter" else Intent.LOOKUP
    answer = answer_plan(plan, env, question=tile.title, intent=intent)
    return TileResult(tile, answer, notes)


def apply_filters(
    plan: SemanticQuery, filters: DashboardFilters, env: Environment
) -> tuple[SemanticQuery, tuple[Note, ...]]:
    """``plan`` with the dashboard's dates and filter where they apply, and notes on the rest."""
    update: dict[str, object] = {}
    notes: list[Note] = []
    if filters.dates is not None:
        update["time_range"] = filters.dates
    wanted = filters.filter
    if wanted is not None:
        project = env.project
        if wanted.dimension in allowed_dimensions(plan.metrics, project.layer, project.catalog):
            others = tuple(f for f in plan.filters if f.dimension != wanted.dimension)
            update["filters"] = (*others, wanted)
        else:
            notes.append(note("filter_unused", dimension=_dimension_names(wanted.dimension, env)))
    if not update:
        return plan, tuple(notes)
    # Validate again: the canonical ordering of filters must hold for equal plans.
    return SemanticQuery.model_validate({**plan.model_dump(), **update}), tuple(notes)


def _dimension_names(name: str, env: Environment) -> dict[str, str]:
    ref = env.project.layer.dimensions.get(name)
    if ref is None:
        return {"en": name}
    return by_language(ref.definition.label or name, ref.definition.labels)


def _run_sql(tile: Tile, env: Environment) -> Answer:
    """Model-written SQL saved on a tile passes the guard again before it runs."""
    assert tile.sql is not None and tile.dialect is not None  # a Tile guarantees both
    return answer_sql(tile.sql, tile.dialect, env, question=tile.title)
