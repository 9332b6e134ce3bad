"""What the data says about each column: how many values, which ones, what they look like.

A few queries per table, built as sqlglot trees and run through the guard like every other
query askbi sends (``app.pipeline.execute.run_profile``): one for counts and ranges, one for
a sample of rows, one per low-cardinality text column for its values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from connectors.base import QueryResult, TableInfo
from semantic_layer.model import ColumnType

Run = Callable[[exp.Select, int], QueryResult]
"""Renders and runs one query with a row cap (``run_profile``, the connector, a draft layer)."""

MAX_VALUES = 50
"""Text columns with at most this many distinct values are read whole."""

SAMPLE_ROWS = 50


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    type: ColumnType
    distinct: int
    non_null: int
    minimum: Any = None
    maximum: Any = None
    values: tuple[str, ...] = ()
    """Every distinct value, for text columns with at most :data:`MAX_VALUES`."""
    samples: tuple[str, ...] = ()
    """A few non-empty values as text, for recognising e-mails, phones and dates."""


@dataclass(frozen=True)
class TableProfile:
    name: str
    rows: int
    columns: dict[str, ColumnProfile] = field(default_factory=dict)


_RANGED = (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE, ColumnType.TIMESTAMP)


def profile_table(table: TableInfo, types: dict[str, ColumnType], run: Run) -> TableProfile:
    stats = _stats(table, types, run)
    samples = _samples(table, types, run)
    rows = int(stats["__rows__"] or 0)
    columns = {}
    for column in table.columns:
        kind = types[column.name]
        distinct = int(stats[f"d:{column.name}"] or 0)
        values: tuple[str, ...] = ()
        if kind is ColumnType.STRING and 0 < distinct <= MAX_VALUES:
            values = _values(table.name, column.name, run)
        columns[column.name] = ColumnProfile(
            name=column.name,
            type=kind,
            distinct=distinct,
            non_null=int(stats[f"n:{column.name}"] or 0),
            minimum=stats.get(f"min:{column.name}"),
            maximum=stats.get(f"max:{column.name}"),
            values=values,
            samples=samples.get(column.name, ()),
        )
    return TableProfile(table.name, rows, columns)


def _stats(table: TableInfo, types: dict[str, ColumnType], run: Run) -> dict[str, Any]:
    names = ["__rows__"]
    select = exp.select(exp.alias_(exp.Count(this=exp.Star()), "profile_rows"))
    for i, column in enumerate(table.columns):
        ref = exp.column(column.name)
        select = select.select(
            exp.alias_(exp.Count(this=exp.Distinct(expressions=[ref.copy()])), f"d_{i}"),
            exp.alias_(exp.Count(this=ref.copy()), f"n_{i}"),
            copy=False,
        )
        names += [f"d:{column.name}", f"n:{column.name}"]
        if types[column.name] in _RANGED:
            select = select.select(
                exp.alias_(exp.Min(this=ref.copy()), f"min_{i}"),
                exp.alias_(exp.Max(this=ref.copy()), f"max_{i}"),
                copy=False,
            )
            names += [f"min:{column.name}", f"max:{column.name}"]
    result = run(select.from_(exp.to_table(table.name)), 1)
    return dict(zip(names, result.rows[0], strict=True)) if result.rows else {}


def _samples(
    table: TableInfo, types: dict[str, ColumnType], run: Run
) -> dict[str, tuple[str, ...]]:
    text = [c.name for c in table.columns if types[c.name] is ColumnType.STRING]
    if not text:
        return {}
    select = exp.select(*(exp.column(n) for n in text)).from_(exp.to_table(table.name))
    result = run(select.limit(SAMPLE_ROWS), SAMPLE_ROWS)
    found: dict[str, list[str]] = {n: [] for n in text}
    for row in result.rows:
        for name, value in zip(text, row, strict=True):
            if value is not None and str(value).strip():
                found[name].append(str(value))
    return {n: tuple(v) for n, v in found.items()}


def _values(table: str, column: str, run: Run) -> tuple[str, ...]:
    ref = exp.column(column)
    select = (
        exp.select(ref)
        .distinct()
        .from_(exp.to_table(table))
        .where(exp.not_(exp.Is(this=ref.copy(), expression=exp.null())))
        .limit(MAX_VALUES + 1)
    )
    result = run(select, MAX_VALUES + 1)
    return tuple(sorted(str(r[0]) for r in result.rows))


def overlap(source: str, column: str, target: str, key: str, run: Run) -> tuple[int, int]:
    """(distinct values of ``source.column``, how many of them are keys of ``target``)."""
    a, b = exp.column(column, table="src"), exp.column(key, table="tgt")
    select = (
        exp.select(
            exp.alias_(exp.Count(this=exp.Distinct(expressions=[a])), "source_values"),
            exp.alias_(exp.Count(this=exp.Distinct(expressions=[b])), "matched_values"),
        )
        .from_(exp.alias_(exp.to_table(source), "src", table=True))
        .join(
            exp.alias_(exp.to_table(target), "tgt", table=True),
            on=exp.EQ(this=b.copy(), expression=a.copy()),
            join_type="left",
        )
    )
    row = run(select, 1).rows[0]
    return int(row[0] or 0), int(row[1] or 0)
