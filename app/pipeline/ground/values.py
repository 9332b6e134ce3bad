"""Dimension values read from the database, so "Gangnam" or "Hanbit" are recognised.

Only low-cardinality columns are read (a few hundred values at most), never PII columns,
and the values stay in the grounding index: they are not sent to any model. A dimension
with ``localized_values`` brings each value's name in that language along (서울 for Seoul):
a question may use it, and an answer in that language shows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlglot import exp

from connectors.base import QueryResult
from kernel.errors import AskbiError
from metrics import identifiers
from metrics.compiler.dimensions import dimension_expression
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
    localized: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """dimension → locale → value → the value's name in that locale"""

    def in_locale(self, locale: str) -> dict[str, dict[str, str]]:
        """dimension → value → its name in ``locale``, for dimensions that have one."""
        return {d: names[locale] for d, names in self.localized.items() if locale in names}


def distinct_values_sql(
    table: str,
    column: str | exp.Expression,
    dialect: str,
    limit: int,
    localized: tuple[str, ...] = (),
) -> str:
    """``SELECT DISTINCT column FROM table WHERE column IS NOT NULL LIMIT n``, built as a tree;
    ``column`` may be an expression over the table's columns (an expression dimension), and
    ``localized`` columns (each value's name in another language) come along.

    >>> distinct_values_sql("stores", "store_name", "postgres", 3)
    'SELECT DISTINCT store_name FROM stores WHERE NOT store_name IS NULL LIMIT 3'
    >>> distinct_values_sql("regions", "region_name", "duckdb", 3, ("region_name_ko",))
    'SELECT DISTINCT region_name, region_name_ko FROM regions WHERE NOT region_name IS NULL LIMIT 3'
    >>> distinct_values_sql("OrderLines", "상태", "postgres", 3)
    'SELECT DISTINCT "상태" FROM "OrderLines" WHERE NOT "상태" IS NULL LIMIT 3'
    """
    column_ref = exp.column(column) if isinstance(column, str) else column
    select = (
        exp.select(column_ref, *(exp.column(c) for c in localized))
        .distinct()
        .from_(identifiers.table(table))
        .where(exp.not_(exp.Is(this=column_ref.copy(), expression=exp.null())))
        .limit(limit)
    )
    # Mixed-case, reserved and non-ASCII names are quoted as the compiler quotes them.
    return identifiers.quote_identifiers(select, dialect).sql(dialect=dialect)


def read_dimension_values(
    layer: SemanticLayer, dialect: str, run: RunSql, *, limit: int = MAX_VALUES
) -> DimensionValues:
    began = time.perf_counter()
    values: dict[str, tuple[str, ...]] = {}
    localized: dict[str, dict[str, dict[str, str]]] = {}
    skipped: dict[str, str] = {}
    for name, ref in sorted(layer.dimensions.items()):
        column = layer.value_column(ref)
        if column.pii:
            skipped[name] = "personal data"
            continue
        locales = tuple(ref.definition.localized_values)
        columns = tuple(ref.definition.localized_values[loc] for loc in locales)
        value = dimension_expression(layer, ref, None, dialect, None)
        sql = distinct_values_sql(ref.table, value, dialect, limit + 1, columns)
        try:
            result = run(sql, limit + 1)
        except AskbiError as e:
            skipped[name] = e.message
            continue
        found = sorted({str(row[0]) for row in result.rows})
        if len(found) > limit:
            skipped[name] = f"more than {limit} distinct values"
            continue
        values[name] = tuple(found)
        if locales:
            localized[name] = {
                locale: {str(row[0]): str(row[i + 1]) for row in result.rows if row[i + 1]}
                for i, locale in enumerate(locales)
            }
    elapsed = (time.perf_counter() - began) * 1000
    return DimensionValues(values, skipped, elapsed, localized)
