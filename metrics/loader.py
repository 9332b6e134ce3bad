"""Load a project's ``metrics/`` folder against its semantic layer."""

from __future__ import annotations

from pathlib import Path

from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_folder
from metrics import rules
from metrics.catalog import MetricCatalog
from metrics.model import MetricFile
from semantic_layer.layer import SemanticLayer


def load_metric_catalog(
    folder: Path, layer: SemanticLayer, *, root: Path | None = None
) -> MetricCatalog:
    """Every ``*.yaml`` in ``folder`` as one catalog; raises :class:`ValidationFailed`."""
    files, problems = parse_folder(folder, MetricFile, root=root)
    if not files and not problems:
        problems.append(Problem(str(folder), None, "", "no metric YAML files found"))
    return build_metric_catalog(files, problems, layer)


def build_metric_catalog(
    files: list[ParsedFile[MetricFile]], problems: list[Problem], layer: SemanticLayer
) -> MetricCatalog:
    problems = problems + rules.validate(files, layer)
    if problems:
        raise ValidationFailed(problems, what="metric catalog")
    return MetricCatalog({m.name: m for f in files for m in f.model.metrics})
