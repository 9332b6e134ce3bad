"""Hostile SQL on DuckDB, and the time budget: every case ends with a clear outcome, within
bounds (10 s, and 1 GB of peak memory where memory is the point).

Memory cases run in a child process (``app.cli.measure``) so the peak is the case's own:
model-written SQL through the guard and the execute stage (``app.cli.robustness``, the
path of a model's answer), and statements sent straight to the connector with no guard in
front (``tests.support.connector_child``), where only the connector's own bounds stand.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from app.cli.measure import Measured, run_measured
from app.cli.robustness import FLAT_OR, NINETY_NINE_K
from app.llm.settings import LLMSettings
from app.pipeline.ask import ask
from app.pipeline.guard import guard_sql
from app.pipeline.records import Status
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from kernel.error_codes import ErrorCode
from tests.conftest import TODAY
from tests.support.openai_server import OpenAIServer, delayed, tool_call

pytestmark = pytest.mark.xdist_group("warehouse")

ROOT = Path(__file__).resolve().parents[1]
WALL_S = 10.0
"""The bound on a case's time, held to the CPU time it used: on a shared machine its wall
time also counts other processes' turns."""
PEAK_MB = 1024.0
LEASH_S = 60.0
"""Wall time after which a child is stopped as hung."""


def _measured(module: str, *args: str) -> Measured:
    run = run_measured(module, list(args), timeout_s=LEASH_S, rss_limit_mb=2 * PEAK_MB, cwd=ROOT)
    assert run.stopped is None, f"stopped for {run.stopped} after {run.seconds} s"
    assert run.cpu_seconds < WALL_S and run.peak_rss_mb < PEAK_MB, run
    assert run.returncode == 0 and "Traceback" not in run.stderr, run
    return run


def _model_sql(warehouse: Path, sql: str, max_rows: int = 10_000) -> dict[str, object]:
    """``sql`` answered as a model's SQL (guard, then execute), in a measured child."""
    run = _measured(
        "app.cli.robustness", str(SAMPLE_PROJECT), f"duckdb:///{warehouse}", str(max_rows), sql
    )
    answer: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return answer


def _straight(warehouse: Path, sql: str, max_rows: int = 10_000) -> dict[str, object]:
    """``sql`` sent to the connector with no guard, in a measured child."""
    run = _measured("tests.support.connector_child", f"duckdb:///{warehouse}", str(max_rows), sql)
    result: dict[str, object] = json.loads(run.stdout)
    return result


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT repeat('x', 1000000000) AS x",
        "SELECT repeat('x', 100000) AS x FROM order_items",
        "SELECT lpad('x', 1000000000, 'y') AS x",
        "SELECT format('{:>{}}', 'x', 1000000000) AS x",
    ],
    ids=["repeat_a_billion", "repeat_per_row", "lpad_a_billion", "format_width_from_argument"],
)
def test_a_model_query_that_builds_huge_values_is_refused(sql: str, sample_warehouse: Path) -> None:
    answer = _model_sql(sample_warehouse, sql)
    assert answer["error"] == ErrorCode.SQL_REFUSED and answer["rows"] == 0


def test_rows_past_the_byte_budget_are_cut_and_say_so(sample_warehouse: Path) -> None:
    answer = _model_sql(
        sample_warehouse, "SELECT order_id, repeat('x', 10000) AS x FROM order_items"
    )
    assert answer["error"] is None and answer["truncated"] is True
    assert 0 < int(str(answer["rows"])) < 10_000


def test_a_model_query_clipped_by_the_row_cap_says_truncated(sample_warehouse: Path) -> None:
    answer = _model_sql(sample_warehouse, "SELECT order_id FROM order_items", max_rows=10)
    assert (answer["rows"], answer["truncated"]) == (10, True)
    exact = _model_sql(sample_warehouse, "SELECT order_id FROM order_items LIMIT 10", max_rows=10)
    assert (exact["rows"], exact["truncated"]) == (10, False)


def test_without_the_guard_the_connector_still_bounds_wide_rows(sample_warehouse: Path) -> None:
    result = _straight(sample_warehouse, "SELECT repeat('x', 100000) AS x FROM order_items")
    assert result["error"] is None and result["truncated"] is True and result["over_budget"]
    assert result["cut_cells"] == result["rows"] and result["widest_cell"] < 10_100


def test_without_the_guard_a_long_cell_is_cut_with_a_marker(duckdb_connector: Connector) -> None:
    result = duckdb_connector.query("SELECT repeat('x', 50000) AS x, 'short' AS y")
    ((cell, short),) = result.rows
    assert cell.startswith("x" * 10_000) and cell.endswith(" … [cut: 40,000 more characters]")
    assert short == "short" and result.cut_cells == 1 and not result.truncated


def test_a_flat_300_term_or_is_accepted(project: Project) -> None:
    verdict = guard_sql(FLAT_OR, dialect="duckdb", layer=project.layer)
    assert verdict.ok, verdict.reasons
    assert verdict.sql.count(" OR ") == 299


def test_a_99k_character_statement_is_refused_quickly(sample_warehouse: Path) -> None:
    answer = _model_sql(sample_warehouse, NINETY_NINE_K[:99_000])
    assert answer["error"] == ErrorCode.SQL_REFUSED


def test_the_question_budget_covers_every_model_attempt(
    project: Project, duckdb_connector: Connector
) -> None:
    """Each model reply takes 1.5 s and every query it writes is refused: unbounded, that is
    a plan call and three SQL attempts. A 2.5 s budget leaves room for two requests."""
    refused = tool_call({"sql": "SELECT secret FROM nowhere"}, name="write_sql")
    cannot = tool_call({"outcome": "cannot_express", "reason": "no such metric"}, name="plan_query")
    with OpenAIServer() as server:
        server.reply(*(delayed(r, 1.5) for r in (cannot, refused, refused, refused)))
        env = open_environment(
            project,
            duckdb_connector,
            llm_settings=LLMSettings(api_key="t", base_url=server.url, model="m", timeout_s=20),
            settings=Settings(planner=PlannerMode.LLM, question_timeout_s=2.5),
            today=TODAY,
            read_values=False,
        )
        began = time.monotonic()
        answer = ask("how many secrets are there", env)
        spent = time.monotonic() - began
        requests = len(server.requests)
    assert answer.status is not Status.ANSWERED
    assert requests == 2, "the budget must stop the repairs"
    assert "time budget" in answer.narrative + " ".join(map(str, answer.warnings)), answer.narrative
    assert spent < WALL_S


def test_a_heavy_model_query_stops_at_the_question_budget(
    project: Project, duckdb_connector: Connector
) -> None:
    heavy = (
        "SELECT COUNT(*) AS n FROM order_items a CROSS JOIN order_items b"
        " CROSS JOIN order_items c WHERE a.quantity + b.quantity + c.quantity > 0"
    )
    cannot = tool_call({"outcome": "cannot_express", "reason": "no such metric"}, name="plan_query")
    with OpenAIServer() as server:
        server.reply(cannot, tool_call({"sql": heavy}, name="write_sql"))
        env = open_environment(
            project,
            duckdb_connector,
            llm_settings=LLMSettings(api_key="t", base_url=server.url, model="m", timeout_s=20),
            settings=Settings(planner=PlannerMode.LLM, timeout_s=60, question_timeout_s=3),
            today=TODAY,
            read_values=False,
        )
        began = time.monotonic()
        answer = ask("count every triple of order lines", env)
        spent = time.monotonic() - began
    assert answer.status is not Status.ANSWERED
    text = answer.narrative + " ".join(map(str, answer.warnings))
    assert (answer.error is not None and answer.error.code == ErrorCode.OUT_OF_TIME) or (
        "time budget" in text
    ), text
    assert spent < WALL_S, "the 60 s query timeout must give way to the 3 s question budget"
