"""The Metrics page's data: definitions, history, compiled SQL, and where each metric is used."""

from __future__ import annotations

import pytest

from app.catalog_view import (
    catalog_rows,
    column_rows,
    dimension_rows,
    join_rows,
    metric_detail,
    table_rows,
)
from app.checks.suite import load_suites
from app.dashboards.store import load_dashboard
from app.project.folder import Project
from tests.conftest import TODAY


def test_a_metric_shows_its_definition_history_sql_and_usage(project: Project) -> None:
    suites = load_suites(project.root, project.layer, project.catalog)
    weekly = load_dashboard(project.root, "weekly-review")
    detail = metric_detail(
        project, "revenue", dialect="postgres", today=TODAY, dashboards=[weekly], suites=suites
    )
    assert detail.definition.startswith("sum(quantity * unit_price * (1 - discount_pct))")
    assert [c.version for c in detail.changelog] == [2, 1]
    assert "aov" in detail.used_by and "Region" in detail.dimensions
    assert "DATE_TRUNC('MONTH'" in detail.sql and "GROUP BY" in detail.sql  # postgres
    assert "Weekly business review › Revenue by month" in detail.dashboards
    assert "questions › revenue_by_region_last_month" in detail.cases


def test_a_ratio_reads_as_numerator_over_denominator(project: Project) -> None:
    detail = metric_detail(project, "aov", dialect="duckdb", today=TODAY)
    assert detail.definition == "revenue ÷ order_count"
    assert detail.depends_on == ("revenue", "order_count") and detail.dashboards == ()


@pytest.mark.parametrize("status", ["certified", "deprecated"])
def test_the_catalog_lists_every_metric_with_owner_and_version(
    project: Project, status: str
) -> None:
    rows = catalog_rows(project)
    assert len(rows) == len(project.catalog.metrics)
    assert [r.label.lower() for r in rows] == sorted(r.label.lower() for r in rows)
    assert any(r.status == status and r.owner and r.version >= 1 for r in rows)


def test_the_semantic_layer_view_has_tables_columns_dimensions_and_joins(project: Project) -> None:
    layer = project.layer
    assert {r.table for r in table_rows(layer)} == set(layer.tables)
    assert any(r.pii for r in column_rows(layer, "customers"))
    assert any(r.dimension == "region" and r.synonyms for r in dimension_rows(layer))
    assert any(r.from_table == "order_items" and r.to_table == "orders" for r in join_rows(layer))
