"""askbi against MetricFlow itself, on the dbt project of the sample warehouse.

``tests/fixtures/dbt_metricflow`` was written independently of askbi's YAML. The test builds
MetricFlow's own environment (cached per machine, see tests/support/mf_venv.py), lets dbt
build the project on a copy of the sample warehouse, asks MetricFlow every query of
``parity_queries.py`` in one process, imports the project with ``askbi import dbt`` and asks
askbi the same. Equal numbers, or the documented difference in definition holds.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.interop.dbt.importing import import_dbt
from app.interop.project_files import write_files
from app.interop.warehouse_types import column_types
from app.project.folder import Project, load_project
from connectors.base import Connector
from connectors.registry import open_connector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between, shift, start_of
from semantic_layer.model import Grain
from tests.conftest import TODAY
from tests.interop.compare import (
    Rows,
    assert_same,
    metricflow_or_skip,
    metricflow_rows,
    rows,
    same,
    warehouse_copy,
    write_profile,
)
from tests.interop.parity_queries import QUERIES, ParityQuery
from tests.support.mf_venv import run_metricflow

pytestmark = pytest.mark.xdist_group("metricflow")

DBT_PROJECT = Path(__file__).parents[1] / "fixtures" / "dbt_metricflow"
BUILT_BY_DBT = ["fct_order_items", "metricflow_time_spine"]


@dataclass(frozen=True)
class Parity:
    answers: dict[str, dict[str, Any]]
    project: Project
    connector: Connector
    names: dict[str, str]


@pytest.fixture(scope="module")
def parity(tmp_path_factory: pytest.TempPathFactory, sample_warehouse: Path) -> Iterator[Parity]:
    python = metricflow_or_skip()
    work = tmp_path_factory.mktemp("metricflow")
    warehouse = warehouse_copy(sample_warehouse, work)
    dbt = work / "dbt"
    shutil.copytree(DBT_PROJECT, dbt, ignore=shutil.ignore_patterns("target", "logs"))
    # Schema main: the staging models only pass the warehouse tables through, so MetricFlow
    # reads those tables as the models, and dbt builds only the rest.
    write_profile(dbt, "askbi_mf", warehouse, "main")
    requests = [_mf_request(q) for q in QUERIES]
    answers = run_metricflow(python, dbt, BUILT_BY_DBT, requests, work)["answers"]
    url = f"duckdb:///{warehouse}"
    imported = import_dbt(dbt, types=column_types(url), source=url)
    write_files(work / "askbi", imported.files)
    project = load_project(work / "askbi", source=url)
    with open_connector(url) as connector:
        yield Parity(
            dict(zip((q.id for q in QUERIES), answers, strict=True)),
            project,
            connector,
            imported.dimension_names,
        )


def _mf_request(q: ParityQuery) -> dict[str, Any]:
    return {
        "metrics": list(q.metrics),
        "group_by": list(q.group_by),
        "start": q.range[0].isoformat(),
        "end": q.range[1].isoformat(),
        "where": [q.where] if q.where else [],
    }


def _grain(q: ParityQuery) -> Grain | None:
    times = [g.split("__", 1)[1] for g in q.group_by if g.startswith("metric_time__")]
    return Grain(times[0]) if times else None


def _askbi(parity: Parity, q: ParityQuery, metric: str, start: Any, end: Any, **kw: Any) -> Rows:
    grain = kw.get("grain", _grain(q))
    dimensions = tuple(parity.names[g] for g in q.group_by if not g.startswith("metric_time"))
    plan = SemanticQuery(
        metrics=(metric,),
        dimensions=dimensions,
        grain=grain,
        time_range=Between(start=start, end=end),
        filters=q.filters,
    )
    compiled = compile_query(plan, parity.project.layer, parity.project.catalog, today=TODAY)
    frame = parity.connector.query(compiled.sql, max_rows=100_000).frame
    keys = [*dimensions, *([grain.value] if grain else [])]
    return rows(frame[[*keys, metric]].itertuples(index=False, name=None))


def _metricflow(parity: Parity, q: ParityQuery, metric: str) -> Rows:
    return metricflow_rows(parity.answers[q.id], q.group_by, metric)


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.id)
def test_askbi_matches_metricflow(parity: Parity, q: ParityQuery) -> None:
    start, end = q.range
    for metric in q.metrics:
        if q.outcome == "same":
            assert_same(_askbi(parity, q, metric, start, end), _metricflow(parity, q, metric))
        else:
            CHECKS[q.outcome](parity, q, metric)


def test_every_fact_reaches_its_related_rows(parity: Parity) -> None:
    """The difference in definition these queries can't show (docs/interop.md): MetricFlow
    LEFT JOINs a dimension's table, askbi's breakdown INNER JOINs it, so facts with no row
    there are a group of MetricFlow's only. No fact of this warehouse lacks one; were any
    to, the breakdowns above would differ by that group, and this says why."""
    assert parity.project.layer.relationships
    for r in parity.project.layer.relationships:
        on = " AND ".join(f"t.{k.to_column} = f.{k.from_column}" for k in r.keys)
        sql = (
            f"SELECT COUNT(*) FROM {r.from_table} f "
            f"WHERE NOT EXISTS (SELECT 1 FROM {r.to_table} t WHERE {on})"
        )
        assert parity.connector.query(sql).rows[0][0] == 0, f"{r.name}: facts with no row"


def _widened(parity: Parity, q: ParityQuery, metric: str) -> None:
    """MetricFlow reads whole periods of the grain; askbi the exact days asked."""
    grain = _grain(q)
    assert grain is not None
    start, end = q.range
    mf = _metricflow(parity, q, metric)
    assert_same(_askbi(parity, q, metric, start_of(grain, start), _end_of(grain, end)), mf)
    assert not same(_askbi(parity, q, metric, start, end), mf), "the difference is gone"


def _end_of(grain: Grain, day: dt.date) -> dt.date:
    return shift(start_of(grain, day), 1, grain) - dt.timedelta(days=1)


def _period_agg_first(parity: Parity, q: ParityQuery, metric: str) -> None:
    """MetricFlow's default reports year to date as of each month's first day."""
    start, end = q.range
    daily = _askbi(parity, q, metric, start, end, grain=Grain.DAY)
    firsts = {k: v for k, v in daily.items() if k[-1].endswith("-01")}
    mf = _metricflow(parity, q, metric)
    assert_same(firsts, mf)
    assert not same(_askbi(parity, q, metric, start, end), mf)


def _measure_filter_dropped(parity: Parity, q: ParityQuery, metric: str) -> None:
    """MetricFlow 0.213 drops the measure input's filter; askbi keeps it, so its numbers are
    those of the metric with the filter on the metric itself, and MetricFlow's are unfiltered."""
    start, end = q.range
    mf = _metricflow(parity, q, metric)
    askbi = _askbi(parity, q, metric, start, end)
    assert_same(askbi, _askbi(parity, q, "revenue_ytd", start, end))
    unfiltered = parity.connector.query(
        "SELECT month, SUM(amount) OVER (ORDER BY month) FROM ("
        "SELECT CAST(DATE_TRUNC('month', order_ts) AS DATE) AS month, "
        "SUM(quantity * unit_price * (1 - discount_pct)) AS amount "
        f"FROM fct_order_items WHERE order_ts >= DATE '{start}' "
        f"AND order_ts < DATE '{end}' + INTERVAL 1 DAY GROUP BY 1)",
        max_rows=100,
    ).frame
    assert_same(rows(unfiltered.itertuples(index=False, name=None)), mf)
    assert not same(askbi, mf)


def _refused(parity: Parity, q: ParityQuery, metric: str) -> None:
    """MetricFlow refuses year to date without a grain; askbi answers through the range's end."""
    assert "error" in parity.answers[q.id]
    start, end = q.range
    total = _askbi(parity, q, metric, start, end)
    assert_same(total, _askbi(parity, q, "revenue", start, end))


CHECKS = {
    "widened": _widened,
    "period_agg_first": _period_agg_first,
    "measure_filter_dropped": _measure_filter_dropped,
    "refused": _refused,
}
