"""Dimension values read from the database, so "Gangnam" or "Hanbit" are recognised.

Only low-cardinality columns are read (a few hundred values at most), never PII columns,
and the values stay in the grounding index: they are not sent to any model.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from connectors.base import QueryResult
from kernel.errors import AskbiError
from semantic_layer.layer import SemanticLayer

RunSql = Callable[[str, int], QueryResult]
"""Runs one query through the guard with a row cap (``app.pipeline.execute.run_guarded``)."""

MAX_VALUES = 500
"""Columns with more distinct values than this are treated as free text, not vocabulary."""


@dataclass(frozen=True)
class DimensionValues:
    values: dict[str, tuple[str, ...]]
    skipped: dict[str, str]
    """dimension → why its values were not read"""
    elapsed_ms: float


def distinct_values_sql(table: str, column: str, dialect: str, limit: int) -> str:
    """``SELECT DISTINCT column FROM table WHERE column IS NOT NULL LIMIT n``, built as a tree.

    >>> distinct_values_sql("stores", "store_name", "postgres", 3)
    'SELECT DISTINCT store_name FROM stores WHERE NOT store_name IS NULL LIMIT 3'
    """
    column_ref = exp.column(column)
    select = (
        exp.select(column_ref)
        .distinct()
        .from_(exp.to_table(table))
        .where(exp.not_(exp.Is(this=column_ref.copy(), expression=exp.null())))
        .limit(limit)
    )
    return select.sql(dialect=dialect)


def read_dimension_values(
    layer: SemanticLayer, dialect: str, run: RunSql, *, limit: int = MAX_VALUES
) -> DimensionValues:
    began = time.perf_counter()
    values: dict[str, tuple[str, ...]] = {}
    skipped: dict[str, str] = {}
    for name, ref in sorted(layer.dimensions.items()):
        column = layer.column(ref.table, ref.definition.column)
        if column.pii:
            skipped[name] = "personal data"
            continue
        sql = distinct_values_sql(ref.table, column.name, dialect, limit + 1)
        try:
            result = run(sql, limit + 1)
        except AskbiError as e:
            skipped[name] = e.message
            continue
        found = [str(row[0]) for row in result.rows]
        if len(found) > limit:
            skipped[name] = f"more than {limit} distinct values"
            continue
        values[name] = tuple(sorted(found))
    return DimensionValues(values, skipped, (time.perf_counter() - began) * 1000)
