"""What every guard check needs: the dialect, the layer's tables by warehouse name, the policy.

Names are compared the way the warehouse compares them. The compiler writes layer names
unquoted, so ``orders`` means whatever an unquoted ``orders`` means in the dialect
(``ORDERS`` in Snowflake); a query's identifiers are normalised by the same dialect rules
(sqlglot's ``normalize_identifier``: unquoted ones fold, quoted ones keep their case).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Column, ColumnType, Table

# Only used so sqlglot can qualify columns; the types never reach the SQL we render.
_SQL_TYPES: Mapping[ColumnType, str] = MappingProxyType(
    {
        ColumnType.STRING: "VARCHAR",
        ColumnType.INTEGER: "BIGINT",
        ColumnType.DECIMAL: "DECIMAL(38, 6)",
        ColumnType.BOOLEAN: "BOOLEAN",
        ColumnType.DATE: "DATE",
        ColumnType.TIMESTAMP: "TIMESTAMP",
    }
)


@dataclass(frozen=True)
class LayerIndex:
    """The layer's tables and columns keyed by their normalised warehouse names."""

    dialect: str
    tables: Mapping[str, Table]
    columns: Mapping[str, Mapping[str, Column]]

    def table(self, identifier: exp.Identifier | str) -> Table | None:
        return self.tables.get(normalized(identifier, self.dialect))

    def column(self, table: Table, identifier: exp.Identifier | str) -> Column | None:
        key = normalized(table.name, self.dialect)
        return self.columns.get(key, {}).get(normalized(identifier, self.dialect))

    def schema(self) -> dict[str, object]:
        """The layer as a sqlglot schema ``{table: {column: type}}``."""
        return {
            table.name: {c.name: _SQL_TYPES[c.type] for c in table.columns}
            for table in self.tables.values()
        }


@dataclass(frozen=True)
class GuardContext:
    dialect: str
    index: LayerIndex
    allow_pii: bool
    max_rows: int


Check = Callable[[exp.Expr, GuardContext], list[str]]
"""A guard check: every problem it finds in one statement, as readable reasons."""


def index_layer(layer: SemanticLayer, dialect: str) -> LayerIndex:
    tables = {normalized(t.name, dialect): t for t in layer.tables.values()}
    columns = {
        key: {normalized(c.name, dialect): c for c in table.columns}
        for key, table in tables.items()
    }
    return LayerIndex(dialect, MappingProxyType(tables), MappingProxyType(columns))


def normalized(identifier: exp.Identifier | str, dialect: str) -> str:
    """The name as ``dialect`` resolves it: unquoted names fold, quoted ones do not.

    >>> normalized("Orders", "postgres"), normalized("orders", "snowflake")
    ('orders', 'ORDERS')
    >>> normalized(exp.to_identifier("Orders", quoted=True), "postgres")
    'Orders'
    """
    node = exp.to_identifier(identifier) if isinstance(identifier, str) else identifier.copy()
    return Dialect.get_or_raise(dialect).normalize_identifier(node).name
