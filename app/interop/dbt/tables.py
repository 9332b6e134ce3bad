"""dbt semantic models → askbi tables, dimensions and relationships.

A semantic model sits on a dbt model. When that model only passes a source table through
(``select * from {{ source('retail', 'orders') }}``) askbi reads the source table itself;
otherwise it reads the table or view dbt builds under the model's name. Entities become
relationships: a foreign entity points at the semantic model where the same entity is
primary (or unique, or natural).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from app.interop.dbt.jinja_filters import FilterError, Reference
from app.interop.dbt.model import DbtProject, Dimension, Entity, Measure, SemanticModel
from app.interop.report import Report
from metrics.expressions import OWNER_DIALECT, ExpressionError, parse_owner_sql
from semantic_layer.model import ColumnType, Grain

KEY_TYPES = ("primary", "unique", "natural")
_REF = re.compile(r"""^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"][^'"]+['"]\s*)?\)\s*$""")
_SOURCE = re.compile(r"""\{\{\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}""")
_CONFIG = re.compile(r"\{\{\s*config\([^}]*\)\s*\}\}")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_GRAINS = [g.value for g in Grain]

ColumnTypes = Mapping[str, Mapping[str, ColumnType]]
"""Table → column → type, read from the warehouse when the import is given a source."""


@dataclass
class Tables:
    """The askbi tables built so far, and how dbt names map onto them."""

    project: DbtProject
    report: Report
    types: ColumnTypes
    table_of: dict[str, str] = field(default_factory=dict)
    """Semantic model → askbi table."""
    columns: dict[str, dict[str, ColumnType]] = field(default_factory=dict)
    dimension_names: dict[tuple[str, str], str] = field(default_factory=dict)
    """(semantic model, dbt dimension) → askbi dimension name."""
    tables: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)

    def build(self) -> None:
        taken: set[str] = set()
        for sm in self.project.semantic_models:
            table = self._physical(sm)
            if table is None:
                self.report.lossy(
                    f"semantic model {sm.name}",
                    f"model {sm.model!r} is not a ref() to a dbt model: not imported",
                )
                continue
            if table in self.table_of.values():
                self.report.lossy(
                    f"semantic model {sm.name}",
                    f"a second semantic model on table {table}: not imported (askbi holds "
                    "one description per table)",
                )
                continue
            self.table_of[sm.name] = table
            self.columns[table] = {}
            self.tables.append(self._table(sm, table, taken))
        for sm in self.project.semantic_models:
            if sm.name in self.table_of:
                self._relationships(sm)
        for entry in self.tables:
            entry["columns"] = [
                {"name": n, "type": t.value} for n, t in self.columns[entry["name"]].items()
            ]

    # ----- names

    def dbt_dimension_names(self) -> dict[str, str]:
        """``entity__dimension`` as MetricFlow spells a group-by → askbi dimension name."""
        names: dict[str, str] = {}
        for sm in self.project.semantic_models:
            for entity in sm.entities:
                if entity.type in KEY_TYPES:
                    for (owner, dim), askbi in self.dimension_names.items():
                        if owner == sm.name:
                            names[f"{entity.name}__{dim}"] = askbi
        return names

    def owner_of(self, path: tuple[str, ...], name: str, home: SemanticModel) -> SemanticModel:
        """The semantic model holding element ``name`` reached through entity ``path``."""
        if not path:
            return home
        entity = path[-1]
        for sm in [home, *self.project.semantic_models]:
            keyed = any(e.name == entity and e.type in KEY_TYPES for e in sm.entities)
            has = any(d.name == name for d in sm.dimensions) or any(
                e.name == name for e in sm.entities
            )
            if keyed and has and sm.name in self.table_of:
                return sm
        raise FilterError(f"no semantic model reaches '{name}' through entity '{entity}'")

    def resolve(self, ref: Reference, home: SemanticModel) -> exp.Expression:
        """A Jinja reference, from a metric on ``home``, as a table-qualified expression."""
        if ref.kind == "Entity":
            sm = self.owner_of(ref.path, ref.name, home)
            entity = next((e for e in sm.entities if e.name == ref.name), None)
            if entity is None:
                raise FilterError(f"unknown entity '{ref.name}'")
            return self.qualified(entity.column, sm, ColumnType.STRING)
        if ref.name == "metric_time":
            time = home.defaults.agg_time_dimension if home.defaults else None
            if time is None:
                raise FilterError(f"semantic model {home.name} has no time dimension")
            sm, dimension = home, _dimension(home, time)
        else:
            sm = self.owner_of(ref.path, ref.name, home)
            dimension = _dimension(sm, ref.name)
        if dimension is None:
            raise FilterError(f"unknown dimension '{ref.name}'")
        kind = ColumnType.TIMESTAMP if dimension.type == "time" else ColumnType.STRING
        column = self.qualified(dimension.sql, sm, kind)
        if ref.grain and ref.grain != "day":
            return exp.DateTrunc(this=column, unit=exp.var(ref.grain.upper()))
        return column

    def qualified(self, sql: str, sm: SemanticModel, kind: ColumnType) -> exp.Expression:
        """``sql`` over ``sm``'s columns with each column pointed at its askbi table."""
        table = self.table_of[sm.name]
        tree = _parse(sql)

        def point(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                self._declare(table, node.name, kind)
                return exp.column(node.name, table=table)
            return node

        return tree.transform(point)

    def declare_expression(self, sm: SemanticModel, sql: str, kind: ColumnType) -> None:
        for column in _parse(sql).find_all(exp.Column):
            self._declare(self.table_of[sm.name], column.name, kind)

    def _declare(self, table: str, column: str, kind: ColumnType) -> None:
        known = self.types.get(table, {}).get(column)
        self.columns[table].setdefault(column, known or kind)

    # ----- tables

    def _physical(self, sm: SemanticModel) -> str | None:
        match = _REF.match(sm.model)
        if match is None:
            return None
        model = match.group(1)
        source = _passthrough_source(self.project.model_sql.get(model, ""))
        if source is None:
            self.report.info(
                f"semantic model {sm.name}",
                f"read as the table or view dbt builds for model {model} (run `dbt run` first)",
            )
            return model
        found = next((s for s in self.project.sources if (s.source, s.name) == source), None)
        table = (found.identifier if found and found.identifier else None) or source[1]
        self.report.info(
            f"semantic model {sm.name}",
            f"model {model} only selects from source {'.'.join(source)}: read as table "
            f"{table} in the connection's default schema",
        )
        return table

    def _table(self, sm: SemanticModel, table: str, taken: set[str]) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": table}
        if sm.description:
            entry["description"] = sm.description.strip()
        if sm.label:
            entry["label"] = sm.label
        primary = [e for e in sm.entities if e.type == "primary"]
        if primary and _IDENTIFIER.match(primary[0].column):
            entry["primary_key"] = [primary[0].column]
        elif primary:
            self.report.lossy(
                f"semantic model {sm.name}",
                f"primary entity {primary[0].name} is an expression ({primary[0].column}); "
                "askbi keys are columns, so the table has no primary key",
            )
        for entity in sm.entities:
            if _IDENTIFIER.match(entity.column):
                self._declare(table, entity.column, ColumnType.STRING)
        dims = [self._dimension(sm, d, table, taken) for d in sm.dimensions]
        entry["dimensions"] = [d for d in dims if d and "grains" not in d]
        entry["time_dimensions"] = [d for d in dims if d and "grains" in d]
        for measure in sm.measures:
            self.declare_expression(sm, measure.sql, ColumnType.DECIMAL)
        return {k: v for k, v in entry.items() if v != []}

    def _dimension(
        self, sm: SemanticModel, dim: Dimension, table: str, taken: set[str]
    ) -> dict[str, Any] | None:
        name = (
            dim.name
            if dim.name not in taken and dim.name not in _GRAINS
            else f"{sm.name}_{dim.name}"
        )
        taken.add(name)
        self.dimension_names[(sm.name, dim.name)] = name
        if name != dim.name:
            self.report.info(
                f"dimension {sm.name}.{dim.name}", f"renamed {name}: names are global in askbi"
            )
        entry: dict[str, Any] = {"name": name}
        kind = ColumnType.STRING
        if dim.type == "time":
            granularity = (dim.type_params.time_granularity if dim.type_params else None) or "day"
            if granularity not in _GRAINS:
                self.report.lossy(
                    f"dimension {sm.name}.{dim.name}",
                    f"granularity {granularity}: askbi's finest is day",
                )
                granularity = "day"
            kind = ColumnType.TIMESTAMP if granularity == "day" else ColumnType.DATE
            entry["grains"] = _GRAINS[_GRAINS.index(granularity) :]
            if dim.type_params and dim.type_params.unknown_keys():
                extra = {k for k in dim.type_params.unknown_keys() if getattr(dim.type_params, k)}
                if extra:
                    self.report.lossy(
                        f"dimension {sm.name}.{dim.name}",
                        f"{', '.join(sorted(extra))} (SCD type 2 validity) has no askbi equivalent",
                    )
        if _IDENTIFIER.match(dim.sql):
            entry["column"] = dim.sql
            self._declare(table, dim.sql, kind)
        else:
            entry["expr"] = dim.sql
            entry["type"] = (ColumnType.DATE if dim.type == "time" else ColumnType.STRING).value
            self.declare_expression(sm, dim.sql, ColumnType.STRING)
        if dim.label:
            entry["label"] = dim.label
        if dim.description:
            entry["description"] = dim.description.strip()
        return entry

    # ----- relationships

    def _relationships(self, sm: SemanticModel) -> None:
        for entity in sm.entities:
            for other in self.project.semantic_models:
                target = _keyed(other, entity.name)
                if other.name == sm.name or target is None or other.name not in self.table_of:
                    continue
                one_to_one = entity.type in KEY_TYPES
                if one_to_one and other.name < sm.name:
                    continue  # a one-to-one pair is declared once
                self._relationship(sm, entity, other, target, one_to_one)

    def _relationship(
        self, sm: SemanticModel, entity: Entity, other: SemanticModel, target: Entity, one: bool
    ) -> None:
        where = f"entity {sm.name}.{entity.name}"
        if not (_IDENTIFIER.match(entity.column) and _IDENTIFIER.match(target.column)):
            self.report.lossy(where, "joins on an expression; askbi joins on columns: no join")
            return
        names = {r["name"] for r in self.relationships}
        name = f"{sm.name}_{entity.name}"
        while name in names:
            name += "_"
        entry: dict[str, Any] = {
            "name": name,
            "from": self.table_of[sm.name],
            "to": self.table_of[other.name],
            "on": [{"from": entity.column, "to": target.column}],
        }
        if one:
            entry["cardinality"] = "one_to_one"
        self.relationships.append(entry)


def measure_of(project: DbtProject, name: str) -> tuple[SemanticModel, Measure] | None:
    for sm in project.semantic_models:
        for measure in sm.measures:
            if measure.name == name:
                return sm, measure
    return None


def _keyed(sm: SemanticModel, entity: str) -> Entity | None:
    return next((e for e in sm.entities if e.name == entity and e.type in KEY_TYPES), None)


def _dimension(sm: SemanticModel, name: str) -> Dimension | None:
    return next((d for d in sm.dimensions if d.name == name), None)


def _parse(sql: str) -> exp.Expression:
    try:
        return parse_owner_sql(sql)
    except ExpressionError as e:
        raise FilterError(str(e)) from e


def _passthrough_source(sql: str) -> tuple[str, str] | None:
    """``(source, table)`` when the model is ``select * from {{ source(…) }}`` and nothing else."""
    sources = _SOURCE.findall(sql)
    if len(sources) != 1:
        return None
    text = _SOURCE.sub("__askbi_source", _CONFIG.sub("", sql))
    try:
        tree = sqlglot.parse_one(text, read=OWNER_DIALECT)
    except ParseError:
        return None
    plain = (
        isinstance(tree, exp.Select)
        and len(tree.expressions) == 1
        and isinstance(tree.expressions[0], exp.Star)
        and not any(
            tree.args.get(k) for k in ("joins", "where", "group", "having", "limit", "qualify")
        )
        and isinstance(tree.args.get("from_") or tree.args.get("from"), exp.From)
    )
    return (sources[0][0], sources[0][1]) if plain else None
