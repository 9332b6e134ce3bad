"""Execution accuracy: does an answer's result equal the gold SQL's result?

Column names and order are free (an answer may call it ``revenue`` and put it last), so
gold columns are matched to answer columns by their values. Rows are compared as sets, or
as sequences when the gold query orders them. A miss is graded with the reason a person
would look for first: an empty result, missing or extra rows, a missing column, wrong values.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

CORRECT = "correct"
EMPTY = "empty result"
MISSING_ROWS = "missing rows"
EXTRA_ROWS = "extra rows"
MISSING_COLUMNS = "missing columns"
WRONG_VALUES = "wrong values"
ERROR = "error"
REFUSED = "refused"
REASONS = (EMPTY, MISSING_ROWS, EXTRA_ROWS, MISSING_COLUMNS, WRONG_VALUES, ERROR, REFUSED)


def normal(value: Any) -> Any:
    """A value as compared: numbers to 4 decimals, dates and midnight timestamps as days.

    >>> normal(631330170.00000001), normal(0.123456789), normal(pd.Timestamp("2025-01-01"))
    (631330170.0, 0.1235, '2025-01-01')
    >>> normal("2023-04-01T00:00:00+00:00"), normal("2023-04-01T09:30:00")
    ('2023-04-01', '2023-04-01T09:30:00')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str | pd.Timestamp):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int | float):
        return round(float(value), 4)
    if isinstance(value, pd.Timestamp | dt.datetime):
        midnight = (value.hour, value.minute, value.second) == (0, 0, 0)
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_INSTANT.match(value):
        # Gold files written from another warehouse carry instants as ISO text with a zone.
        try:
            return normal(dt.datetime.fromisoformat(value).replace(tzinfo=None))
        except ValueError:
            return value
    return str(value)


_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


Table = list[tuple[Any, ...]]


def grade(
    gold_columns: Sequence[str],
    gold_rows: Sequence[Sequence[Any]],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ordered: bool = False,
) -> str:
    """``correct`` or the reason it is not.

    >>> grade(["r", "v"], [("a", 1), ("b", 2)], ["value", "region"], [(2, "b"), (1, "a")])
    'correct'
    >>> grade(["r", "v"], [("a", 1), ("b", 2)], ["region", "value"], [("a", 1)])
    'missing rows'
    """
    gold = [tuple(normal(v) for v in r) for r in gold_rows]
    got = [tuple(normal(v) for v in r) for r in rows]
    if not got:
        return CORRECT if not gold else EMPTY
    mapping = _match_columns(gold_columns, gold, columns, got)
    if mapping is None:
        return MISSING_COLUMNS if len(columns) < len(gold_columns) else WRONG_VALUES
    projected = [tuple(r[mapping[j]] for j in range(len(gold_columns))) for r in got]
    if ordered:
        if Counter(projected) == Counter(gold) and _same_order(gold, projected):
            return CORRECT
        return _set_reason(gold, projected, ordered=True)
    return _set_reason(gold, projected, ordered=False)


def _same_order(gold: Table, got: Table) -> bool:
    """The same rows in the same order, ties in any order: some column the gold is sorted
    by runs through the same values in the same sequence in both."""
    if gold == got:
        return True
    for j in range(len(gold[0]) if gold else 0):
        keys = [r[j] for r in gold]
        if keys == [r[j] for r in got] and _monotonic(keys):
            return True
    return False


def _monotonic(values: list[Any]) -> bool:
    if not all(isinstance(v, int | float) for v in values):
        return False
    pairs = list(itertools.pairwise(values))
    return all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)


def _set_reason(gold: Table, got: Table, *, ordered: bool) -> str:
    want, have = Counter(gold), Counter(got)
    if want == have:
        return WRONG_VALUES if ordered else CORRECT  # same rows, wrong order
    if not have - want:
        return MISSING_ROWS
    if not want - have:
        return EXTRA_ROWS
    return WRONG_VALUES


def _match_columns(
    gold_names: Sequence[str], gold: Table, names: Sequence[str], got: Table
) -> dict[int, int] | None:
    """Gold column → answer column, by equal name first, then by most shared values."""
    mapping: dict[int, int] = {}
    used: set[int] = set()
    lowered = [n.lower() for n in names]
    for j, name in enumerate(gold_names):
        if name.lower() in lowered and lowered.index(name.lower()) not in used:
            mapping[j] = lowered.index(name.lower())
            used.add(mapping[j])
    for j in range(len(gold_names)):
        if j in mapping:
            continue
        values = {r[j] for r in gold}
        scored = [
            (len(values & {r[i] for r in got}) / max(1, len(values | {r[i] for r in got})), -i)
            for i in range(len(names))
            if i not in used
        ]
        best = max(scored, default=None)
        if best is None or best[0] == 0:
            return None
        mapping[j] = -best[1]
        used.add(mapping[j])
    return mapping
