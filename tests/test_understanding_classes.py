"""Classes of wording, on a project no development question was written against.

The lending library (``tests/cases/projects/library``) has the shapes real warehouses have:
"members" is both the member (one row each) and the count of members; "status", "name" and
"id" belong to more than one table; members have a second date, the day they joined. Each
test states a class of wording and checks the plan with examples of that class written
here, so that a fix for one phrasing that misses its class fails.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.ground.grounding import ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import load_project

PROJECT = load_project(
    Path(__file__).parent / "cases" / "projects" / "library", source="duckdb:///unused.duckdb"
)
VALUES = {"book_title": ["Dune", "Middlemarch", "Cosmos"]}
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, VALUES)
TODAY = dt.date(2026, 6, 15)


def _plan(question: str) -> PlanningResult:
    context = PlanningContext(PROJECT.layer, PROJECT.catalog, TODAY)
    return plan_offline(ground(question, INDEX, TODAY), context)


def _json(question: str) -> dict[str, Any]:
    result = _plan(question)
    assert result.plan is not None, (question, result)
    data: dict[str, Any] = json.loads(result.plan.canonical_json())
    return data


@pytest.mark.parametrize(
    "question",
    [
        "the top 3 members by late fees",
        "Which members had the most fines? Show the 3 highest.",
        "best 3 patrons by fees",
    ],
)
def test_ranked_things_are_rows_not_a_count(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["late_fees"]
    assert plan["dimensions"] == ["member"]
    assert plan["limit"] == 3


@pytest.mark.parametrize(
    "question",
    ["number of members by city", "how many members per town", "members by city"],
)
def test_counted_things_stay_a_count(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["member_count"]
    assert plan["dimensions"] == ["member_city"]


@pytest.mark.parametrize(
    "question",
    [
        "the member with the most late fees, with their card number",
        "Show the member with the highest fines and their id",
    ],
)
def test_a_singular_thing_is_one_of_them(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["late_fees"]
    assert set(plan["dimensions"]) == {"member", "member_id"}
    assert plan["limit"] == 1


def test_identity_words_belong_to_the_thing_in_focus() -> None:
    """ "their name, id": the ranked members' name and id, not a book's title."""
    plan = _json("top 5 members by number of loans; list their id and name")
    assert set(plan["dimensions"]) == {"member", "member_id"}
    assert plan["metrics"] == ["loan_count"]


@pytest.mark.parametrize(
    "question",
    [
        "top 2 loan statuses by fines; return the status",
        "the 2 loan statuses with the most checkouts, and the status",
    ],
)
def test_a_shared_word_takes_the_table_the_question_names(question: str) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["loan_status"]


def test_a_shared_word_with_nothing_to_decide_it_is_asked() -> None:
    result = _plan("members by status and name")
    assert result.plan is None or "member_status" in result.plan.dimensions


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("late fees by city for members who joined in 2025", "2025-01-01", "2025-12-31"),
        ("fines for readers enrolled in 2024, by town", "2024-01-01", "2024-12-31"),
    ],
)
def test_a_period_after_another_date_filters_that_date(question: str, start: str, end: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["late_fees"]
    assert plan["dimensions"] == ["member_city"]
    assert "time_range" not in plan
    (dated,) = plan["time_filters"]
    assert dated["time_dimension"] == "joined_on"
    assert (dated["time_range"]["start"], dated["time_range"]["end"]) == (start, end)


def test_a_period_on_the_metrics_own_date_stays_the_range() -> None:
    plan = _json("loans in 2025 by genre")
    assert plan["time_range"] == {"kind": "between", "start": "2025-01-01", "end": "2025-12-31"}
    assert "time_filters" not in plan


def test_a_condition_on_the_things_holds_per_thing() -> None:
    """ "For members with at least 4 loans": each member's loans, not all loans together."""
    plan = _json("For members with at least 4 loans, what are the late fees?")
    assert plan["dimensions"] == ["member"]
    assert plan["having"] == [{"metric": "loan_count", "op": ">=", "value": 4}]


@pytest.mark.parametrize(
    "question",
    [
        "late fees by genre (computed from the late fee)",
        "late fees by genre. Note: late fees refers to the sum of late_fee",
    ],
)
def test_the_column_a_metric_adds_up_explains_it(question: str) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["genre"]


def test_conditions_joined_by_or_are_alternatives() -> None:
    plan = _json("loans of books with 'Dune' in the title or 'history' in the genre")
    (condition,) = plan["filters"]
    dimensions = {condition["dimension"], *(a["dimension"] for a in condition["or"])}
    assert dimensions == {"book_title", "genre"}


def test_a_quote_after_a_word_is_not_a_possessive() -> None:
    plan = _json("loans of the title 'Cosmos' by genre")
    assert plan["filters"] == [{"dimension": "book_title", "op": "=", "values": ["Cosmos"]}]


@pytest.mark.parametrize(
    "question",
    [
        "List the member id and name of members with no loans",
        "readers that do not have any checkouts; show their card number and name",
        "Return the member ID and name for members that have no loan records, by doing a left "
        "join from the members to loans table.",
    ],
)
def test_things_without_facts_are_an_anti_join(question: str) -> None:
    plan = _json(question)
    assert set(plan["dimensions"]) == {"member", "member_id"}
    assert plan["without"] == [{"metric": "loan_count"}]
    assert "metrics" not in plan


def test_an_id_no_dimension_holds_is_refused_not_dropped() -> None:
    result = _plan("Return the book ID and title of books with no loans")
    assert result.plan is None and result.cannot_express is not None
    assert "book id" in result.cannot_express.lower()


def test_a_comma_ends_an_attribute_phrase() -> None:
    """ "member id, name and city": three columns, not the name of the id."""
    plan = _json("top 3 members by fines; show member id, name and city")
    assert set(plan["dimensions"]) == {"member", "member_id", "member_city"}


def test_sql_instructions_name_no_breakdown() -> None:
    plan = _json("late fees by genre, based on joining the loans and books tables")
    assert plan["dimensions"] == ["genre"] and plan["metrics"] == ["late_fees"]
