"""Dashboard tiles a change affects, with their numbers before and after, side by side.

A tile is affected when its plan uses a changed metric or one computed from it. Each such
tile runs exactly as the dashboard runs it (``run_tile``, through ``answer_plan``) on an
environment of the saved project and one of the draft project, on the same connection.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

from app.checks.compare import rows_diff
from app.dashboards.model import Tile
from app.dashboards.refresh import DashboardFilters, run_tile
from app.dashboards.store import LoadedDashboard, dashboard_names, load_dashboard
from app.pipeline.environment import Environment
from app.pipeline.records import Answer
from kernel.errors import AskbiError

EXACT = 1e-9
"""Tolerance for "moved": a definition change that moves a number at all is worth seeing."""


@dataclass(frozen=True)
class TileChange:
    dashboard: str
    """The dashboard's name (its file's stem)."""
    dashboard_title: str
    tile: Tile
    before: Answer
    after: Answer
    differences: tuple[str, ...]

    @property
    def moved(self) -> bool:
        return bool(self.differences)


def affected_tiles(root: Path, metrics: Set[str]) -> list[tuple[LoadedDashboard, Tile]]:
    """Plan tiles of every readable dashboard that use any of ``metrics``."""
    found = []
    for name in dashboard_names(root):
        try:
            loaded = load_dashboard(root, name)
        except AskbiError:
            continue  # a broken dashboard is the Dashboards page's to report
        for tile in loaded.dashboard.tiles:
            if tile.plan is not None and metrics & set(tile.plan.metrics):
                found.append((loaded, tile))
    return found


def tile_changes(
    root: Path, metrics: Set[str], before: Environment, after: Environment
) -> tuple[TileChange, ...]:
    """Every affected tile run on both environments, in dashboard order."""
    changes = []
    for loaded, tile in affected_tiles(root, metrics):
        old = run_tile(tile, before, DashboardFilters()).answer
        new = run_tile(tile, after, DashboardFilters()).answer
        changes.append(
            TileChange(loaded.name, loaded.dashboard.title, tile, old, new, _differences(old, new))
        )
    return tuple(changes)


def _differences(before: Answer, after: Answer) -> tuple[str, ...]:
    if before.error is not None or after.error is not None:
        if before.error == after.error:
            return ()
        failed = after.error or before.error
        assert failed is not None
        side = "after" if after.error is not None else "before"
        return (f"error {side} the change: {failed.message}",)
    return tuple(
        rows_diff(
            before.column_names(),
            before.rows,
            after.column_names(),
            after.rows,
            tolerance=EXACT,
        )
    )
