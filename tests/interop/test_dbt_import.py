"""``askbi import dbt``: the shared dbt project imports untouched and validates; what has no
askbi equivalent is reported, never silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from app.interop.dbt.importing import import_dbt
from app.project.folder import load_project
from tests.support.cli import run_cli

DBT_PROJECT = Path(__file__).parents[1] / "fixtures" / "dbt_metricflow"


def test_the_shared_project_imports_and_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported"
    code, text, _ = run_cli(capsys, "import", "dbt", str(DBT_PROJECT), "--out", str(out), "--json")
    assert code == 0
    notes = json.loads(text)["notes"]
    lossy = {n["where"] for n in notes if n["lossy"]}
    assert "metric revenue_ytd_first" in lossy  # period_agg: first
    assert "semantic model marketing_spend" in lossy  # a primary entity over an expression
    code, text, _ = run_cli(capsys, "validate", "--project", str(out))
    assert code == 0, text
    project = load_project(out)
    assert len(project.catalog.metrics) >= 15
    revenue = project.catalog.get("revenue")
    assert getattr(revenue, "filter", None) == (
        "fct_order_items.status = 'completed' AND NOT fct_order_items.is_test"
    )


def test_an_existing_project_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "metrics").mkdir()
    code, _, err = run_cli(capsys, "import", "dbt", str(DBT_PROJECT), "--out", str(tmp_path))
    assert code == 2 and "already holds a project" in err


def _project(tmp_path: Path, metrics: list[dict[str, object]]) -> Path:
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("name: tiny\nprofile: tiny\n", encoding="utf-8")
    semantic = {
        "semantic_models": [
            {
                "name": "events",
                "model": "ref('events')",
                "defaults": {"agg_time_dimension": "event_date"},
                "entities": [
                    {"name": "event", "type": "primary", "expr": "event_id"},
                    {"name": "user", "type": "foreign", "expr": "user_id"},
                ],
                "dimensions": [
                    {
                        "name": "event_date",
                        "type": "time",
                        "type_params": {"time_granularity": "day"},
                    },
                    {"name": "kind", "type": "categorical"},
                    {
                        "name": "year_band",
                        "type": "categorical",
                        "expr": "extract(year from event_date)",
                    },
                ],
                "measures": [
                    {"name": "events", "agg": "count", "expr": "event_id"},
                    {"name": "buyers", "agg": "count_distinct", "expr": "user_id"},
                ],
            },
            {
                "name": "users",
                "model": "ref('users')",
                "entities": [{"name": "user", "type": "primary", "expr": "user_id"}],
                "dimensions": [{"name": "kind", "type": "categorical", "expr": "segment"}],
            },
        ],
        "metrics": metrics,
    }
    (tmp_path / "models" / "semantic.yml").write_text(yaml.safe_dump(semantic), encoding="utf-8")
    return tmp_path


def _simple(name: str, measure: str, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "label": name,
        "type": "simple",
        "type_params": {"measure": measure},
        **extra,
    }


def test_what_has_no_equivalent_is_reported(tmp_path: Path) -> None:
    metrics = [
        _simple("events", "events"),
        _simple("buyers", "buyers"),
        _simple(
            "big_spender_events",
            "events",
            filter="{{ Metric('events', group_by=['user']) }} > 10",
        ),
        {
            "name": "weekly_events",
            "label": "w",
            "type": "cumulative",
            "type_params": {"measure": "events", "cumulative_type_params": {"window": "7 days"}},
        },
        {
            "name": "conversion",
            "label": "c",
            "type": "conversion",
            "type_params": {"conversion_type_params": {"base_measure": "events"}},
        },
        {
            "name": "events_vs_month_start",
            "label": "o",
            "type": "derived",
            "type_params": {
                "expr": "events - start",
                "metrics": [
                    {"name": "events"},
                    {"name": "events", "alias": "start", "offset_to_grain": "month"},
                ],
            },
        },
        {"name": "per_buyer", "label": "p", "type": "ratio",
         "type_params": {"numerator": "weekly_events", "denominator": "buyers"}},
    ]  # fmt: skip
    result = import_dbt(_project(tmp_path, metrics))
    lossy = {n.where: n.what for n in result.report.notes if n.lossy}
    assert "Metric(...)" in lossy["metric big_spender_events"]
    assert "rolling window of 7 day" in lossy["metric weekly_events"]
    assert "conversion" in lossy["metric conversion"]
    assert "offset_to_grain" in lossy["metric events_vs_month_start"]
    assert "needs weekly_events" in lossy["metric per_buyer"]
    catalog = yaml.safe_load(result.files["metrics/dbt.yaml"])
    assert [m["name"] for m in catalog["metrics"]] == ["events", "buyers"]


def test_filters_and_names_translate(tmp_path: Path) -> None:
    metrics = [
        _simple(
            "click_buyers",
            "buyers",
            filter=[
                "{{ Dimension('event__kind') }} = 'click'",
                "{{ Dimension('user__kind') }} in ('a', 'b')",
                "{{ TimeDimension('metric_time', 'month') }} >= '2024-01-01'",
            ],
        ),
        _simple("user_events", "events", filter="{{ Entity('user') }} is not null"),
    ]
    result = import_dbt(_project(tmp_path, metrics))
    catalog = {m["name"]: m for m in yaml.safe_load(result.files["metrics/dbt.yaml"])["metrics"]}
    assert catalog["click_buyers"]["filter"] == (
        "(events.kind = 'click') AND (users.segment IN ('a', 'b')) "
        "AND (DATE_TRUNC('MONTH', events.event_date) >= '2024-01-01')"
    )
    assert catalog["user_events"]["filter"] == "NOT events.user_id IS NULL"
    layer = yaml.safe_load(result.files["semantic_layer/dbt.yaml"])
    users = next(t for t in layer["tables"] if t["name"] == "users")
    assert users["dimensions"] == [{"name": "users_kind", "column": "segment"}]
    assert result.dimension_names["user__kind"] == "users_kind"
    assert layer["relationships"] == [
        {
            "name": "events_user",
            "from": "events",
            "to": "users",
            "on": [{"from": "user_id", "to": "user_id"}],
        }
    ]


def test_a_hostile_file_is_a_message_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "models" / "bomb.yml").write_text("a: &x [*x]\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "dbt", str(tmp_path), "--out", str(tmp_path / "o"))
    assert code == 2 and "recursive anchor" in err


def test_export_dbt_writes_a_project_and_says_what_it_flattened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dbt"
    code, text, err = run_cli(capsys, "export", "dbt", str(out))
    assert code == 0, err
    assert "deeper than MetricFlow's 2" in text
    semantic = yaml.safe_load((out / "models" / "semantic_models.yml").read_text(encoding="utf-8"))
    lines = next(m for m in semantic["semantic_models"] if m["name"] == "order_items")
    assert {"name": "regions", "type": "foreign", "expr": "regions__region_id"} in lines["entities"]
    code, _, err = run_cli(capsys, "export", "dbt", str(out))
    assert code == 2 and "already holds a dbt project" in err
