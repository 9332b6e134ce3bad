"""Check the semantic layer against the live database: do its tables and columns exist?"""

from __future__ import annotations

from collections.abc import Iterable

from connectors.base import TableInfo
from kernel.errors import did_you_mean
from kernel.problems import Problem
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


def compare_with_database(layer: SemanticLayer, tables: Iterable[TableInfo]) -> list[Problem]:
    """Every table, column and type of the YAML that the database does not have."""
    live = {t.name.lower(): {c.name.lower(): c.data_type for c in t.columns} for t in tables}
    problems: list[Problem] = []
    for table in layer.tables.values():
        file, line = layer.locations.get(table.name, ("semantic_layer", None))
        columns = live.get(table.name.lower())
        if columns is None:
            hint = did_you_mean(table.name, live)
            message = f"table '{table.name}' does not exist in the database.{hint}"
            problems.append(Problem(file, line, f"tables[{table.name}]", message, "missing_table"))
            continue
        for column in table.columns:
            cfile, cline = layer.locations.get(f"{table.name}.{column.name}", (file, line))
            key = f"tables[{table.name}].columns[{column.name}]"
            actual = columns.get(column.name.lower())
            if actual is None:
                message = (
                    f"column '{column.name}' does not exist in table '{table.name}'."
                    f"{did_you_mean(column.name, columns)}"
                )
                problems.append(Problem(cfile, cline, key, message, "missing_column"))
            elif not any(word in actual.lower() for word in _TYPE_WORDS[column.type]):
                message = f"declared {column.type.value} but the database type is {actual}"
                problems.append(Problem(cfile, cline, key, message, "type_mismatch"))
    return problems
