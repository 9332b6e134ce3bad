"""``askbi eval``: execution accuracy against gold SQL, graded misses, paraphrase agreement,
for the offline planner on the shipped dataset and for a model behind a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.evaluation.dataset import load_dataset
from app.evaluation.grade import CORRECT, EXTRA_ROWS, MISSING_COLUMNS, WRONG_VALUES, grade
from app.evaluation.runner import run_eval
from app.llm.settings import LLMSettings
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from kernel.problems import ValidationFailed
from tests.conftest import TODAY
from tests.support.openai_server import OpenAIServer, tool_call

pytestmark = pytest.mark.xdist_group("warehouse")

DATASET = SAMPLE_PROJECT / "eval" / "sample.yaml"


def test_the_offline_planner_on_the_shipped_dataset(
    project: Project, duckdb_connector: Connector
) -> None:
    dataset = load_dataset(DATASET)
    assert dataset.today == TODAY and len(dataset.questions) >= 20
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE)
    )
    report = run_eval(dataset, env, name="sample")
    answered = [o for o in report.outcomes if o.status == "answered"]
    assert answered and all(o.grade == CORRECT for o in answered), report.to_text()
    refused = {o.id for o in report.outcomes if o.grade == "refused"}
    assert refused == {
        "items_per_order",
        "customer_total",
        "largest_stores",
        "products_per_category",
    }
    assert report.execution_accuracy == len(answered) / len(report.outcomes)
    assert report.consistency == 1.0 and report.llm_calls_per_question == 0
    assert report.failures["refused"] == 4 and report.latency_p95_ms >= report.latency_p50_ms > 0


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        (["value", "region"], [(2.0, "b"), (1.0, "a")], CORRECT),
        (["region", "value"], [("a", 1.0), ("b", 2.0), ("c", 3.0)], EXTRA_ROWS),
        (["region"], [("a",), ("b",)], MISSING_COLUMNS),
        (["region", "value"], [("a", 1.0), ("b", 2.5)], WRONG_VALUES),
        (["region", "value"], [], "empty result"),
    ],
)
def test_grades(columns: list[str], rows: list[tuple[object, ...]], expected: str) -> None:
    assert grade(["region", "value"], [("a", 1), ("b", 2)], columns, rows) == expected


def test_order_matters_only_when_the_gold_orders() -> None:
    gold, got = [("a", 2), ("b", 1)], [("b", 1), ("a", 2)]
    assert grade(["r", "v"], gold, ["r", "v"], got) == CORRECT
    assert grade(["r", "v"], gold, ["r", "v"], got, ordered=True) == WRONG_VALUES


def test_a_bad_dataset_names_file_line_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("today: 2026-06-30\nquestions:\n  - id: a\n    question: x\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as raised:
        load_dataset(bad)
    assert "bad.yaml:3" in str(raised.value) and "gold_sql" in str(raised.value)


def test_a_model_is_measured_including_its_inconsistency(
    project: Project, duckdb_connector: Connector, server: OpenAIServer, tmp_path: Path
) -> None:
    dataset = tmp_path / "model.yaml"
    dataset.write_text(
        f"today: {TODAY}\n"
        "questions:\n"
        "  - {id: a, group: g, question: revenue by region,\n"
        '     gold_sql: "SELECT r.region_name, '
        "SUM(oi.quantity * oi.unit_price * (1 - oi.discount_pct)) "
        "FROM order_items oi JOIN orders o ON o.order_id = oi.order_id JOIN stores s ON "
        "s.store_id = o.store_id JOIN regions r ON r.region_id = s.region_id WHERE o.status = "
        "'completed' AND NOT o.is_test GROUP BY 1\"}\n"
        '  - {id: b, group: g, question: 지역별 매출, gold_sql: "SELECT 1 AS x"}\n'
        "  - {id: c, question: how many customers do we have in total,\n"
        '     gold_sql: "SELECT COUNT(*) AS customers FROM customers"}\n',
        encoding="utf-8",
    )
    good = {"outcome": "plan", "plan": {"metrics": ["revenue"], "dimensions": ["region"]}}
    other = {"outcome": "plan", "plan": {"metrics": ["revenue"], "dimensions": ["store"]}}
    cannot = {"outcome": "cannot_express", "reason": "no metric counts all customers"}
    server.reply(
        tool_call(good, name="plan_query", usage=(900, 40)),
        tool_call(other, name="plan_query", usage=(900, 40)),
        tool_call(cannot, name="plan_query", usage=(900, 30)),
        tool_call(
            {"sql": "SELECT COUNT(*) AS n FROM customer"}, name="write_sql", usage=(1200, 20)
        ),
        tool_call(
            {"sql": "SELECT COUNT(*) AS n FROM customers"}, name="write_sql", usage=(1300, 20)
        ),
    )
    env = open_environment(
        project,
        duckdb_connector,
        llm_settings=LLMSettings(api_key="test", base_url=server.url, model="m", timeout_s=5),
        settings=Settings(planner=PlannerMode.LLM),
    )
    report = run_eval(load_dataset(dataset), env, name="model")
    by_id = {o.id: o for o in report.outcomes}
    assert by_id["a"].grade == CORRECT and by_id["a"].source == "llm-plan"
    assert by_id["b"].grade in (WRONG_VALUES, EXTRA_ROWS, MISSING_COLUMNS)
    assert by_id["c"].grade == CORRECT and by_id["c"].source == "llm-sql"
    assert by_id["c"].llm_calls == 3  # the plan call, the SQL, one repair
    assert report.consistency == 0.0, "the two paraphrases got different answers"
    assert report.mode == "llm" and report.llm_calls_per_question == pytest.approx(5 / 3)
    assert report.tokens_per_question == pytest.approx((940 + 940 + 930 + 1220 + 1320) / 3)
    repair = server.requests[-1].text
    assert "customer" in repair and "refused" in repair.lower()


def test_cli_eval_writes_the_report(
    capsys: pytest.CaptureFixture[str], project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    code = main(["eval", str(DATASET), "--source", project.source_url, "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0 and "execution accuracy" in text and "paraphrase consistency" in text
    assert json.loads(out.read_text())["questions"] >= 20


@pytest.mark.parametrize(
    ("question", "ordered"),
    [
        ("Total ordered quantity by supplier in 2025", False),
        ("Which products were ordered most often?", False),
        ("Return the month and revenue, ordered by month", True),
        ("top stores by revenue in descending order", True),
        ("월별 매출을 순서대로", True),
    ],
)
def test_a_question_orders_its_rows_only_by_an_ordering_phrase(
    question: str, ordered: bool
) -> None:
    from app.evaluation.gold_rows import _ORDERED

    assert bool(_ORDERED.search(question)) is ordered
