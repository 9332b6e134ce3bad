"""Every shipped metric's numbers equal a hand-written SQL query's, on the sample warehouse.

The compiler and ``tests/reference/sql.py`` reach each number independently; they must
agree for every metric by two dimensions and two grains, and in total. ROAS and target
attainment (two fact tables each) included.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from app.project.folder import Project
from connectors.base import Connector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between
from semantic_layer.model import Grain
from tests.conftest import TODAY
from tests.reference.sql import REFERENCES, Case

pytestmark = pytest.mark.xdist_group("warehouse")

START = dt.date(2025, 7, 1)
END = TODAY

LINE_DIMS = ("region", "category")
ORDER_DIMS = ("region", "customer_segment")
DIMENSIONS: dict[str, tuple[str, str]] = {
    "revenue": LINE_DIMS,
    "gross_revenue": LINE_DIMS,
    "units_sold": LINE_DIMS,
    "cogs": LINE_DIMS,
    "gross_margin": LINE_DIMS,
    "gross_margin_pct": LINE_DIMS,
    "legacy_sales": LINE_DIMS,
    "aov": ("region", "store_channel"),
    "order_count": ORDER_DIMS,
    "active_customers": ORDER_DIMS,
    "returned_orders": ("region", "payment_method"),
    "fulfilled_orders": ("region", "payment_method"),
    "return_rate": ("region", "payment_method"),
    "refund_amount": ("region", "category"),
    "new_customers": ("region", "customer_segment"),
    "avg_csat": ("region", "store_format"),
    "nps": ("customer_region", "store_format"),
    "nps_promoters": ("region", "store_format"),
    "nps_detractors": ("region", "store_format"),
    "nps_responses": ("region", "store_format"),
    "marketing_spend": ("region", "marketing_channel"),
    "roas": ("region", "country"),
    "online_orders": ("region", "store"),
    "sessions": ("region", "store"),
    "conversion_rate": ("region", "store"),
    "revenue_target": ("region", "country"),
    "revenue_target_attainment": ("region", "country"),
}
GRAINS: dict[str, tuple[str | None, str | None]] = {
    "revenue_growth_mom": ("month", None),
    "revenue_mtd": ("month", "week"),
}


def _cases(metric: str) -> list[Case]:
    first, second = DIMENSIONS.get(metric, LINE_DIMS if "revenue" in metric else ORDER_DIMS)
    grains = GRAINS.get(metric, ("month", "quarter"))
    cases = [Case((), None, START, END)]
    for dims in ((first,), (first, second)):
        cases.extend(Case(dims, grain, START, END) for grain in grains)
    return cases


def _all_cases(project_metrics: list[str]) -> list[tuple[str, Case]]:
    return [(m, case) for m in project_metrics for case in _cases(m)]


CATALOG_METRICS = sorted(REFERENCES)


def test_every_catalog_metric_has_a_reference(project: Project) -> None:
    assert sorted(project.catalog.metrics) == CATALOG_METRICS


def _id(value: object) -> str:
    if isinstance(value, Case):
        return "-".join([*value.dimensions, value.grain or "total"])
    return str(value)


@pytest.mark.parametrize(("metric", "case"), _all_cases(CATALOG_METRICS), ids=_id)
def test_metric_matches_hand_written_sql(
    metric: str,
    case: Case,
    project: Project,
    duckdb_connector: Connector,
) -> None:
    plan = SemanticQuery(
        metrics=(metric,),
        dimensions=case.dimensions,
        grain=Grain(case.grain) if case.grain else None,
        time_range=Between(start=case.start, end=case.end),
    )
    compiled = compile_query(plan, project.layer, project.catalog, today=TODAY)
    actual = duckdb_connector.query(compiled.sql, max_rows=1_000_000).frame
    expected = duckdb_connector.query(REFERENCES[metric](case), max_rows=1_000_000).frame
    assert len(expected) > 0, "the reference must produce data for the comparison to mean much"
    _assert_same(actual.rename(columns={metric: "value"}), expected, case.keys())


def _normalise(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = frame[[*keys, "value"]].copy()
    for key in keys:
        out[key] = out[key].map(lambda v: None if v is None or v is pd.NaT else str(v)[:10])
    out["value"] = out["value"].map(lambda v: None if v is None or pd.isna(v) else float(v))
    return out.sort_values(keys).reset_index(drop=True) if keys else out


def _assert_same(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    left, right = _normalise(actual, keys), _normalise(expected, keys)
    # Keys present on one side with a NULL value are "no data" on the other: drop them.
    left = left[left["value"].notna()].reset_index(drop=True)
    right = right[right["value"].notna()].reset_index(drop=True)
    assert left[keys].to_dict("records") == right[keys].to_dict("records")
    for got, want in zip(left["value"], right["value"], strict=True):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6), (got, want)
