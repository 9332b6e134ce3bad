"""``askbi export cortex FILE``: the project as a Cortex Analyst semantic model.

Tables, dimensions, time dimensions, relationships, synonyms, sample values and verified
queries have Cortex keys. A simple metric becomes a Cortex metric, an aggregate over its
table (its filter folded in: ``SUM(CASE WHEN … THEN … END)``); a table's other numeric
columns become facts. What Cortex has no key for (column types beyond the exposed ones,
time grains, join preferences, ratio/derived/cumulative/period-over-period/target metrics,
verified plans, the glossary) is written beside it, in ``FILE.askbi.yaml``, so that
``askbi import cortex FILE`` gives the project back; the report lists each such step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from app.interop.cortex.model import SemanticModel
from app.interop.cortex.sidecar import SIDECAR_VERSION, sidecar_path
from app.interop.report import Report
from app.project.folder import Project
from app.project.generated import to_yaml
from app.project.verified_queries import VerifiedQuery, load_verified_queries
from metrics.compiler import compile_query
from metrics.compiler.joins import short_name, table_name
from metrics.compiler.measures import aggregate
from metrics.expressions import parse_owner_sql
from metrics.model import SimpleMetric
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Column, ColumnType, Dimension, Table, TimeDimension

CORTEX_DIALECT = "snowflake"
DATA_TYPES = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.INTEGER: "NUMBER(38,0)",
    ColumnType.DECIMAL: "NUMBER",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.DATE: "DATE",
    ColumnType.TIMESTAMP: "TIMESTAMP_NTZ",
}
_NUMBERS = (ColumnType.INTEGER, ColumnType.DECIMAL)
_DIMENSION_EXTRAS = ("label", "labels", "through", "via", "prefer_through", "value_synonyms",
                     "localized_values", "type", "expr")  # fmt: skip
_TIME_EXTRAS = ("label", "labels", "grains", "type", "expr")


@dataclass(frozen=True)
class CortexExport:
    files: dict[str, str]
    """File name (the given one and its sidecar) → text."""
    report: Report


def export_cortex(
    project: Project, path: Path, *, database: str, schema: str, today: dt.date
) -> CortexExport:
    """The Cortex semantic model at ``path`` and the askbi sidecar beside it; ``today``
    checks the verified queries' relative ranges, as ``askbi validate`` does."""
    layer, catalog = project.layer, project.catalog
    report = Report()
    tables, side_tables = [], {}
    for table in layer.tables.values():
        cortex, extras = _table(table, layer, database, schema)
        tables.append(cortex)
        side_tables[short_name(table.name)] = extras
    by_name = {t["name"]: t for t in tables}
    for metric in catalog.metrics.values():
        cortex_metric = _metric(metric)
        if cortex_metric is None or not isinstance(metric, SimpleMetric):
            report.lossy(
                f"metric {metric.name}",
                f"a {metric.type} metric has no Cortex form; kept in the askbi sidecar",
            )
        else:
            by_name[short_name(metric.table)].setdefault("metrics", []).append(cortex_metric)
    verified = _verified(project, report, today)
    model = {
        "name": project.root.name,
        "description": layer.description or f"askbi project {project.root.name}",
        "tables": tables,
        "relationships": [_relationship(r) for r in layer.relationships],
        "verified_queries": [v for v, _ in verified],
    }
    SemanticModel.model_validate(model)  # askbi writes only the specification's keys
    sidecar = {
        "askbi_sidecar": SIDECAR_VERSION,
        "tables": side_tables,
        "relationships": {
            r.name: {"cardinality": r.cardinality.value, "condition": r.condition}
            for r in layer.relationships
        },
        "metrics": [
            m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            for m in catalog.metrics.values()
        ],
        "verified_queries": {v["name"]: plan for v, plan in verified},
        "glossary": [g.model_dump(mode="json", exclude_defaults=True) for g in layer.glossary],
    }
    header = f"# Exported by askbi export cortex from {project.root}.\n"
    side_header = (
        "# What Cortex Analyst has no key for, kept for `askbi import cortex`. Not read by "
        "Cortex.\n"
    )
    files = {
        str(path): header + to_yaml(model),
        str(sidecar_path(path)): side_header + to_yaml(sidecar),
    }
    return CortexExport(files, report)


def _table(
    table: Table, layer: SemanticLayer, database: str, schema: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    own_schema, _, name = table.name.rpartition(".")
    out: dict[str, Any] = {"name": short_name(table.name)}
    if table.synonyms:
        out["synonyms"] = list(table.synonyms)
    if table.description:
        out["description"] = table.description.strip()
    out["base_table"] = {
        "database": database,
        "schema": own_schema.rpartition(".")[2] or schema,
        "table": name,
    }
    if table.primary_key:
        out["primary_key"] = {"columns": list(table.primary_key)}
    used = {d.column for d in table.dimensions} | {t.column for t in table.time_dimensions}
    dims = [_dimension(d, table) for d in table.dimensions]
    # Personal data stays out of a model a language model reads: askbi never shows it either.
    plain = [c for c in table.columns if c.name not in used and not c.pii]
    names = {d["name"] for d in dims} | {t.name for t in table.time_dimensions}
    facts: list[dict[str, Any]] = []
    plain_names: list[str] = []
    for column in plain:
        entry = _column(_plain_name(column.name, names, table), column.name, column)
        plain_names.append(entry["name"])
        (facts if column.type in _NUMBERS else dims).append(entry)
    out["dimensions"] = dims
    out["time_dimensions"] = [_time(t, table) for t in table.time_dimensions]
    out["facts"] = facts
    extras = {
        "label": table.label,
        "labels": dict(table.labels),
        "columns": [c.model_dump(mode="json", exclude_defaults=True) for c in table.columns],
        "plain_columns": plain_names,
        "dimensions": {d.name: _extras(d, _DIMENSION_EXTRAS) for d in table.dimensions},
        "time_dimensions": {t.name: _extras(t, _TIME_EXTRAS) for t in table.time_dimensions},
    }
    return {k: v for k, v in out.items() if v != []}, extras


def _plain_name(column: str, taken: set[str], table: Table) -> str:
    name = column if column not in taken else f"{short_name(table.name)}_{column}"
    taken.add(name)
    return name


def _extras(item: Dimension | TimeDimension, keys: tuple[str, ...]) -> dict[str, Any]:
    dumped = item.model_dump(mode="json", exclude_defaults=True)
    return {k: dumped[k] for k in keys if k in dumped}


def _column(name: str, source: str | None, column: Column | None, expr: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    if column is not None and column.synonyms:
        out["synonyms"] = list(column.synonyms)
    if column is not None and column.description:
        out["description"] = column.description
    out["expr"] = source or _snowflake(expr)
    out["data_type"] = DATA_TYPES[column.type] if column else "VARCHAR"
    values = list(column.sample_values or column.allowed_values) if column else []
    if values:
        out["sample_values"] = [str(v) for v in values]
    if column is not None and column.allowed_values:
        out["is_enum"] = True
    return out


def _dimension(d: Dimension, table: Table) -> dict[str, Any]:
    return _exposed(d, table, ColumnType.STRING)


def _time(t: TimeDimension, table: Table) -> dict[str, Any]:
    out = _exposed(t, table, ColumnType.DATE)
    out.pop("is_enum", None)
    return out


def _exposed(item: Dimension | TimeDimension, table: Table, kind: ColumnType) -> dict[str, Any]:
    """A dimension or time dimension as Cortex spells it: name, expr, data type, words."""
    column = table.column(item.column) if item.column else None
    out = _column(item.name, item.column, column, item.expr or "")
    if item.synonyms:
        out["synonyms"] = list(item.synonyms)
    if item.description or item.label:
        out["description"] = item.description or item.label
    if column is None:
        out["data_type"] = DATA_TYPES[item.type or kind]
    return out


def _metric(metric: Any) -> dict[str, Any] | None:
    """A simple metric as a Cortex aggregate over logical table columns; others: None."""
    if not isinstance(metric, SimpleMetric) or metric.filters or metric.per_entity:
        return None
    table = short_name(metric.table)
    value = _logical_columns(parse_owner_sql(metric.expr), table)
    if metric.filter:
        condition = _logical_columns(parse_owner_sql(metric.filter), table)
        value = exp.Case(ifs=[exp.If(this=condition, true=value)])
    total = aggregate(metric, value, CORTEX_DIALECT)
    out: dict[str, Any] = {"name": metric.name}
    if metric.synonyms:
        out["synonyms"] = list(metric.synonyms)
    out["description"] = metric.description
    out["expr"] = total.sql(dialect=CORTEX_DIALECT)
    return out


def _logical_columns(tree: exp.Expression, table: str) -> exp.Expression:
    def point(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            owner = table_name(node)
            return exp.column(node.name, table=short_name(owner) if owner else table)
        return node

    return tree.copy().transform(point)


def _snowflake(expr: str) -> str:
    return parse_owner_sql(expr).sql(dialect=CORTEX_DIALECT) if expr else ""


def _relationship(r: Any) -> dict[str, Any]:
    return {
        "name": r.name,
        "left_table": short_name(r.from_table),
        "right_table": short_name(r.to_table),
        "relationship_columns": [
            {"left_column": k.from_column, "right_column": k.to_column} for k in r.keys
        ],
        "join_type": "left_outer",
        "relationship_type": "one_to_one" if r.cardinality.value == "one_to_one" else "many_to_one",
    }


def _verified(
    project: Project, report: Report, today: dt.date
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each verified query with its SQL as of the day it was verified, and its plan."""
    out = []
    queries: tuple[VerifiedQuery, ...] = load_verified_queries(
        project.root, project.layer, project.catalog, today
    )
    for q in queries:
        compiled = compile_query(
            q.plan, project.layer, project.catalog, dialect=CORTEX_DIALECT, today=q.verified_on
        )
        when = dt.datetime.combine(q.verified_on, dt.time(), tzinfo=dt.UTC)
        cortex = {
            "name": q.name,
            "question": q.question,
            "sql": compiled.sql,
            "verified_at": int(when.timestamp()),
            "verified_by": q.verified_by,
        }
        plan = {
            "plan": q.plan.model_dump(mode="json", by_alias=True, exclude_none=True),
            "verified_on": q.verified_on.isoformat(),
            "note": q.note,
        }
        out.append((cortex, plan))
    if queries:
        report.info(
            "verified queries",
            "Cortex holds SQL, resolved on the day each was verified; askbi's plans (relative "
            "ranges such as 'last month') are kept in the sidecar",
        )
    return out
