"""``askbi validate``: every file of a project folder checked, every problem listed at once.

A project is more than its semantic layer and catalog: verified queries, dashboards, check
suites and ``askbi.yaml`` all break questions when they are wrong, so all are read here, each
with the same loader the app uses, and all their problems are collected before anything is
reported. One broken file never hides another's problems: when the semantic layer has
problems, the catalog is still read and checked against what of the layer did load, and the
files that depend on both are still read for what can be checked without them (their YAML
and their shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from app.checks.suite import FOLDER as CHECKS_FOLDER
from app.checks.suite import Suite, load_suites
from app.dashboards.model import Dashboard
from app.pipeline.guard import guard_sql
from app.project.config import ProjectConfig, load_config
from app.project.folder import Project
from app.project.live_check import compare_with_database
from app.project.location import CONFIG_FILE, source_url
from app.project.verified_queries import FOLDER as VERIFIED_FOLDER
from app.project.verified_queries import VerifiedFile, load_verified_queries
from app.settings import resolve_today
from connectors.base import write_warnings
from connectors.registry import open_connector
from kernel.error_codes import ErrorCode
from kernel.errors import AskbiError
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_folder, parse_path, yaml_files
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import resolve_query
from metrics.loader import build_metric_catalog
from metrics.model import MetricFile
from metrics.rules import validate as metric_rules
from semantic_layer.layer import SemanticLayer
from semantic_layer.loader import build_semantic_layer
from semantic_layer.model import SemanticLayerFile

M = TypeVar("M", bound=BaseModel)
DASHBOARDS = "dashboards"


@dataclass(frozen=True)
class ProjectCheck:
    """What ``askbi validate`` found: the problems, and the project when it loads."""

    root: Path
    problems: tuple[Problem, ...]
    project: Project | None
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def error(self) -> ValidationFailed:
        return ValidationFailed(self.problems, what="project", warnings=self.warnings)


def validate_project(
    root: Path, *, source: str | None = None, today: dt.date | None = None
) -> ProjectCheck:
    """Every problem of the project at ``root``; with ``source``, also checked against that
    database (tables, columns, types) and warned about a role that could write."""
    day = today or resolve_today()
    problems: list[Problem] = []
    layer = _layer(root, problems)
    catalog = _catalog(root, layer, problems)
    config = _config(root, catalog, problems)
    problems += _verified_queries(root, layer, catalog, day)
    problems += _suites(root, layer, catalog)
    problems += _dashboards(root, layer, catalog, day)
    project = None
    if layer is not None and catalog is not None and config is not None:
        url = source_url(root, None, config.source)
        project = Project(root=root, layer=layer, catalog=catalog, source_url=url, config=config)
    warnings: tuple[str, ...] = ()
    if source:
        found, warnings = _against_database(source, layer)
        problems += found
    return ProjectCheck(root, tuple(sorted(set(problems))), project, warnings, _counts(root))


def _layer(root: Path, problems: list[Problem]) -> SemanticLayer | None:
    files, found = parse_folder(root / "semantic_layer", SemanticLayerFile, root=root)
    if not files and not found:
        found.append(Problem("semantic_layer", None, "", "no semantic layer YAML files found"))
    try:
        return build_semantic_layer(files, found)
    except ValidationFailed as e:
        problems += e.problems
    # The catalog is still checked, against the part of the layer that did load — unless a
    # file failed to read at all, when every metric on its tables would be reported too.
    if any(p.code in _UNREADABLE for p in found):
        return None
    return _partial_layer(files)


def _catalog(
    root: Path, layer: SemanticLayer | None, problems: list[Problem]
) -> MetricCatalog | None:
    files, found = parse_folder(root / "metrics", MetricFile, root=root)
    if not files and not found:
        found.append(Problem("metrics", None, "", "no metric YAML files found"))
    if layer is None or any(p.file.startswith("semantic_layer") for p in problems):
        if layer is not None:
            found += metric_rules(files, layer)
        problems += found
        return None
    try:
        return build_metric_catalog(files, found, layer)
    except ValidationFailed as e:
        problems += e.problems
        return None


def _config(
    root: Path, catalog: MetricCatalog | None, problems: list[Problem]
) -> ProjectConfig | None:
    if catalog is None:
        parsed, found = (
            parse_path(root / CONFIG_FILE, CONFIG_FILE, ProjectConfig)
            if (root / CONFIG_FILE).is_file()
            else (None, [])
        )
        problems += found
        return parsed.model if parsed is not None else None
    try:
        return load_config(root, catalog)
    except ValidationFailed as e:
        problems += e.problems
        return None


def _verified_queries(
    root: Path, layer: SemanticLayer | None, catalog: MetricCatalog | None, day: dt.date
) -> list[Problem]:
    if layer is None or catalog is None:
        return _shape_only(root, VERIFIED_FOLDER, VerifiedFile)
    return _problems_of(lambda: load_verified_queries(root, layer, catalog, day))


def _suites(
    root: Path, layer: SemanticLayer | None, catalog: MetricCatalog | None
) -> list[Problem]:
    if layer is None or catalog is None:
        return _shape_only(root, CHECKS_FOLDER, Suite)
    return _problems_of(lambda: load_suites(root, layer, catalog))


def _dashboards(
    root: Path, layer: SemanticLayer | None, catalog: MetricCatalog | None, day: dt.date
) -> list[Problem]:
    problems: list[Problem] = []
    for parsed in _parsed(root, DASHBOARDS, Dashboard, problems):
        if layer is None or catalog is None:
            continue
        for i, tile in enumerate(parsed.model.tiles):
            at = parsed.at("tiles", i)
            if tile.plan is not None:
                try:
                    resolve_query(tile.plan, layer, catalog, day)
                except AskbiError as e:
                    problems.append(at.child("plan").problem(e.message, code=e.code))
            elif tile.sql is not None and tile.dialect is not None:
                problems += _tile_sql(tile.sql, tile.dialect, layer, at.child("sql").problem)
    return problems


def _tile_sql(
    sql: str, dialect: str, layer: SemanticLayer, problem: Callable[[str], Problem]
) -> list[Problem]:
    try:
        verdict = guard_sql(sql, dialect=dialect, layer=layer)
    except AskbiError as e:  # an unknown dialect
        return [problem(e.message)]
    if verdict.ok:
        return []
    return [problem("the SQL guard would refuse it: " + "; ".join(verdict.reasons))]


def _against_database(
    source: str, layer: SemanticLayer | None
) -> tuple[list[Problem], tuple[str, ...]]:
    with open_connector(source) as connector:
        tables = connector.list_tables(layer.schemas() if layer is not None else ())
        warnings = write_warnings(connector)
        dialect = connector.dialect
    found = compare_with_database(layer, tables, dialect) if layer is not None else []
    return found, warnings


def _shape_only(root: Path, folder: str, model: type[M]) -> list[Problem]:
    """The files' YAML and shape, for when the names they use can't be checked."""
    problems: list[Problem] = []
    list(_parsed(root, folder, model, problems))
    return problems


def _parsed(
    root: Path, folder: str, model: type[M], problems: list[Problem]
) -> Iterator[ParsedFile[M]]:
    if not (root / folder).is_dir():
        return
    for path in yaml_files(root / folder):
        parsed, found = parse_path(path, f"{folder}/{path.name}", model)
        problems += found
        if parsed is not None and not found:
            yield parsed


def _problems_of(load: Callable[[], object]) -> list[Problem]:
    try:
        load()
    except ValidationFailed as e:
        return list(e.problems)
    return []


def _partial_layer(files: list[ParsedFile[SemanticLayerFile]]) -> SemanticLayer | None:
    try:
        return SemanticLayer.from_files(f.model for f in files)
    except (AskbiError, KeyError, ValueError, TypeError):
        return None  # too broken to check metrics against: their file problems still show


_UNREADABLE = frozenset(
    {ErrorCode.YAML_SYNTAX, ErrorCode.YAML_UNSAFE, ErrorCode.FILE_TOO_LARGE, ErrorCode.BAD_ENCODING}
)


def _counts(root: Path) -> dict[str, int]:
    folders = ("semantic_layer", "metrics", VERIFIED_FOLDER, DASHBOARDS, CHECKS_FOLDER)
    counts = {f: len(yaml_files(root / f)) if (root / f).is_dir() else 0 for f in folders}
    counts[CONFIG_FILE] = int((root / CONFIG_FILE).is_file())
    return counts
