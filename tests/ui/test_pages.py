"""Every page of the app, driven through Streamlit's AppTest as a user would click it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from app.answers.feedback import Rating, read_feedback
from app.dashboards.model import Tile
from app.dashboards.store import add_tile, load_dashboard, path_of
from app.ui.actions import NEW_DASHBOARD
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Between
from tests.ui.conftest import MAIN

pytestmark = [pytest.mark.xdist_group("warehouse"), pytest.mark.usefixtures("app_project")]


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def last(at: AppTest) -> Any:
    return at.session_state["askbi_conversation"][-1]


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "success", "warning", "error", "code", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def test_a_question_gets_narrative_chart_table_sql_and_actions() -> None:
    at = ask(open_app(), "revenue by region last month")
    assert "Gyeonggi was highest" in texts(at)
    assert len(at.get("plotly_chart")) == 1 and len(at.dataframe) == 1
    assert any("GROUP BY" in c.value for c in at.code)
    assert "Revenue (v2) by Region, last month (May 2026)" in texts(at)
    assert [b.label for b in at.get("download_button")] == ["CSV", "Excel"]
    assert at.status[0].label.startswith("Answered in")
    assert not at.error


def test_examples_are_offered_in_english_and_korean_and_answer_when_clicked() -> None:
    at = open_app()
    labels = [b.label for b in at.button if (b.key or "").startswith("example-")]
    assert "revenue by region last month" in labels and "지난달 지역별 매출" in labels
    next(b for b in at.button if b.label == "지난달 지역별 매출").click().run()
    assert last(at).question == "지난달 지역별 매출" and last(at).answer.ok
    assert not any((b.key or "").startswith("example-") for b in at.button)


def test_a_clarification_option_asks_its_question() -> None:
    at = ask(open_app(), "how many customers")
    assert "Which count of customers do you mean?" in texts(at)
    assert at.status[0].label.startswith("Needs a choice")
    option = next(b for b in at.button if b.label == "Active customers")
    option.click().run()
    assert last(at).question == "how many active customers"
    assert last(at).answer.ok and last(at).answer.plan.metrics == ("active_customers",)


def test_editing_the_interpretation_reruns_the_plan_without_planning() -> None:
    at = ask(open_app(), "revenue by region last month")
    at.selectbox(key="x0-grain").set_value("month")
    at.selectbox(key="x0-range").set_value("Last 3 months")
    at.selectbox(key="x0-filter-dim").set_value("region").run()
    at.multiselect(key="x0-values-region").set_value(["Seoul"])
    at.button(key="x0-rerun").click().run()
    assert not at.exception, at.exception
    edited = last(at)
    assert edited.edited and edited.answer.ok
    assert edited.answer.plan == SemanticQuery.model_validate(
        {
            "metrics": ["revenue"],
            "dimensions": ["region"],
            "grain": "month",
            "time_range": {"kind": "last", "n": 3, "unit": "month"},
            "filters": [{"dimension": "region", "values": ["Seoul"]}],
        }
    )
    assert "ground" not in edited.answer.timings_ms and "plan" not in edited.answer.timings_ms
    assert {row[0] for row in edited.answer.rows} == {"Seoul"} and edited.answer.row_count == 3


def test_an_impossible_edit_says_what_to_fix_and_custom_dates_run() -> None:
    at = ask(open_app(), "revenue by region last month")
    at.multiselect(key="x0-metrics").set_value([])
    at.button(key="x0-rerun").click().run()
    assert "This interpretation can't run as edited." in [e.value for e in at.error]
    assert len(at.session_state["askbi_conversation"]) == 1
    at.multiselect(key="x0-metrics").set_value(["aov"])
    at.selectbox(key="x0-range").set_value("Custom dates").run()
    at.date_input(key="x0-dates").set_value((dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    at.button(key="x0-rerun").click().run()
    plan = last(at).answer.plan
    assert plan.metrics == ("aov",) and plan.dimensions == ("region",)
    assert plan.time_range == Between(start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert last(at).answer.ok and not at.error


def test_a_follow_up_builds_on_the_conversation() -> None:
    at = ask(open_app(), "revenue by region last month")
    ask(at, "그럼 월별로")
    follow_up = last(at).answer
    assert follow_up.ok and follow_up.plan.grain == "month"
    assert follow_up.plan.dimensions == ("region",) and follow_up.plan.metrics == ("revenue",)
    assert len(at.session_state["askbi_conversation"]) == 2


def test_saving_to_a_new_dashboard_writes_the_plan(app_project: Path) -> None:
    at = ask(open_app(), "지난달 지역별 매출")
    assert at.button(key="x0-save").label == "Save to “Weekly business review”"
    # The picker still shows the old dashboard: the typed title wins, and the button says so.
    at.text_input(key="x0-new-title").set_value("Regional sales").run()
    at.text_input(key="x0-tile").set_value("지역별 매출")
    save = at.button(key="x0-save")
    assert save.label == "Save to new dashboard “Regional sales”"
    save.click().run()
    assert not at.exception, at.exception
    assert "Saved “지역별 매출” to Regional sales." in texts(at)
    saved = load_dashboard(app_project, "regional-sales").dashboard
    assert saved.tiles[0].title == "지역별 매출" and saved.tiles[0].plan == last(at).answer.plan
    assert "지난달" not in path_of(app_project, "regional-sales").read_text("utf-8")
    assert load_dashboard(app_project, "weekly-review").dashboard.tile(saved.tiles[0].id) is None


def test_the_default_tile_title_says_what_the_tile_computes(app_project: Path) -> None:
    at = ask(open_app(), "revenue by region last month")
    assert at.text_input(key="x0-tile").value == "Revenue by Region · May 2026"
    at.selectbox(key="x0-dashboard").set_value(NEW_DASHBOARD).run()
    assert at.button(key="x0-save").disabled


def test_thumbs_and_promotion_are_recorded(app_project: Path) -> None:
    at = ask(open_app(), "units sold by store format last quarter")
    at.feedback(key="x0-feedback").set_value(1).run()
    assert [e.rating for e in read_feedback(app_project)] == [Rating.UP]
    at.text_input(key="x0-owner").set_value("Kim Jiwoo")
    next(b for b in at.button if b.label == "Promote").click().run()
    assert not at.exception, at.exception
    assert "Promoted as verified query 'units_sold_by_store_format_last_quarter'" in texts(at)
    promoted = yaml.safe_load((app_project / "verified_queries" / "promoted.yaml").read_text())
    assert promoted["verified_queries"][0]["verified_by"] == "Kim Jiwoo"
    ask(at, "units sold by store format last quarter")
    assert last(at).answer.verified_query == "units_sold_by_store_format_last_quarter"


def test_a_dashboard_refreshes_with_a_date_range_and_a_filter() -> None:
    at = open_app("dashboards_page.py")
    assert at.selectbox(key="dash-name").value == "weekly-review"
    assert len(at.get("plotly_chart")) == 4 and "Last refreshed" in texts(at)
    at.date_input(key="dash-dates").set_value((dt.date(2026, 1, 1), dt.date(2026, 3, 31))).run()
    understood = [c.value for c in at.caption if "(v" in c.value]
    assert len(understood) == 4 and all(", Q1 2026" in u for u in understood)
    at.selectbox(key="dash-filter-dim").set_value("region").run()
    at.multiselect(key="dash-values-region").set_value(["Seoul"]).run()
    assert sum("where Region is Seoul" in c.value for c in at.caption) == 4
    before = at.session_state["askbi_refresh_nonce"]
    next(b for b in at.button if b.label == "Refresh").click().run()
    assert at.session_state["askbi_refresh_nonce"] == before + 1 and not at.exception


def test_a_conflicting_dashboard_save_is_refused(app_project: Path) -> None:
    at = open_app("dashboards_page.py")
    plan = SemanticQuery(metrics=("order_count",))
    add_tile(app_project, "weekly-review", Tile(id="theirs", title="Orders", plan=plan))
    at.button(key="tile-revenue-trend-remove").click().run()
    assert "was changed by someone else since you opened it" in texts(at)
    tiles = [t.id for t in load_dashboard(app_project, "weekly-review").dashboard.tiles]
    assert "revenue-trend" in tiles and "theirs" in tiles
    at.button(key="tile-revenue-trend-remove").click().run()  # now based on what is shown
    tiles = [t.id for t in load_dashboard(app_project, "weekly-review").dashboard.tiles]
    assert "revenue-trend" not in tiles and "theirs" in tiles


def test_a_broken_tile_shows_its_error_and_the_others_still_draw(app_project: Path) -> None:
    path = path_of(app_project, "weekly-review")
    text = path.read_text("utf-8").replace("metrics: [roas]", "metrics: [roass]")
    path.write_text(text, "utf-8")
    at = open_app("dashboards_page.py")
    assert len(at.get("plotly_chart")) == 3
    assert "Unknown metric 'roass'." in [e.value for e in at.error]
    assert "1 failed" in texts(at)


def test_no_dashboards_explains_how_to_make_one(app_project: Path) -> None:
    path_of(app_project, "weekly-review").unlink()
    at = open_app("dashboards_page.py")
    assert "No dashboards yet" in at.info[0].value


def test_the_metrics_page_shows_a_metric_and_the_semantic_layer() -> None:
    at = open_app("metrics_page.py")
    assert at.selectbox(key="metric").value == "revenue"
    at.text_input(key="metric-search").set_value("객단가").run()  # a Korean synonym
    assert at.selectbox(key="metric").options == ["Average order value · 평균 주문 금액"]
    at.text_input(key="metric-search").set_value("").run()
    at.selectbox(key="metric").set_value("aov").run()
    assert "Average order value" in [s.value for s in at.subheader]
    assert "`` revenue ÷ order_count ``" in [m.value for m in at.markdown]
    assert any(m.value.startswith("- **v1** · ") for m in at.markdown), "the changelog, listed"
    # The first screen has the last month and no grid or chart; those open on demand.
    (latest,) = at.metric
    assert latest.label.startswith("Average order value · ") and latest.value.startswith("₩")
    assert not at.get("vega_lite_chart") and not at.dataframe
    at.session_state["metric-chart"] = True
    at.session_state["metric-table"] = True
    at.run()
    assert len(at.get("vega_lite_chart")) == 1
    assert "Average order value" in str(at.dataframe[0].value["Label"].tolist())
    # Tabs draw only when opened: the SQL, the usage, then the semantic layer.
    at.session_state["metric-tabs"] = "Compiled SQL"
    at.run()
    assert any("GROUP BY" in c.value for c in at.code)
    at.session_state["metric-tabs"] = "Where it is used"
    at.run()
    assert "Weekly business review › AOV and conversion" in texts(at)
    at.session_state["metrics-tabs"] = "Semantic layer"
    at.run()
    assert len(at.dataframe) == 4  # tables, columns, dimensions, joins


def test_the_settings_page_tests_the_connection_and_shows_the_model_state() -> None:
    at = open_app("settings_page.py")
    assert any(s.value.startswith("Connected to") for s in at.success)
    assert at.info[0].value.startswith("Offline planner only")
    next(b for b in at.button if b.label == "Test connection").click().run()
    assert any("Connected:" in s.value and "tables (duckdb)" in s.value for s in at.success)


def test_settings_name_the_model_but_never_show_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-do-not-show-4242")
    monkeypatch.setenv("ASKBI_LLM_MODEL", "gpt-4o-mini")
    at = open_app("settings_page.py")
    assert "Model in use: gpt-4o-mini at api.openai.com" in texts(at)
    assert "API key:** set (never shown)" in texts(at)
    assert "4242" not in texts(at) + "".join(str(t.value) for t in at.text_input)


def test_a_dead_database_gives_a_message_and_the_app_keeps_working(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASKBI_SOURCE", f"duckdb:///{tmp_path}/gone.duckdb")
    at = ask(open_app(), "revenue by region last month")
    assert any("database is not reachable" in w.value for w in at.warning)
    assert last(at).answer.error is not None and not at.exception
    assert any("No database is connected" in e.value for e in at.error)
    metrics = open_app("metrics_page.py")
    metrics.session_state["metric-table"] = True
    metrics.run()
    assert "Average order value" in str(metrics.dataframe[0].value["Label"].tolist())


def test_a_question_outside_the_catalog_gets_no_configuration_advice() -> None:
    at = ask(open_app(), "weather in seoul")
    assert last(at).answer.status.value == "cannot_answer"
    assert "OPENAI" not in texts(at) and "ASKBI_" not in texts(at)
    assert at.status[0].label == "The metric catalog can't express this"


def test_a_near_miss_offers_the_nearest_metrics_as_buttons() -> None:
    at = ask(open_app(), "weather and sales")
    assert last(at).answer.status.value == "cannot_answer"
    assert [b.label for b in at.button if "instead" in (b.key or "")][:1] == ["Revenue"]


def test_months_are_named_and_the_chart_kind_can_be_switched() -> None:
    at = ask(open_app(), "monthly revenue this year")
    assert "(Jan 2026)" in last(at).answer.narrative
    kinds = at.get("segmented_control")
    assert kinds and kinds[0].options == ["Bars", "Line", "Table"]
    kinds[0].set_value("bar").run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    at.get("segmented_control")[0].set_value("table").run()
    assert not at.get("plotly_chart") and len(at.dataframe) == 1


def test_a_korean_interface_answers_an_english_question_in_korean() -> None:
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.session_state["askbi_language"] = "ko"
    at.run()
    answer = last(ask(at, "revenue by region last month")).answer
    assert answer.chart.title == "지역별 매출 (2026년 5월)"
    assert answer.narrative.startswith("지역별 매출 (2026년 5월): 최고 ")
