"""The ``askbi`` command line, run in-process exactly as a user would type it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.project.folder import SAMPLE_PROJECT, Project
from tests.conftest import TODAY
from tests.support.cli import run_cli as run

pytestmark = pytest.mark.xdist_group("warehouse")


def test_query_json(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "revenue",
        "--metric",
        "aov",
        "--by",
        "region",
        "--last",
        "3 months",
        "--today",
        TODAY.isoformat(),
        "--source",
        project.source_url,
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["columns"] == ["region", "aov", "revenue"]
    assert len(data["rows"]) == 8
    assert data["plan"]["time_range"] == {"kind": "last", "n": 3, "unit": "month"}
    assert data["time_window"] == {"start": "2026-03-01", "end": "2026-05-31"}
    # Mention order carries no meaning, so the default order is the canonical plan's first
    # metric (alphabetical), descending: "revenue and AOV" and "AOV and revenue" agree.
    aovs = [row[1] for row in data["rows"]]
    assert aovs == sorted(aovs, reverse=True), "default order: first metric, descending"
    assert "SUM(" in data["sql"]


def test_query_text_prints_sql_and_table(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "revenue",
        "--by",
        "category",
        "--grain",
        "quarter",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--filter",
        "region=Seoul",
        "--source",
        project.source_url,
    )
    assert code == 0
    assert "SELECT" in out and "Electronics" in out and "2025-10-01" in out
    assert "24 rows" in out  # 6 categories × 4 quarters


def test_top_n(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "revenue",
        "--by",
        "product",
        "--filter",
        "region=Seoul",
        "--order",
        "desc",
        "--limit",
        "5",
        "--last",
        "quarter",
        "--today",
        TODAY.isoformat(),
        "--source",
        project.source_url,
        "--json",
    )
    rows = json.loads(out)["rows"]
    assert code == 0 and len(rows) == 5
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)


@pytest.mark.parametrize(
    "dialect", ["postgres", "mysql", "snowflake", "bigquery", "trino", "spark"]
)
def test_query_compiles_for_dialect_without_a_database(
    capsys: pytest.CaptureFixture[str], dialect: str
) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "roas",
        "--by",
        "region",
        "--grain",
        "month",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--dialect",
        dialect,
        "--source",
        "duckdb:////nonexistent.duckdb",
    )
    assert code == 0 and "marketing_spend" in out


def test_unknown_metric_is_a_json_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--metric", "revnue", "--dialect", "duckdb", "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == "unknown_metric"
    assert "revnue" in error["message"] and error["suggestions"][0] == "revenue"


def test_impossible_breakdown_names_metric_and_dimension(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "marketing_spend",
        "--by",
        "category",
        "--dialect",
        "duckdb",
        "--json",
    )
    error = json.loads(out)["error"]
    assert code == 2 and error["code"] == "dimension_not_allowed"
    assert "'marketing_spend'" in error["message"] and "'category'" in error["message"]


def test_bad_flags_are_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "query", "--metric", "revenue", "--last", "3 monts", "--dialect", "duckdb"
    )
    assert code == 2 and "Did you mean 'months'?" in err


def test_missing_database_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--metric",
        "revenue",
        "--source",
        "duckdb:////nowhere/retail.duckdb",
        "--json",
    )
    assert code == 2
    assert "askbi sample-db" in json.dumps(json.loads(out)["error"])


def test_compile_plan_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(
        '{"metrics": ["revenue_target_attainment"], "dimensions": ["region"], '
        '"grain": "month", "time_range": {"kind": "to_date", "unit": "year"}}'
    )
    code, out, _ = run(
        capsys, "compile", str(plan), "--dialect", "postgres", "--today", "2026-06-30"
    )
    assert code == 0 and "revenue_targets" in out and "IS NOT DISTINCT FROM" in out


def test_compile_rejects_an_invalid_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"metrics": ["revenue"], "grain": "fortnight"}')
    code, out, _ = run(capsys, "compile", str(plan), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "invalid_plan"


def test_validate_against_the_live_database(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    code, out, _ = run(capsys, "validate", "--source", project.source_url, "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["tables"] == 11


def test_validate_reports_missing_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import duckdb

    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE regions (region_id INTEGER, region_nam VARCHAR)")
    code, out, _ = run(capsys, "validate", "--source", f"duckdb:///{db}", "--json")
    problems = json.loads(out)["error"]["problems"]
    messages = " ".join(p["message"] for p in problems)
    assert code == 2
    assert "column 'region_name' does not exist in table 'regions'" in messages
    assert "Did you mean 'region_nam'?" in messages
    assert "table 'orders' does not exist" in messages
    assert all(p["file"].startswith("semantic_layer/") and p["line"] for p in problems)


def test_bench_compile_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "compile", "--iterations", "40", "--json")
    data = json.loads(out)
    assert code == 0 and data["benchmark"] == "compile" and data["plans"] > 30
    assert data["p50_ms"] > 0 and data["plans_per_second"] > 0


def test_sample_db_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tiny.duckdb"
    code, out, _ = run(
        capsys,
        "sample-db",
        "--path",
        str(path),
        "--scale",
        "0.01",
        "--end-date",
        "2025-12-31",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and path.exists()
    assert data["end_date"] == "2025-12-31" and data["start_date"] == "2023-01-01"
    assert data["row_counts"]["regions"] == 8


def test_metrics_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "metrics", "--project", str(SAMPLE_PROJECT), "--json")
    names = {m["name"] for m in json.loads(out)["metrics"]}
    assert code == 0 and {"revenue", "aov", "roas", "nps"} <= names


def test_bench_robustness_measures_each_case_in_a_child(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    code, out, _ = run(
        capsys,
        "bench",
        "robustness",
        "--source",
        project.source_url,
        "--case",
        "recursive anchor",
        "--case",
        "repeat('x', 1e9)",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["benchmark"] == "robustness"
    outcomes = {c["case"]: c["outcome"] for c in data["cases"]}
    assert outcomes["yaml: recursive anchor"] == "invalid_project: yaml_unsafe"
    assert outcomes["sql: repeat('x', 1e9)"].startswith("refused: sql_refused")
    assert 0 < data["worst_peak_rss_mb"] < 1024 and data["worst_cpu_seconds"] > 0


def test_bench_review_times_the_whole_review_of_a_change(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    code, out, _ = run(
        capsys,
        "bench",
        "review",
        "--source",
        project.source_url,
        "--metric",
        "sessions",
        "--rounds",
        "1",
        "--today",
        TODAY.isoformat(),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["benchmark"] == "review" and data["file"] == "metrics/marketing.yaml"
    assert data["cases"] == 4 and data["tiles"] == 1 and data["verified"] == 1
    assert 0 < data["distinct_plans"] <= data["questions"]
