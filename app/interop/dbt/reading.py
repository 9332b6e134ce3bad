"""Read a dbt project's semantic layer: ``target/manifest.json`` when ``dbt parse`` wrote
one, the YAML under the model paths otherwise."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.interop.dbt.model import (
    DbtProject,
    Metric,
    MetricInput,
    Offset,
    SemanticModel,
    Source,
)
from app.interop.foreign_yaml import load_yaml
from app.stages import AppStage
from kernel.errors import UserError

_MAPPED_PARAMS = {
    "measure", "numerator", "denominator", "expr", "metrics", "window", "grain_to_date",
    "cumulative_type_params", "input_measures", "conversion_type_params",
}  # fmt: skip


class DbtReadError(UserError):
    pass


def read_project(path: Path) -> DbtProject:
    """The project at ``path`` (the folder holding ``dbt_project.yml``)."""
    config = _load_yaml(path / "dbt_project.yml")
    if not isinstance(config, dict):
        raise DbtReadError(
            f"{path} has no dbt_project.yml.",
            stage=AppStage.CLI,
            hint="Give the folder of a dbt project.",
        )
    manifest = path / str(config.get("target-path", "target")) / "manifest.json"
    try:
        if manifest.exists():
            return _from_manifest(json.loads(manifest.read_text(encoding="utf-8")))
        return _from_yaml(path, config)
    except ValidationError as e:
        raise DbtReadError(
            f"{path}: a semantic model or metric is not in dbt's format: {e.errors()[0]['msg']} "
            f"at {'.'.join(str(p) for p in e.errors()[0]['loc'])}.",
            stage=AppStage.CLI,
            hint="Run `dbt parse` on the project to see dbt's own message.",
        ) from e


def _load_yaml(path: Path) -> Any:
    return load_yaml(path) if path.exists() else None


def _from_yaml(path: Path, config: dict[str, Any]) -> DbtProject:
    semantic, metrics, sources = [], [], []
    sql: dict[str, str] = {}
    for folder in config.get("model-paths", ["models"]):
        root = path / str(folder)
        for file in sorted(root.rglob("*.sql")):
            sql[file.stem] = file.read_text(encoding="utf-8")
        for file in sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")]):
            data = _load_yaml(file) or {}
            if not isinstance(data, dict):
                continue
            semantic += [SemanticModel.model_validate(s) for s in data.get("semantic_models", [])]
            metrics += [_metric(m) for m in data.get("metrics", [])]
            sources += [_source(s, t) for s in data.get("sources", []) for t in s.get("tables", [])]
    return DbtProject(
        name=str(config.get("name", path.name)),
        semantic_models=tuple(semantic),
        metrics=tuple(metrics),
        model_sql=sql,
        sources=tuple(sources),
    )


def _from_manifest(manifest: dict[str, Any]) -> DbtProject:
    nodes = manifest.get("nodes", {}).values()
    sql = {n["name"]: n.get("raw_code", "") for n in nodes if n.get("resource_type") == "model"}
    sources = [
        Source(
            source=s["source_name"],
            name=s["name"],
            schema_name=s.get("schema"),
            identifier=s.get("identifier"),
        )
        for s in manifest.get("sources", {}).values()
    ]
    semantic = [_manifest_semantic_model(s) for s in manifest.get("semantic_models", {}).values()]
    return DbtProject(
        name=str(manifest.get("metadata", {}).get("project_name") or "dbt"),
        semantic_models=tuple(semantic),
        metrics=tuple(_metric(m) for m in manifest.get("metrics", {}).values()),
        model_sql=sql,
        sources=tuple(sources),
        from_manifest=True,
    )


_MANIFEST_ONLY = {
    "unique_id", "resource_type", "package_name", "path", "original_file_path", "fqn",
    "node_relation", "depends_on", "refs", "created_at", "config", "unrendered_config",
    "primary_entity", "group", "metadata", "sources", "meta", "time_spine", "tags",
}  # fmt: skip


def _manifest_semantic_model(raw: dict[str, Any]) -> SemanticModel:
    data = {k: v for k, v in raw.items() if k not in _MANIFEST_ONLY and v is not None}
    for key in ("entities", "dimensions", "measures"):
        data[key] = [
            {k: v for k, v in item.items() if v is not None and k not in _MANIFEST_ONLY}
            for item in raw.get(key) or []
        ]
    return SemanticModel.model_validate(data)


def _source(source: dict[str, Any], table: dict[str, Any]) -> Source:
    return Source(
        source=source["name"],
        name=table["name"],
        schema_name=source.get("schema"),
        identifier=table.get("identifier"),
    )


def _metric(raw: dict[str, Any]) -> Metric:
    """One metric, from the YAML's shape or the manifest's."""
    params = dict(raw.get("type_params") or {})
    cumulative = params.get("cumulative_type_params") or {}
    window = cumulative.get("window") or params.get("window")
    return Metric(
        name=raw["name"],
        type=str(raw["type"]).lower(),
        label=raw.get("label"),
        description=raw.get("description") or None,
        filters=filters(raw.get("filter")),
        measure=_input(params.get("measure")),
        numerator=_input(params.get("numerator")),
        denominator=_input(params.get("denominator")),
        expr=params.get("expr"),
        metrics=tuple(i for i in map(_input, params.get("metrics") or []) if i is not None),
        window=offset(window),
        grain_to_date=cumulative.get("grain_to_date") or params.get("grain_to_date"),
        period_agg=cumulative.get("period_agg"),
        unknown_params=tuple(
            sorted(k for k, v in params.items() if k not in _MAPPED_PARAMS and v not in (None, []))
        ),
    )


def _input(raw: Any) -> MetricInput | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return MetricInput(name=raw)
    return MetricInput(
        name=raw["name"],
        filters=filters(raw.get("filter")),
        alias=raw.get("alias"),
        offset_window=offset(raw.get("offset_window")),
        offset_to_grain=raw.get("offset_to_grain"),
    )


def filters(raw: Any) -> tuple[str, ...]:
    """``filter`` as written (a string or a list) or as the manifest holds it
    (``where_filters``)."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw.strip(),)
    if isinstance(raw, dict):
        return tuple(w["where_sql_template"].strip() for w in raw.get("where_filters", []))
    return tuple(text for each in raw for text in filters(each))


_OFFSET = re.compile(r"^\s*(\d+)\s+([a-z_]+?)s?\s*$")


def offset(raw: Any) -> Offset | None:
    """``1 year``, ``7 days`` or ``{count: 1, granularity: year}``."""
    if raw is None:
        return None
    if isinstance(raw, dict):
        return Offset(count=int(raw["count"]), granularity=str(raw["granularity"]).lower())
    match = _OFFSET.match(str(raw).lower())
    if match is None:
        raise DbtReadError(
            f"Can't read the window {raw!r}.",
            stage=AppStage.CLI,
            hint="Write it as dbt does: '1 year', '7 days'.",
        )
    return Offset(count=int(match.group(1)), granularity=match.group(2))
