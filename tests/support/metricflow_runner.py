"""Run inside MetricFlow's own virtual environment: build the dbt project, answer queries.

``python metricflow_runner.py PROJECT REQUESTS.json RESULTS.json``: ``dbt parse``, ``dbt run``
of the models the semantic models need beyond the warehouse, then every request through one
MetricFlow engine, so the whole comparison pays dbt's and MetricFlow's start-up once. Each
result is ``{"columns": [...], "rows": [...]}`` or ``{"error": "..."}``. This file imports
nothing of askbi's: it runs with another interpreter and other library versions.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path


def _build(project: Path, select: list[str]) -> None:
    from dbt.cli.main import dbtRunner

    flags = ["--project-dir", str(project), "--profiles-dir", str(project), "--quiet"]
    for args in (["parse"], ["run", *(["--select", *select] if select else [])]):
        result = dbtRunner().invoke([*args, *flags])
        if not result.success:
            raise SystemExit(f"dbt {args[0]} failed: {result.exception}")


def _value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    try:
        return float(value)  # Decimal
    except (TypeError, ValueError):
        return str(value)


def _query(engine: object, request: dict[str, object]) -> dict[str, object]:
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    def when(key: str) -> dt.datetime | None:
        text = request.get(key)
        return dt.datetime.fromisoformat(str(text)) if text else None

    mf_request = MetricFlowQueryRequest.create(
        metric_names=request["metrics"],
        group_by_names=request.get("group_by") or None,
        time_constraint_start=when("start"),
        time_constraint_end=when("end"),
        where_constraints=request.get("where") or None,
    )
    try:
        table = engine.query(mf_request=mf_request).result_df  # type: ignore[attr-defined]
    except Exception as e:  # reported per query: MetricFlow refusing one is a finding
        return {"error": f"{type(e).__name__}: {e}"[:1000]}
    rows = [[_value(v) for v in row] for row in table.rows]
    return {"columns": list(table.column_names), "rows": rows}


def _validate(config: object) -> list[str]:
    """What ``mf validate-configs`` checks: the semantics, then against the warehouse."""
    from dbt_metricflow.cli.dbt_connectors.dbt_config_accessor import dbtArtifacts
    from dbt_metricflow.cli.main import _data_warehouse_validations_runner
    from metricflow.validation.data_warehouse_model_validator import (
        DataWarehouseModelValidator,
    )
    from metricflow_semantic_interfaces.validations.semantic_manifest_validator import (
        SemanticManifestValidator,
    )

    root = config.dbt_project_metadata.project_path  # type: ignore[attr-defined]
    manifest = dbtArtifacts.build_semantic_manifest_from_dbt_project_root(project_root=root)
    semantic = SemanticManifestValidator().validate_semantic_manifest(manifest)
    warehouse = _data_warehouse_validations_runner(
        dw_validator=DataWarehouseModelValidator(sql_client=config.sql_client),  # type: ignore[attr-defined]
        manifest=manifest,
        timeout=None,
    )
    return [str(issue.as_readable_str()) for issue in (*semantic.errors, *warehouse.errors)]


def main(project: Path, requests: Path, results: Path) -> None:
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration

    spec = json.loads(requests.read_text(encoding="utf-8"))
    _build(project, spec["build"])
    config = CLIConfiguration()
    config.setup(dbt_profiles_path=project, dbt_project_path=project, configure_file_logging=False)
    errors = _validate(config) if spec.get("validate") else []
    answers = [_query(config.mf, r) for r in spec["queries"]]
    results.write_text(json.dumps({"validation": errors, "answers": answers}), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
