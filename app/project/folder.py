"""A BI project folder: its semantic layer, metric catalog and settings, loaded together.

askbi works on any folder laid out like ``sample_db/project``::

    my_project/
      askbi.yaml          # optional: source URL, suggested metrics (see config.py)
      semantic_layer/*.yaml
      metrics/*.yaml
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.project.config import ProjectConfig, load_config
from app.project.location import (
    SAMPLE_PROJECT,
    SAMPLE_ROOT,
    SAMPLE_WAREHOUSE,
    project_root,
    source_url,
)
from metrics.catalog import MetricCatalog
from metrics.loader import load_metric_catalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.loader import load_semantic_layer

__all__ = ["SAMPLE_PROJECT", "SAMPLE_ROOT", "SAMPLE_WAREHOUSE", "Project", "load_project"]


@dataclass(frozen=True)
class Project:
    root: Path
    layer: SemanticLayer
    catalog: MetricCatalog
    source_url: str
    config: ProjectConfig = field(default_factory=ProjectConfig)


def load_project(root: str | Path | None = None, *, source: str | None = None) -> Project:
    """Load and validate a project; raises ``ValidationFailed`` listing every problem."""
    folder = project_root(root)
    layer = load_semantic_layer(folder / "semantic_layer", root=folder)
    catalog = load_metric_catalog(folder / "metrics", layer, root=folder)
    config = load_config(folder, catalog)
    url = source_url(folder, source, config.source)
    return Project(root=folder, layer=layer, catalog=catalog, source_url=url, config=config)
