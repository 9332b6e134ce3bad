"""``askbi check``: the shipped suites pass, a changed definition is caught, a fickle model is
reported, all through the real pipeline on the sample warehouse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.checks.compare import rows_diff
from app.checks.impact import assess_change, changed_metrics, record_impact
from app.checks.runner import FAILED, PASSED, run_checks
from app.checks.suite import load_suites
from app.cli.main import main
from app.llm.settings import LLMSettings
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from app.project.history import metric_events
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from tests.conftest import TODAY
from tests.support.openai_server import OpenAIServer, tool_call

pytestmark = pytest.mark.xdist_group("warehouse")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(SAMPLE_PROJECT, target)
    return target


def test_the_shipped_suites_pass_offline(project: Project, duckdb_connector: Connector) -> None:
    suites = load_suites(project.root, project.layer, project.catalog)
    cases = sum(len(s.cases) for s in suites)
    assert cases >= 80
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE)
    )
    report = run_checks(suites, env)
    assert report.ok, report.to_text()
    assert report.count(PASSED) == cases, "every case has a snapshot for the test warehouse"
    assert report.mode == "offline"


def test_a_changed_definition_fails_exactly_the_cases_that_use_it(
    project_copy: Path, sample_warehouse: Path, duckdb_connector: Connector
) -> None:
    sales = project_copy / "metrics" / "sales.yaml"
    text = sales.read_text(encoding="utf-8")
    changed = text.replace(
        "expr: quantity * unit_price * (1 - discount_pct)", "expr: quantity * unit_price", 1
    )
    assert changed != text
    sales.write_text(changed, encoding="utf-8")
    project = load_project(project_copy, source=f"duckdb:///{sample_warehouse}")
    suites = load_suites(project.root, project.layer, project.catalog, ("metrics",))
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE)
    )
    report = run_checks(suites, env, metrics=["revenue"])
    names = {c.name for c in report.cases}
    assert "roas_by_region_quarterly" in names and "aov_by_region_quarterly" in names
    assert (
        "nps_by_region_quarterly" not in names
        and "marketing_spend_by_region_quarterly" not in names
    )
    failed = {c.name for c in report.cases if c.outcome == FAILED}
    assert "revenue_by_region_quarterly" in failed and "gross_margin_by_region_quarterly" in failed
    text = report.to_text()
    assert "FAILED        metrics:revenue_by_region_quarterly" in text
    assert "snapshot: region=Busan, quarter=2025-01-01: revenue expected" in text and "%)" in text
    assert "units_sold_by_region_quarterly" not in names, "units sold never uses revenue"


def test_a_model_that_answers_paraphrases_differently_is_reported(
    project_copy: Path,
    sample_warehouse: Path,
    duckdb_connector: Connector,
    server: OpenAIServer,
) -> None:
    checks = project_copy / "checks"
    shutil.rmtree(checks)
    checks.mkdir()
    (checks / "model.yaml").write_text(
        f"today: {TODAY}\n"
        "cases:\n"
        "  - name: revenue_by_region\n"
        "    questions: [revenue by region, 지역별 매출]\n"
        "    plan: {metrics: [revenue], dimensions: [region]}\n",
        encoding="utf-8",
    )
    good = {"outcome": "plan", "plan": {"metrics": ["revenue"], "dimensions": ["region"]}}
    other = {"outcome": "plan", "plan": {"metrics": ["revenue"], "dimensions": ["store"]}}
    server.reply(tool_call(good, name="plan_query"), tool_call(other, name="plan_query"))
    project = load_project(project_copy, source=f"duckdb:///{sample_warehouse}")
    env = open_environment(
        project,
        duckdb_connector,
        llm_settings=LLMSettings(api_key="test", base_url=server.url, model="fickle", timeout_s=5),
        settings=Settings(planner=PlannerMode.LLM),
    )
    report = run_checks(load_suites(project.root, project.layer, project.catalog), env)
    (case,) = report.cases
    assert case.outcome == FAILED and not report.ok
    assert any("paraphrases got 2 different plans" in p for p in case.problems)
    assert case.questions[1].problems == ("dimensions: expected ['region'], got ['store']",)
    assert report.mode == "llm" and case.questions[0].llm_calls == 1
    assert case.questions[0].source == "llm-plan" and case.questions[0].tokens > 0


def test_a_no_answer_group_may_decline_in_different_ways(
    project_copy: Path, sample_warehouse: Path, duckdb_connector: Connector
) -> None:
    checks = project_copy / "checks"
    shutil.rmtree(checks)
    checks.mkdir()
    (checks / "open.yaml").write_text(
        f"today: {TODAY}\ncases:\n  - name: anything_goes\n"
        "    questions: [profit by colour, list customers who ordered more than five times]\n"
        "    expect: no_answer\n",
        encoding="utf-8",
    )
    project = load_project(project_copy, source=f"duckdb:///{sample_warehouse}")
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE)
    )
    report = run_checks(load_suites(project.root, project.layer, project.catalog), env)
    (case,) = report.cases
    assert {q.status for q in case.questions} == {"clarify", "cannot_answer"}
    assert case.outcome == PASSED and not case.problems


def test_cli_check_json_and_exit_code(
    capsys: pytest.CaptureFixture[str], project_copy: Path, sample_warehouse: Path
) -> None:
    source = f"duckdb:///{sample_warehouse}"
    code = main(
        [
            "check",
            "questions",
            "--project",
            str(project_copy),
            "--source",
            source,
            "--json",
            "--metric",
            "roas",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["ok"] and data["summary"]["passed"] >= 2
    code = main(["check", "nonexistent", "--project", str(project_copy), "--source", source])
    assert code == 2 and "No check suite named nonexistent" in capsys.readouterr().err


def test_update_snapshots_rewrites_deliberately(
    capsys: pytest.CaptureFixture[str], project_copy: Path, sample_warehouse: Path
) -> None:
    shutil.rmtree(project_copy / "checks" / "snapshots")
    source = f"duckdb:///{sample_warehouse}"
    args = [
        "check",
        "questions",
        "--project",
        str(project_copy),
        "--source",
        source,
        "--json",
        "--metric",
        "nps",
    ]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["summary"]["no snapshot"] >= 1 and first["updated_snapshots"] == 0
    assert main([*args, "--update-snapshots"]) == 0
    assert (
        json.loads(capsys.readouterr().out)["updated_snapshots"] == first["summary"]["no snapshot"]
    )
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["no snapshot"] == 0


def test_a_change_is_assessed_and_recorded_in_the_metric_history(
    project: Project, project_copy: Path, sample_warehouse: Path, duckdb_connector: Connector
) -> None:
    marketing = project_copy / "metrics" / "marketing.yaml"
    text = marketing.read_text(encoding="utf-8")
    marketing.write_text(
        text.replace("expr: target_amount", "expr: target_amount * 1.1", 1).replace(
            "label: ROAS", "label: Return on ad spend", 1
        ),
        encoding="utf-8",
    )
    after = load_project(project_copy, source=f"duckdb:///{sample_warehouse}")
    assert changed_metrics(project.catalog, after.catalog) == {"revenue_target"}, (
        "a label is not a change"
    )
    impact = assess_change(project, after, duckdb_connector, today=TODAY)
    assert impact.changed == ("revenue_target",) and not impact.ok
    assert set(impact.affected) == {"revenue_target", "revenue_target_attainment"}
    assert {v.name for v in impact.verified} == {
        "attainment_ytd_by_region",
        "attainment_ytd_by_region_ko",
    }
    assert all(v.moved for v in impact.verified)
    assert any("revenue_target_attainment expected" in d for d in impact.verified[0].differences)
    assert {c.name for c in impact.checks.cases if c.outcome == FAILED} >= {
        "attainment_by_region_ytd",
        "revenue_target_by_region_quarterly",
    }
    record_impact(after, impact, author="Kim Jiwoo")
    (event,) = metric_events(project_copy, "revenue_target")
    assert event["event"] == "checked" and event["author"] == "Kim Jiwoo" and not event["ok"]
    assert "attainment_ytd_by_region" in event["verified_moved"]


def test_cli_check_before_after(
    capsys: pytest.CaptureFixture[str], project_copy: Path, sample_warehouse: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before"
    shutil.copytree(project_copy, before)
    nps = project_copy / "metrics" / "experience.yaml"
    nps.write_text(
        nps.read_text(encoding="utf-8").replace("filter: nps >= 9", "filter: nps >= 8"),
        encoding="utf-8",
    )
    source = f"duckdb:///{sample_warehouse}"
    code = main(
        [
            "check",
            "--project",
            str(project_copy),
            "--source",
            source,
            "--before",
            str(before),
            "--record",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["changed"] == ["nps_promoters"] and "nps" in data["affected"]
    assert data["checks"]["summary"]["failed"] >= 1
    assert metric_events(project_copy, "nps_promoters")[0]["checks"]["failed"] >= 1


def test_number_differences_read_as_numbers() -> None:
    found = rows_diff(
        ["region", "revenue"],
        [("Seoul", 209424215.0)],
        ["region", "revenue"],
        [("Seoul", 209424216.5)],
        tolerance=0,
    )
    assert found == ["region=Seoul: revenue expected 209,424,215, got 209,424,216.50 (+0.00%)"]
