"""Nothing the asker wrote vanishes without a note: classes of wording on a courier project.

The courier (``tests/cases/projects/courier``) has a date named by its period ("Billing
month", 청구월) on a monthly table, country and state codes that are also English words
(US, IT, IN, OR), a weekly rate table, a status of the parcels, and measures whose names
state their unit ("Handling time (minutes)", "Data sent (GB)", fees in USD). Each test
states a class and checks plans for examples of it written here, with wordings that must
not change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.ground.index import GroundingIndex
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import load_project
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from tests.planning import plan_json, plan_with

PROJECT = load_project(
    Path(__file__).parent / "cases" / "projects" / "courier", source="duckdb:///unused.duckdb"
)
VALUES = {"destination_city": ["Portland", "Milan", "Seattle", "Same"]}
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, VALUES)
TODAY = dt.date(2026, 6, 15)


def _plan(question: str) -> PlanningResult:
    return plan_with(INDEX, PROJECT.layer, PROJECT.catalog, TODAY, question)


def _json(question: str) -> dict[str, Any]:
    return plan_json(_plan(question), question)


def _refused(question: str) -> str:
    result = _plan(question)
    assert result.plan is None and result.cannot_express, (question, result)
    return result.cannot_express


def _notes(question: str) -> list[str]:
    return [n.code for n in _plan(question).notes]


# --- a breakdown named by a date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("billed amount by billing month in 2025", "month"),
        ("Billed amount by the billing month for 2025", "month"),
        ("2025년 청구월별 청구 금액", "month"),
        ("billed amount for each billing month in 2025", "month"),
        ("billed amount by billing period in 2025", "month"),  # no period word: its finest
        ("parcels by sent date in 2025", "day"),
        ("발송일별 소포 수", "day"),
    ],
)
def test_a_date_named_as_a_breakdown_is_its_grain(question: str, grain: str) -> None:
    assert _json(question)["grain"] == grain


def test_a_grain_said_in_words_shows_the_named_date_at_it() -> None:
    assert _json("billed amount by billing month by quarter")["grain"] == "quarter"


@pytest.mark.parametrize(
    "question", ["billed amount in 2025", "billed amount for the billing month of March 2025"]
)
def test_a_date_named_without_by_is_not_a_breakdown(question: str) -> None:
    assert "grain" not in _json(question)


def test_a_breakdown_by_a_date_the_metric_is_not_grouped_by_is_refused() -> None:
    assert "dated by Billing month" in _refused("billed amount by sent date in 2025")


def test_a_date_named_by_date_is_shown_at_its_own_grain() -> None:
    """ "By billing date" of a date recorded by month: "date" names the date, not days."""
    result = _plan("billed amount by billing date in 2025")
    assert result.plan is not None and result.plan.grain is not None, result
    assert result.plan.grain.value == "month"


@pytest.mark.parametrize(
    "question",
    ["parcels sorted by sent date", "fees last month and billing month", "청구월 기준 소포 수"],
)
def test_a_date_named_but_not_used_is_noted(question: str) -> None:
    assert "date_unused" in _notes(question)


@pytest.mark.parametrize(
    "question",
    ["parcels sent in 2025", "billed amount for the billing month of March 2025", "parcels"],
)
def test_a_date_used_or_a_verb_of_the_date_is_not_noted(question: str) -> None:
    assert "date_unused" not in _notes(question)


# --- a code that is also an English word ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension", "value"),
    [
        ("Parcels to the US by destination city in 2025", "destination_country", "US"),
        ("parcels sent to US last month", "destination_country", "US"),
        ("fees for parcels to IT", "destination_country", "IT"),
        ("parcels to IN by destination city", "destination_country", "IN"),
        ("how many parcels went to OR", "destination_state", "OR"),
        ("parcels shipped to the us", "destination_country", "US"),  # "the": a name
        ("US 소포 수", "destination_country", "US"),
    ],
)
def test_a_code_typed_in_capitals_is_the_value(question: str, dimension: str, value: str) -> None:
    filters = _json(question).get("filters", [])
    assert {"dimension": dimension, "op": "=", "values": [value]} in filters


@pytest.mark.parametrize(
    "question",
    [
        "Show us parcels by destination city in 2025",
        "give us the fees in 2025",
        "parcels in 2025 by destination city",
        "tell us how many parcels went out",
    ],
)
def test_the_same_words_in_lower_case_stay_words(question: str) -> None:
    result = _plan(question)
    plan = result.plan
    assert plan is None or not plan.filters, (question, plan)
    assert "not_a_value" not in [n.code for n in result.notes]


def test_a_code_read_as_a_word_is_noted() -> None:
    """A question typed all in capitals tells nothing by case: the "US" after "show" is read
    as a pronoun, and the answer says so."""
    result = _plan("SHOW US PARCELS TO THE US")
    assert result.plan is not None
    assert [f.values for f in result.plan.filters] == [("US",)]
    assert "not_a_value" in [n.code for n in result.notes]


# --- a weekly table's rows in a range -------------------------------------------------------


def _sql(**plan: Any) -> str:
    query = SemanticQuery.model_validate({"metrics": ["average_rate"], **plan})
    return compile_query(query, PROJECT.layer, PROJECT.catalog, today=TODAY).sql


@pytest.mark.parametrize("grain", [None, "month", "quarter", "year"])
def test_weekly_rows_keep_the_weeks_that_start_in_the_range(grain: str | None) -> None:
    """2025 began on a Wednesday: the week of Monday 30 December 2024 is a 2024 row."""
    plan = {"time_range": {"kind": "between", "start": "2025-01-01", "end": "2025-12-31"}}
    sql = _sql(**plan, **({"grain": grain} if grain else {}))
    assert "'2025-01-01'" in sql and "2024-12-30" not in sql


def test_weekly_rows_by_week_take_the_first_week_whole() -> None:
    plan = {"time_range": {"kind": "between", "start": "2025-01-01", "end": "2025-12-31"}}
    assert "'2024-12-30'" in _sql(**plan, grain="week")


def test_monthly_rows_still_take_the_month_a_range_starts_in() -> None:
    query = SemanticQuery.model_validate(
        {
            "metrics": ["billed_amount"],
            "time_range": {"kind": "between", "start": "2025-03-15", "end": "2025-05-20"},
        }
    )
    sql = compile_query(query, PROJECT.layer, PROJECT.catalog, today=TODAY).sql
    assert "'2025-03-01'" in sql


def test_a_year_by_quarter_on_weekly_rows_plans_unchanged() -> None:
    assert _json("average rate by lane by quarter in 2025")["grain"] == "quarter"


# --- the unit an amount is shown in ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "handling time last month in minutes",
        "handling time last month (in minutes)",
        "지난달 처리 시간 (분 단위)",
        "data sent last month, in GB",
        "지난달 전송 데이터 (GB 단위)",
        "fees last month in USD",
        "지난달 요금 달러로",
    ],
)
def test_a_unit_the_metric_is_measured_in_is_accepted(question: str) -> None:
    result = _plan(question)
    assert result.plan is not None, (question, result)
    assert "unit_shown" in [n.code for n in result.notes]


@pytest.mark.parametrize(
    ("question", "measured"),
    [
        ("handling time last month in hours", "minutes"),
        ("지난달 처리 시간 (시간 단위)", "minutes"),
        ("data sent last month in MB", "GB"),
        ("fees last month in KRW", "USD"),
        ("지난달 요금 원으로", "USD"),
    ],
)
def test_a_unit_needing_a_conversion_is_refused_in_words(question: str, measured: str) -> None:
    """In the question's language: the unit the metric is in, and no conversion."""
    refusal = _refused(question)
    said = (
        f"{measured} 단위이고"
        if any("가" <= c <= "힣" for c in question)
        else f"measured in {measured}"
    )
    assert said in refusal


@pytest.mark.parametrize("question", ["fees last month in millions", "지난달 요금 (천 단위)"])
def test_a_scale_leaves_the_number_in_full_and_says_so(question: str) -> None:
    assert "unit_scale" in _notes(question)


def test_a_unit_names_the_one_metric_measured_in_it() -> None:
    """ "How much data was sent with parcels, in GB?": "data" alone is no metric's name;
    the one metric in GB whose name holds it is."""
    assert _json("How much data was sent with the parcels last month, in GB?")["metrics"] == [
        "data_sent_gb"
    ]


@pytest.mark.parametrize("question", ["parcels in 2025", "parcels sent in the last 30 days"])
def test_units_of_time_inside_time_phrases_are_time(question: str) -> None:
    assert not {"unit_shown", "unit_scale"} & set(_notes(question))


# --- the present state ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "How many parcels are held right now?",
        "how many parcels are on hold at the moment",
        "parcels in transit as of today",
        "parcels currently in transit",
        "지금 보류 소포 수",
        "현재 배송 중 소포 수",
        "오늘 기준 보류 소포 수",
    ],
)
def test_the_present_of_a_state_is_no_time_range(question: str) -> None:
    plan = _json(question)
    assert "time_range" not in plan and plan["filters"], (question, plan)


@pytest.mark.parametrize("question", ["parcels sent today", "오늘 발송된 소포 수"])
def test_today_alone_is_still_a_day(question: str) -> None:
    assert _json(question)["time_range"] == {"kind": "to_date", "unit": "day"}


def test_a_value_then_its_columns_last_word_is_the_value() -> None:
    """ "in held status": the word says which column "held" is in, not a breakdown."""
    assert "dimensions" not in _json("how many parcels are in held status right now")


def test_a_grammar_word_after_the_is_a_value_only_when_stored_as_its_code() -> None:
    """ "Shipped to the us" is the code US; "the same city" is no city called 'Same'."""
    plan = _json("parcels sent to the same destination city in 2025")
    assert "filters" not in plan, plan
