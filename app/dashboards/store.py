"""Dashboards on disk: one YAML file per dashboard under the project's ``dashboards/`` folder.

Saves are optimistic: whoever saves says which version (hash of the file) their change was
based on, and a save over a file changed meanwhile is refused, never silently overwritten.
The check and the write happen under a folder lock, so two savers cannot both pass the check.

Adding a tile is the one change that can be merged safely — tiles have random ids, and the
new tile is simply appended to whatever is there now — so :func:`add_tile` re-reads and
retries on a conflict instead of bothering the user. Removing a tile or renaming the
dashboard is based on what the user saw, so a conflict there is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.dashboards.model import Dashboard, Tile
from app.dashboards.yaml_edit import FLOW_WIDTH, append_tile, short
from app.dashboards.yaml_edit import remove_tile as edited_without
from app.project.atomic_files import content_hash, file_version, folder_lock, write_atomically
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from kernel.problems import ValidationFailed
from kernel.yaml_models import parse_bytes, yaml_files

FOLDER = "dashboards"
ADD_ATTEMPTS = 50


class DashboardConflict(UserError):
    code = ErrorCode.DASHBOARD_CONFLICT


class DashboardNotFound(UserError):
    code = ErrorCode.DASHBOARD_NOT_FOUND


@dataclass(frozen=True)
class LoadedDashboard:
    name: str
    """The file's stem: ``dashboards/<name>.yaml``."""
    dashboard: Dashboard
    version: str
    """Hash of the file as read; a save based on it fails if the file changed since."""


def folder(root: Path) -> Path:
    return root / FOLDER


def path_of(root: Path, name: str) -> Path:
    return folder(root) / f"{name}.yaml"


def dashboard_names(root: Path) -> list[str]:
    """Names of the project's dashboards, sorted."""
    if not folder(root).is_dir():
        return []
    return [p.stem for p in yaml_files(folder(root))]


def load_dashboard(root: Path, name: str) -> LoadedDashboard:
    """One dashboard; raises ``DashboardNotFound`` or ``ValidationFailed`` with file:line."""
    path = path_of(root, name)
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise DashboardNotFound(
            f"There is no dashboard '{name}'.",
            stage=Stage.LOAD,
            hint=f"Dashboards are the YAML files in {folder(root)}.",
        ) from e
    parsed, problems = parse_bytes(data, f"{FOLDER}/{path.name}", Dashboard)
    if parsed is None or problems:
        raise ValidationFailed(problems, what=f"dashboard '{name}'")
    return LoadedDashboard(name=name, dashboard=parsed.model, version=content_hash(data))


def save_dashboard(
    root: Path, name: str, dashboard: Dashboard, *, based_on: str | None
) -> LoadedDashboard:
    """Write ``dashboard``; ``based_on`` is the version it was edited from (None: a new one).

    Raises :class:`DashboardConflict` when the file on disk is not that version any more.
    """
    path = path_of(root, name)
    with folder_lock(folder(root)):
        current = file_version(path)
        if current != (based_on or ""):
            raise _conflict(name, created=based_on is None)
        version = write_atomically(path, to_yaml(dashboard))
    return LoadedDashboard(name=name, dashboard=dashboard, version=version)


def add_tile(root: Path, name: str, tile: Tile, *, title: str | None = None) -> LoadedDashboard:
    """Append ``tile`` to dashboard ``name`` (created with ``title`` when missing).

    An existing file is edited in place (:mod:`app.dashboards.yaml_edit`): its comments and
    other tiles stay byte for byte. Concurrent adds all land: on a conflict the dashboard is
    re-read and the tile appended to the newer version.
    """
    for _ in range(ADD_ATTEMPTS):
        try:
            loaded: LoadedDashboard | None = load_dashboard(root, name)
        except DashboardNotFound:
            loaded = None
        try:
            if loaded is None:
                return save_dashboard(
                    root, name, Dashboard(title=title or name).with_tile(tile), based_on=None
                )
            text = path_of(root, name).read_text(encoding="utf-8")
            return _save_text(root, name, append_tile(text, _tile_data(tile)), loaded.version)
        except DashboardConflict:
            continue
    raise DashboardConflict(
        f"Dashboard '{name}' kept changing while the tile was being added.",
        stage=AppStage.PRESENT,
        hint="Try again in a moment.",
    )


def remove_tile(root: Path, loaded: LoadedDashboard, tile_id: str) -> LoadedDashboard:
    """Remove a tile from the version the user is looking at; a changed file is a conflict.
    The rest of the file keeps its comments and layout."""
    try:
        text = path_of(root, loaded.name).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise _conflict(loaded.name, created=False) from e
    return _save_text(root, loaded.name, edited_without(text, tile_id), loaded.version)


def _save_text(root: Path, name: str, text: str, based_on: str) -> LoadedDashboard:
    """Write an edited file if it is still ``based_on``, and read back what was written."""
    path = path_of(root, name)
    parsed, problems = parse_bytes(text.encode(), f"{FOLDER}/{path.name}", Dashboard)
    if parsed is None or problems:
        raise ValidationFailed(problems, what=f"dashboard '{name}'")
    with folder_lock(folder(root)):
        if file_version(path) != based_on:
            raise _conflict(name, created=False)
        version = write_atomically(path, text)
    return LoadedDashboard(name=name, dashboard=parsed.model, version=version)


def name_for(title: str, taken: list[str]) -> str:
    """A file name for a new dashboard titled ``title``, not clashing with ``taken``.

    >>> name_for("Weekly sales: Seoul", ["weekly-sales-seoul"])
    'weekly-sales-seoul-2'
    >>> name_for("지역별 매출", [])
    'dashboard'
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50] or "dashboard"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def to_yaml(dashboard: Dashboard) -> str:
    """The dashboard as reviewable YAML: plans in their canonical form, no empty keys."""
    data: dict[str, Any] = {"title": dashboard.title}
    if dashboard.description:
        data["description"] = dashboard.description
    data["tiles"] = [_tile_data(t) for t in dashboard.tiles]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Short lists and mappings of plain values on one line: ``metrics: [revenue, aov]``."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short(data))


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = short(list(data.values())) and len(str(data)) <= FLOW_WIDTH
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def _tile_data(tile: Tile) -> dict[str, Any]:
    data: dict[str, Any] = {"id": tile.id, "title": tile.title, "chart": tile.chart}
    if tile.plan is not None:
        plan = tile.plan.model_dump(mode="json", exclude_none=True)
        data["plan"] = {k: v for k, v in plan.items() if v != []}
    else:
        data["sql"], data["dialect"] = tile.sql, tile.dialect
    return data


def _conflict(name: str, *, created: bool) -> DashboardConflict:
    if created:
        return DashboardConflict(
            f"A dashboard named '{name}' already exists.",
            stage=AppStage.PRESENT,
            hint="Pick another name, or add the tile to that dashboard.",
        )
    return DashboardConflict(
        f"Dashboard '{name}' was changed by someone else since you opened it; "
        "your change was not saved.",
        stage=AppStage.PRESENT,
        hint="Reload the dashboard to see their change, then make yours again.",
    )
