"""What the app does with an answer: export it, rate it, promote it to a verified query."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.answers.export import answer_frame, file_stem, to_csv, to_excel
from app.answers.feedback import Rating, read_feedback, record_feedback
from app.answers.promote import NotPromotable, promote
from app.pipeline.ask import answer_plan, ask
from app.pipeline.environment import Environment
from app.pipeline.records import Source
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from app.project.source_check import check_source
from app.project.verified_queries import load_verified_queries
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from metrics.semantic_query import SemanticQuery
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


@pytest.fixture
def copied(tmp_path: Path, project: Project) -> Project:
    root = shutil.copytree(SAMPLE_PROJECT, tmp_path / "project")
    return load_project(root, source=project.source_url)


def test_csv_has_labels_raw_numbers_and_a_bom_for_excel(env: Environment) -> None:
    answer = ask("지난달 지역별 매출", env)
    data = to_csv(answer)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # A Korean question's columns carry the layer's Korean labels.
    assert rows[0] == ["지역", "매출"] and len(rows) == 1 + answer.row_count
    assert float(rows[1][1]) == answer.rows[0][1]
    assert all("." not in row[1] for row in rows[1:])  # won as whole numbers, never "…215.0"
    assert list(answer_frame(answer).columns) == ["지역", "매출"]
    assert file_stem(answer) == "askbi-지난달-지역별-매출"


def test_excel_keeps_numbers_with_won_and_percent_formats(env: Environment) -> None:
    answer = ask("revenue and gross margin % by region last month", env)
    book = openpyxl.load_workbook(io.BytesIO(to_excel(answer)))
    sheet = book["Answer"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.label for c in answer.columns]
    revenue = headers.index("Revenue") + 1
    margin = headers.index("Gross margin %") + 1
    assert sheet.cell(2, revenue).value == answer.rows[0][revenue - 1]  # a number, not text
    assert sheet.cell(2, revenue).number_format == '"₩"#,##0'
    assert sheet.cell(2, margin).number_format == "0.0%"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Question"] == answer.question and "SELECT" in about["SQL"]


def test_feedback_is_appended_as_json_lines(copied: Project, env: Environment) -> None:
    answer = ask("revenue by region last month", env)
    record_feedback(copied.root, answer, Rating.UP)
    record_feedback(copied.root, answer, Rating.DOWN, comment="Seoul looks low")
    entries = read_feedback(copied.root)
    assert [e.rating for e in entries] == [Rating.UP, Rating.DOWN]
    assert entries[1].plan == answer.plan and entries[1].comment == "Seoul looks low"
    assert len((copied.root / "feedback" / "answers.jsonl").read_text("utf-8").splitlines()) == 2


def test_a_promoted_answer_becomes_a_verified_query_that_answers_later_questions(
    copied: Project, env: Environment, duckdb_connector: Connector
) -> None:
    answer = ask("units sold by store format last quarter", env)
    assert answer.source is Source.PLANNER
    query = promote(copied, answer, owner="Kim Jiwoo", note="Units, not revenue.", on=TODAY)
    assert query.name == "units_sold_by_store_format_last_quarter"
    assert query.verified_by == "Kim Jiwoo" and query.verified_on == TODAY
    loaded = load_verified_queries(copied.root, copied.layer, copied.catalog, TODAY)
    assert query in loaded
    reopened = open_environment(copied, duckdb_connector, settings=env.settings, today=TODAY)
    again = ask("units sold by store format last quarter", reopened)
    assert again.source is Source.VERIFIED and again.verified_query == query.name


def test_promotion_is_explicit_and_never_duplicates(copied: Project, env: Environment) -> None:
    answer = ask("revenue by region last month", env)
    with pytest.raises(NotPromotable, match="owner's name is required"):
        promote(copied, answer, owner="  ")
    with pytest.raises(NotPromotable, match="Only an answer computed from a plan"):
        promote(copied, ask("profit by colour", env), owner="Kim Jiwoo")
    promote(copied, answer, owner="Kim Jiwoo", name="regional_revenue")
    with pytest.raises(NotPromotable, match="already exists"):
        promote(copied, answer, owner="Lee Seoyeon", name="regional_revenue")
    with pytest.raises(NotPromotable, match="already exists"):
        promote(copied, answer, owner="Kim Jiwoo", name="attainment_ytd_by_region")


def test_an_edited_plan_runs_without_planning(env: Environment) -> None:
    plan = SemanticQuery.model_validate(
        {
            "metrics": ["aov"],
            "grain": "month",
            "time_range": {"kind": "between", "start": "2026-01-01", "end": "2026-03-31"},
        }
    )
    answer = answer_plan(plan, env, question="AOV by month, Q1")
    assert answer.ok and answer.row_count == 3 and "plan" not in answer.timings_ms
    assert answer.time_window is not None and answer.time_window.end == dt.date(2026, 3, 31)


def test_the_connection_test_says_what_it_found(project: Project, tmp_path: Path) -> None:
    ok = check_source(project.source_url, project.layer)
    assert ok.ok and ok.dialect == "duckdb" and ok.tables >= len(project.layer.tables)
    missing = check_source(f"duckdb:///{tmp_path}/nothing.duckdb", project.layer)
    assert not missing.ok and "does not exist" in missing.message
    secret = check_source("postgresql://bob:hunter2@127.0.0.1:1/x")
    assert not secret.ok and "hunter2" not in secret.url + secret.message + secret.hint
