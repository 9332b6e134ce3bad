"""Check the semantic layer against the live database: do its tables and columns exist?

Names match the way the warehouse matches them (``metrics.identifiers.resolved``): in
PostgreSQL the layer's ``customers`` is not the database's ``Customers``, since askbi would
write it unquoted and PostgreSQL folds it to lower case; in DuckDB they are the same table.
Without a dialect, names match ignoring case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from connectors.base import TableInfo
from kernel.errors import did_you_mean
from kernel.problems import Problem
from metrics.identifiers import resolved
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ColumnType

_TYPE_WORDS: dict[ColumnType, tuple[str, ...]] = {
    ColumnType.STRING: ("char", "text", "string", "varchar", "enum"),
    ColumnType.INTEGER: ("int", "serial", "number", "numeric", "decimal"),
    ColumnType.DECIMAL: ("double", "float", "real", "decimal", "numeric", "number", "int", "money"),
    ColumnType.BOOLEAN: ("bool", "bit", "tinyint"),
    ColumnType.DATE: ("date",),
    ColumnType.TIMESTAMP: ("timestamp", "datetime"),
}


def compare_with_database(
    layer: SemanticLayer, tables: Iterable[TableInfo], dialect: str | None = None
) -> list[Problem]:
    """Every table, column and type of the YAML that the database does not have, names
    compared as ``dialect`` compares them."""
    key = name_matcher(dialect)
    spelt = {key(t.name): t for t in tables}
    problems: list[Problem] = []
    for table in layer.tables.values():
        file, line = layer.locations.get(table.name, ("semantic_layer", None))
        live = spelt.get(key(table.name))
        if live is None:
            names = [t.name for t in spelt.values()]
            message = (
                f"table '{table.name}' does not exist in the database.{_hint(table.name, names)}"
            )
            problems.append(Problem(file, line, f"tables[{table.name}]", message, "missing_table"))
            continue
        columns = {key(c.name): c for c in live.columns}
        for column in table.columns:
            cfile, cline = layer.locations.get(f"{table.name}.{column.name}", (file, line))
            where = f"tables[{table.name}].columns[{column.name}]"
            found = columns.get(key(column.name))
            if found is None:
                names = [c.name for c in columns.values()]
                message = (
                    f"column '{column.name}' does not exist in table '{table.name}'."
                    f"{_hint(column.name, names)}"
                )
                problems.append(Problem(cfile, cline, where, message, "missing_column"))
                continue
            actual = found.data_type
            if not any(word in actual.lower() for word in _TYPE_WORDS[column.type]):
                message = f"declared {column.type.value} but the database type is {actual}"
                problems.append(Problem(cfile, cline, where, message, "type_mismatch"))
    return problems


def name_matcher(dialect: str | None) -> Callable[[str], str]:
    """A name → the key two matching names share; a qualified name part by part."""
    if dialect is None:
        return str.lower
    return lambda name: ".".join(resolved(part, dialect) for part in name.split("."))


def _hint(name: str, names: list[str]) -> str:
    """A name that differs only in case is named as such: quoting is the usual fix."""
    same = [n for n in names if n.lower() == name.lower()]
    if same:
        return (
            f" The database spells it '{same[0]}': write that spelling, which askbi quotes"
            " where the database needs it."
        )
    return did_you_mean(name, names)
