"""A breakdown by another table's dimension equals the SQL an analyst writes: it JOINs.

The factory (``tests/cases/projects/work_orders``) has work orders with no production line
(a nullable foreign key) and work orders with no priority (a column of their own). "Scrap
rate by plant" counts the work orders that reach a plant, as ``JOIN lines … JOIN plants``
does, and says so; "by priority" keeps its empty group, as ``GROUP BY priority`` does; a
total or a filter reads through its joins without narrowing the facts; and a plan that lists
the things meeting a condition lists no empty group as one of them. Every answer is compared
with hand-written SQL on DuckDB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app.i18n.catalog import Language
from app.pipeline.ask import ask
from app.pipeline.compile import unmatched_note
from app.pipeline.startup import open_environment
from app.project.folder import Project, load_project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from connectors.registry import open_connector
from metrics.compiler import Unmatched, compile_query
from metrics.semantic_query import SemanticQuery

PROJECT = Path(__file__).parent / "cases" / "projects" / "work_orders"
TODAY = dt.date(2026, 6, 30)

LINES = [(1, "P1", "L1"), (2, "P1", "L2"), (3, "P2", "L3")]
WORK_ORDERS = [
    # id, line, priority, good, scrap, created
    (1, 1, "high", 90, 10, "2026-01-05"),
    (2, 2, "low", 95, 5, "2026-01-06"),
    (3, 3, None, 80, 20, "2026-02-01"),
    (4, None, "high", 50, 50, "2026-02-02"),  # no line, so no plant
    (5, None, None, 10, 90, "2026-03-01"),  # no line and no priority
    (6, 3, "low", 99, 1, "2026-03-02"),
]

JOINED = (
    "FROM work_orders w JOIN lines l ON l.line_id = w.line_id "
    "JOIN plants p ON p.plant_cd = l.plant_cd"
)
RATE = "CAST(SUM(w.scrap_qty) AS DOUBLE) / SUM(w.good_qty + w.scrap_qty)"


@pytest.fixture(scope="module")
def factory_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("factory") / "factory.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute("CREATE TABLE plants (plant_cd VARCHAR, plant_nm VARCHAR)")
        db.execute("INSERT INTO plants VALUES ('P1', 'Alpha'), ('P2', 'Beta')")
        db.execute("CREATE TABLE lines (line_id INTEGER, plant_cd VARCHAR, line_cd VARCHAR)")
        db.executemany("INSERT INTO lines VALUES (?, ?, ?)", LINES)
        db.execute(
            "CREATE TABLE work_orders (wo_id INTEGER, line_id INTEGER, priority VARCHAR, "
            "good_qty INTEGER, scrap_qty INTEGER, created_on DATE)"
        )
        db.executemany("INSERT INTO work_orders VALUES (?, ?, ?, ?, ?, ?)", WORK_ORDERS)
    return path


@pytest.fixture(scope="module")
def factory(factory_file: Path) -> Project:
    return load_project(PROJECT, source=f"duckdb:///{factory_file}")


@pytest.fixture(scope="module")
def connector(factory: Project) -> Iterator[Connector]:
    with open_connector(factory.source_url) as opened:
        yield opened


def _sql(factory: Project, plan: dict[str, Any]) -> str:
    query = SemanticQuery.model_validate(plan)
    return compile_query(query, factory.layer, factory.catalog, today=TODAY).sql


def _rows(connector: Connector, sql: str) -> list[tuple[Any, ...]]:
    rows = [
        tuple(round(v, 9) if isinstance(v, float) else v for v in r)
        for r in connector.query(sql).rows
    ]
    return sorted(rows, key=str)


@pytest.mark.parametrize(
    ("plan", "hand_written"),
    [
        (
            {"metrics": ["scrap_rate", "work_order_count"], "dimensions": ["plant"]},
            f"SELECT p.plant_nm, {RATE}, COUNT(w.wo_id) {JOINED} GROUP BY p.plant_nm",
        ),
        (
            {"metrics": ["work_order_count"], "dimensions": ["line", "priority"]},
            "SELECT l.line_cd, w.priority, COUNT(w.wo_id) FROM work_orders w "
            "JOIN lines l ON l.line_id = w.line_id GROUP BY l.line_cd, w.priority",
        ),
        (
            {"metrics": ["scrap_units"], "dimensions": ["plant"], "grain": "month"},
            f"SELECT p.plant_nm, CAST(DATE_TRUNC('month', w.created_on) AS DATE), SUM(w.scrap_qty) "
            f"{JOINED} "
            "GROUP BY ALL",
        ),
    ],
    ids=["by_plant", "by_line_and_own_priority", "by_plant_and_month"],
)
def test_a_breakdown_by_another_tables_dimension_counts_the_facts_that_reach_it(
    plan: dict[str, Any], hand_written: str, factory: Project, connector: Connector
) -> None:
    sql = _sql(factory, plan)
    assert "INNER JOIN lines" in sql and "LEFT JOIN" not in sql
    assert _rows(connector, sql) == _rows(connector, hand_written)


def test_an_empty_value_of_the_metrics_own_table_stays_a_group(
    factory: Project, connector: Connector
) -> None:
    sql = _sql(factory, {"metrics": ["scrap_rate"], "dimensions": ["priority"]})
    hand_written = f"SELECT w.priority, {RATE} FROM work_orders w GROUP BY w.priority"
    rows = _rows(connector, sql)
    assert rows == _rows(connector, hand_written)
    assert (None, 0.55) in rows  # work orders 3 and 5: 110 scrapped of 200


def test_a_total_and_a_filter_read_through_their_joins_without_narrowing(
    factory: Project, connector: Connector
) -> None:
    total = _sql(factory, {"metrics": ["work_order_count"]})
    assert _rows(connector, total) == [(len(WORK_ORDERS),)]
    plan = {
        "metrics": ["work_order_count"],
        "filters": [{"dimension": "plant", "op": "!=", "value": "Beta"}],
    }
    filtered = _sql(factory, plan)
    assert "LEFT JOIN lines" in filtered and "INNER JOIN" not in filtered
    hand_written = (
        "SELECT COUNT(w.wo_id) FROM work_orders w LEFT JOIN lines l ON l.line_id = w.line_id "
        "LEFT JOIN plants p ON p.plant_cd = l.plant_cd WHERE p.plant_nm != 'Beta'"
    )
    assert _rows(connector, filtered) == _rows(connector, hand_written) == [(2,)]


@pytest.mark.parametrize(
    ("plan", "hand_written"),
    [
        (
            {
                "metrics": ["scrap_rate"],
                "dimensions": ["plant"],
                "having": [{"metric": "scrap_rate", "op": ">", "value": 0.08}],
            },
            f"SELECT p.plant_nm, {RATE} {JOINED} GROUP BY p.plant_nm HAVING {RATE} > 0.08",
        ),
        (
            # The work orders with no priority scrap 55%: no priority, and not listed as one.
            {
                "metrics": ["scrap_rate"],
                "dimensions": ["priority"],
                "having": [{"metric": "scrap_rate", "op": ">", "value": 0.1}],
            },
            f"SELECT w.priority, {RATE} FROM work_orders w WHERE w.priority IS NOT NULL "
            f"GROUP BY w.priority HAVING {RATE} > 0.1",
        ),
    ],
    ids=["plants_above", "priorities_above"],
)
def test_the_things_that_meet_a_condition_are_things(
    plan: dict[str, Any], hand_written: str, factory: Project, connector: Connector
) -> None:
    rows = _rows(connector, _sql(factory, plan))
    assert rows == _rows(connector, hand_written)
    assert len(rows) == 1 and rows[0][0] is not None


def test_the_answer_says_which_facts_are_left_out_in_both_languages(factory: Project) -> None:
    def unmatched(plan: dict[str, Any]) -> tuple[Unmatched, ...]:
        query = SemanticQuery.model_validate(plan)
        return compile_query(query, factory.layer, factory.catalog, today=TODAY).unmatched

    (left_out,) = unmatched({"metrics": ["scrap_rate"], "dimensions": ["plant", "priority"]})
    assert left_out == Unmatched("work_orders", "plants")
    shown = unmatched_note(left_out, factory.layer)
    assert shown.render(Language.EN) == "Work orders with no plant are left out."
    assert shown.render(Language.KO) == "공장이 없는 작업 지시는 제외했습니다."
    line = unmatched_note(Unmatched("work_orders", "lines"), factory.layer)
    assert line.render(Language.EN) == "Work orders with no production line are left out."
    assert line.render(Language.KO) == "생산 라인이 없는 작업 지시는 제외했습니다."
    # Every line has a plant (plant_cd is not nullable), and a work order its own priority.
    assert unmatched({"metrics": ["line_count"], "dimensions": ["plant"]}) == ()
    assert unmatched({"metrics": ["scrap_rate"], "dimensions": ["priority"]}) == ()
    plant_filter = [{"dimension": "plant", "value": "Alpha"}]
    assert unmatched({"metrics": ["scrap_rate"], "filters": plant_filter}) == ()


@pytest.mark.parametrize(
    ("question", "language", "said"),
    [
        ("scrap rate by plant", Language.EN, "Work orders with no plant are left out."),
        ("공장별 스크랩률", Language.KO, "공장이 없는 작업 지시는 제외했습니다."),
    ],
)
def test_an_answer_by_plant_carries_the_note(
    question: str, language: Language, said: str, factory: Project, connector: Connector
) -> None:
    env = open_environment(
        factory, connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )
    answer = ask(question, env)
    assert answer.plan is not None and answer.plan.dimensions == ("plant",)
    assert said in [w.render(language) for w in answer.warnings]
