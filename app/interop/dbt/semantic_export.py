"""askbi tables → dbt semantic models: entities, dimensions and, on fact tables, measures.

Every table becomes a semantic model with its primary entity, named after the table. A
table that holds metrics (a fact table) gets a flattened model (:mod:`flatten`) and a
foreign entity for each table its dimensions are reached through, so every dimension is one
hop away: ``regions__region`` from order lines, whatever askbi's path was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from app.interop.dbt.flatten import FactModel, dimension_sql, reachable
from app.interop.report import Report
from metrics.compiler.joins import short_name
from metrics.expressions import OWNER_DIALECT
from semantic_layer.join_graph import JoinPath
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Table, TimeDimension


def entity(table: str) -> str:
    return short_name(table)


def key_sql(columns: tuple[str, ...] | list[str]) -> str:
    """An entity's expression: the column, or the key columns joined into one text."""
    if len(columns) == 1:
        return columns[0]
    parts = [f"cast({c} as varchar)" for c in columns]
    return " || '-' || ".join(parts)


@dataclass
class SemanticExport:
    layer: SemanticLayer
    facts: set[str]
    report: Report
    models: dict[str, FactModel] = field(default_factory=dict)
    group_by: dict[str, dict[str, str]] = field(default_factory=dict)
    """Fact table → askbi dimension → MetricFlow's group-by name for it."""
    extra_entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    extra_dimensions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def flatten(self) -> None:
        for table in sorted(self.facts):
            self.models[table] = FactModel(table)
            self.group_by[table] = {}
            self.extra_entities[table] = []
            self.extra_dimensions[table] = []
            self._reach(table)

    def _reach(self, fact: str) -> None:
        usual: dict[str, JoinPath] = {}
        found = list(reachable(self.layer, fact))
        for dim, path in found:  # a table's usual path: its plain dimensions'
            plain = not (dim.definition.through or dim.definition.via)
            if path and plain:
                usual.setdefault(dim.table, path)
        for dim, path in found:
            if path:
                usual.setdefault(dim.table, path)
        for table, path in usual.items():
            self._foreign(fact, table, path)
        for dim, path in found:
            if not path:
                self.group_by[fact][dim.name] = f"{entity(fact)}__{dim.name}"
            elif path == usual[dim.table]:
                self.group_by[fact][dim.name] = f"{entity(dim.table)}__{dim.name}"
            else:
                column = self.models[fact].pull(dim.name, path, dimension_sql(dim))
                self.extra_dimensions[fact].append(
                    {"name": dim.name, "type": "categorical", "expr": column}
                )
                self.group_by[fact][dim.name] = f"{entity(fact)}__{dim.name}"
                self.report.lossy(
                    f"dimension {dim.name}",
                    f"reached from {fact} by another path than {dim.table}'s usual one: a "
                    f"column of model {entity(fact)}, so MetricFlow can't share it across tables",
                )

    def _foreign(self, fact: str, table: str, path: JoinPath) -> None:
        step = path[-1]
        keys = self.layer.tables[table].primary_key or tuple(to for _, to in step.keys)
        by_target = {to: frm for frm, to in step.keys}
        if set(keys) != set(by_target):
            self.report.lossy(
                f"relationship {step.relationship}",
                f"joins {table} on columns other than its key: its dimensions aren't exported "
                f"for {fact}",
            )
            return
        if len(path) == 1 and not step.condition:
            expr = key_sql([by_target[k] for k in keys])
        else:
            names = [
                self.models[fact].pull(f"{entity(table)}__{k}", path, exp.column(k)) for k in keys
            ]
            expr = key_sql(names)
            hops = " → ".join([fact, *(s.to_table for s in path)])
            beyond = " (deeper than MetricFlow's 2)" if len(path) > 2 else ""
            self.report.info(
                f"table {fact}",
                f"join flattened: {table} is {len(path)} hops away{beyond} ({hops}); its key "
                f"is a column of model {entity(fact)}",
            )
        self.extra_entities[fact].append({"name": entity(table), "type": "foreign", "expr": expr})

    def pull_time(self, fact: str, time: TimeDimension, table: str) -> str:
        """A time dimension of another table as a column of the fact's model."""
        path = self.layer.path(fact, table)
        source = exp.column(time.column) if time.column else exp.maybe_parse(time.expr or "")
        return self.models[fact].pull(time.name, path, source)

    def semantic_model(self, table: Table, measures: list[dict[str, Any]]) -> dict[str, Any]:
        name = entity(table.name)
        model: dict[str, Any] = {"name": name, "model": f"ref('{name}')"}
        if table.description:
            model["description"] = table.description.strip()
        entities: list[dict[str, Any]] = []
        if table.primary_key:
            entities.append({"name": name, "type": "primary", "expr": key_sql(table.primary_key)})
        else:
            model["primary_entity"] = name
        entities += self.extra_entities.get(table.name, [])
        model["entities"] = entities
        dims = [_dimension(d.name, d.column, d.expr, d.label) for d in table.dimensions]
        dims += [_time(t) for t in table.time_dimensions]
        dims += self.extra_dimensions.get(table.name, [])
        model["dimensions"] = dims
        if measures:
            model["measures"] = measures
        return model


def _dimension(name: str, column: str | None, expr: str | None, label: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": "categorical"}
    if label:
        out["label"] = label
    sql = column or expr
    if sql != name:
        out["expr"] = sql
    return out


def _time(t: TimeDimension) -> dict[str, Any]:
    out = _dimension(t.name, t.column, t.expr, t.label)
    out["type"] = "time"
    out["type_params"] = {"time_granularity": t.finest_grain.value}
    return out


def time_dimension_entry(name: str, grain: str) -> dict[str, Any]:
    return {"name": name, "type": "time", "type_params": {"time_granularity": grain}}


def render(expression: exp.Expression) -> str:
    return expression.sql(dialect=OWNER_DIALECT)
