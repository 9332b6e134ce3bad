"""Readable differences: plans field by field, values with the difference, SQL as a diff."""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import Any

from metrics.semantic_query import SemanticQuery

PLAN_FIELDS = ("metrics", "dimensions", "grain", "time_range", "filters", "order_by", "limit")


def plan_diff(expected: SemanticQuery | None, actual: SemanticQuery | None) -> list[str]:
    """One line per field that differs.

    >>> a = SemanticQuery(metrics=("revenue",), dimensions=("region",))
    >>> plan_diff(a, SemanticQuery(metrics=("revenue",), dimensions=("store",)))
    ["dimensions: expected ['region'], got ['store']"]
    """
    if expected is None or actual is None:
        return (
            [] if expected == actual else [f"plan: expected {_json(expected)}, got {_json(actual)}"]
        )
    want, got = expected.model_dump(mode="json"), actual.model_dump(mode="json")
    return [
        f"{name}: expected {want[name]}, got {got[name]}"
        for name in PLAN_FIELDS
        if want[name] != got[name]
    ]


def _json(plan: SemanticQuery | None) -> str:
    return plan.canonical_json() if plan is not None else "no plan"


def sql_diff(expected: str, actual: str) -> list[str]:
    """A unified diff of two SQL texts, ignoring trailing spaces."""
    lines = difflib.unified_diff(
        [line.rstrip() for line in expected.strip().splitlines()],
        [line.rstrip() for line in actual.strip().splitlines()],
        "expected",
        "actual",
        lineterm="",
    )
    return list(lines)


def close(expected: Any, actual: Any, tolerance: float) -> bool:
    """Numbers within a relative ``tolerance``; anything else must be equal.

    >>> close(100.0, 100.4, 0.01), close(100.0, 102.0, 0.01), close("Seoul", "Seoul", 0)
    (True, False, True)
    """
    if _number(expected) and _number(actual):
        return math.isclose(float(expected), float(actual), rel_tol=tolerance, abs_tol=1e-9)
    return bool(expected == actual)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def rows_diff(
    columns: Sequence[str],
    expected: Sequence[Sequence[Any]],
    actual_columns: Sequence[str],
    actual: Sequence[Sequence[Any]],
    *,
    tolerance: float,
    limit: int = 10,
) -> list[str]:
    """Differences between two results, keyed by their non-numeric columns."""
    if list(columns) != list(actual_columns):
        return [f"columns: expected {list(columns)}, got {list(actual_columns)}"]
    keys = [i for i, _ in enumerate(columns) if not any(_number(r[i]) for r in expected)]
    want = {tuple(r[i] for i in keys): r for r in expected}
    got = {tuple(r[i] for i in keys): r for r in actual}
    problems: list[str] = []
    for key in sorted(set(want) | set(got), key=str):
        label = ", ".join(f"{columns[i]}={v}" for i, v in zip(keys, key, strict=True)) or "total"
        if key not in got:
            problems.append(f"{label}: missing row")
        elif key not in want:
            problems.append(f"{label}: unexpected row")
        else:
            problems += _row_changes(label, columns, want[key], got[key], tolerance)
    if len(problems) > limit:
        problems = [*problems[:limit], f"… and {len(problems) - limit} more differences"]
    return problems


def _row_changes(
    label: str, columns: Sequence[str], want: Sequence[Any], got: Sequence[Any], tolerance: float
) -> list[str]:
    changes = []
    for name, a, b in zip(columns, want, got, strict=True):
        if not close(a, b, tolerance):
            changes.append(f"{label}: {name} expected {_shown(a)}, got {_shown(b)}{_delta(a, b)}")
    return changes


def _shown(value: Any) -> str:
    """A number as a person reads it, not as a float prints.

    >>> _shown(209424215.0), _shown(1234.5678), _shown(0.28431234), _shown("Seoul")
    ('209,424,215', '1,234.57', '0.2843', 'Seoul')
    """
    if not _number(value):
        return str(value)
    number = float(value)
    if number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.2f}" if abs(number) >= 1 else f"{number:.4g}"


def _delta(expected: Any, actual: Any) -> str:
    if not (_number(expected) and _number(actual)) or not expected:
        return ""
    return f" ({(float(actual) - float(expected)) / abs(float(expected)):+.2%})"
