"""``askbi check``: the shipped suites pass, a changed definition is caught, a fickle model is
reported, all through the real pipeline on the sample warehouse."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.checks.runner import FAILED, INCONSISTENT, PASSED, run_checks
from app.checks.suite import load_suites
from app.cli import main
from app.environment import PlannerMode, Settings, open_environment
from app.llm.settings import LLMSettings
from app.project import SAMPLE_PROJECT, Project, load_project
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
    suites = load_suites(project.root, project.layer, project.catalog)
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
    assert "revenue_by_region_last_month" in failed and "gross_margin_by_region_quarterly" in failed
    text = report.to_text()
    assert "FAILED        questions:revenue_by_region_last_month" in text
    assert "snapshot: region=Seoul: revenue expected" in text and "%)" in text
    untouched = {c.name for c in report.cases if c.outcome == PASSED}
    assert "units_sold_by_region_quarterly" not in names | untouched  # never used revenue


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


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


def test_inconsistency_alone_is_its_own_outcome(
    project_copy: Path, sample_warehouse: Path, duckdb_connector: Connector, server: OpenAIServer
) -> None:
    checks = project_copy / "checks"
    shutil.rmtree(checks)
    checks.mkdir()
    (checks / "open.yaml").write_text(
        f"today: {TODAY}\ncases:\n  - name: anything_goes\n    questions: [a, b]\n"
        "    expect: no_answer\n",
        encoding="utf-8",
    )
    project = load_project(project_copy, source=f"duckdb:///{sample_warehouse}")
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE)
    )
    report = run_checks(load_suites(project.root, project.layer, project.catalog), env)
    assert [c.outcome for c in report.cases] == [PASSED]
    assert INCONSISTENT not in {c.outcome for c in report.cases}


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
