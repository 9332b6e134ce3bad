"""``askbi export dbt DIR``: an askbi project as a dbt project MetricFlow reads.

Writes ``dbt_project.yml``, one model per table (the source table as is, or flattened for a
fact table), ``sources.yml``, the semantic models, the metrics and MetricFlow's daily time
spine. Model SQL and measure expressions are DuckDB SQL, askbi's own expression dialect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.interop.dbt.flatten import source_call
from app.interop.dbt.metrics_export import MetricsExport
from app.interop.dbt.semantic_export import SemanticExport, entity
from app.interop.report import Report
from app.project.folder import Project
from app.project.generated import ProjectFiles, to_yaml
from metrics.model import SimpleMetric

SOURCE = "askbi"
HEADER = "# Exported by askbi export dbt from {where}.\n"
TIME_SPINE_SQL = """{{ config(materialized='table') }}
select cast(d as date) as date_day
from range(date '2000-01-01', date '2041-01-01', interval 1 day) as t(d)
"""
TIME_SPINE_YAML = {
    "version": 2,
    "models": [
        {
            "name": "metricflow_time_spine",
            "description": "Daily time spine for MetricFlow (cumulative metrics, offsets).",
            "time_spine": {"standard_granularity_column": "date_day"},
            "columns": [{"name": "date_day", "granularity": "day"}],
        }
    ],
}


@dataclass(frozen=True)
class DbtExport:
    files: ProjectFiles
    report: Report
    group_by: dict[str, dict[str, str]]
    """Fact table → askbi dimension → MetricFlow group-by name."""


def export_dbt(project: Project, *, schema: str = "main") -> DbtExport:
    """The dbt project for ``project``; the warehouse tables are read from ``schema``
    (a table the layer names with its schema keeps its own)."""
    layer, catalog = project.layer, project.catalog
    report = Report()
    facts = {m.table for m in catalog.metrics.values() if isinstance(m, SimpleMetric)}
    semantic = SemanticExport(layer, facts, report)
    semantic.flatten()
    metrics = MetricsExport(layer, catalog, semantic, report)
    metrics.build()
    name = _dbt_name(project.root.name)
    header = HEADER.format(where=project.root)
    models = [
        semantic.semantic_model(t, metrics.measures.get(t.name, [])) for t in layer.tables.values()
    ]
    files: ProjectFiles = {
        "dbt_project.yml": header + to_yaml(_dbt_project(name)),
        "models/sources.yml": header + to_yaml(_sources(list(layer.tables), schema)),
        "models/semantic_models.yml": header + to_yaml({"version": 2, "semantic_models": models}),
        "models/metrics.yml": header
        + to_yaml({"version": 2, "metrics": list(metrics.metrics.values())}),
        "models/metricflow_time_spine.sql": TIME_SPINE_SQL,
        "models/metricflow_time_spine.yml": to_yaml(TIME_SPINE_YAML),
    }

    def source(table: str) -> str:
        return _source_name(table, schema)

    for table in layer.tables:
        model = semantic.models.get(table)
        sql = model.sql(source) if model else f"select * from {source_call(source, table)}"
        files[f"models/{entity(table)}.sql"] = sql + "\n"
    return DbtExport(files, report, semantic.group_by)


def _dbt_name(folder: str) -> str:
    name = re.sub(r"[^a-z0-9_]", "_", folder.lower()).strip("_") or "askbi"
    return name if name[0].isalpha() else f"askbi_{name}"


def _dbt_project(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "version": "1.0.0",
        "config-version": 2,
        "profile": name,
        "model-paths": ["models"],
        "target-path": "target",
        "models": {name: {"+materialized": "view"}},
    }


def _schema(table: str, default: str) -> str:
    return table.rpartition(".")[0].rpartition(".")[2] or default


def _source_name(table: str, default: str) -> str:
    """One dbt source per schema: ``askbi`` for the default, ``askbi_sales`` for ``sales``."""
    schema = _schema(table, default)
    return SOURCE if schema == default else f"{SOURCE}_{schema}"


def _sources(tables: list[str], schema: str) -> dict[str, Any]:
    by_source: dict[str, dict[str, Any]] = {}
    for table in tables:
        name = _source_name(table, schema)
        entry = by_source.setdefault(
            name, {"name": name, "schema": _schema(table, schema), "tables": []}
        )
        entry["tables"].append({"name": table.rpartition(".")[2]})
    return {"version": 2, "sources": list(by_source.values())}
