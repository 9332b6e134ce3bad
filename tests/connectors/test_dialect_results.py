"""The compiler's SQL for PostgreSQL and MySQL/MariaDB gives DuckDB's numbers, and the
plan capabilities give a hand-written query's numbers on all three.

The sample warehouse is copied into a PostgreSQL schema and a MariaDB database; each plan is
compiled once per dialect and run on its own warehouse, and the rows must equal DuckDB's:
keys as ISO text, values within a relative 1e-9, in the same order where the plan orders.
Golden SQL files say what the SQL is; this says that it runs and agrees. The plans cover
every metric type (simple, ratio, derived, cumulative, period-over-period, target, ROAS
across two fact tables), every grain, filters, top-N and relative ranges pinned to TODAY.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest
import sqlalchemy as sa

from app.project.folder import Project
from app.project.live_check import compare_with_database
from connectors.base import Connector
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from metrics.compiler import CompiledQuery, compile_query
from metrics.semantic_query import SemanticQuery
from tests.conftest import TODAY
from tests.connectors.conformance import plain
from tests.reference.capabilities import ORACLES
from tests.support.databases import Namespace, mariadb_namespace, postgres_namespace
from tests.support.warehouse_copy import copy_tables

CASES = Path(__file__).resolve().parent.parent / "cases"
PLAN_FILES = [*(CASES / "plans").glob("*.json"), *(CASES / "capability_plans").glob("*.json")]

EXTRA_PLANS: dict[str, dict[str, Any]] = {
    "daily_units_refunds_last_7_days": {
        "metrics": ["units_sold", "refund_amount"],
        "grain": "day",
        "time_range": {"kind": "last", "n": 7, "unit": "day"},
    },
    "mtd_by_day_last_month": {
        "metrics": ["revenue_mtd", "revenue"],
        "grain": "day",
        "time_range": {"kind": "last", "n": 1, "unit": "month"},
    },
    "mtd_weekly_by_channel": {
        "metrics": ["revenue_mtd"],
        "dimensions": ["store_channel"],
        "grain": "week",
        "time_range": {"kind": "between", "start": "2025-12-01", "end": "2026-03-15"},
    },
    "mom_growth_by_region": {
        "metrics": ["revenue_growth_mom", "order_count"],
        "dimensions": ["region"],
        "grain": "month",
        "time_range": {"kind": "last", "n": 6, "unit": "month"},
    },
    "yearly_yoy_family": {
        "metrics": [
            "revenue",
            "revenue_change_yoy",
            "revenue_prior_year",
            "order_count_growth_yoy",
            "active_customers",
        ],
        "grain": "year",
        "time_range": {"kind": "since", "start": "2024-01-01"},
    },
    "running_total_quarterly": {
        "metrics": ["revenue_running_total", "gross_margin"],
        "grain": "quarter",
        "time_range": {"kind": "since", "start": "2025-01-01"},
    },
    "weekly_roas_and_sessions_by_region": {
        "metrics": ["marketing_spend", "roas", "sessions"],
        "dimensions": ["region"],
        "grain": "week",
        "time_range": {"kind": "between", "start": "2025-12-22", "end": "2026-01-18"},
    },
    "daily_spend_by_marketing_channel": {
        "metrics": ["marketing_spend"],
        "dimensions": ["marketing_channel"],
        "grain": "day",
        "time_range": {"kind": "between", "start": "2024-02-26", "end": "2024-03-03"},
    },
    "yoy_daily_over_a_leap_day": {
        "metrics": ["revenue_prior_year", "revenue_growth_yoy"],
        "grain": "day",
        "time_range": {"kind": "between", "start": "2025-02-25", "end": "2025-03-03"},
    },
    "return_rate_by_payment_method_with_nulls": {
        "metrics": ["return_rate", "returned_orders"],
        "dimensions": ["payment_method"],
        "grain": "month",
        "time_range": {"kind": "last", "n": 3, "unit": "month"},
    },
    "totals_across_fact_tables": {
        "metrics": ["revenue", "roas", "nps", "new_customers", "return_rate", "refund_amount"],
        "time_range": {"kind": "last", "n": 1, "unit": "quarter"},
    },
    "in_and_not_in_filters_by_payment": {
        "metrics": ["gross_revenue", "units_sold", "cogs"],
        "dimensions": ["payment_method"],
        "filters": [
            {"dimension": "category", "op": "in", "values": ["Electronics", "Home"]},
            {"dimension": "customer_segment", "op": "not in", "values": ["business"]},
        ],
        "time_range": {"kind": "to_date", "unit": "quarter"},
    },
    "top3_regions_by_target_attainment": {
        "metrics": ["revenue_target_attainment", "revenue_target"],
        "dimensions": ["region"],
        "order_by": [{"field": "revenue_target_attainment", "descending": True}],
        "limit": 3,
        "time_range": {"kind": "last", "n": 2, "unit": "quarter"},
    },
    "new_customers_by_tier_quarterly": {
        "metrics": ["new_customers"],
        "dimensions": ["loyalty_tier", "customer_region"],
        "grain": "quarter",
        "time_range": {"kind": "last", "n": 4, "unit": "quarter"},
    },
    "csat_by_format_ascending": {
        "metrics": ["avg_csat", "nps_responses"],
        "dimensions": ["store_format"],
        "order_by": [{"field": "avg_csat", "descending": False}],
        "time_range": {"kind": "last", "n": 12, "unit": "month"},
    },
}


def _plans() -> dict[str, SemanticQuery]:
    plans = {p.stem: SemanticQuery.from_json(p.read_text("utf-8")) for p in PLAN_FILES}
    plans.update({k: SemanticQuery.from_json(json.dumps(v)) for k, v in EXTRA_PLANS.items()})
    return dict(sorted(plans.items()))


PLANS = _plans()
REL_TOL = 1e-9
ABS_TOL = 1e-6


def _compile(project: Project, plan: SemanticQuery, dialect: str) -> CompiledQuery:
    return compile_query(plan, project.layer, project.catalog, dialect=dialect, today=TODAY)


def _rows(frame: pd.DataFrame, compiled: CompiledQuery) -> list[tuple[object, ...]]:
    """Keys as text (dates as ISO dates), metric values as floats, NULLs as None."""
    roles = [c.role for c in compiled.columns]
    rows = []
    for row in frame.itertuples(index=False):
        rows.append(tuple(_cell(v, role) for v, role in zip(row, roles, strict=True)))
    return rows


def _cell(value: object, role: str) -> object:
    value = plain(value)
    if value is None:
        return None
    if role == "metric":
        return float(value)  # type: ignore[arg-type]
    return str(value)[:10] if role == "time" else str(value)


def _sort_key(row: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((v is None, str(v)) for v in row)


def _assert_same_rows(
    actual: list[tuple[object, ...]], expected: list[tuple[object, ...]], where: str
) -> None:
    assert len(actual) == len(expected), f"{where}: {len(actual)} rows, DuckDB {len(expected)}"
    for i, (got, want) in enumerate(zip(actual, expected, strict=True)):
        for g, w in zip(got, want, strict=True):
            same = (
                math.isclose(g, w, rel_tol=REL_TOL, abs_tol=ABS_TOL)
                if isinstance(g, float) and isinstance(w, float)
                else g == w
            )
            assert same, f"{where}, row {i}: {got} != DuckDB's {want}"


class SameResultsAsDuckDB:
    """Every plan compiled for ``dialect`` gives DuckDB's rows on a copy of the warehouse."""

    dialect: ClassVar[str]

    @pytest.mark.parametrize("name", list(PLANS))
    def test_plan_gives_duckdbs_rows(
        self, name: str, warehouse: Connector, project: Project, duckdb_connector: Connector
    ) -> None:
        plan = PLANS[name]
        reference = _compile(project, plan, "duckdb")
        compiled = _compile(project, plan, self.dialect)
        expected_frame = duckdb_connector.query(reference.sql, max_rows=100_000).frame
        actual_frame = warehouse.query(compiled.sql, max_rows=100_000).frame
        assert list(actual_frame.columns) == list(expected_frame.columns)
        expected, actual = _rows(expected_frame, reference), _rows(actual_frame, compiled)
        assert expected, f"{name} must return rows on DuckDB for the comparison to mean much"
        if not plan.order_by:  # the keys order the rows, but collations order text differently
            expected, actual = sorted(expected, key=_sort_key), sorted(actual, key=_sort_key)
        _assert_same_rows(actual, expected, f"{name} on {self.dialect}")

    def test_live_check_finds_the_semantic_layer_in_the_copy(
        self, warehouse: Connector, project: Project
    ) -> None:
        assert compare_with_database(project.layer, warehouse.list_tables()) == []


class SameResultsAsHandWrittenSQL:
    """The plan capabilities (HAVING, text filters, a second date, relative ranges, several
    sort keys) give what ``tests/reference/capabilities.py`` computes by hand, on each
    database, from SQL written for it rather than compiled."""

    dialect: ClassVar[str]

    @pytest.mark.parametrize("name", list(ORACLES))
    def test_plan_gives_the_hand_written_answer(
        self, name: str, warehouse: Connector, project: Project
    ) -> None:
        compiled = _compile(project, PLANS[name], self.dialect)
        actual = _rows(warehouse.query(compiled.sql, max_rows=100_000).frame, compiled)

        def run(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(plain(v) for v in row) for row in warehouse.query(sql).rows]

        roles = [c.role for c in compiled.columns]
        expected = [
            tuple(_cell(v, role) for v, role in zip(row, roles, strict=True))
            for row in ORACLES[name](run)
        ]
        assert expected, f"{name} must have rows for the comparison to mean much"
        _assert_same_rows(actual, expected, f"{name} on {self.dialect}")


@pytest.mark.xdist_group("warehouse")
class TestDuckDBHandWritten(SameResultsAsHandWrittenSQL):
    dialect = "duckdb"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, duckdb_connector: Connector) -> Connector:
        return duckdb_connector


def _loaded(namespace: Namespace, source: Path) -> Iterator[Connector]:
    copy_tables(source, namespace.engine, schema=namespace.schema)
    with SQLAlchemyConnector(namespace.url) as connector:
        yield connector


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
class TestPostgresResults(SameResultsAsDuckDB, SameResultsAsHandWrittenSQL):
    dialect = "postgres"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, postgres_admin: sa.Engine, sample_warehouse: Path) -> Iterator[Connector]:
        with postgres_namespace(postgres_admin) as namespace:
            yield from _loaded(namespace, sample_warehouse)


@pytest.mark.mariadb
@pytest.mark.xdist_group("mariadb")
class TestMariaDBResults(SameResultsAsDuckDB, SameResultsAsHandWrittenSQL):
    dialect = "mysql"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, mariadb_admin: sa.Engine, sample_warehouse: Path) -> Iterator[Connector]:
        with mariadb_namespace(mariadb_admin) as namespace:
            yield from _loaded(namespace, sample_warehouse)
