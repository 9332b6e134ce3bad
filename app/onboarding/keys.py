"""Primary keys and relationships: declared ones first, then guesses from names and values.

A foreign key the database declares is taken as it is. Where there is none (many analytic
copies drop them), a column whose name ends in ``id`` and names another table's entity
(``car_id`` → ``cars``, ``sbTxCustId`` → ``sbCustomer``) is a candidate, and it is kept
only if nine in ten of its distinct values are keys of that table. Every guess is marked
in the relationship's description and listed for review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.onboarding.naming import abbreviates, singular, words
from app.onboarding.profile import TableProfile
from connectors.base import TableInfo
from semantic_layer.model import ColumnType

MIN_OVERLAP = 0.9


@dataclass(frozen=True)
class Key:
    table: str
    columns: tuple[str, ...]
    inferred: bool


@dataclass(frozen=True)
class Link:
    source: str
    column: str
    target: str
    key: str
    inferred: bool
    matched: float = 1.0
    """Share of the column's distinct values found among the target's keys."""


Overlap = Callable[[str, str, str, str], tuple[int, int]]


def primary_key(table: TableInfo, profile: TableProfile, entity: list[str]) -> Key | None:
    """The declared key, else a unique, never-empty id column named for the table."""
    if table.primary_key:
        return Key(table.name, table.primary_key, inferred=False)
    for column in table.columns:
        stats = profile.columns[column.name]
        unique = profile.rows > 0 and stats.distinct == stats.non_null == profile.rows
        if unique and _names_the_entity(words(column.name), entity):
            return Key(table.name, (column.name,), inferred=True)
    return None


def _names_the_entity(column: list[str], entity: list[str]) -> bool:
    """``id``, ``car_id`` for cars, ``sbCustId`` for sbCustomer."""
    if not column or column[-1] not in ("id", "key"):
        return False
    before = [w for w in column[:-1] if w not in entity[:-1]]
    return not before or any(abbreviates(w, entity[-1]) for w in before[-1:])


def links(
    tables: list[TableInfo],
    keys: dict[str, Key],
    entities: dict[str, list[str]],
    types: dict[str, dict[str, ColumnType]],
    overlap: Overlap,
) -> list[Link]:
    found = [
        Link(t.name, fk.columns[0], fk.table, fk.target_columns[0], inferred=False)
        for t in tables
        for fk in t.foreign_keys
        if len(fk.columns) == 1 and fk.table in keys
    ]
    declared = {(link.source, link.column) for link in found}
    for table in tables:
        own = keys.get(table.name)
        for column in table.columns:
            if (table.name, column.name) in declared or (own and own.columns == (column.name,)):
                continue
            link = _guess(table.name, column.name, keys, entities, types, overlap)
            if link is not None:
                found.append(link)
    return found


def _guess(
    table: str,
    column: str,
    keys: dict[str, Key],
    entities: dict[str, list[str]],
    types: dict[str, dict[str, ColumnType]],
    overlap: Overlap,
) -> Link | None:
    named = words(column)
    if len(named) < 2 or named[-1] not in ("id", "key"):
        return None
    stem = named[-2]
    for target, key in keys.items():
        if target == table or len(key.columns) != 1:
            continue
        entity = entities[target]
        same_name = column.lower() == key.columns[0].lower()
        if not (same_name or abbreviates(singular(stem), entity[-1])):
            continue
        if _family(types[table][column]) != _family(types[target][key.columns[0]]):
            continue
        values, matched = overlap(table, column, target, key.columns[0])
        if values and matched / values >= MIN_OVERLAP:
            return Link(table, column, target, key.columns[0], True, matched / values)
    return None


def _family(kind: ColumnType) -> str:
    return "number" if kind in (ColumnType.INTEGER, ColumnType.DECIMAL) else kind.value
