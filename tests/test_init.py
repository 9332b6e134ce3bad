"""``askbi init``: a project drafted from a database validates, and says what it guessed.

On the sample warehouse the draft is compared with the hand-written project; on small
DuckDB files it shows Korean comments, text dates and another schema; on the foreign
development databases (when ``../shared`` is there) the drafts answer a third of the
questions with no hand edits. PostgreSQL and MariaDB are in tests/connectors/test_init_servers.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from app.cli.main import main
from app.onboarding.init import InitFailed, init_project
from app.project.folder import Project, load_project
from app.project.live_check import compare_with_database
from connectors.registry import open_connector
from tests.support.foreign import SHARED, plans, run_database

pytestmark = pytest.mark.xdist_group("warehouse")


@pytest.fixture(scope="module")
def sample_draft(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    out = tmp_path_factory.mktemp("init") / "retail_project"
    init_project(f"duckdb:///{sample_warehouse}", out)
    return load_project(out)


def _edges(project: Project) -> set[tuple[str, str, str, str]]:
    return {
        (r.from_table, r.keys[0].from_column, r.to_table, r.keys[0].to_column)
        for r in project.layer.relationships
        if len(r.keys) == 1
    }


def test_the_sample_draft_finds_what_the_hand_written_project_says(
    sample_draft: Project, project: Project
) -> None:
    assert set(sample_draft.layer.tables) == set(project.layer.tables)
    hand = _edges(project)
    found = _edges(sample_draft)
    assert len(hand & found) >= 0.8 * len(hand), sorted(hand - found)
    assert found <= hand | {e for e in found if e[0] == "returns"}, sorted(found - hand)
    customers = sample_draft.layer.tables["customers"]
    assert {c.name for c in customers.columns if c.pii} >= {"email", "phone", "full_name"}
    times = {(t.table, t.definition.column) for t in sample_draft.layer.time_dimensions.values()}
    assert {("orders", "order_ts"), ("customers", "signup_date")} <= times
    assert all(m.status.value == "draft" for m in sample_draft.catalog.metrics.values())
    regions = sample_draft.layer.tables["regions"].column("region_name")
    assert regions is not None and "Seoul" in regions.allowed_values


def test_the_draft_answers_a_plan(sample_draft: Project, duckdb_connector: object) -> None:
    from metrics.compiler import compile_query
    from metrics.semantic_query import SemanticQuery
    from tests.conftest import TODAY

    plan = SemanticQuery(metrics=("order_count",), dimensions=("store_channel",))
    compiled = compile_query(plan, sample_draft.layer, sample_draft.catalog, today=TODAY)
    rows = duckdb_connector.query(compiled.sql).rows  # type: ignore[attr-defined]
    assert {r[0] for r in rows} == {"online", "retail"}


def _shop(path: Path) -> str:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA shop")
        con.execute(
            "CREATE TABLE shop.members (member_id INTEGER PRIMARY KEY, grade VARCHAR, "
            "joined_text VARCHAR)"
        )
        con.execute(
            "CREATE TABLE shop.purchases (purchase_id INTEGER PRIMARY KEY, member_id INTEGER "
            "REFERENCES shop.members (member_id), total DECIMAL(10, 2), bought_on DATE)"
        )
        con.execute("COMMENT ON TABLE shop.members IS '회원'")
        con.execute("COMMENT ON COLUMN shop.purchases.total IS '구매 금액'")
        con.executemany(
            "INSERT INTO shop.members VALUES (?, ?, ?)",
            [
                (i, "gold" if i % 3 else "silver", f"2025-0{1 + i % 9}-1{i % 9}")
                for i in range(1, 13)
            ],
        )
        con.executemany(
            "INSERT INTO shop.purchases VALUES (?, ?, ?, DATE '2026-01-01' + ?)",
            [(i, 1 + i % 12, 10.5 * i, i) for i in range(1, 40)],
        )
        con.execute("CREATE TABLE noise (x INTEGER)")
    return f"duckdb:///{path}"


def test_a_schema_korean_comments_and_text_dates(tmp_path: Path) -> None:
    url = _shop(tmp_path / "store.duckdb")
    result = init_project(url, tmp_path / "draft", schema="shop")
    draft = load_project(tmp_path / "draft")
    assert set(draft.layer.tables) == {"shop.members", "shop.purchases"}
    members = draft.layer.tables["shop.members"]
    assert members.labels == {"ko": "회원"}
    relationship = draft.layer.relationships[0]
    assert (relationship.from_table, relationship.to_table) == ("shop.purchases", "shop.members")
    assert "Inferred" not in relationship.description  # declared by a foreign key
    joined = next(t for t in draft.layer.time_dimensions.values() if t.table == "shop.members")
    assert joined.definition.expr and "%Y-%m-%d" in joined.definition.expr
    assert any(g.kind == "text read as dates" for g in result.guesses)
    with open_connector(url) as connector:
        tables = connector.list_tables(draft.layer.schemas())
        assert compare_with_database(draft.layer, tables) == []


def test_the_command_prints_what_to_review_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _shop(tmp_path / "store.duckdb")
    out = tmp_path / "draft"
    assert main(["init", url, "--schema", "shop", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Review:" in text and "askbi validate --project" in text
    assert main(["init", url, "--out", str(out), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "init_failed" and "not empty" in error["message"]
    with pytest.raises(InitFailed, match="no schema 'nowhere'"):
        init_project(url, tmp_path / "none", schema="nowhere")


@pytest.mark.skipif(
    not (SHARED / "questions.yaml").is_file(),
    reason=f"the foreign development set is not at {SHARED} (it lives in ../shared)",
)
@pytest.mark.parametrize("database", ["broker", "car_dealership"])
def test_drafts_of_the_foreign_databases_answer_a_third_of_their_questions(
    database: str, tmp_path: Path
) -> None:
    url = f"duckdb:///{SHARED / f'{database}.duckdb'}"
    init_project(url, tmp_path / database)
    draft = load_project(tmp_path / database)
    with open_connector(url) as connector:
        tables = connector.list_tables(draft.layer.schemas())
        assert compare_with_database(draft.layer, tables) == []
    outcomes = list(run_database(database, tmp_path / database, "init_plans.yaml"))
    wrong = [o for o in outcomes if o.verdict != "correct"]
    assert not wrong, "\n".join(f"{o.id}: {o.verdict} {o.detail}" for o in wrong)
    questions = [q for q in plans().values() if q["database"] == database]
    assert len(outcomes) >= len(questions) / 3
