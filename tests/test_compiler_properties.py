"""Properties: any valid plan compiles, runs on DuckDB, and keeps its promises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.project.folder import Project
from connectors.base import Connector
from metrics.catalog import MetricCatalog
from metrics.compiler import compile_query
from metrics.compiler.resolve import PlanError, ranked_dimensions
from metrics.model import CumulativeMetric, PeriodOverPeriodMetric, SimpleMetric
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between, Last, ToDate
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain, SemanticLayerFile
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")


def _grains_for(catalog: MetricCatalog, project: Project, metric: str) -> list[Grain | None]:
    """Grains every leaf's time dimension supports, within the metric's window."""
    grains = set(Grain)
    for leaf in catalog.leaves(metric):
        grains &= set(project.layer.time_dimension(leaf.time_dimension).definition.grains)
    for name in (metric, *catalog.all_dependencies(metric)):
        m = catalog.get(name)
        unit = None
        if isinstance(m, CumulativeMetric) and m.window.value != "all":
            unit = Grain(m.window.value)
        if isinstance(m, PeriodOverPeriodMetric):
            unit = m.offset.unit
        if unit is not None:
            grains = {g for g in grains if g.rank <= unit.rank}
    return [None, *sorted(grains, key=lambda g: g.rank)]


@st.composite
def valid_plans(draw: st.DrawFn, project: Project) -> SemanticQuery:
    catalog, layer = project.catalog, project.layer
    metric = draw(st.sampled_from(sorted(catalog.metrics)))
    allowed = sorted(catalog.allowed_dimensions(metric, layer))
    dims = draw(st.lists(st.sampled_from(allowed), max_size=2, unique=True)) if allowed else []
    grain = draw(st.sampled_from(_grains_for(catalog, project, metric)))
    time_range = draw(
        st.sampled_from(
            [
                None,
                Last(n=3, unit=Grain.MONTH),
                Last(n=1, unit=Grain.YEAR),
                ToDate(unit=Grain.YEAR),
                Between(start=dt.date(2025, 3, 1), end=dt.date(2025, 8, 31)),
            ]
        )
    )
    limit = draw(st.one_of(st.none(), st.integers(1, 20)))
    return SemanticQuery(
        metrics=(metric,), dimensions=tuple(dims), grain=grain, time_range=time_range, limit=limit
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_valid_plans_run_on_duckdb(
    data: st.DataObject, project: Project, duckdb_connector: Connector
) -> None:
    plan = data.draw(valid_plans(project))
    try:
        compiled = compile_query(plan, project.layer, project.catalog, today=TODAY)
    except PlanError as e:  # only a deliberate, explained refusal is acceptable
        assert e.code in {"dimension_not_allowed", "grain_not_supported"}, e.message
        return
    result = duckdb_connector.query(compiled.sql, timeout_s=60, max_rows=100_000)
    assert list(result.columns) == [c.name for c in compiled.columns]
    if plan.limit is not None:
        assert result.row_count <= plan.limit
    if not plan.dimensions and plan.grain is None:
        assert result.row_count == 1, "a total is exactly one row"
    assert SemanticQuery.from_json(plan.canonical_json()) == plan


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_breakdowns_add_up_to_the_total(
    data: st.DataObject, project: Project, duckdb_connector: Connector
) -> None:
    """For additive metrics, the sum over any dimension equals the total: nothing is lost
    to a join and nothing counted twice."""
    metric = data.draw(
        st.sampled_from(
            [
                "revenue",
                "units_sold",
                "marketing_spend",
                "refund_amount",
                "sessions",
                "new_customers",
                "revenue_target",
            ]
        )
    )
    allowed = sorted(project.catalog.allowed_dimensions(metric, project.layer))
    dim = data.draw(st.sampled_from(allowed))
    window = Last(n=6, unit=Grain.MONTH)
    total_plan = SemanticQuery(metrics=(metric,), time_range=window)
    split_plan = SemanticQuery(metrics=(metric,), dimensions=(dim,), time_range=window)
    run = duckdb_connector.query
    total = run(compile_query(total_plan, project.layer, project.catalog, today=TODAY).sql)
    split = run(compile_query(split_plan, project.layer, project.catalog, today=TODAY).sql)
    assert split.frame[metric].sum() == pytest.approx(float(total.frame[metric].iloc[0]), rel=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_condition_on_a_metric_keeps_exactly_the_rows_that_pass(
    data: st.DataObject, project: Project, duckdb_connector: Connector
) -> None:
    """``having`` on any metric type equals filtering the unconditioned result by hand, less
    the groups with no value of a thing picked."""
    plan = data.draw(valid_plans(project))
    assume(plan.dimensions or plan.grain is not None)
    plan = plan.model_copy(update={"limit": None})
    try:
        plain_sql = compile_query(plan, project.layer, project.catalog, today=TODAY).sql
    except PlanError:
        return
    (metric,) = plan.metrics
    result = duckdb_connector.query(plain_sql, max_rows=100_000)
    at = result.column_names.index(metric)
    values = sorted(float(row[at]) for row in result.rows if row[at] is not None)
    assume(values)
    threshold = data.draw(st.sampled_from(values))
    op = data.draw(st.sampled_from([">", ">=", "<", "<=", "=", "!="]))
    conditioned = SemanticQuery.model_validate(
        {**plan.model_dump(), "having": [{"metric": metric, "op": op, "value": threshold}]}
    )
    sql = compile_query(conditioned, project.layer, project.catalog, today=TODAY).sql
    kept = duckdb_connector.query(sql, max_rows=100_000).rows
    passes = {
        ">": lambda v: v > threshold,
        ">=": lambda v: v >= threshold,
        "<": lambda v: v < threshold,
        "<=": lambda v: v <= threshold,
        "=": lambda v: v == threshold,
        "!=": lambda v: v != threshold,
    }[op]
    # The rows kept are things that meet the condition: a group with no value of a
    # dimension (other than a date) is no such thing, and is left out.
    things = [
        result.column_names.index(d.name) for d in ranked_dimensions(conditioned, project.layer)
    ]
    expected = [
        row
        for row in result.rows
        if row[at] is not None
        and passes(float(row[at]))
        and all(row[i] is not None for i in things)
    ]
    assert list(kept) == expected


def _compile(project: Project, plan: dict[str, object]) -> None:
    compile_query(SemanticQuery.model_validate(plan), project.layer, project.catalog, today=TODAY)


def test_a_condition_needs_its_metric_in_the_plan(sample: Project) -> None:
    having = [{"metric": "order_count", "op": ">", "value": 1}]
    with pytest.raises(PlanError, match="needs 'order_count' among the plan's metrics") as e:
        _compile(sample, {"metrics": ["revenue"], "having": having})
    assert e.value.code == "invalid_plan"


def test_a_second_date_the_metric_cannot_reach_is_explained(sample: Project) -> None:
    ago = {"kind": "ago", "n": 1, "unit": "year"}
    with pytest.raises(PlanError, match="can't be filtered by 'signup_date'") as e:
        _compile(
            sample,
            {
                "metrics": ["marketing_spend"],
                "time_filters": [{"time_dimension": "signup_date", "time_range": ago}],
            },
        )
    assert e.value.code == "dimension_not_allowed"


def test_text_operators_need_a_text_dimension() -> None:
    layer = SemanticLayer.from_files(
        [
            SemanticLayerFile.model_validate(
                {
                    "tables": [
                        {
                            "name": "cars",
                            "columns": [
                                {"name": "id", "type": "integer"},
                                {"name": "year", "type": "integer"},
                                {"name": "added", "type": "date"},
                            ],
                            "dimensions": [{"name": "model_year", "column": "year"}],
                            "time_dimensions": [{"name": "added_on", "column": "added"}],
                        }
                    ]
                }
            )
        ]
    )
    catalog = MetricCatalog(
        {
            "car_count": SimpleMetric.model_validate(
                {
                    "type": "simple",
                    "name": "car_count",
                    "label": "Cars",
                    "description": "Cars.",
                    "owner": "me",
                    "table": "cars",
                    "agg": "count",
                    "expr": "id",
                    "time_dimension": "added_on",
                }
            )
        }
    )
    for plan_filter in (
        {"dimension": "model_year", "op": "contains", "value": "20"},
        {"dimension": "model_year", "value": 2020, "ignore_case": True},
    ):
        plan = SemanticQuery.model_validate({"metrics": ["car_count"], "filters": [plan_filter]})
        with pytest.raises(PlanError, match="needs text, but 'model_year' is integer") as e:
            compile_query(plan, layer, catalog, today=TODAY)
        assert e.value.code == "invalid_filter"
