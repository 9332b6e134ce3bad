"""``askbi import cortex FILE``: a Cortex Analyst semantic model as an askbi project.

Logical tables become tables (the base table's name, schema-qualified unless it is the
default schema), dimensions and time dimensions keep their names, facts become columns,
relationships keep their keys. A Cortex metric that is one aggregate over one table
(``SUM(expr)``, ``COUNT(DISTINCT CASE WHEN f THEN x END)``) becomes a simple metric with its
filter. With the askbi sidecar beside the file (written by ``askbi export cortex``), what
Cortex has no key for comes back too; without it each such loss is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot
from pydantic import ValidationError
from sqlglot import exp
from sqlglot.errors import ParseError

from app.interop.cortex.exporting import CORTEX_DIALECT
from app.interop.cortex.model import Column, Metric, SemanticModel, Table
from app.interop.cortex.sidecar import sidecar_path
from app.interop.foreign_yaml import load_yaml
from app.interop.report import Report
from app.onboarding.types import column_type
from app.project.generated import ProjectFiles, check_loads, to_yaml
from app.stages import AppStage
from kernel.errors import UserError
from metrics.expressions import OWNER_DIALECT
from semantic_layer.model import ColumnType

_AGGREGATES = {"Sum": "sum", "Avg": "avg", "Min": "min", "Max": "max", "Median": "median",
               "Count": "count"}  # fmt: skip
HEADER = "# Imported by askbi import cortex from {where}. Review before you rely on it.\n"


class CortexReadError(UserError):
    pass


@dataclass(frozen=True)
class CortexImport:
    files: ProjectFiles
    report: Report


def read_model(path: Path) -> tuple[SemanticModel, dict[str, Any]]:
    """The semantic model at ``path`` and its askbi sidecar (empty when there is none)."""
    try:
        model = SemanticModel.model_validate(load_yaml(path))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CortexReadError(
            f"{path} is not a Cortex Analyst semantic model: {first['msg']} at {where}.",
            stage=AppStage.CLI,
            hint="See Snowflake's Cortex Analyst semantic model specification for its keys.",
        ) from e
    side = sidecar_path(path)
    extras = load_yaml(side) if side.exists() else {}
    return model, extras or {}


def import_cortex(path: Path, *, schema: str = "main", source: str | None = None) -> CortexImport:
    model, extras = read_model(path)
    build = _Build(model, extras, schema, Report())
    layer, catalog, verified = build.run()
    header = HEADER.format(where=path)
    files: ProjectFiles = {
        "semantic_layer/cortex.yaml": header + to_yaml(layer),
        "metrics/cortex.yaml": header + to_yaml(catalog),
    }
    if verified["verified_queries"]:
        files["verified_queries/cortex.yaml"] = header + to_yaml(verified)
    if source:
        files["askbi.yaml"] = header + f"source: {source}\n"
    check_loads(files, "askbi import cortex wrote")
    files["interop-report.md"] = f"# What the Cortex import changed\n\n{build.report.to_text()}\n"
    return CortexImport(files, build.report)


@dataclass
class _Build:
    model: SemanticModel
    extras: dict[str, Any]
    schema: str
    report: Report
    physical: dict[str, str] = field(default_factory=dict)
    """Logical table → askbi table."""

    def run(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        if not self.extras:
            self.report.info("sidecar", "none beside the file: built from the Cortex keys alone")
        for t in self.model.tables:
            base = t.base_table
            self.physical[t.name] = (
                base.table if base.schema_ == self.schema else f"{base.schema_}.{base.table}"
            )
        tables = [self._table(t) for t in self.model.tables]
        layer = {
            "description": self.model.description or "",
            "tables": tables,
            "relationships": [self._relationship(r) for r in self.model.relationships],
        }
        if self.extras.get("glossary"):
            layer["glossary"] = self.extras["glossary"]
        metrics = self.extras.get("metrics") or self._metrics()
        return (
            layer,
            {"description": f"Metrics of {self.model.name}.", "metrics": metrics},
            self._verified(),
        )

    def _side(self, table: str) -> dict[str, Any]:
        tables: dict[str, Any] = self.extras.get("tables", {})
        return tables.get(table, {})

    def _table(self, t: Table) -> dict[str, Any]:
        side = self._side(t.name)
        plain = set(side.get("plain_columns", []))
        out: dict[str, Any] = {"name": self.physical[t.name]}
        for key in ("description", "label", "labels"):
            value = getattr(t, key, None) or side.get(key)
            if value:
                out[key] = value
        if t.synonyms:
            out["synonyms"] = list(t.synonyms)
        if t.primary_key:
            out["primary_key"] = list(t.primary_key.columns)
        columns: dict[str, dict[str, Any]] = {}
        dims = []
        for d in t.dimensions:
            if d.name in plain:
                columns.setdefault(d.expr, _plain_column(d))
            else:
                dims.append(self._dimension(d, side.get("dimensions", {}).get(d.name, {}), columns))
        for f in (*t.facts, *t.measures):
            columns.setdefault(f.expr, _plain_column(f, ColumnType.DECIMAL))
        times = [self._dimension(d, side.get("time_dimensions", {}).get(d.name, {}), columns)
                 for d in t.time_dimensions]  # fmt: skip
        for named in t.filters:
            self.report.lossy(
                f"filter {t.name}.{named.name}",
                f"askbi has no named filters; write it into a metric's filter ({named.expr})",
            )
        out["columns"] = side.get("columns") or list(columns.values())
        out["dimensions"] = dims
        out["time_dimensions"] = times
        return {k: v for k, v in out.items() if v != []}

    def _dimension(
        self, d: Column, extra: dict[str, Any], columns: dict[str, dict[str, Any]]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"name": d.name}
        if extra.get("expr"):
            out["expr"] = extra["expr"]
        elif d.expr.isidentifier():
            out["column"] = d.expr
            columns.setdefault(d.expr, _plain_column(d))
        else:
            out["expr"] = _duckdb(d.expr)
            out["type"] = column_type(d.data_type).value
        if d.synonyms:
            out["synonyms"] = list(d.synonyms)
        if d.description and d.description != extra.get("label"):
            out["description"] = d.description
        for key, value in extra.items():
            if key != "expr":
                out[key] = value
        return out

    def _relationship(self, r: Any) -> dict[str, Any]:
        side = self.extras.get("relationships", {}).get(r.name, {})
        out: dict[str, Any] = {
            "name": r.name,
            "from": self.physical[r.left_table],
            "to": self.physical[r.right_table],
            "on": [{"from": k.left_column, "to": k.right_column} for k in r.relationship_columns],
            "cardinality": side.get("cardinality") or r.relationship_type,
        }
        if side.get("condition"):
            out["condition"] = side["condition"]
        if r.join_type == "inner":
            self.report.lossy(
                f"relationship {r.name}",
                "askbi inner joins it for a breakdown, left joins it for a filter or a total",
            )
        return out

    def _metrics(self) -> list[dict[str, Any]]:
        out = []
        for t in self.model.tables:
            for m in t.metrics:
                metric = self._metric(t, m)
                if metric is not None:
                    out.append(metric)
        return out

    def _metric(self, t: Table, m: Metric) -> dict[str, Any] | None:
        try:
            tree = sqlglot.parse_one(m.expr, read=CORTEX_DIALECT)
        except ParseError:
            tree = exp.null()
        parsed = _aggregate(tree, t.name) if isinstance(tree, exp.Expression) else None
        if parsed is None:
            self.report.lossy(
                f"metric {t.name}.{m.name}",
                f"not imported: askbi reads one aggregate over a table ({m.expr})",
            )
            return None
        agg, expr, condition = parsed
        if m.filter is not None:
            condition = " AND ".join(c for c in (condition, _duckdb(m.filter.expr)) if c)
        out: dict[str, Any] = {
            "name": m.name,
            "label": m.name.replace("_", " ").capitalize(),
            "description": m.description or f"Imported from Cortex ({m.name}).",
            "owner": "imported from Cortex Analyst",
            "type": "simple",
            "table": self.physical[t.name],
            "agg": agg,
            "expr": expr,
        }
        if m.synonyms:
            out["synonyms"] = list(m.synonyms)
        if condition:
            out["filter"] = condition
        if t.time_dimensions:
            out["time_dimension"] = t.time_dimensions[0].name
        return out

    def _verified(self) -> dict[str, Any]:
        plans = self.extras.get("verified_queries", {})
        out = []
        for q in self.model.verified_queries:
            kept = plans.get(q.name)
            if kept is None:
                self.report.lossy(
                    f"verified query {q.name}",
                    "askbi verifies plans, not SQL: not imported (ask the question, then verify "
                    "the plan askbi shows)",
                )
                continue
            when = dt.datetime.fromtimestamp(q.verified_at or 0, dt.UTC).date()
            entry = {"name": q.name, "question": q.question, "plan": kept["plan"],
                     "verified_by": q.verified_by or "unknown",
                     "verified_on": kept.get("verified_on") or when.isoformat()}  # fmt: skip
            if kept.get("note"):
                entry["note"] = kept["note"]
            out.append(entry)
        return {"description": f"Verified queries of {self.model.name}.", "verified_queries": out}


def _plain_column(c: Column, default: ColumnType | None = None) -> dict[str, Any]:
    kind = column_type(c.data_type) if c.data_type else (default or ColumnType.STRING)
    out: dict[str, Any] = {"name": c.expr, "type": kind.value}
    if c.description:
        out["description"] = c.description
    if c.sample_values:
        out["sample_values"] = list(c.sample_values)
    return out


def _duckdb(expr: str) -> str:
    return sqlglot.parse_one(expr, read=CORTEX_DIALECT).sql(dialect=OWNER_DIALECT)


def _aggregate(tree: exp.Expression, table: str) -> tuple[str, str, str] | None:
    """``(agg, expr, filter)`` of one aggregate over one logical table, else None."""
    agg = _AGGREGATES.get(type(tree).__name__)
    inner = tree.this if isinstance(tree, exp.AggFunc) else None
    if isinstance(inner, exp.Distinct) and isinstance(tree, exp.Count):
        agg, inner = "count_distinct", inner.expressions[0] if len(inner.expressions) == 1 else None
    if agg is None or inner is None:
        return None
    condition = None
    if (
        isinstance(inner, exp.Case)
        and len(inner.args.get("ifs") or []) == 1
        and not inner.args.get("default")
    ):
        branch = inner.args["ifs"][0]
        condition, inner = branch.this, branch.args["true"]

    def own(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table == table:
            return exp.column(node.name)
        return node

    expr = inner.transform(own).sql(dialect=OWNER_DIALECT)
    where = condition.transform(own).sql(dialect=OWNER_DIALECT) if condition is not None else ""
    return agg, expr, where
