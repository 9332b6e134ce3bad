"""Fan-out: an aggregate over a table whose rows a one-to-many join has multiplied.

``SELECT SUM(o.shipping_fee) FROM orders o JOIN order_items i ON i.order_id = o.order_id``
sums each order's shipping once per order line. The compiler never writes that (it
aggregates each fact table on its own), but an LLM easily does, so LLM-written SQL gets a
warning, not a refusal: the query is valid, its number is wrong.

Per SELECT, the stored tables it joins are the nodes of a graph whose edges are the
equalities of its ON and WHERE clauses. Walking out from a table, an edge to a table that is
not unique on the joined columns repeats its rows; so does a table joined on no key at all
(a cross join). Uniqueness comes from the layer: primary keys, the "one" side of every
relationship (``many_to_one`` makes ``to`` unique, ``one_to_many`` makes ``from`` unique,
``one_to_one`` both). An aggregate is multiplied when every table its columns come from is
repeated; MIN, MAX, ANY_VALUE, boolean aggregates and DISTINCT aggregates are immune.
Derived tables and CTEs are not analysed (their row counts are not known from the layer).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, traverse_scope

from app.pipeline.guard.context import (
    LayerIndex,
    index_layer,
    normalized,
    self_aliased,
    table_key,
)
from app.pipeline.guard.locate import where
from app.pipeline.guard.parse import MAX_DEPTH, depth
from app.pipeline.guard.tables import is_physical
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Cardinality, Table

_IMMUNE: tuple[type[exp.Expr], ...] = (
    exp.Min,
    exp.Max,
    exp.AnyValue,
    exp.LogicalAnd,
    exp.LogicalOr,
    exp.ApproxDistinct,
    exp.ArgMax,
    exp.ArgMin,
)
_CROSS = "cross join"


@dataclass(frozen=True)
class _Joins:
    """The stored tables of one SELECT by alias, and the columns each equality joins."""

    tables: Mapping[str, Table]
    edges: Mapping[tuple[str, str], frozenset[str]]
    """(near alias, far alias) → the far table's columns in the equalities between them."""


def fan_out_warnings(sql: str, *, dialect: str, layer: SemanticLayer) -> list[str]:
    """Readable warnings for aggregates a one-to-many join multiplies; empty when fine.

    Advisory only, best run on SQL the guard allowed: SQL that does not parse, is not a
    single statement or is absurdly deep gives no warnings (the guard reports those).
    """
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
        if len(statements) != 1 or depth(statements[0]) > MAX_DEPTH:
            return []
        index = index_layer(layer, dialect)
        qualified = qualify(
            self_aliased(statements[0]),
            dialect=dialect,
            schema=index.sqlglot_schema,
            validate_qualify_columns=False,
            quote_identifiers=False,
        )
        unique = _unique_keys(layer, dialect)
        warnings = [w for s in traverse_scope(qualified) for w in _warnings(s, index, unique)]
    except (SqlglotError, RecursionError):
        return []
    return list(dict.fromkeys(warnings))


def _warnings(
    scope: Scope, index: LayerIndex, unique: Mapping[str, list[frozenset[str]]]
) -> Iterator[str]:
    select = scope.expression
    if not isinstance(select, exp.Select):
        return
    aggregates = [a for a in _aggregates(select) if not _immune(a)]
    if not aggregates:
        return
    joins = _joins(scope, select, index)
    if len(joins.tables) < 2:
        return
    causes = {alias: _repeated_by(alias, joins, unique, index.dialect) for alias in joins.tables}
    for aggregate in aggregates:
        aliases = {c.table for c in aggregate.find_all(exp.Column) if c.table in joins.tables}
        if aliases and all(causes[a] is not None for a in aliases):
            yield _message(aggregate, sorted(aliases), joins, causes, index.dialect)


def _aggregates(select: exp.Select) -> list[exp.AggFunc]:
    return [a for a in select.find_all(exp.AggFunc) if a.find_ancestor(exp.Select) is select]


def _immune(aggregate: exp.AggFunc) -> bool:
    return isinstance(aggregate, _IMMUNE) or isinstance(aggregate.this, exp.Distinct)


def _joins(scope: Scope, select: exp.Select, index: LayerIndex) -> _Joins:
    tables: dict[str, Table] = {}
    for alias, (node, _) in scope.selected_sources.items():
        if isinstance(node, exp.Table) and is_physical(node, index.dialect):
            table = index.table(node)
            if table is not None:
                tables[alias] = table
    pairs: dict[tuple[str, str], set[str]] = {}
    for left, right in _equalities(select):
        if left.table in tables and right.table in tables and left.table != right.table:
            pairs.setdefault((left.table, right.table), set()).add(right.name)
            pairs.setdefault((right.table, left.table), set()).add(left.name)
    return _Joins(tables, {k: frozenset(v) for k, v in pairs.items()})


def _equalities(select: exp.Select) -> Iterator[tuple[exp.Column, exp.Column]]:
    conditions = [j.args.get("on") for j in select.args.get("joins") or ()]
    where_ = select.args.get("where")
    conditions.append(where_.this if isinstance(where_, exp.Where) else None)
    for condition in conditions:
        for term in _conjuncts(condition):
            if isinstance(term, (exp.EQ, exp.NullSafeEQ)):
                left, right = term.this, term.expression
                if isinstance(left, exp.Column) and isinstance(right, exp.Column):
                    yield left, right


def _conjuncts(condition: exp.Expr | None) -> Iterator[exp.Expr]:
    stack = [condition] if condition is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, exp.And):
            stack.extend((node.this, node.expression))
        elif isinstance(node, exp.Paren):
            stack.append(node.this)
        else:
            yield node


def _repeated_by(
    start: str, joins: _Joins, unique: Mapping[str, list[frozenset[str]]], dialect: str
) -> str | None:
    """The alias (or cross join) that repeats ``start``'s rows, or None if nothing does."""
    seen, queue = {start}, deque([start])
    while queue:
        near = queue.popleft()
        for (a, far), columns in joins.edges.items():
            if a != near or far in seen:
                continue
            keys = unique.get(table_key(joins.tables[far].name, dialect), [])
            if not any(key <= columns for key in keys):
                return far
            seen.add(far)
            queue.append(far)
    return None if seen == set(joins.tables) else _CROSS


def _message(
    aggregate: exp.AggFunc,
    aliases: list[str],
    joins: _Joins,
    causes: Mapping[str, str | None],
    dialect: str,
) -> str:
    names = " and ".join(sorted({joins.tables[a].name for a in aliases}))
    cause = causes[aliases[0]] or _CROSS
    by = (
        "row of a table it is not joined to on any key"
        if cause == _CROSS
        else f"matching {joins.tables[cause].name} row"
    )
    return (
        f"{aggregate.sql(dialect=dialect)} {where(aggregate)} takes each {names} row once per"
        f" {by}, so the result is multiplied by the join (fan-out). Aggregate {names} on its"
        " own in a subquery or CTE, then join the result."
    )


def _unique_keys(layer: SemanticLayer, dialect: str) -> dict[str, list[frozenset[str]]]:
    """Table (normalised) → column sets known to identify at most one row."""
    keys: dict[str, list[frozenset[str]]] = {}

    def add(table: str, columns: tuple[str, ...]) -> None:
        if columns:
            names = frozenset(normalized(c, dialect) for c in columns)
            keys.setdefault(table_key(table, dialect), []).append(names)

    for table in layer.tables.values():
        add(table.name, table.primary_key)
    for rel in layer.relationships:
        if rel.cardinality in (Cardinality.MANY_TO_ONE, Cardinality.ONE_TO_ONE):
            add(rel.to_table, tuple(k.to_column for k in rel.keys))
        if rel.cardinality in (Cardinality.ONE_TO_MANY, Cardinality.ONE_TO_ONE):
            add(rel.from_table, tuple(k.from_column for k in rel.keys))
    return keys
