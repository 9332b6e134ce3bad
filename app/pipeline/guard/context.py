"""What every guard check needs: the dialect, the layer's tables by warehouse name, the policy.

Names are compared the way the warehouse compares them. A layer name means what the compiler
writes for it (``metrics.identifiers``): ``orders`` unquoted, so whatever an unquoted
``orders`` means in the dialect (``ORDERS`` in Snowflake); ``OrderDate`` quoted, so exactly
that. A query's identifiers are normalised by the same dialect rules (sqlglot's
``normalize_identifier``: unquoted ones fold, quoted ones keep their case).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.schema import MappingSchema

from metrics.identifiers import identifier as layer_identifier
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
    """The layer's tables and columns keyed by their normalised warehouse names; a table
    in another schema by its qualified name (``sales.orders``)."""

    dialect: str
    tables: Mapping[str, Table]
    columns: Mapping[str, Mapping[str, Column]]

    def table(self, reference: exp.Table | exp.Identifier | str) -> Table | None:
        """The layer table a reference names: a FROM/JOIN node (schema included) or a name."""
        return self.tables.get(table_key(reference, self.dialect))

    def column(self, table: Table, identifier: exp.Identifier | str) -> Column | None:
        key = table_key(table.name, self.dialect)
        return self.columns.get(key, {}).get(normalized(identifier, self.dialect))

    def schema(self) -> dict[str, object]:
        """The layer as a sqlglot schema ``{table: {column: type}}``.

        With qualified tables every entry must be nested equally deep (``{schema: {table:
        …}}``); plain tables then sit under a placeholder schema, which sqlglot still finds
        for an unqualified reference.
        """
        d = self.dialect
        depth = max((t.name.count(".") + 1 for t in self.tables.values()), default=1)
        nested: dict[str, object] = {}
        for table in self.tables.values():
            parts = table.name.split(".")
            parts = [_DEFAULT_SCHEMA] * (depth - len(parts)) + [_sql(p, d) for p in parts]
            level = nested
            for part in parts[:-1]:
                level = level.setdefault(part, {})  # type: ignore[assignment]
            level[parts[-1]] = {_sql(c.name, d): _SQL_TYPES[c.type] for c in table.columns}
        return nested

    @cached_property
    def sqlglot_schema(self) -> MappingSchema:
        """``schema()`` as sqlglot's own schema object, built once: sqlglot normalises every
        name when it builds one, which on 500 tables × 40 columns took longer than the rest
        of an answer."""
        return MappingSchema(self.schema(), dialect=self.dialect)


_DEFAULT_SCHEMA = "__askbi_default_schema__"


def _sql(name: str, dialect: str) -> str:
    """A layer name as sqlglot's schema reads its keys: SQL, quoted where the name needs it."""
    return layer_identifier(name, dialect).sql(dialect=dialect)


def table_key(reference: exp.Table | exp.Identifier | str, dialect: str) -> str:
    """A table's name as the warehouse resolves it, each part normalised, joined by dots.

    >>> table_key(exp.to_table("Sales.Orders"), "postgres")
    'sales.orders'
    >>> table_key("sales.orders", "snowflake"), table_key("sales.Orders", "postgres")
    ('SALES.ORDERS', 'sales.Orders')
    """
    if isinstance(reference, exp.Table):
        parts = [p for p in reference.parts if isinstance(p, exp.Identifier)]
        if len(parts) != len(reference.parts):
            return ""
        return ".".join(normalized(p, dialect) for p in parts)
    if isinstance(reference, str):
        return ".".join(normalized(p, dialect) for p in reference.split("."))
    return normalized(reference, dialect)


@dataclass(frozen=True)
class GuardContext:
    dialect: str
    index: LayerIndex
    allow_pii: bool
    max_rows: int


Check = Callable[[exp.Expr, GuardContext], list[str]]
"""A guard check: every problem it finds in one statement, as readable reasons."""


_INDEXES: OrderedDict[tuple[int, str], tuple[weakref.ref[SemanticLayer], LayerIndex]] = (
    OrderedDict()
)
_INDEXES_KEPT = 8
_INDEXES_LOCK = threading.Lock()


def index_layer(layer: SemanticLayer, dialect: str) -> LayerIndex:
    """The layer's index for ``dialect``, built once per loaded layer.

    Every answer is guarded, so rebuilding it per call cost a wide warehouse a second an
    answer. A layer is immutable once loaded, and an edited project loads a new one, so a
    cache by identity is never stale; the weak reference makes a reused ``id`` a miss.
    """
    key = (id(layer), dialect)
    with _INDEXES_LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and cached[0]() is layer:
            _INDEXES.move_to_end(key)
            return cached[1]
    index = _build_index(layer, dialect)
    with _INDEXES_LOCK:
        _INDEXES[key] = (weakref.ref(layer), index)
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
    return index


def _build_index(layer: SemanticLayer, dialect: str) -> LayerIndex:
    tables = {table_key(t.name, dialect): t for t in layer.tables.values()}
    columns = {
        key: {normalized(c.name, dialect): c for c in table.columns}
        for key, table in tables.items()
    }
    return LayerIndex(dialect, MappingProxyType(tables), MappingProxyType(columns))


def self_aliased(tree: exp.Expr) -> exp.Expr:
    """``tree`` with each unaliased table in FROM or JOIN aliased by its own identifier.

    sqlglot's ``qualify`` makes the missing aliases itself by folding the name, so
    ``FROM "OrderLines"`` became ``FROM "OrderLines" AS orderlines`` in PostgreSQL, and
    columns written ``"OrderLines"."LineId"`` then saw no table. Works in place.
    """
    for table in tree.find_all(exp.Table):
        named = isinstance(table.this, exp.Identifier) and not table.alias
        if named and isinstance(table.parent, exp.From | exp.Join):
            table.set("alias", exp.TableAlias(this=table.this.copy()))
    return tree


def normalized(identifier: exp.Identifier | str, dialect: str) -> str:
    """The name as ``dialect`` resolves it: unquoted names fold, quoted ones do not; a plain
    string is a layer name, quoted as the compiler quotes it.

    >>> normalized("orders", "postgres"), normalized("Orders", "postgres")
    ('orders', 'Orders')
    >>> normalized("orders", "snowflake"), normalized("order", "snowflake")
    ('ORDERS', 'ORDER')
    >>> normalized(exp.to_identifier("Orders", quoted=True), "postgres")
    'Orders'
    """
    node = (
        layer_identifier(identifier, dialect) if isinstance(identifier, str) else identifier.copy()
    )
    return Dialect.get_or_raise(dialect).normalize_identifier(node).name
