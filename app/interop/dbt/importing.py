"""``askbi import dbt``: a dbt project's semantic layer as an askbi project folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.interop.dbt.metrics_map import Metrics
from app.interop.dbt.reading import read_project
from app.interop.dbt.tables import ColumnTypes, Tables
from app.interop.report import Report
from app.project.generated import ProjectFiles, check_loads, to_yaml

HEADER = "# Imported by askbi import dbt from {where}. Review before you rely on it.\n"


@dataclass(frozen=True)
class DbtImport:
    files: ProjectFiles
    report: Report
    dimension_names: dict[str, str]
    """MetricFlow's ``entity__dimension`` → askbi dimension, for comparing the two tools."""


def import_dbt(
    path: Path, *, types: ColumnTypes | None = None, source: str | None = None
) -> DbtImport:
    """The askbi project for the dbt project at ``path``; ``types`` are the warehouse's
    column types where known (without them, columns are typed from how dbt uses them)."""
    project = read_project(path)
    report = Report()
    if not types:
        report.info("columns", "typed from how dbt uses them; give --source for the warehouse's")
    tables = Tables(project, report, types or {})
    tables.build()
    metrics = Metrics(project, tables, report)
    metrics.build()
    header = HEADER.format(where=f"{path} ({'manifest.json' if project.from_manifest else 'YAML'})")
    layer = {
        "description": f"Semantic models of dbt project {project.name}.",
        "tables": tables.tables,
        "relationships": tables.relationships,
    }
    catalog = {
        "description": f"Metrics of dbt project {project.name}.",
        "metrics": list(metrics.out.values()),
    }
    files = {
        "semantic_layer/dbt.yaml": to_yaml(layer, header),
        "metrics/dbt.yaml": to_yaml(catalog, header),
    }
    if source:
        files["askbi.yaml"] = header + f"source: {source}\n"
    check_loads(files, "askbi import dbt wrote")
    files["interop-report.md"] = f"# What the dbt import changed\n\n{report.to_text()}\n"
    return DbtImport(files, report, tables.dbt_dimension_names())
