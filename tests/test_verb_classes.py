"""Verbs around metrics, on a gym no held-out question was written against.

'cancelled' and 'expired' are both a membership status and an event with its own count or
date; 'booked' is a session state and the sessions' own date; trainers have no count. Each
test states a class and checks it with examples written here, English and Korean, and with
wordings that must not change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.ground.index import GroundingIndex
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import load_project
from tests.planning import plan_json, plan_with

PROJECT = load_project(
    Path(__file__).parent / "cases" / "projects" / "gym", source="duckdb:///unused.duckdb"
)
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, {"trainer": ["Kim Jisoo"]})
TODAY = dt.date(2026, 6, 15)
YEAR_2025 = {"end": "2025-12-31", "kind": "between", "start": "2025-01-01"}


def _plan(question: str) -> PlanningResult:
    return plan_with(INDEX, PROJECT.layer, PROJECT.catalog, TODAY, question)


def _json(question: str) -> dict[str, Any]:
    return plan_json(_plan(question), question)


@pytest.mark.parametrize(
    "question",
    [
        "How many members booked sessions in 2025?",
        "How many members who booked sessions in 2025?",
        "2025년에 세션을 예약한 회원 수",
    ],
)
def test_a_status_verb_between_things_and_their_facts_is_the_clause_verb(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["member_count"]
    assert plan["with_facts"] == [{"metric": "session_count", "time_range": YEAR_2025}]
    assert "filters" not in plan


def test_a_status_before_the_facts_noun_still_filters() -> None:
    plan = _json("booked sessions in 2025")
    assert plan["filters"] == [{"dimension": "session_state", "op": "=", "values": ["booked"]}]


@pytest.mark.parametrize(
    "question",
    [
        "How many distinct trainers booked sessions in 2025?",
        "How many trainers had sessions?",
        "How many distinct trainers were booked in 2025?",
    ],
)
def test_things_without_a_count_are_refused_not_broken_down(question: str) -> None:
    result = _plan(question)
    assert result.plan is None and result.cannot_express is not None
    assert "no count of trainers" in result.cannot_express


@pytest.mark.parametrize(
    "question", ["How many members expired in 2025?", "2025년에 만료된 회원 수"]
)
def test_a_status_verb_with_its_own_date_dates_that_event(question: str) -> None:
    plan = _json(question)
    assert plan["time_filters"] == [{"time_dimension": "end_date", "time_range": YEAR_2025}]
    assert plan["filters"] == [{"dimension": "member_status", "op": "=", "values": ["expired"]}]
    assert not _plan(question).notes  # the change has its date: no "undated" note


def test_a_date_whose_description_holds_the_verb_dates_it() -> None:
    plan = _json("How many members were frozen in 2025?")
    assert plan["time_filters"] == [{"time_dimension": "pause_date", "time_range": YEAR_2025}]


def test_a_status_verb_without_a_period_stays_the_status() -> None:
    plan = _json("How many members expired?")
    assert plan["filters"] == [{"dimension": "member_status", "op": "=", "values": ["expired"]}]
    assert "time_filters" not in plan


JUNE_2026 = {"end": "2026-06-30", "kind": "between", "start": "2026-06-01"}


@pytest.mark.parametrize(
    ("question", "date", "when"),
    [
        ("How many members are scheduled to start this month?", "start_date", JUNE_2026),
        ("How many members will start this month?", "start_date", JUNE_2026),
        ("members expiring this month", "end_date", JUNE_2026),
        (
            "How many members started this month?",
            "start_date",
            {"kind": "to_date", "unit": "month"},
        ),
    ],
)
def test_what_is_to_come_takes_the_whole_current_period(
    question: str, date: str, when: dict[str, Any]
) -> None:
    assert _json(question)["time_filters"] == [{"time_dimension": date, "time_range": when}]


JULY_2026 = {"end": "2026-07-31", "kind": "between", "start": "2026-07-01"}


@pytest.mark.parametrize(
    "question",
    [
        "How many members expire next month?",
        "How many members are expiring next month?",
        "다음 달 만료되는 회원 수",
    ],
)
def test_a_status_verb_of_what_is_to_come_dates_it_without_the_status(question: str) -> None:
    plan = _json(question)
    assert plan["time_filters"] == [{"time_dimension": "end_date", "time_range": JULY_2026}]
    assert "filters" not in plan


def test_the_next_days_are_the_days_after_today() -> None:
    plan = _json("members expiring in the next 30 days")
    when = {"end": "2026-07-15", "kind": "between", "start": "2026-06-16"}
    assert plan["time_filters"] == [{"time_dimension": "end_date", "time_range": when}]


def test_a_gerund_date_names_the_verb() -> None:
    plan = _json("How many members did we onboard each month in 2025?")
    assert plan["metrics"] == ["member_count"] and plan["grain"] == "month"


def test_an_infinitive_after_a_verb_names_its_date() -> None:
    plan = _json("How many members were scheduled to start in 2025?")
    assert plan["time_filters"] == [{"time_dimension": "start_date", "time_range": YEAR_2025}]


@pytest.mark.parametrize(
    "question",
    [
        "How many members cancelled in 2025, by reason?",
        "how many members were cancelled in 2025 by reason",
    ],
)
def test_a_verb_a_count_is_named_by_is_that_count(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["cancelled_members"]
    assert plan["dimensions"] == ["cancel_reason"]
    assert "filters" not in plan


def test_a_korean_verb_a_count_is_named_by_counts_its_facts_not_the_status() -> None:
    plan = _json("2025년에 해지한 회원 수")
    assert "filters" not in plan
    assert plan.get("with_facts", [{}])[0].get("metric") == "cancelled_members" or plan[
        "metrics"
    ] == ["cancelled_members"]


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("How many members were lost to competitors in 2025?", "'lost'"),
        ("How many members did we lose in 2025?", "'lose'"),
    ],
)
def test_a_verb_no_count_or_synonym_names_is_refused_by_its_word(question: str, word: str) -> None:
    result = _plan(question)
    assert result.plan is None and result.clarification is None
    assert word in (result.cannot_express or "")


def test_a_verb_the_owners_synonyms_give_a_count_is_that_count() -> None:
    metrics = dict(PROJECT.catalog.metrics)
    cancelled = metrics["cancelled_members"]
    synonyms = (*cancelled.synonyms, "lost members")
    metrics["cancelled_members"] = cancelled.model_copy(update={"synonyms": synonyms})
    catalog = dataclasses.replace(PROJECT.catalog, metrics=metrics, _allowed={})
    index = GroundingIndex.build(PROJECT.layer, catalog, {})
    question = "How many members did we lose in 2025?"
    plan = plan_json(plan_with(index, PROJECT.layer, catalog, TODAY, question), question)
    assert plan["metrics"] == ["cancelled_members"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Which member city received the most sessions?",
            {"dimensions": ["member_city"], "metrics": ["session_count"]},
        ),
        (
            "Total minutes logged by studio sessions in 2025",
            {
                "metrics": ["session_minutes"],
                "filters": [{"dimension": "room", "op": "=", "values": ["studio"]}],
            },
        ),
        (
            "sessions handled by Kim Jisoo in 2025",
            {
                "metrics": ["session_count"],
                "filters": [{"dimension": "trainer", "op": "=", "values": ["Kim Jisoo"]}],
            },
        ),
    ],
)
def test_a_verb_that_only_relates_what_is_named_is_read_as_said(
    question: str, expected: dict[str, Any]
) -> None:
    plan = _json(question)
    assert {k: plan.get(k) for k in expected} == expected


def test_a_verb_read_as_a_link_is_named_in_the_notes() -> None:
    notes = _plan("Which member city received the most sessions?").notes
    assert [n.params.get("word") for n in notes if n.code == "relating"] == ["received"]


def test_a_relating_verb_with_nothing_resolved_on_one_side_stays_unknown() -> None:
    result = _plan("How many sessions were juggled?")
    assert result.plan is None


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("How many minutes did members train in 2025?", "session_minutes"),
        ("minutes trained in 2025", "session_minutes"),
        ("How much in fees did we collect in 2025?", "fees_collected"),
        ("fees collected by room", "fees_collected"),
    ],
)
def test_the_verb_of_a_measures_own_name_says_which_measure(question: str, metric: str) -> None:
    assert _json(question)["metrics"] == [metric]


def test_a_verb_the_measure_is_not_named_by_is_refused_by_its_word() -> None:
    result = _plan("How many minutes did members swim in 2025?")
    assert result.plan is None and "'swim'" in (result.cannot_express or "")


@pytest.mark.parametrize(
    "question",
    ["Which coach lost the most sessions in 2025?", "Which city dropped the most sessions?"],
)
def test_a_verb_of_change_or_failure_is_never_read_as_a_link(question: str) -> None:
    """ "Which city lost the most sessions" is not the city with the most sessions: such a
    verb stays unknown, and the question is not answered as if it weren't there."""
    result = _plan(question)
    assert result.plan is None, result
