"""Shared by the MetricFlow comparisons: MetricFlow's environment on a copy of the sample
warehouse, and result rows compared by key."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import in_ci
from tests.support.mf_venv import MetricFlowUnavailable, metricflow_python

Rows = dict[tuple[str, ...], float]
PROFILE = """{name}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: {path}
      schema: {schema}
      threads: 1
"""


def metricflow_or_skip() -> Path:
    """MetricFlow's interpreter; a test without it fails in CI and skips elsewhere."""
    try:
        return metricflow_python()
    except MetricFlowUnavailable as e:
        if in_ci():
            pytest.fail(f"MetricFlow's environment could not be built: {e}")
        pytest.skip(f"MetricFlow's environment could not be built: {e}")


def warehouse_copy(sample: Path, work: Path) -> Path:
    """A copy dbt may write to, named ``retail.duckdb``: dbt-duckdb names the database after
    the file, and the dbt sources say ``retail``."""
    copy = work / "db" / "retail.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(sample, copy)
    return copy


def write_profile(dbt: Path, profile: str, warehouse: Path, schema: str) -> None:
    text = PROFILE.format(name=profile, path=warehouse, schema=schema)
    (dbt / "profiles.yml").write_text(text, encoding="utf-8")


def rows(records: Iterable[Any]) -> Rows:
    """Key → value, keys as text (dates to the day), rows without a value left out."""
    out: Rows = {}
    for *keys, value in records:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        out[tuple(_key(k) for k in keys)] = float(value)
    return out


def _key(value: object) -> str:
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    return "NULL" if missing else str(value)[:10]


def same(left: Rows, right: Rows) -> bool:
    return left.keys() == right.keys() and all(
        math.isclose(left[k], right[k], rel_tol=1e-9, abs_tol=1e-6) for k in left
    )


def assert_same(askbi: Rows, metricflow: Rows) -> None:
    assert askbi, "the comparison must have rows to mean much"
    assert askbi.keys() == metricflow.keys()
    for key, value in askbi.items():
        assert math.isclose(value, metricflow[key], rel_tol=1e-9, abs_tol=1e-6), key


def metricflow_rows(answer: dict[str, Any], group_by: Iterable[str], metric: str) -> Rows:
    assert "error" not in answer, answer["error"]
    columns = answer["columns"]
    keys = [columns.index(g) for g in group_by]
    value = columns.index(metric)
    return rows(tuple([*(row[k] for k in keys), row[value]]) for row in answer["rows"])
