"""Attainment over a partial range compares whole months with whole months.

Targets are recorded per month (rows dated the 1st), so the actuals of an attainment are
widened to the same whole months; revenue asked next to it keeps the exact days. Each number
is checked against SQL written by hand on the sample warehouse.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from app.project.folder import Project
from connectors.base import Connector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between
from semantic_layer.model import Grain
from tests.conftest import TODAY
from tests.reference.sql import CERTIFIED, LINES, NET_LINE

pytestmark = pytest.mark.xdist_group("warehouse")

START, END = dt.date(2025, 3, 15), dt.date(2025, 5, 20)


def _attainment(group: str, first: str, after: str) -> str:
    """Revenue ÷ target per ``group`` key, revenue read from ``first`` to before ``after``."""
    select = f"{group} AS k, " if group else ""
    by = " GROUP BY 1" if group else ""
    join = "USING (k)" if group else "ON TRUE"
    return f"""
    WITH a AS (
      SELECT {select}SUM({NET_LINE}) AS v FROM {LINES}
      WHERE {CERTIFIED} AND o.order_ts >= DATE '{first}' AND o.order_ts < DATE '{after}'{by}),
    t AS (
      SELECT {select.replace("o.order_ts", "t.month")}SUM(t.target_amount) AS v
      FROM revenue_targets t JOIN regions r ON r.region_id = t.region_id
      WHERE t.month >= DATE '2025-03-01' AND t.month < DATE '2025-06-01'{by})
    SELECT {"k, " if group else ""}a.v / t.v AS value FROM a JOIN t {join} ORDER BY 1"""


def _compile(
    project: Project, metrics: tuple[str, ...], grain: Grain | None, dims: tuple[str, ...] = ()
) -> str:
    plan = SemanticQuery(
        metrics=metrics, dimensions=dims, grain=grain, time_range=Between(start=START, end=END)
    )
    return compile_query(plan, project.layer, project.catalog, today=TODAY).sql


def _values(connector: Connector, sql: str, column: str) -> list[float]:
    frame = connector.query(sql, max_rows=10_000).frame
    return sorted(float(v) for v in frame[column])


def _close(got: list[float], want: list[float]) -> None:
    assert len(got) == len(want) and got
    for g, w in zip(got, want, strict=True):
        assert math.isclose(g, w, rel_tol=1e-9), (got, want)


@pytest.mark.parametrize(
    ("grain", "dims", "group"),
    [
        (None, (), ""),
        (Grain.MONTH, (), "CAST(DATE_TRUNC('month', o.order_ts) AS DATE)"),
        (Grain.QUARTER, (), "CAST(DATE_TRUNC('quarter', o.order_ts) AS DATE)"),
        (None, ("region",), "r.region_name"),
    ],
)
def test_attainment_widens_actuals_to_whole_months(
    project: Project,
    duckdb_connector: Connector,
    grain: Grain | None,
    dims: tuple[str, ...],
    group: str,
) -> None:
    sql = _compile(project, ("revenue_target_attainment",), grain, dims)
    want = _values(duckdb_connector, _attainment(group, "2025-03-01", "2025-06-01"), "value")
    _close(_values(duckdb_connector, sql, "revenue_target_attainment"), want)


def test_revenue_next_to_attainment_keeps_the_exact_days(
    project: Project, duckdb_connector: Connector
) -> None:
    sql = _compile(project, ("revenue", "revenue_target_attainment"), None)
    exact = (
        f"SELECT SUM({NET_LINE}) AS value FROM {LINES} WHERE {CERTIFIED} "
        f"AND o.order_ts >= DATE '{START}' AND o.order_ts < DATE '2025-05-21'"
    )
    _close(_values(duckdb_connector, sql, "revenue"), _values(duckdb_connector, exact, "value"))
    whole = _attainment("", "2025-03-01", "2025-06-01")
    got = _values(duckdb_connector, sql, "revenue_target_attainment")
    _close(got, _values(duckdb_connector, whole, "value"))
