"""Validation rules for the semantic layer: small functions, each returning problems.

Each rule looks at every parsed file and reports with file, line and key. The loader runs
them all, so a user sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlglot import exp

from kernel.error_codes import ErrorCode
from kernel.errors import did_you_mean
from kernel.problems import Located, Problem
from kernel.yaml_models import ParsedFile
from semantic_layer.expressions import (
    DimensionExpressionError,
    parse_condition,
    parse_dimension_expr,
)
from semantic_layer.model import ColumnType, Grain, SemanticLayerFile, Table
from semantic_layer.time_parts import SEPARATOR

Files = list[ParsedFile[SemanticLayerFile]]


@dataclass(frozen=True)
class TableAt:
    table: Table
    at: Located


def tables_at(files: Files) -> Iterator[TableAt]:
    for f in files:
        for i, table in enumerate(f.model.tables):
            yield TableAt(table, f.at("tables", i))


def duplicate_tables(files: Files) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for t in tables_at(files):
        if t.table.name in seen:
            yield t.at.child("name").problem(
                f"table '{t.table.name}' is already defined in {seen[t.table.name]}",
                code=ErrorCode.DUPLICATE_NAME,
            )
        seen.setdefault(t.table.name, t.at.index.file)


def duplicate_columns(files: Files) -> Iterator[Problem]:
    for t in tables_at(files):
        seen: set[str] = set()
        for i, column in enumerate(t.table.columns):
            if column.name in seen:
                yield t.at.child("columns", i, "name").problem(
                    f"column '{column.name}' appears twice in table '{t.table.name}'",
                    code=ErrorCode.DUPLICATE_NAME,
                )
            seen.add(column.name)


def duplicate_dimension_names(files: Files) -> Iterator[Problem]:
    """Dimension names are global (users type ``--by region``), so they must be unique."""
    seen: dict[str, str] = {}
    grains = {g.value for g in Grain}
    for t in tables_at(files):
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                at = t.at.child(kind, i, "name")
                if dim.name in grains:
                    yield at.problem(
                        f"'{dim.name}' is a time grain; give the dimension another name",
                        code=ErrorCode.RESERVED_NAME,
                    )
                if dim.name in seen:
                    yield at.problem(
                        f"dimension '{dim.name}' is already defined on table '{seen[dim.name]}'",
                        code=ErrorCode.DUPLICATE_NAME,
                    )
                seen.setdefault(dim.name, t.table.name)


def dimension_columns_exist(files: Files) -> Iterator[Problem]:
    """A dimension's column, or every column its expression reads, is a column of its table."""
    for t in tables_at(files):
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                at = t.at.child(kind, i)
                if dim.column is not None:
                    yield from _dimension_column(t.table, dim.column, kind, at.child("column"))
                else:
                    yield from _dimension_expr(t.table, dim.expr, at.child("expr"))
                    if kind == "time_dimensions" and dim.type not in (None, *_DATES):
                        yield at.child("type").problem(
                            f"a time dimension's type is date or timestamp, not {dim.type.value}",
                            code=ErrorCode.WRONG_TYPE,
                        )


_DATES = (ColumnType.DATE, ColumnType.TIMESTAMP)


def _dimension_column(table: Table, name: str, kind: str, at: Located) -> Iterator[Problem]:
    column = table.column(name)
    if column is None:
        names = [c.name for c in table.columns]
        yield at.problem(
            f"unknown column '{name}' in table '{table.name}'.{did_you_mean(name, names)}",
            code=ErrorCode.UNKNOWN_COLUMN,
        )
    elif kind == "time_dimensions" and column.type not in _DATES:
        yield at.problem(
            f"time dimension column '{name}' has type {column.type.value}; it must be date "
            "or timestamp (or write an `expr` that reads it as one, with `type: date`)",
            code=ErrorCode.WRONG_TYPE,
        )


def _dimension_expr(table: Table, text: str | None, at: Located) -> Iterator[Problem]:
    yield from expression_columns(text or "", [table], at)


def expression_columns(text: str, tables: list[Table], at: Located) -> Iterator[Problem]:
    """Parse ``text`` against the allow-list; every column it names must exist. Unqualified
    columns belong to ``tables[0]``; qualified ones to the table of that name in ``tables``."""
    try:
        tree = parse_condition(text) if len(tables) > 1 else parse_dimension_expr(text)
    except DimensionExpressionError as e:
        yield at.problem(str(e), code=ErrorCode.INVALID_EXPRESSION)
        return
    by_name = {t.name: t for t in tables}
    for column in tree.find_all(exp.Column):
        owner = by_name.get(column.table) if column.table else tables[0]
        if owner is None:
            yield at.problem(
                f"'{column.sql()}' in {text!r} names a table the condition does not join."
                f"{did_you_mean(column.table, by_name)}",
                code=ErrorCode.UNKNOWN_TABLE,
            )
        elif owner.column(column.name) is None:
            names = [c.name for c in owner.columns]
            yield at.problem(
                f"unknown column '{column.name}' of '{owner.name}' in {text!r}."
                f"{did_you_mean(column.name, names)}",
                code=ErrorCode.UNKNOWN_COLUMN,
            )


def names_are_not_reserved(files: Files) -> Iterator[Problem]:
    """``__`` joins a time dimension and a built-in part (``order_date__day_of_week``)."""
    for t in tables_at(files):
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                if SEPARATOR in dim.name:
                    yield t.at.child(kind, i, "name").problem(
                        f"'{dim.name}' contains '{SEPARATOR}', which names the built-in parts "
                        "of time dimensions (order_date__day_of_week); use a single '_'",
                        code=ErrorCode.RESERVED_NAME,
                    )


def localized_value_columns_exist(files: Files) -> Iterator[Problem]:
    for t in tables_at(files):
        names = [c.name for c in t.table.columns]
        for i, dim in enumerate(t.table.dimensions):
            for locale, name in dim.localized_values.items():
                column = t.table.column(name)
                at = t.at.child("dimensions", i, "localized_values", locale)
                if column is None:
                    yield at.problem(
                        f"unknown column '{name}' in table '{t.table.name}'."
                        f"{did_you_mean(name, names)}",
                        code=ErrorCode.UNKNOWN_COLUMN,
                    )
                elif column.type is not ColumnType.STRING:
                    yield at.problem(
                        f"column '{name}' holds {column.type.value}, not the values' names",
                        code=ErrorCode.WRONG_TYPE,
                    )


def primary_keys_exist(files: Files) -> Iterator[Problem]:
    for t in tables_at(files):
        names = [c.name for c in t.table.columns]
        for i, key in enumerate(t.table.primary_key):
            if key not in names:
                yield t.at.child("primary_key", i).problem(
                    f"primary key column '{key}' is not a column of '{t.table.name}'."
                    f"{did_you_mean(key, names)}",
                    code=ErrorCode.UNKNOWN_COLUMN,
                )


def relationships_resolve(files: Files) -> Iterator[Problem]:
    tables: dict[str, Table] = {}
    for t in tables_at(files):
        tables.setdefault(t.table.name, t.table)  # a duplicate is reported by its own rule
    seen: set[str] = set()
    for f in files:
        for i, rel in enumerate(f.model.relationships):
            at = f.at("relationships", i)
            if rel.name in seen:
                yield at.child("name").problem(
                    f"relationship '{rel.name}' is defined twice", code=ErrorCode.DUPLICATE_NAME
                )
            seen.add(rel.name)
            yield from _relationship_side(at, "from", rel.from_table, tables)
            yield from _relationship_side(at, "to", rel.to_table, tables)
            for k, key in enumerate(rel.keys):
                yield from _key_column(
                    at.child("on", k, "from"), rel.from_table, key.from_column, tables
                )
                yield from _key_column(at.child("on", k, "to"), rel.to_table, key.to_column, tables)
            if rel.condition and rel.from_table in tables and rel.to_table in tables:
                joined = [tables[rel.from_table], tables[rel.to_table]]
                yield from expression_columns(rel.condition, joined, at.child("condition"))


def _relationship_side(
    at: Located, side: str, table: str, tables: dict[str, Table]
) -> Iterator[Problem]:
    if table not in tables:
        yield at.child(side).problem(
            f"unknown table '{table}'.{did_you_mean(table, tables)}", code=ErrorCode.UNKNOWN_TABLE
        )


def _key_column(
    at: Located, table: str, column: str, tables: dict[str, Table]
) -> Iterator[Problem]:
    if table in tables and tables[table].column(column) is None:
        names = [c.name for c in tables[table].columns]
        yield at.problem(
            f"unknown column '{column}' in table '{table}'.{did_you_mean(column, names)}",
            code=ErrorCode.UNKNOWN_COLUMN,
        )


def through_tables_exist(files: Files) -> Iterator[Problem]:
    names = {t.table.name for t in tables_at(files)}
    relationships = {r.name for f in files for r in f.model.relationships}
    for t in tables_at(files):
        for i, dim in enumerate(t.table.dimensions):
            for key in ("through", "prefer_through"):
                for j, table in enumerate(getattr(dim, key)):
                    if table not in names:
                        yield t.at.child("dimensions", i, key, j).problem(
                            f"unknown table '{table}'.{did_you_mean(table, names)}",
                            code=ErrorCode.UNKNOWN_TABLE,
                        )
            for j, name in enumerate(dim.via):
                if name not in relationships:
                    yield t.at.child("dimensions", i, "via", j).problem(
                        f"unknown relationship '{name}'.{did_you_mean(name, relationships)}",
                        code=ErrorCode.UNKNOWN_NAME,
                    )


def synonyms_are_not_other_names(files: Files) -> Iterator[Problem]:
    """Two dimensions may share a synonym ("status", "country"): the planner asks which, or
    takes the one the metric reaches. A synonym that is another dimension's *name* is
    refused, because a name must mean one thing."""
    names = {dim.name for t in tables_at(files) for dim in t.table.dimensions}
    for t in tables_at(files):
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                for j, synonym in enumerate(dim.synonyms):
                    key = synonym.casefold()
                    if key in names and key != dim.name:
                        yield t.at.child(kind, i, "synonyms", j).problem(
                            f"synonym '{synonym}' is the name of dimension '{key}'",
                            code=ErrorCode.SYNONYM_CLASH,
                        )


RULES: tuple[Callable[[Files], Iterator[Problem]], ...] = (
    duplicate_tables,
    duplicate_columns,
    duplicate_dimension_names,
    names_are_not_reserved,
    dimension_columns_exist,
    localized_value_columns_exist,
    primary_keys_exist,
    relationships_resolve,
    through_tables_exist,
    synonyms_are_not_other_names,
)


def validate(files: Files) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(files)]
