"""Validation rules for the semantic layer: small functions, each returning problems.

Each rule looks at every parsed file and reports with file, line and key. The loader runs
them all, so a user sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kernel.error_codes import ErrorCode
from kernel.errors import did_you_mean
from kernel.problems import Located, Problem
from kernel.yaml_models import ParsedFile
from semantic_layer.model import ColumnType, Grain, SemanticLayerFile, Table

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
    for t in tables_at(files):
        names = [c.name for c in t.table.columns]
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                column = t.table.column(dim.column)
                at = t.at.child(kind, i, "column")
                if column is None:
                    yield at.problem(
                        f"unknown column '{dim.column}' in table '{t.table.name}'."
                        f"{did_you_mean(dim.column, names)}",
                        code=ErrorCode.UNKNOWN_COLUMN,
                    )
                elif kind == "time_dimensions" and column.type not in (
                    ColumnType.DATE,
                    ColumnType.TIMESTAMP,
                ):
                    yield at.problem(
                        f"time dimension column '{dim.column}' has type {column.type.value}; "
                        "it must be date or timestamp",
                        code=ErrorCode.WRONG_TYPE,
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
    for t in tables_at(files):
        for i, dim in enumerate(t.table.dimensions):
            for key in ("through", "prefer_through"):
                for j, table in enumerate(getattr(dim, key)):
                    if table not in names:
                        yield t.at.child("dimensions", i, key, j).problem(
                            f"unknown table '{table}'.{did_you_mean(table, names)}",
                            code=ErrorCode.UNKNOWN_TABLE,
                        )


def synonyms_unique(files: Files) -> Iterator[Problem]:
    """A synonym that means two things would make grounding guess; refuse it up front."""
    owners: dict[str, str] = {}
    for t in tables_at(files):
        for kind in ("dimensions", "time_dimensions"):
            for i, dim in enumerate(getattr(t.table, kind)):
                for j, synonym in enumerate(dim.synonyms):
                    key = synonym.casefold()
                    owner = f"dimension '{dim.name}'"
                    if key in owners and owners[key] != owner:
                        yield t.at.child(kind, i, "synonyms", j).problem(
                            f"synonym '{synonym}' is already claimed by {owners[key]}",
                            code=ErrorCode.SYNONYM_CLASH,
                        )
                    owners.setdefault(key, owner)
                    for other in (d.name for d in t.table.dimensions):
                        if key == other and other != dim.name:
                            yield t.at.child(kind, i, "synonyms", j).problem(
                                f"synonym '{synonym}' is the name of dimension '{other}'",
                                code=ErrorCode.SYNONYM_CLASH,
                            )


def join_graph_connected(files: Files) -> Iterator[Problem]:
    """Every table must be reachable from every other through relationships (undirected)."""
    names = [t.table.name for t in tables_at(files)]
    if len(names) < 2 or not files:
        return
    neighbours: dict[str, set[str]] = {n: set() for n in names}
    for f in files:
        for rel in f.model.relationships:
            if rel.from_table in neighbours and rel.to_table in neighbours:
                neighbours[rel.from_table].add(rel.to_table)
                neighbours[rel.to_table].add(rel.from_table)
    components = _components(neighbours)
    if len(components) > 1:
        islands = "; ".join(", ".join(sorted(c)) for c in components[1:])
        located = next(t.at for t in tables_at(files) if t.table.name in components[1])
        yield Problem(
            located.index.file,
            located.index.line_of(located.path),
            "relationships",
            f"the join graph is disconnected: {islands} cannot be joined to "
            f"{', '.join(sorted(components[0]))}. Add a relationship.",
            code=ErrorCode.DISCONNECTED_JOIN_GRAPH,
        )


def _components(neighbours: dict[str, set[str]]) -> list[set[str]]:
    remaining = set(neighbours)
    components: list[set[str]] = []
    for start in sorted(neighbours, key=lambda n: (-len(neighbours[n]), n)):
        if start not in remaining:
            continue
        component, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node in component:
                continue
            component.add(node)
            stack.extend(neighbours[node] - component)
        remaining -= component
        components.append(component)
    return sorted(components, key=lambda c: (-len(c), sorted(c)))


RULES: tuple[Callable[[Files], Iterator[Problem]], ...] = (
    duplicate_tables,
    duplicate_columns,
    duplicate_dimension_names,
    dimension_columns_exist,
    localized_value_columns_exist,
    primary_keys_exist,
    relationships_resolve,
    through_tables_exist,
    synonyms_unique,
    join_graph_connected,
)


def validate(files: Files) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(files)]
