"""``askbi export dbt`` on the sample: dbt parses it, MetricFlow's validations pass (``mf
validate-configs``: semantics and warehouse), and MetricFlow's numbers on the exported
project equal askbi's on the sample project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.interop.dbt.exporting import DbtExport, export_dbt
from app.interop.project_files import write_files
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from connectors.base import Connector
from connectors.registry import open_connector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between
from semantic_layer.model import Grain
from tests.conftest import TODAY
from tests.interop.compare import (
    Rows,
    assert_same,
    metricflow_or_skip,
    metricflow_rows,
    rows,
    warehouse_copy,
    write_profile,
)
from tests.support.mf_venv import run_metricflow

pytestmark = pytest.mark.xdist_group("metricflow")

Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
TWO_YEARS = (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
SAMPLE = load_project(SAMPLE_PROJECT)


@dataclass(frozen=True)
class Query:
    metric: str
    dimensions: tuple[str, ...]
    grain: str | None
    range: tuple[dt.date, dt.date]

    @property
    def id(self) -> str:
        return "-".join([self.metric, *self.dimensions, self.grain or "total"])


QUERIES = (
    Query("revenue", ("region",), "month", H1),
    Query("order_count", ("category",), "quarter", Y2025),
    Query("aov", ("store_channel", "payment_method"), None, Y2025),
    Query("roas", ("region",), "quarter", Y2025),
    Query("gross_margin_pct", ("category",), "year", TWO_YEARS),
    Query("gross_margin", ("region", "category", "store_format"), "quarter", Y2025),
    Query("revenue_ytd", (), "month", Y2025),
    Query("revenue_mtd", ("region",), "month", H1),
    Query("revenue_running_total", (), "quarter", Y2025),
    Query("revenue_growth_yoy", (), "month", Y2025),
    Query("revenue_change_yoy", ("region",), "quarter", Y2025),
    Query("revenue_prior_year", ("category",), "quarter", Y2025),
    Query("return_rate", ("region", "payment_method"), "quarter", Y2025),
    Query("conversion_rate", ("region",), "month", H1),
    Query("nps", ("region",), "quarter", Y2025),
    Query("avg_csat", ("store_format",), "quarter", Y2025),
    Query("new_customers", ("customer_segment",), "month", H1),
    Query("active_customers", ("customer_segment", "region"), "quarter", Y2025),
    Query("refund_amount", ("category",), "month", H1),
    Query("revenue_target_attainment", ("region",), "month", H1),
    Query("revenue", ("customer_region",), "quarter", Y2025),
)


@dataclass(frozen=True)
class Exported:
    export: DbtExport
    answers: dict[str, dict[str, Any]]
    validation: list[str]
    project: Project
    connector: Connector


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, sample_warehouse: Path
) -> Iterator[Exported]:
    python = metricflow_or_skip()
    work = tmp_path_factory.mktemp("metricflow_export")
    warehouse = warehouse_copy(sample_warehouse, work)
    url = f"duckdb:///{warehouse}"
    project = load_project(SAMPLE_PROJECT, source=url)
    export = export_dbt(project)
    dbt = work / "dbt"
    write_files(dbt, export.files)
    # The models go to their own schema: they are named after the tables they read.
    write_profile(dbt, "project", warehouse, "analytics")
    requests = [_request(q, export) for q in QUERIES]
    result = run_metricflow(python, dbt, [], requests, work, validate=True)
    answers = dict(zip((q.id for q in QUERIES), result["answers"], strict=True))
    with open_connector(url) as connector:
        yield Exported(export, answers, result["validation"], project, connector)


def _group_by(q: Query, export: DbtExport) -> list[str]:
    fact = SAMPLE.catalog.leaves(q.metric)[0].table
    names = [export.group_by[fact][d] for d in q.dimensions]
    return [*names, *([f"metric_time__{q.grain}"] if q.grain else [])]


def _request(q: Query, export: DbtExport) -> dict[str, Any]:
    return {
        "metrics": [q.metric],
        "group_by": _group_by(q, export),
        "start": q.range[0].isoformat(),
        "end": q.range[1].isoformat(),
    }


def _askbi(exported: Exported, q: Query) -> Rows:
    grain = Grain(q.grain) if q.grain else None
    plan = SemanticQuery(
        metrics=(q.metric,),
        dimensions=q.dimensions,
        grain=grain,
        time_range=Between(start=q.range[0], end=q.range[1]),
    )
    compiled = compile_query(plan, exported.project.layer, exported.project.catalog, today=TODAY)
    frame = exported.connector.query(compiled.sql, max_rows=100_000).frame
    keys = [*q.dimensions, *([q.grain] if q.grain else [])]
    return rows(frame[[*keys, q.metric]].itertuples(index=False, name=None))


def test_metricflow_validates_the_export(exported: Exported) -> None:
    assert exported.validation == []


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.id)
def test_metricflow_on_the_export_matches_askbi(exported: Exported, q: Query) -> None:
    mf = metricflow_rows(exported.answers[q.id], _group_by(q, exported.export), q.metric)
    assert_same(_askbi(exported, q), mf)


def test_the_report_says_what_was_flattened(exported: Exported) -> None:
    notes = [n.what for n in exported.export.report.notes]
    assert any("regions is 3 hops away (deeper than MetricFlow's 2)" in n for n in notes)
