"""Does the data cover the dates a question asks about?

"Revenue this month" on a warehouse loaded up to last week is not a slump; the answer must
say the data ends early. Each time dimension's first and last date is read once (through
the guard, like any query) and remembered for the life of the environment.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable

from sqlglot import exp

from app.environment import Environment
from app.execute import run_guarded
from metrics.catalog import MetricCatalog
from semantic_layer.errors import AskbiError

_LOCK = threading.Lock()


def span_sql(table: str, column: str, dialect: str) -> str:
    """``SELECT MIN(c), MAX(c) FROM t``, built as a tree.

    >>> span_sql("orders", "order_ts", "duckdb")
    'SELECT MIN(order_ts) AS first_day, MAX(order_ts) AS last_day FROM orders'
    """
    select = exp.select(
        exp.alias_(exp.Min(this=exp.column(column)), "first_day"),
        exp.alias_(exp.Max(this=exp.column(column)), "last_day"),
    ).from_(exp.to_table(table))
    return select.sql(dialect=dialect)


def data_span(env: Environment, time_dimension: str) -> tuple[dt.date, dt.date] | None:
    with _LOCK:
        if time_dimension in env.spans:
            return env.spans[time_dimension]
    ref = env.project.layer.time_dimension(time_dimension)
    try:
        result = run_guarded(span_sql(ref.table, ref.definition.column, env.dialect), env)
        first, last = result.frame.iloc[0, 0], result.frame.iloc[0, 1]
        span = (_as_date(first), _as_date(last)) if first is not None and last is not None else None
    except (AskbiError, TypeError, ValueError):
        span = None  # coverage is a courtesy; never fail an answer over it
    with _LOCK:
        env.spans[time_dimension] = span
    return span


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def coverage_warnings(
    env: Environment,
    metrics: Iterable[str],
    start: dt.date | None,
    end: dt.date | None,
) -> list[str]:
    catalog: MetricCatalog = env.project.catalog
    warnings: list[str] = []
    seen: set[str] = set()
    for name in metrics:
        for leaf in catalog.leaves(name):
            if leaf.time_dimension in seen:
                continue
            seen.add(leaf.time_dimension)
            span = data_span(env, leaf.time_dimension)
            if span is None:
                continue
            first, last = span
            label = env.project.layer.time_dimension(leaf.time_dimension).definition.label
            if end is not None and last < end and (start is None or last >= start):
                warnings.append(
                    f"The data ends on {last} ({label or leaf.time_dimension}), before the end "
                    f"of the asked range ({end}); the last period is incomplete."
                )
            elif end is not None and start is not None and (last < start or first > end):
                warnings.append(
                    f"There is no data for {start} to {end}: "
                    f"{label or leaf.time_dimension} runs from {first} to {last}."
                )
            elif start is not None and first > start:
                warnings.append(
                    f"The data starts on {first}, after the start of the asked range ({start})."
                )
    return warnings
