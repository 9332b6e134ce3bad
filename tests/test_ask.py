"""The answer record: one trace for every question, from the CLI as from the library."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.pipeline.ask import ask, explain
from app.pipeline.environment import Environment
from app.pipeline.present.narrative import correlation
from app.pipeline.records import Answer, Source, Status
from app.pipeline.startup import open_environment
from app.project.folder import Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from tests.conftest import TODAY
from tests.support.cli import run_cli as run

pytestmark = pytest.mark.xdist_group("warehouse")


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


def test_an_answer_carries_its_whole_trace(env: Environment) -> None:
    answer = ask("지난달 지역별 매출", env)
    assert answer.status is Status.ANSWERED and answer.source is Source.PLANNER
    assert answer.column_names() == ["region", "revenue"] and answer.row_count == 8
    assert answer.chart is not None and answer.chart.kind == "bar"
    assert answer.understood == "매출 (v2) · 지역별 · 2026년 5월"
    english = ask("revenue by region last month", env)
    assert english.understood == "Revenue (v2) by Region, last month (May 2026)"
    assert answer.metric_versions == {"revenue": 2}
    assert set(answer.timings_ms) == {"ground", "plan", "compile", "guard", "execute", "present"}
    assert answer.time_window is not None and str(answer.time_window.end) == "2026-05-31"
    top = max(answer.rows, key=lambda row: row[1])
    shown = answer.value_names["region"][top[0]]  # the region's Korean name, 경기 for Gyeonggi
    # Won in a Korean sentence as a reader says it: whole 만 below 억.
    assert (
        f"최고 {shown} ₩{top[1] / 10_000:,.0f}만" in answer.narrative and "최저" in answer.narrative
    )
    assert answer.sql is not None and answer.sql.rstrip().endswith("LIMIT 10001")


def test_satisfaction_and_revenue_get_a_scatter_and_a_correlation(env: Environment) -> None:
    answer = ask("how does customer satisfaction affect revenue", env)
    assert answer.status is Status.ANSWERED and answer.intent.value == "correlation"
    assert answer.column_names() == ["store", "avg_csat", "revenue", "revenue_growth_yoy"]
    assert answer.chart is not None and answer.chart.kind == "scatter"
    assert (answer.chart.x, answer.chart.y) == ("avg_csat", ("revenue_growth_yoy",))
    assert answer.chart.label == "store" and answer.row_count == 48
    for column in (2, 3):
        pairs = [
            (float(r[1]), float(r[column])) for r in answer.rows if None not in (r[1], r[column])
        ]
        r = correlation([p[0] for p in pairs], [p[1] for p in pairs])
        assert r is not None and f"(r = {r:.2f})" in answer.narrative
    assert answer.narrative.startswith("Across 48 stores (Jun 1, 2025 – May 31, 2026)")


def test_a_single_number_is_a_card_with_its_value_in_words(env: Environment) -> None:
    answer = ask("revenue last month", env)
    assert answer.chart is not None and answer.chart.kind == "number"
    value = answer.rows[0][0]
    assert f"₩{value:,.0f}" in answer.narrative


def test_a_range_without_data_says_so(env: Environment) -> None:
    answer = ask("revenue by month in Q3 2026", env)
    assert answer.status is Status.ANSWERED and answer.row_count == 0
    warnings = [str(w) for w in answer.warnings]
    assert "The query returned no rows." in warnings
    assert any("There is no data for 2026-07-01 to 2026-09-30" in w for w in warnings)


def test_a_range_past_the_data_warns_that_the_last_period_is_incomplete(
    env: Environment,
) -> None:
    answer = ask(
        "revenue since 2026-06-01",
        replace(env, today=TODAY.replace(day=30, month=7)),
    )
    warnings = [str(w) for w in answer.warnings]
    assert any("The data ends on 2026-06-30" in w for w in warnings), warnings


def test_explain_stops_before_the_database(env: Environment) -> None:
    answer = explain("revenue by category this year", env)
    assert answer.status is Status.ANSWERED and answer.sql and not answer.rows
    assert "execute" not in answer.timings_ms and "guard" in answer.timings_ms


def test_a_clarification_runs_nothing(env: Environment) -> None:
    answer = ask("profit by colour", env)
    assert answer.status is Status.CLARIFY and answer.sql is None
    assert answer.clarification is not None
    options = answer.clarification.options
    assert options and len({o.question for o in options}) == len(options), "no duplicates"
    # "colour" was asked as a breakdown: the options are the breakdowns the metric allows,
    # each the whole question with the word replaced, so clicking one always answers.
    assert "profit by category" in [o.question for o in options]
    for option in options:
        assert ask(option.question, env).status is Status.ANSWERED, option


def test_no_database_is_an_answer_with_an_error_not_a_crash(project: Project) -> None:
    env = open_environment(
        project, None, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )
    answer = ask("revenue by region", env)
    assert answer.status is Status.ERROR and answer.error is not None
    assert answer.error.code == "no_database" and answer.plan is not None and answer.sql


def test_the_answer_record_round_trips_through_json(env: Environment) -> None:
    answer = ask("top 3 stores by revenue last quarter", env)
    again = Answer.model_validate_json(answer.model_dump_json())
    assert again == answer


def test_cli_ask_json_prints_the_record(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    code, out, _ = run(
        capsys,
        "ask",
        "지난달 서울 매출",
        "--source",
        project.source_url,
        "--today",
        str(TODAY),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["status"] == "answered" and data["source"] == "planner"
    assert data["plan"]["filters"] == [{"dimension": "region", "op": "=", "values": ["Seoul"]}]
    assert data["today"] == str(TODAY) and data["rows"] and data["narrative"]


def test_cli_ask_failure_is_an_error_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "ask", "revenue", "--source", "duckdb:////nowhere/retail.duckdb", "--json"
    )
    assert code == 2 and json.loads(out)["error"]["code"] == "database_not_found"


def test_cli_ask_text(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(
        capsys,
        "ask",
        "top 5 products by revenue in Seoul last quarter",
        "--source",
        project.source_url,
        "--today",
        str(TODAY),
    )
    assert code == 0 and "understood: Revenue (v2) by Product" in out and "top 5 by Revenue" in out


def test_sql_check_prints_the_verdict(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT 1; DROP TABLE orders"))
    code, out, _ = run(capsys, "sql-check", "--dialect", "duckdb")
    verdict = json.loads(out)
    assert code == 1 and verdict["ok"] is False and verdict["reasons"] and verdict["sql"] == ""


def test_an_unreachable_model_falls_back_to_the_offline_answer(
    project: Project, duckdb_connector: Connector
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    from app.llm.settings import LLMSettings

    settings = LLMSettings(
        api_key="test", base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout_s=2
    )
    env = open_environment(
        project,
        duckdb_connector,
        llm_settings=settings,
        settings=Settings(planner=PlannerMode.LLM),
        today=TODAY,
    )
    answer = ask("revenue by region last month", env)
    assert answer.status is Status.ANSWERED and answer.source is Source.PLANNER
    assert any(w.startswith("The model was not used:") for w in map(str, answer.warnings))
    unclear = ask("profit by colour", env)
    assert unclear.status is Status.CLARIFY
    assert any(w.startswith("The model was not used:") for w in map(str, unclear.warnings))


def test_a_deprecated_metric_answers_with_a_warning(env: Environment) -> None:
    answer = ask("legacy sales by region last month", env)
    assert answer.status is Status.ANSWERED and answer.plan is not None
    assert answer.plan.metrics == ("legacy_sales",)
    warnings = [str(w) for w in answer.warnings]
    assert "Metric 'legacy_sales' is deprecated. Use 'revenue' instead." in warnings


def test_model_sql_that_fans_out_is_answered_with_a_warning(
    project: Project, duckdb_connector: Connector
) -> None:
    from app.llm.settings import LLMSettings
    from tests.support.openai_server import OpenAIServer, tool_call

    fan_out = (
        "SELECT SUM(o.shipping_fee) AS shipping FROM orders o "
        "JOIN order_items i ON i.order_id = o.order_id"
    )
    with OpenAIServer() as server:
        server.reply(
            tool_call(
                {"outcome": "cannot_express", "reason": "no shipping metric"}, name="plan_query"
            ),
            tool_call({"sql": fan_out}, name="write_sql"),
        )
        env = open_environment(
            project,
            duckdb_connector,
            llm_settings=LLMSettings(api_key="t", base_url=server.url, model="m", timeout_s=5),
            today=TODAY,
        )
        answer = ask("total shipping fees collected", env)
    assert answer.status is Status.ANSWERED and answer.source is Source.LLM_SQL
    warnings = [str(w) for w in answer.warnings]
    assert any("orders" in w and "order_items" in w for w in warnings), warnings
    assert answer.llm_calls == 2 and answer.tokens.prompt_tokens > 0
    assert answer.prompt_version and "sql.v1" in answer.prompt_version
    assert answer.understood.startswith("SQL written by the model. Reads order_items, orders;")


def test_the_sentence_speaks_the_language_of_the_question(env: Environment) -> None:
    english = ask("how does customer satisfaction affect revenue", env)
    korean = ask("고객 만족도가 매출에 미치는 영향", env)
    assert english.rows == korean.rows
    assert english.narrative.startswith("Across 48 stores") and "With Revenue:" in english.narrative
    assert korean.narrative.startswith("매장 48개 기준") and "(r = " in korean.narrative


@pytest.mark.slow
def test_satisfaction_drives_growth_on_the_full_sample(project: Project, tmp_path: Path) -> None:
    """At full scale the sample's built-in effect is there to find: happier stores grow."""
    from connectors.registry import open_connector
    from sample_db.generate import build_sample_warehouse

    path = tmp_path / "full.duckdb"
    build_sample_warehouse(path, scale=1.0, seed=42, end_date=TODAY)
    with open_connector(f"duckdb:///{path}") as connector:
        env = open_environment(
            project, connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
        )
        answer = ask("고객 만족도가 매출에 미치는 영향", env)
    pairs = [(float(r[1]), float(r[3])) for r in answer.rows if None not in (r[1], r[3])]
    r = correlation([p[0] for p in pairs], [p[1] for p in pairs])
    assert r is not None and r > 0.4, r
    assert "전년 대비 매출 성장률: 강한 양의 관계" in answer.narrative or "중간" in answer.narrative


def test_a_pasted_document_is_refused_at_once_with_its_length(env: Environment) -> None:
    """Grounding grows faster than the question; a page of text gets a message, not a wait."""
    question = "revenue by region last month " * 100
    answer = ask(question, env)
    assert answer.status is Status.ERROR
    assert answer.error is not None and answer.error.code == "invalid_argument"
    assert f"{len(question):,} characters" in answer.narrative


def test_a_comparison_shows_both_periods_and_says_when_one_is_not_over(env: Environment) -> None:
    answer = ask("revenue this year vs last year", env)
    assert answer.column_names() == ["revenue", "revenue__previous", "revenue_growth_yoy"]
    current, previous, growth = answer.rows[0]
    same_days_last_year = ask("revenue from 2025-01-01 to 2025-06-30", env).rows[0][0]
    assert previous == pytest.approx(same_days_last_year)
    assert current / previous - 1 == pytest.approx(growth)
    # Today is June 30: this year so far is exactly the first half, named as one.
    assert answer.columns[1].label == "Revenue (H1 2025)"
    assert answer.narrative == (
        f"Revenue was ₩{current:,.0f} (H1 2026), up {growth:.1%} from ₩{previous:,.0f} (H1 2025)."
    )
    assert any("not a whole year yet" in note for note in map(str, answer.notes))
    whole = ask("지난달 매출 전월 대비", env)  # May against April: both whole, no note
    assert whole.narrative.startswith("매출 ₩") and "(2026년 5월), 2026년 4월 ₩" in whole.narrative
    assert not any("끝나지 않은" in note for note in map(str, whole.notes))


def test_a_term_defined_in_the_notes_is_read_and_the_answer_says_so(env: Environment) -> None:
    """Benchmarks and analysts define their abbreviations beside the question."""
    notes = "To answer, use the orders table. RBR = Revenue By Region."
    answer = ask("What was the RBR last month?", env, notes=notes)
    plain = ask("What was the revenue by region last month?", env)
    assert answer.status is Status.ANSWERED
    assert answer.sql == plain.sql and answer.rows == plain.rows
    assert "Read 'RBR' as 'revenue by region'" in " ".join(map(str, answer.notes))
    assert ask("What was the RBR last month?", env).status is not Status.ANSWERED
