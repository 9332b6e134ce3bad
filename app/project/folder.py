"""A BI project folder: its semantic layer, metric catalog and settings, loaded together.

askbi works on any folder laid out like ``sample_db/project``::

    my_project/
      askbi.yaml          # optional: source URL, dialect
      semantic_layer/*.yaml
      metrics/*.yaml

The folder comes from ``--project``, else ``ASKBI_PROJECT``, else the sample's. The data
source comes from ``--source``, else ``ASKBI_SOURCE``, else the project's ``askbi.yaml``,
else the sample warehouse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

import sample_db
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from metrics.catalog import MetricCatalog
from metrics.loader import load_metric_catalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.loader import load_semantic_layer

SAMPLE_ROOT = Path(sample_db.__file__).resolve().parent
SAMPLE_PROJECT = SAMPLE_ROOT / "project"
SAMPLE_WAREHOUSE = SAMPLE_ROOT / "retail.duckdb"


@dataclass(frozen=True)
class Project:
    root: Path
    layer: SemanticLayer
    catalog: MetricCatalog
    source_url: str


def project_root(explicit: str | Path | None = None) -> Path:
    chosen = explicit or os.environ.get("ASKBI_PROJECT") or SAMPLE_PROJECT
    root = Path(chosen).expanduser().resolve()
    if not root.is_dir():
        raise UserError(
            f"Project folder {root} does not exist.",
            stage=Stage.LOAD,
            hint="Set ASKBI_PROJECT or --project to a folder with semantic_layer/ and metrics/.",
            code=ErrorCode.PROJECT_NOT_FOUND,
        )
    return root


def source_url(root: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    if os.environ.get("ASKBI_SOURCE"):
        return os.environ["ASKBI_SOURCE"]
    config = root / "askbi.yaml"
    if config.is_file():
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict) and data.get("source"):
            return _relative_to(str(data["source"]), root)
    return f"duckdb:///{SAMPLE_WAREHOUSE}"


def _relative_to(url: str, root: Path) -> str:
    """``duckdb:///warehouse.duckdb`` in a project config means next to the config."""
    prefix = "duckdb:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/"):
        return prefix + str((root / url[len(prefix) :]).resolve())
    return url


def load_project(root: str | Path | None = None, *, source: str | None = None) -> Project:
    """Load and validate a project; raises ``ValidationFailed`` listing every problem."""
    folder = project_root(root)
    layer = load_semantic_layer(folder / "semantic_layer", root=folder)
    catalog = load_metric_catalog(folder / "metrics", layer, root=folder)
    return Project(root=folder, layer=layer, catalog=catalog, source_url=source_url(folder, source))
