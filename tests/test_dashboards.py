"""Dashboards: YAML files written atomically, optimistic saves, concurrent refresh and adds."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from app.dashboards.model import Dashboard, Tile
from app.dashboards.refresh import DashboardFilters, refresh
from app.dashboards.store import (
    DashboardConflict,
    add_tile,
    dashboard_names,
    load_dashboard,
    path_of,
    remove_tile,
    save_dashboard,
)
from app.dashboards.tiles import NotSaveable, tile_for
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.records import Status
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from kernel.problems import ValidationFailed
from metrics.semantic_query import Filter, SemanticQuery
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

REVENUE_BY_REGION = SemanticQuery.model_validate(
    {
        "metrics": ["revenue"],
        "dimensions": ["region"],
        "time_range": {"kind": "last", "n": 1, "unit": "month"},
    }
)


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE_PROJECT, tmp_path / "project"))


def _tile(tile_id: str, plan: SemanticQuery = REVENUE_BY_REGION, **extra: object) -> Tile:
    return Tile.model_validate(
        {"id": tile_id, "title": f"Tile {tile_id}", "chart": "bar", "plan": plan, **extra}
    )


def test_a_saved_answer_keeps_its_plan_not_its_question(root: Path, env: Environment) -> None:
    answer = ask("지난달 지역별 매출", env)
    saved = add_tile(root, "sales", tile_for(answer), title="Sales")
    text = path_of(root, "sales").read_text(encoding="utf-8")
    assert "지난달" not in text and "question" not in text
    assert "metrics: [revenue]" in text and "time_range: {kind: last, n: 1, unit: month}" in text
    loaded = load_dashboard(root, "sales")
    assert loaded == saved and loaded.dashboard.tiles[0].plan == answer.plan
    assert loaded.dashboard.tiles[0].title.startswith("지역별 매출")  # the question's language
    assert "sales" in dashboard_names(root)


def test_a_clarification_cannot_be_saved(env: Environment) -> None:
    with pytest.raises(NotSaveable, match="Only an answered question"):
        tile_for(ask("profit by colour", env))


def test_a_save_based_on_an_old_version_is_refused_and_changes_nothing(root: Path) -> None:
    mine = add_tile(root, "shared", _tile("a"), title="Shared")
    theirs = add_tile(root, "shared", _tile("b"))  # someone else, meanwhile
    with pytest.raises(DashboardConflict, match="changed by someone else since you opened it"):
        remove_tile(root, mine, "a")
    assert [t.id for t in load_dashboard(root, "shared").dashboard.tiles] == ["a", "b"]
    assert load_dashboard(root, "shared").version == theirs.version
    with pytest.raises(DashboardConflict, match="already exists"):
        save_dashboard(root, "shared", Dashboard(title="Mine"), based_on=None)


def test_an_invalid_dashboard_file_says_where(root: Path) -> None:
    path = path_of(root, "broken")
    path.write_text("title: Broken\ntiles:\n  - id: x\n    title: X\n    chart: pie\n", "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_dashboard(root, "broken")
    assert "dashboards/broken.yaml:5" in caught.value.message and "pie" in caught.value.message


def test_no_temporary_file_is_left_behind(root: Path) -> None:
    add_tile(root, "tidy", _tile("a"), title="Tidy")
    assert sorted(p.name for p in (root / "dashboards").iterdir()) == [
        "tidy.yaml",
        "weekly-review.yaml",
    ]


def test_refresh_applies_the_date_range_and_filter_and_isolates_errors(
    root: Path, env: Environment
) -> None:
    broken = _tile("broken", SemanticQuery(metrics=("revenue",)))
    broken = broken.model_copy(
        update={"plan": broken.plan.model_copy(update={"metrics": ("revnue",)})}
    )  # type: ignore[union-attr]
    returns = _tile(
        "refunds", SemanticQuery(metrics=("refund_amount",), dimensions=("return_reason",))
    )
    spend = _tile(
        "spend", SemanticQuery(metrics=("marketing_spend",), dimensions=("marketing_channel",))
    )
    dashboard = Dashboard(title="Mixed", tiles=(_tile("revenue"), broken, returns, spend))
    filters = DashboardFilters(
        start=dt.date(2026, 3, 31),
        end=dt.date(2026, 1, 1),  # reversed on purpose: the bar accepts either order
        filter=Filter(dimension="return_reason", values=("defective",)),
    )
    result = refresh(dashboard, env, filters)
    assert [t.tile.id for t in result.tiles] == ["revenue", "broken", "refunds", "spend"]
    revenue, failed, refunds, spend_result = result.tiles
    assert revenue.answer.ok and ", Q1 2026" in revenue.answer.understood
    assert tuple(map(str, revenue.notes)) == (
        "The Return reason filter does not apply: these metrics have no Return reason.",
    )
    assert failed.answer.error is not None and failed.answer.error.code == "unknown_metric"
    assert refunds.answer.ok and "where Return reason is defective" in refunds.answer.understood
    assert {row[0] for row in refunds.answer.rows} == {"defective"}
    assert spend_result.answer.ok and result.failed == 1
    assert result.refreshed_at.tzinfo is not None


def test_a_sql_tile_is_guarded_again_on_refresh(env: Environment) -> None:
    good = Tile(
        id="sql", title="Stores", sql="SELECT count(*) AS stores FROM stores", dialect="duckdb"
    )
    bad = Tile(id="bad", title="Drop", sql="DROP TABLE stores", dialect="duckdb")
    result = refresh(
        Dashboard(title="SQL", tiles=(good, bad)), env, DashboardFilters(start=TODAY, end=TODAY)
    )
    ok, refused = result.tiles
    assert ok.answer.ok and ok.answer.rows[0][0] > 0
    assert tuple(map(str, ok.notes)) == (
        "The dashboard's date range and filter do not apply to SQL tiles.",
    )
    assert refused.answer.status is Status.REFUSED


def test_eight_sessions_asking_and_saving_at_once_lose_no_tile(
    root: Path, env: Environment
) -> None:
    """Eight threads each ask a question and save three tiles to the same dashboard."""
    questions = [
        "revenue by region last month",
        "지난달 지역별 매출",
        "AOV by month this year",
        "units sold by category last quarter",
        "roas by region",
        "order count last 7 days",
        "revenue by store format",
        "올해 월별 매출",
    ]
    start = threading.Barrier(len(questions))
    saved: list[str] = []
    failures: list[BaseException] = []

    def session(question: str) -> None:
        try:
            answer = ask(question, env)
            start.wait()
            for n in range(3):
                tile = tile_for(answer, f"{question} #{n}")
                add_tile(root, "together", tile, title="Together")
                saved.append(tile.id)
        except BaseException as e:  # collected: a thread's failure must fail the test
            failures.append(e)

    threads = [threading.Thread(target=session, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    loaded = load_dashboard(root, "together")  # parses: the file is whole
    assert sorted(t.id for t in loaded.dashboard.tiles) == sorted(saved)
    assert len(saved) == 24
    assert yaml.safe_load(path_of(root, "together").read_text("utf-8"))["title"] == "Together"


def test_every_dashboard_key_is_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "app.md").read_text("utf-8")
    keys = {name for model in (Dashboard, Tile) for name in model.model_fields}
    assert not sorted(k for k in keys if f"`{k}`" not in text)
    assert all(f"`{kind}`" in text for kind in ("number", "line", "bar", "scatter", "table"))
