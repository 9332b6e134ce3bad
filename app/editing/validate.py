"""Validate a draft by loading the whole project in memory with the draft in its file's place.

No second validator: the semantic layer and the catalog are built by their own loaders
(``parse_file``, ``build_semantic_layer``, ``build_metric_catalog``), so the editor reports
exactly the problems ``askbi validate`` would, each with its file, line and key. The verified
queries and check suites are loaded against the draft too: a draft that renames a metric they
use would break them, and the app with them, once saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from app.checks.suite import load_suites
from app.editing.draft import Draft
from app.project.folder import Project
from app.project.verified_queries import load_verified_queries
from app.settings import resolve_today
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_file, parse_path, yaml_files
from metrics.loader import build_metric_catalog
from metrics.model import MetricFile
from semantic_layer.loader import build_semantic_layer
from semantic_layer.model import SemanticLayerFile

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Validation:
    draft: Draft
    problems: tuple[Problem, ...]
    """Every problem of the project with the draft in place, sorted by file and line."""
    before: Project | None
    """The project as saved (None when the saved project itself does not load)."""
    after: Project | None
    """The project with the draft in place (None when the draft does not load)."""

    @property
    def ok(self) -> bool:
        return not self.problems and self.after is not None

    def error(self) -> ValidationFailed:
        return ValidationFailed(self.problems, what=f"draft of {self.draft.file}")

    def split(self) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
        """(the edited file's own problems, the ones elsewhere). A draft that does not parse
        makes every file that refers to it fail too ("unknown metric 'revenue'"); those
        follow from the first group and are best read after it is fixed."""
        own = tuple(p for p in self.problems if p.file == self.draft.file)
        if not own:
            return self.problems, ()
        return own, tuple(p for p in self.problems if p.file != self.draft.file)


def validate_draft(root: Path, draft: Draft, *, source_url: str = "") -> Validation:
    """The draft checked as part of the whole project; nothing is written."""
    before, _ = build_project(root, source_url=source_url)
    after, problems = build_project(root, {draft.file: draft.text}, source_url=source_url)
    return Validation(draft, tuple(sorted(set(problems))), before, after)


def build_project(
    root: Path, texts: Mapping[str, str] | None = None, *, source_url: str = ""
) -> tuple[Project | None, list[Problem]]:
    """The project at ``root`` with some files' text replaced (``{"metrics/x.yaml": text}``).

    Returns the project (None when the layer or catalog does not load) and every problem.
    """
    texts = texts or {}
    layer_files, problems = _parse(root, "semantic_layer", SemanticLayerFile, texts)
    try:
        layer = build_semantic_layer(layer_files, problems)
    except ValidationFailed as e:
        return None, list(e.problems)
    metric_files, problems = _parse(root, "metrics", MetricFile, texts)
    try:
        catalog = build_metric_catalog(metric_files, problems, layer)
    except ValidationFailed as e:
        return None, list(e.problems)
    project = Project(root=root, layer=layer, catalog=catalog, source_url=source_url)
    return project, _dependents(project)


def _parse(
    root: Path, folder: str, model: type[M], texts: Mapping[str, str]
) -> tuple[list[ParsedFile[M]], list[Problem]]:
    """``parse_folder`` of one folder, reading a replaced file's text from ``texts``."""
    parsed: list[ParsedFile[M]] = []
    problems: list[Problem] = []
    for path in yaml_files(root / folder):
        name = f"{folder}/{path.name}"
        text = texts.get(name)
        one, found = (
            parse_file(text, name, model) if text is not None else parse_path(path, name, model)
        )
        problems += found
        if one is not None:
            parsed.append(one)
    return parsed, problems


def _dependents(project: Project) -> list[Problem]:
    """Problems of the verified queries and check suites against this layer and catalog."""
    problems: list[Problem] = []
    loads = (
        lambda: load_verified_queries(
            project.root, project.layer, project.catalog, resolve_today()
        ),
        lambda: load_suites(project.root, project.layer, project.catalog),
    )
    for load in loads:
        try:
            load()
        except ValidationFailed as e:
            problems += e.problems
    return problems
