"""Classes of wording, on a project no development question was written against.

The lending library (``tests/cases/projects/library``) has the shapes real warehouses have:
"members" is both the member (one row each) and the count of members; "status", "name" and
"id" belong to more than one table; members have a second date, the day they joined. Each
test states a class of wording and checks the plan with examples of that class written
here, so that a fix for one phrasing that misses its class fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.ground.definitions import read_definitions
from app.pipeline.ground.grounding import ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import load_project
from metrics.model import RatioMetric
from semantic_layer.model import Column, ColumnType, Dimension, GlossaryTerm, SemanticLayerFile
from tests.planning import plan_json, plan_with

PROJECT = load_project(
    Path(__file__).parent / "cases" / "projects" / "library", source="duckdb:///unused.duckdb"
)
VALUES = {"book_title": ["Dune", "Middlemarch", "Cosmos", "IT"]}
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, VALUES)
TODAY = dt.date(2026, 6, 15)


def _plan(question: str) -> PlanningResult:
    return plan_with(INDEX, PROJECT.layer, PROJECT.catalog, TODAY, question)


def _with_synonyms(**synonyms: str) -> Any:
    metrics = dict(PROJECT.catalog.metrics)
    for metric, synonym in synonyms.items():
        metrics[metric] = metrics[metric].model_copy(
            update={"synonyms": (*metrics[metric].synonyms, synonym)}
        )
    return dataclasses.replace(PROJECT.catalog, metrics=metrics, _allowed={})


def _with_tables(*changed: Any) -> tuple[Any, Any]:
    """The library's layer with some tables replaced, and a catalog whose cache of allowed
    dimensions starts empty (it was filled against the original layer)."""
    names = {t.name for t in changed}
    tables = (*(t for n, t in PROJECT.layer.tables.items() if n not in names), *changed)
    layer = type(PROJECT.layer).from_files(
        [SemanticLayerFile(tables=tables, relationships=PROJECT.layer.relationships)]
    )
    return layer, dataclasses.replace(PROJECT.catalog, _allowed={})


def _plan_on(layer: Any, catalog: Any, question: str) -> PlanningResult:
    index = GroundingIndex.build(layer, catalog, VALUES)
    return plan_with(index, layer, catalog, TODAY, question)


def _json(question: str) -> dict[str, Any]:
    return plan_json(_plan(question), question)


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


def test_a_shared_word_takes_the_only_table_the_metric_reaches() -> None:
    """Members can't be broken down by a loan's status: "status" is the member's."""
    assert "member_status" in _json("members by status and name")["dimensions"]


def test_a_shared_word_with_nothing_to_decide_it_is_asked() -> None:
    """Late fees reach both the loan's and the member's status: which one is asked."""
    result = _plan("fees by status")
    assert result.plan is None and result.clarification is not None
    assert {o.label for o in result.clarification.options} == {"Loan status", "Member status"}


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


def test_an_id_no_dimension_holds_is_the_tables_own_key() -> None:
    """No dimension shows a book's id; its primary key does, as MetricFlow groups by keys."""
    plan = _json("Return the book ID and title of books with no loans")
    assert set(plan["dimensions"]) == {"book_title", "books__key"}
    assert plan["without"] == [{"metric": "loan_count"}]


def test_an_id_of_a_table_without_a_one_column_key_is_refused_not_dropped() -> None:
    keyless = PROJECT.layer.tables["books"].model_copy(update={"primary_key": ()})
    question = "Return the book ID and title of books with no loans"
    result = _plan_on(*_with_tables(keyless), question)
    assert result.plan is None and result.cannot_express is not None
    assert "book id" in result.cannot_express.lower()


@pytest.mark.parametrize(
    "question",
    [
        "List the books that have loans since March 2026",
        "Return the book IDs that have checkouts on or after 2026-03-01",
    ],
)
def test_listed_things_that_have_facts_are_those_with_the_facts(question: str) -> None:
    """ "Tickers that have daily price records since April": the facts and their period
    decide which things are listed; dropping them would list every thing."""
    plan = _json(question)
    assert plan["metrics"] == ["loan_count"]
    assert plan["time_range"]["start"] == "2026-03-01"


def test_a_period_that_dates_nothing_listed_is_refused() -> None:
    result = _plan("List the members last month")
    assert result.plan is None and result.cannot_express is not None


@pytest.mark.parametrize(
    ("question", "notes", "metric"),
    [
        ("What is the OLC by member city?", "OLC = Overdue Loan Count.", "overdue_loans"),
        ("What is the OLC (overdue loans) by member city?", "", "overdue_loans"),
        ("What is the FPL by member city? FPL means fines per loan.", "", "fee_per_loan"),
        ("Fines per loan (FPL) by member city", "", "fee_per_loan"),
        ("BR by member city", "BR stands for borrowings.", "loan_count"),
        ("member city별 LF", "LF는 연체료를 의미한다", "late_fees"),
    ],
)
def test_terms_the_asker_defines_are_read_as_their_meaning(
    question: str, notes: str, metric: str
) -> None:
    defined = read_definitions(question, notes)
    assert defined.definitions, question
    plan = _json(defined.question)
    assert plan["metrics"] == [metric]
    assert plan["dimensions"] == ["member_city"]


def test_a_term_defined_by_a_formula_stays_unknown() -> None:
    """Its name may be the catalog's while its formula divides by something else."""
    defined = read_definitions(
        "What is the FPL by city?", "FPL (fee per loan) = late fees / members * 100"
    )
    assert not defined.definitions
    assert _plan(defined.question).plan is None


def test_of_two_crossing_metric_names_the_later_one_is_the_head() -> None:
    """ "total paid fines": "total paid" and "paid fines" name different metrics; English
    compounds put the head last, so it is fines."""
    catalog = _with_synonyms(payments_received="total paid", late_fees="paid fines")
    index = GroundingIndex.build(PROJECT.layer, catalog, VALUES)
    grounding = ground("total paid fines by member city", index, TODAY)
    named = [t.name for m in grounding.mentions for t in m.targets if t.kind.value == "metric"]
    assert named == ["late_fees"]


def test_a_comma_ends_an_attribute_phrase() -> None:
    """ "member id, name and city": three columns, not the name of the id."""
    plan = _json("top 3 members by fines; show member id, name and city")
    assert set(plan["dimensions"]) == {"member", "member_id", "member_city"}


def test_sql_instructions_name_no_breakdown() -> None:
    plan = _json("late fees by genre, based on joining the loans and books tables")
    assert plan["dimensions"] == ["genre"] and plan["metrics"] == ["late_fees"]


@pytest.mark.parametrize(
    ("question", "weekend"),
    [
        ("late fees on weekends", True),
        ("fines over the weekends", True),
        ("late fees on weekdays", False),
        ("주말 대출 건수", True),
        ("평일 대출", False),
    ],
)
def test_weekend_words_filter_the_facts_own_date(question: str, weekend: bool) -> None:
    plan = _json(question)
    assert plan["filters"] == [
        {"dimension": "loaned_at__is_weekend", "op": "=", "values": [weekend]}
    ]


@pytest.mark.parametrize(
    "question", ["loans by day of week", "checkouts per weekday", "요일별 대출"]
)
def test_day_of_week_is_a_breakdown_of_the_facts_own_date(question: str) -> None:
    assert _json(question)["dimensions"] == ["loaned_at__day_of_week"]


def test_a_weekday_of_metrics_with_different_dates_is_refused() -> None:
    result = _plan("members and loans on weekends")
    assert result.plan is None


def test_how_many_of_these_on_weekends_is_not_a_filter_of_the_total() -> None:
    result = _plan("How many loans were there last month? How many of them were on weekends?")
    assert result.plan is None and result.cannot_express is not None


@pytest.mark.parametrize(
    "question",
    [
        "top 2 payment methods by total payment amount received, with the total number of payments",
        "Which 2 methods had the highest payments received in total? Show the number of "
        "payments and the amount.",
    ],
)
def test_a_metric_named_in_another_order_or_with_filler_words(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["payment_count", "payments_received"]
    assert plan["dimensions"] == ["payment_method"]
    assert plan["limit"] == 2


@pytest.mark.parametrize(
    "question",
    [
        "loans between March 1, 2026 and April 30, 2026 (inclusive of start and end dates)",
        "loans between March 1, 2026 and April 30, 2026 (both inclusive)",
        "loans from 2026-03-01 to 2026-04-30 inclusive",
    ],
)
def test_inclusive_ends_say_what_a_range_already_is(question: str) -> None:
    plan = _json(question)
    assert plan["time_range"] == {"kind": "between", "start": "2026-03-01", "end": "2026-04-30"}


def test_an_attribute_of_a_thing_is_the_dimension() -> None:
    """ "the status of the loans": the loan status, written the other way round."""
    plan = _json("number of checkouts by the status of the loan")
    assert plan["dimensions"] == ["loan_status"]


def test_a_metric_named_again_in_short_is_the_same_metric() -> None:
    plan = _json("top 3 genres by late fees; return the genre and the fees total")
    assert plan["metrics"] == ["late_fees"]


def test_the_ranking_metric_is_the_one_after_by_even_far_from_top() -> None:
    """ "… late fees, for the top 2 members by number of loans": ranked by loans."""
    plan = _json("return the member name, late fees and loans, for the top 2 members by loans")
    assert plan["order_by"] == [{"field": "loan_count", "descending": True}]


@pytest.mark.parametrize(
    "question",
    ["total late fees grouped by city", "fines split by town", "fees, broken down by city"],
)
def test_a_verb_of_presenting_before_by_keeps_the_breakdown(question: str) -> None:
    assert _json(question)["dimensions"] == ["member_city"]


@pytest.mark.parametrize(
    "question",
    ["loans outside history", "checkouts besides history, by genre", "loans excluding history"],
)
def test_words_that_exclude_a_value_never_keep_it(question: str) -> None:
    (condition,) = _json(question)["filters"]
    assert condition["dimension"] == "genre" and condition["op"] == "!="


@pytest.mark.parametrize(
    "question",
    [
        "late fees from members under 30 last month",  # an attribute nobody modelled
        "loans over 3 last month",  # a condition on a single total
        "members with more than 3 loans",  # how many of them: a count of a count
    ],
)
def test_a_threshold_that_is_not_on_a_metric_of_rows_is_refused(question: str) -> None:
    result = _plan(question)
    assert result.plan is None, result.plan


def test_a_threshold_next_to_its_metric_keeps_rows() -> None:
    plan = _json("genres with more than 40 loans this year")
    assert plan["dimensions"] == ["genre"]
    assert plan["having"] == [{"metric": "loan_count", "op": ">", "value": 40}]


def test_korean_values_then_a_breakdown_marker_keep_both() -> None:
    plan = _json("소설, 역사 장르별 대출")
    assert plan["dimensions"] == ["genre"]
    assert plan["filters"] == [{"dimension": "genre", "op": "in", "values": ["fiction", "history"]}]


def test_a_threshold_on_what_the_things_contain_is_refused() -> None:
    """ "loans with more than 3 titles": a count of something inside each loan, not of loans."""
    assert _plan("loans with more than 3 titles last month").plan is None


@pytest.mark.parametrize(
    ("question", "limit", "descending"),
    [
        ("대출 많은 장르 2개", 2, True),
        ("대출이 많은 장르 2개", 2, True),
        ("대출 적은 장르", None, False),
    ],
)
def test_a_korean_adjective_ranks_the_noun_it_describes(
    question: str, limit: int | None, descending: bool
) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["genre"] and plan["metrics"] == ["loan_count"]
    assert plan["order_by"] == [{"field": "loan_count", "descending": descending}]
    assert plan.get("limit") == limit


def test_a_limit_is_never_cut_from_an_unsorted_list() -> None:
    plan = _json("지난달 대출이 가장 많은 장르는?")
    assert plan["limit"] == 1 and plan["order_by"][0]["field"] == "loan_count"


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("fees by city lm", "fees by city last month"),
        ("loans w/o history this yr", "loans without history this year"),
        (
            "payments received amt per method, last qtr",
            "payments received per method, last quarter",
        ),
        ("late fees in won by genre", "late fees by genre"),
    ],
)
def test_analysts_shorthand_and_money_units_mean_what_they_abbreviate(
    short: str, long: str
) -> None:
    assert _json(short) == _json(long)


def test_an_aggregation_word_inside_a_metric_name_is_the_metric() -> None:
    """ "median payment amount": the catalog's median, even with the table's name inside."""
    wallet = load_project(
        Path(__file__).parent / "cases" / "projects" / "wallet", source="duckdb:///unused.duckdb"
    )
    index = GroundingIndex.build(wallet.layer, wallet.catalog, {})
    context = PlanningContext(wallet.layer, wallet.catalog, TODAY)
    for question, metric in [
        ("median transaction amount by merchant category", "median_amount"),
        ("90th percentile transaction amount", "amount_p90"),
        ("number of distinct emails", "email_count"),
    ]:
        plan = plan_offline(ground(question, index, TODAY), context).plan
        assert plan is not None and plan.metrics == (metric,), question


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("loans from lapsed members", ["loan_count"]),
        ("late fees of lapsed members by genre", ["late_fees"]),
        ("members and late fees by city", ["late_fees", "member_count"]),
        ("members by city", ["member_count"]),
    ],
)
def test_things_beside_another_measure_say_whose_facts(question: str, metrics: list[str]) -> None:
    """ "Loans from lapsed members": the loans of those members, not also a count of them —
    unless the things are listed beside the measure ("members and late fees")."""
    assert _json(question)["metrics"] == metrics


def test_late_fees_of_members_who_joined_in_a_year_date_the_members() -> None:
    plan = _json("late fees from members who joined in 2025")
    assert plan["metrics"] == ["late_fees"] and "time_range" not in plan
    assert plan["time_filters"][0]["time_dimension"] == "joined_on"


@pytest.mark.parametrize(
    "question",
    ["list lapsed members", "list all members who are lapsed", "show the names of lapsed members"],
)
def test_a_list_of_things_is_rows_without_a_measure(question: str) -> None:
    plan = _json(question)
    assert "metrics" not in plan and plan["dimensions"] == ["member"]
    assert plan["filters"] == [{"dimension": "member_status", "op": "=", "values": ["lapsed"]}]


def test_one_measure_per_another_is_the_catalogs_ratio_or_refused() -> None:
    assert _json("late fees per loan by genre")["metrics"] == ["fee_per_loan"]
    assert _plan("payments received per loan").plan is None  # no such ratio: not two columns
    assert _json("late fees per genre")["dimensions"] == ["genre"]  # per a thing: a breakdown


@pytest.mark.parametrize(
    "question", ["top 2 members in each city by late fees", "도시별 연체료 상위 2명 회원"]
)
def test_a_top_n_within_each_group_is_refused(question: str) -> None:
    assert _plan(question).plan is None


def test_korean_ranks_by_the_measure_named_before_the_ranking_words() -> None:
    plan = _json("대출 건수 상위 3개 장르와 연체료")
    assert plan["order_by"] == [{"field": "loan_count", "descending": True}]


def test_a_period_repeated_from_nothing_is_refused() -> None:
    assert _plan("작년 같은 기간 대출").plan is None


def test_by_after_an_excluded_value_starts_the_next_breakdown() -> None:
    plan = _json("loans excluding lost status by genre")
    assert plan["dimensions"] == ["genre"]


def test_a_period_next_to_a_change_of_state_says_which_date_it_used() -> None:
    result = _plan("How many members lapsed in 2025?")
    assert result.plan is not None
    assert any("no date of its own" in note for note in map(str, result.notes))
    assert result.confidence < 0.95


def test_a_korean_noun_after_a_value_is_what_the_value_describes() -> None:
    """ "소설 책 대출": loans of fiction books, not loans by book."""
    plan = _json("소설 책 대출")
    assert "dimensions" not in plan
    assert plan["filters"] == [{"dimension": "genre", "op": "=", "values": ["fiction"]}]


@pytest.mark.parametrize(
    "question", ["2025년에 가입한 회원들의 연체료", "2025년에 가입한 회원 연체료"]
)
def test_a_korean_period_before_a_date_verb_filters_that_date(question: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == ["late_fees"] and "time_range" not in plan
    assert "dimensions" not in plan
    assert plan["time_filters"][0]["time_dimension"] == "joined_on"


def test_other_values_than_an_excluded_one_are_a_filter_not_a_breakdown() -> None:
    plan = _json("역사 말고 다른 장르 대출")
    assert "dimensions" not in plan
    assert plan["filters"] == [{"dimension": "genre", "op": "!=", "values": ["history"]}]


def test_facts_named_for_a_metric_keep_their_condition() -> None:
    """ "the late fees for overdue loans": a conditional count named after 'for' says which
    loans, so its condition filters the plan rather than vanishing."""
    plan = _json("late fees for overdue loans by genre")
    assert plan["metrics"] == ["late_fees"]
    assert {"dimension": "loan_status", "op": "=", "values": ["overdue"]} in plan["filters"]


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("작년 4분기 대출", "2025-10-01", "2025-12-31"),
        ("작년 3월 대출", "2025-03-01", "2025-03-31"),
        ("loans in Q1 of last year", "2025-01-01", "2025-03-31"),
        ("작년 하반기 대출", "2025-07-01", "2025-12-31"),
        ("loans in the first half of last year", "2025-01-01", "2025-06-30"),
    ],
)
def test_a_year_next_to_a_part_of_a_year_is_one_range(question: str, start: str, end: str) -> None:
    plan = _json(question)
    assert plan["time_range"] == {"kind": "between", "start": start, "end": end}


def test_korean_grammar_of_basis_and_ability_is_not_a_word_to_refuse() -> None:
    plan = _json("대출 건수 기준 상위 2개 장르 알려주실 수 있나요?")
    assert plan["order_by"] == [{"field": "loan_count", "descending": True}]
    assert plan["limit"] == 2 and plan["dimensions"] == ["genre"]


def test_a_window_the_asker_defines_is_the_one_counted() -> None:
    """ "Past 30 days = CURRENT_DATE - INTERVAL '30 days' to now": from that day on, one day
    more than the plain phrase, and both readings of the same words stay apart."""
    question = "How many loans in the past 30 days, inclusive of today?"
    defined = read_definitions(question, "Past 30 days = CURRENT_DATE - INTERVAL '30 days' to now.")
    assert _json(defined.question)["time_range"] == {"kind": "since_ago", "n": 30, "unit": "day"}
    assert _json(question)["time_range"] == {"kind": "rolling", "n": 30, "unit": "day"}


@pytest.mark.parametrize(
    "notes",
    [
        "OLC = overdue loan count = loans of members in Busan that are overdue.",
        "OLC (overdue loans) = number of overdue loans of members who joined before 2020.",
    ],
)
def test_a_definition_that_says_more_than_its_name_is_not_shortened(notes: str) -> None:
    """Reading only the name would drop the condition the definition goes on to give."""
    defined = read_definitions("What is the OLC by member city?", notes)
    assert not defined.definitions
    assert _plan(defined.question).plan is None


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("How many losses last month and what were their late fees?", {"loan_count", "late_fees"}),
        ("how many losses were there last month", {"loan_count"}),
    ],
)
def test_how_many_counts_the_rows_a_value_names(question: str, metrics: set[str]) -> None:
    """ "How many successful top-ups": the top-ups are a kind of transaction, so the
    transactions of that kind are counted, beside any amount asked of them."""
    plan = _json(question)
    assert set(plan["metrics"]) == metrics
    assert plan["filters"] == [{"dimension": "loan_status", "op": "=", "values": ["lost"]}]


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("how many lost payments last month", "payment_state"),
        ("lost loans by member city", "loan_status"),
        ("late fees of lost loans", "loan_status"),
    ],
)
def test_a_value_two_tables_hold_is_the_one_of_the_table_asked_about(
    question: str, dimension: str
) -> None:
    plan = _json(question)
    assert [f["dimension"] for f in plan["filters"]] == [dimension]


def test_a_value_two_tables_hold_with_nothing_to_decide_is_asked() -> None:
    result = _plan("how many lost last month")
    assert result.plan is None and result.clarification is not None


SPOILER_VALUES = {**VALUES, "member_city": ["IN", "Seoul"], "genre": ["percentage", "fiction"]}


@pytest.mark.parametrize(
    "question",
    [
        "How many members are there in each member city?",
        "What percentage of loans were overdue?",
    ],
)
def test_a_grammar_word_or_the_head_of_an_of_phrase_is_no_value(question: str) -> None:
    """ "in" is no country code, and "what percentage of" asks a share, not the type."""
    index = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, SPOILER_VALUES)
    grounding = ground(question, index, TODAY)
    values = {t.value for m in grounding.mentions for t in m.of_kind(Kind.VALUE)}
    assert not values & {"IN", "percentage"}


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("loans by book", "book_title"),
        ("책별 대출 건수", "book_title"),
        ("fines per payment", None),
    ],
)
def test_a_breakdown_by_a_table_is_by_what_its_rows_are_known_by(
    question: str, dimension: str | None
) -> None:
    """ "진단별", "by diagnosis" where only the table is named: its name column; never a
    silently dropped breakdown."""
    result = _plan_with_books_known_as("책", question)
    if dimension is None:
        assert result.plan is None
        return
    assert result.plan is not None, result
    assert list(result.plan.dimensions) == [dimension]


def test_a_word_written_whole_is_the_owners_word_not_its_parts() -> None:
    """Kiwi reads "성별" as 성 + 별 ("by surname"); written whole it is the owner's word for
    gender, with or without a particle after it."""
    members = PROJECT.layer.tables["members"]
    surname = [
        d.model_copy(update={"synonyms": (*d.synonyms, "성")}) if d.name == "member" else d
        for d in members.dimensions
    ]
    gender = members.dimensions[0].model_copy(
        update={
            "name": "member_gender",
            "column": "status",
            "label": "Gender",
            "synonyms": ("성별",),
        }
    )
    layer, catalog = _with_tables(members.model_copy(update={"dimensions": (*surname, gender)}))
    index = GroundingIndex.build(layer, catalog, VALUES)
    for question in ("성별 회원 수", "성별로 회원 수"):
        grounding = ground(question, index, TODAY)
        dimensions = [t.name for m in grounding.mentions for t in m.of_kind(Kind.DIMENSION)]
        assert dimensions == ["member_gender"], question


def test_things_counted_by_a_condition_on_their_own_facts_are_counted_with_them() -> None:
    """ "How many members had at least one overdue loan": a condition on each member, which
    a condition on the groups' totals would answer wrongly; having any loan is the members'
    condition (``with_facts``), each member once."""
    plan = _json("For each city, how many members had at least one loan?")
    assert plan["metrics"] == ["member_count"] and plan["dimensions"] == ["member_city"]
    assert plan["with_facts"] == [{"metric": "loan_count"}] and "having" not in plan


def _plan_with_books_known_as(synonym: str, question: str) -> PlanningResult:
    books = PROJECT.layer.tables["books"].model_copy(update={"synonyms": (synonym,)})
    return _plan_on(*_with_tables(books), question)


@pytest.mark.parametrize(
    ("question", "plan"),
    [
        (
            "How many loans were made in each member city? Return the city and the count.",
            {"metrics": ["loan_count"], "dimensions": ["member_city"]},
        ),
        (
            "Return the member city, the number of loans and the late fees, ordered by late fees "
            "from highest to lowest",
            {"order_by": [{"field": "late_fees", "descending": True}]},
        ),
        (
            "late fees by member city sorted by member city",
            {"order_by": [{"field": "member_city", "descending": False}]},
        ),
        (
            "지난달 대출 몇 건?",
            {"metrics": ["loan_count"], "time_range": {"kind": "last", "n": 1, "unit": "month"}},
        ),
        (
            "which member city had the most loans",
            {"metrics": ["loan_count"], "dimensions": ["member_city"], "limit": 1},
        ),
    ],
)
def test_how_analysts_ask_for_counts_and_orders(question: str, plan: dict[str, Any]) -> None:
    got = _json(question)
    assert {key: got.get(key) for key in plan} == plan


def test_korean_most_of_a_table_counts_it_and_ranks_the_thing_after() -> None:
    """ "이상반응이 가장 많은 약물": the drug with the most adverse events."""
    result = _plan_with_books_known_as("책", "대출이 가장 많은 책")
    assert result.plan is not None, result
    assert (result.plan.metrics, result.plan.dimensions, result.plan.limit) == (
        ("loan_count",),
        ("book_title",),
        1,
    )


def test_a_breakdown_the_metric_cannot_use_takes_the_like_named_one_it_can() -> None:
    """ "Notifications by channel", where "channel" named the transactions' channel."""
    books = PROJECT.layer.tables["books"]
    acquired = books.model_copy(
        update={
            "columns": (*books.columns, books.columns[0].model_copy(update={"name": "bought"})),
            "dimensions": (
                *books.dimensions,
                books.dimensions[0].model_copy(
                    update={"name": "acquisition_method", "column": "bought",
                            "label": "Acquisition method", "synonyms": ()}
                ),
            ),
        }
    )  # fmt: skip
    result = _plan_on(*_with_tables(acquired), "loans by method")
    assert result.plan is not None, result
    assert result.plan.dimensions == ("acquisition_method",)


def test_the_most_common_values_are_ranked_by_how_many_rows_carry_them() -> None:
    plan = _json("What are the 2 most common loan statuses this year?")
    assert plan["metrics"] == ["loan_count"] and plan["dimensions"] == ["loan_status"]
    assert plan["order_by"] == [{"field": "loan_count", "descending": True}]
    assert plan["limit"] == 2


def test_commonness_with_no_count_of_the_rows_is_refused() -> None:
    """Books have no count: "the most common genre" of books, loans or members is a guess."""
    assert _plan("the most common genre").plan is None


def test_how_many_before_a_date_word_counts_the_rows_it_dates() -> None:
    """ "How many treatments started in each quarter": the owner's name for the start date
    holds the noun; the rows that date dates are counted."""
    plan = _json("How many enrolled in each quarter of 2025?")
    assert plan["metrics"] == ["member_count"] and plan["grain"] == "quarter"


def test_a_korean_question_is_asked_back_in_korean_with_the_owners_korean_names() -> None:
    """Korean throughout: the clarification and its options speak the asker's language."""
    result = _plan("색깔별 대출 건수")
    assert result.clarification is not None, result
    assert "찾지 못했습니다" in result.clarification.message
    labels = {o.label for o in result.clarification.options}
    assert "장르" in labels and "Genre" not in labels
    assert "장르별 대출 건수" in {o.question for o in result.clarification.options}


def test_a_part_of_a_name_no_dimension_holds_is_refused_not_swapped() -> None:
    """ "first name" where only a full name is held: showing it would pass it off."""
    result = _plan("top 3 members by late fees; show their first name")
    assert result.plan is None and result.cannot_express is not None
    assert "first name" in result.cannot_express
    assert _json("top 3 members by late fees; show their name")["dimensions"] == ["member"]


@pytest.mark.parametrize(
    "question",
    [
        "How many loans in each of the last 6 months? Return the month and the count.",
        "weekly late fees in the last 8 weeks; return the week start date and the fees",
        "quarterly loans in 2025. Represent each quarter as the first date in the quarter.",
        "monthly fees in 2025, expressed as the first day of each month",
    ],
)
def test_the_period_column_a_grain_shows_may_be_asked_for(question: str) -> None:
    plan = _json(question)
    assert plan["grain"] in ("month", "week", "quarter")


def test_a_date_word_with_no_grain_is_still_asked_about() -> None:
    assert _plan("late fees by start date").plan is None
    assert _plan("late fees on the first day of the month").plan is None


def test_a_passive_verb_names_the_dating_event_only_where_the_date_says_so() -> None:
    """ "Payments were settled in each month" dates by the settled date when the owner named
    the payments' date so; "loans that were lost" stays the status, as loans are dated by
    their loan date."""
    payments = PROJECT.layer.tables["payments"]
    dated = payments.time_dimensions[0].model_copy(update={"synonyms": ("settled date",)})
    layer, catalog = _with_tables(payments.model_copy(update={"time_dimensions": (dated,)}))
    settled = _plan_on(layer, catalog, "how many payments were settled in each month of 2025")
    assert settled.plan is not None and not settled.plan.filters, settled
    lost = _json("how many loans were lost in 2025")
    assert lost["filters"] == [{"dimension": "loan_status", "op": "=", "values": ["lost"]}]


def test_an_order_of_the_periods_is_the_series_own() -> None:
    plan = _json("loans and late fees in each of the last 4 weeks, in ascending order of week")
    assert plan["grain"] == "week" and "order_by" not in plan


@pytest.mark.parametrize(
    "question",
    [
        "late fees from members who have made a payment",
        "how many books were borrowed by members who paid last year? count payments too",
    ],
)
def test_facts_the_plan_does_not_read_are_not_dropped(question: str) -> None:
    """Other facts the question names are a condition the plan can't hold: answering without
    them counted every member who joined in 2025."""
    result = _plan(question)
    assert result.plan is None or "payment_count" in result.plan.metrics, result


@pytest.mark.parametrize(
    "question",
    ["late fees of members in each city", "loans by the book's genre", "list the members"],
)
def test_tables_the_facts_belong_to_are_read(question: str) -> None:
    assert _plan(question).plan is not None


def _loans_with_a_return_date() -> tuple[Any, Any]:
    """Loans with a second date, named by the event it records (a return date)."""
    from semantic_layer.model import TimeDimension

    loans = PROJECT.layer.tables["loans"]
    returned = TimeDimension(
        name="returned_on", column="loaned_at", label="Return date", labels={"ko": "반납일"}
    )
    approved = TimeDimension(name="approved_on", column="loaned_at", label="Approval date")
    dates = (*loans.time_dimensions, returned, approved)
    return _with_tables(loans.model_copy(update={"time_dimensions": dates}))


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("2025년에 반납된 대출 건수", "returned_on"),
        ("how many loans were approved in 2025", "approved_on"),  # approve → approval
        ("how many loans did they approve in 2025", "approved_on"),
        ("late fees of loans approved last month by genre", "approved_on"),
    ],
)
def test_a_verb_of_the_event_a_date_records_names_that_date(question: str, date: str) -> None:
    """ "반납된" is the event the return date records: the period filters that date."""
    layer, catalog = _loans_with_a_return_date()
    result = _plan_on(layer, catalog, question)
    assert result.plan is not None, result
    assert [t.time_dimension for t in result.plan.time_filters] == [date]


@pytest.mark.parametrize(
    "question",
    [
        "late fees of loans that ended in 2025",  # no date of the loans is an end date
        "2025년에 종료된 대출 건수",
    ],
)
def test_a_verb_no_date_is_named_after_stays_unknown(question: str) -> None:
    layer, catalog = _loans_with_a_return_date()
    assert _plan_on(layer, catalog, question).plan is None


def test_a_verb_of_the_metrics_own_date_keeps_the_range() -> None:
    """ "loaned" is the loans' own date: the period stays the plan's range."""
    plan = _json("how many loans were loaned in each month of 2025")
    assert plan["grain"] == "month" and "time_filters" not in plan


@pytest.mark.parametrize(
    ("question", "facts", "period"),
    [
        ("number of members who made a payment in 2025", "payment_count", True),
        ("how many members have a loan", "loan_count", False),
        ("how many members with loans last month", "loan_count", True),
        ("2025년에 결제한 회원 수", None, None),  # a verb, not a light one: not read here
    ],
)
def test_counted_things_that_had_facts_count_each_once(
    question: str, facts: str | None, period: bool | None
) -> None:
    """ "How many members made a payment in 2025": the members, with the payments as the
    condition and 2025 as the payments' period, never the members who joined in 2025."""
    result = _plan(question)
    if facts is None:
        assert result.plan is None or not result.plan.with_facts
        return
    assert result.plan is not None, result
    assert result.plan.metrics == ("member_count",)
    assert [w.metric for w in result.plan.with_facts] == [facts]
    assert (result.plan.with_facts[0].time_range is not None) is period
    assert result.plan.time_range is None


def test_things_that_had_facts_per_period_are_refused() -> None:
    assert _plan("how many members made a payment in each month of 2025").plan is None


@pytest.mark.parametrize("question", ["members and loans last month", "members or loans by city"])
def test_two_measures_listed_are_not_a_condition(question: str) -> None:
    result = _plan(question)
    assert result.plan is None or not result.plan.with_facts


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("최근 30일 동안 대출 건수", "loan_count"),  # 동안: the period before it
        ("지난달 대출 기록 집계", "loan_count"),  # records, tallied: how it is asked
    ],
)
def test_korean_words_of_duration_and_asking_are_grammar(question: str, metric: str) -> None:
    plan = _json(question)
    assert plan["metrics"] == [metric] and "time_range" in plan


COMPARED = {"dimension": "genre", "op": "in", "values": ["fiction", "history"]}


@pytest.mark.parametrize(
    ("question", "metric", "dimension"),
    [
        ("late fees for fiction versus history loans", "late_fees", "genre"),
        ("loans of fiction books compared with history books", "loan_count", "genre"),
        ("Compare late fees for history and fiction loans", "late_fees", "genre"),
        ("payments received, card vs cash payments", "payments_received", "payment_method"),
        ("payments received from cash against card", "payments_received", "payment_method"),
        ("소설 대비 역사 대출 건수", "loan_count", "genre"),
        ("소설과 역사 대출 건수 비교", "loan_count", "genre"),
        ("역사와 소설의 연체료를 비교해줘", "late_fees", "genre"),
    ],
)
def test_two_values_set_against_each_other_are_a_row_each(
    question: str, metric: str, dimension: str
) -> None:
    """Summing the two values would hide the very difference asked about."""
    plan = _json(question)
    assert plan["metrics"] == [metric]
    assert plan["dimensions"] == [dimension]
    (condition,) = plan["filters"]
    assert condition["dimension"] == dimension and len(condition["values"]) == 2


@pytest.mark.parametrize(
    "question",
    ["2025년에 대출받은 회원 수", "2025년에 대출한 회원 수", "2025년에 대출이 있는 회원 수"],
)
def test_korean_counted_things_that_had_facts(question: str) -> None:
    """The clause comes before the things in Korean; 받다 written onto a noun is passive."""
    catalog = _with_synonyms(member_count="회원 수")
    result = _plan_on(PROJECT.layer, catalog, question)
    assert result.plan is not None, result
    assert result.plan.metrics == ("member_count",)
    assert [w.metric for w in result.plan.with_facts] == ["loan_count"]
    assert result.plan.with_facts[0].time_range is not None


@pytest.mark.parametrize(
    "question",
    [
        "late fees for fiction and history loans",
        "소설과 역사 대출 건수",
        "payments received from card or cash",
    ],
)
def test_two_values_without_a_comparison_are_one_total(question: str) -> None:
    plan = _json(question)
    assert "dimensions" not in plan
    (condition,) = plan["filters"]
    assert condition["op"] == "in" and len(condition["values"]) == 2


@pytest.mark.parametrize(
    "question", ["fiction loans this year vs last year", "소설 대출 건수 전년 대비"]
)
def test_a_value_compared_with_another_period_is_not_a_breakdown(question: str) -> None:
    result = _plan(question)
    assert result.plan is None or "genre" not in result.plan.dimensions, result


@pytest.mark.parametrize(
    "question",
    [
        "late fees of renewed loans versus non-renewed loans",
        "late fees for renewed vs non-renewed loans",
    ],
)
def test_a_yes_no_against_its_opposite_is_a_row_each(question: str) -> None:
    assert _json(question)["dimensions"] == ["is_renewed"]


def test_values_of_two_dimensions_set_against_each_other_break_nothing_down() -> None:
    result = _plan("loans of fiction books versus overdue loans")
    assert result.plan is None or not result.plan.dimensions, result


RENEWED = {"dimension": "is_renewed", "op": "=", "values": [True]}
NOT_RENEWED = {"dimension": "is_renewed", "op": "=", "values": [False]}


@pytest.mark.parametrize(
    ("question", "condition"),
    [
        ("Among renewed loans, what were the late fees?", RENEWED),
        ("late fees for renewed checkouts", RENEWED),
        ("How many renewed loans were there last month?", RENEWED),
        ("연장 대출 건수", RENEWED),
        ("late fees of non-renewed loans", NOT_RENEWED),
        ("Excluding renewed loans, what were the late fees?", NOT_RENEWED),
        ("연장 대출을 제외한 대출 건수", NOT_RENEWED),
        ("비연장 대출 건수", NOT_RENEWED),
        ("미연장 대출 건수", NOT_RENEWED),
    ],
)
def test_a_yes_no_dimension_naming_a_kind_of_the_facts_filters_them(
    question: str, condition: dict[str, Any]
) -> None:
    """ "Renewed loans" are the loans that were renewed, not loans split by renewal."""
    plan = _json(question)
    assert plan["filters"] == [condition]
    assert "dimensions" not in plan


@pytest.mark.parametrize(
    "question", ["late fees by renewal", "loans by renewed", "연장별 대출 건수"]
)
def test_a_yes_no_dimension_after_a_breakdown_marker_is_a_breakdown(question: str) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["is_renewed"] and "filters" not in plan


@pytest.mark.parametrize(
    "question",
    [
        "loans excluding late fees in 2025",
        "what were payments before late fees last month",
        "payments net of late fees",
        "연체료 포함 결제 금액",
    ],
)
def test_a_metric_that_qualifies_another_amount_is_not_what_is_added_up(question: str) -> None:
    """ "Amount before tax" is not the tax: answering the qualifying metric was wrong."""
    result = _plan(question)
    assert result.plan is None or "late_fees" not in result.plan.metrics, result


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("loans after 2024", "2025-01-01"),
        ("loans after March 2025", "2025-04-01"),
        ("loans later than 2024", "2025-01-01"),
        ("loans from 2024 onwards", "2024-01-01"),
    ],
)
def test_after_a_period_starts_the_day_after_it(question: str, start: str) -> None:
    from metrics.timeframe import resolve

    result = _plan(question)
    assert result.plan is not None and result.plan.time_range is not None, result
    assert resolve(result.plan.time_range, TODAY) == (dt.date.fromisoformat(start), TODAY)


@pytest.mark.parametrize(
    ("question", "end"),
    [
        ("loans before 2025", "2024-12-31"),
        ("loans until March 2025", "2025-03-31"),
        ("late fees prior to 2025", "2024-12-31"),
        ("loans through 2025", "2025-12-31"),
        ("loans up to March 2025", "2025-03-31"),
        ("loans before March 15, 2025", "2025-03-14"),
        ("2025년까지 대출 건수", "2025-12-31"),
        ("2025년 이전 대출 건수", "2024-12-31"),
        ("2025년 3월 1일 이전 대출 건수", "2025-02-28"),
    ],
)
def test_a_period_with_no_start_is_everything_up_to_its_end(question: str, end: str) -> None:
    """ "before 2025" once counted the loans of 2025."""
    assert _json(question)["time_range"] == {"kind": "until", "end": end}


def test_an_end_no_pattern_reads_is_refused_not_read_as_the_period() -> None:
    result = _plan("loans before Q3 2025")
    assert result.plan is None and result.cannot_express is not None


@pytest.mark.parametrize(
    "question",
    [
        "loans from 2023 until 2025",
        "2023년부터 2025년까지 대출 건수",
        "loans between 2023 and 2025",
    ],
)
def test_a_range_of_whole_years_is_both_years_and_between(question: str) -> None:
    assert _json(question)["time_range"] == {
        "kind": "between",
        "start": "2023-01-01",
        "end": "2025-12-31",
    }


@pytest.mark.parametrize(
    "question",
    [
        "how many distinct members made a payment in 2025",
        "how many members submitted a payment in 2025",  # a verb of its own
        "How many unique members have made payments in 2025?",
    ],
)
def test_a_clause_with_its_own_verb_or_distinct_counts_the_things(question: str) -> None:
    result = _plan(question)
    assert result.plan is not None, result
    assert result.plan.metrics == ("member_count",)
    assert [w.metric for w in result.plan.with_facts] == ["payment_count"]


def test_a_word_naming_the_things_is_not_a_value_the_metric_cant_use() -> None:
    """ "payments of members": the members, not a genre that happens to be called so."""
    books = PROJECT.layer.tables["books"]
    columns = tuple(
        c.model_copy(update={"allowed_values": (*c.allowed_values, "members")})
        if c.name == "genre"
        else c
        for c in books.columns
    )
    layer, catalog = _with_tables(books.model_copy(update={"columns": columns}))
    index = GroundingIndex.build(layer, catalog, {**VALUES, "genre": ["members", "fiction"]})
    result = plan_offline(
        ground("payment count of members by city", index, TODAY),
        PlanningContext(layer, catalog, TODAY),
    )
    assert result.plan is not None, result
    assert not any(f.dimension == "genre" for f in result.plan.filters)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("new loans last month", "loan_count"),
        ("how many new members joined last month", "member_count"),
        ("이번 달 신규 대출 건수", "loan_count"),
    ],
)
def test_new_things_are_the_rows_the_count_dates_in_the_period(question: str, metric: str) -> None:
    assert _json(question)["metrics"] == [metric]


def test_new_before_an_amount_is_not_read() -> None:
    """New late fees would be a first time, which no count of their own rows says."""
    assert _plan("new late fees last month").plan is None


def test_hour_of_the_day_is_a_part_of_a_timestamp_only() -> None:
    """The library's loans are dated by day: an hour of each would be midnight."""
    from semantic_layer.model import ColumnType

    assert _plan("loans by hour of the day").plan is None
    payments = PROJECT.layer.tables["payments"]
    stamped = tuple(
        c.model_copy(update={"type": ColumnType.TIMESTAMP}) if c.name == "paid_on" else c
        for c in payments.columns
    )
    layer, catalog = _with_tables(payments.model_copy(update={"columns": stamped}))
    for question in (
        "number of payments received by hour of the day",
        "number of payments received by time of day",
        "시간대별 number of payments received",
    ):
        result = _plan_on(layer, catalog, question)
        assert result.plan is not None, (question, result)
        assert result.plan.dimensions == ("paid_on__hour",)


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("how many overdue loans were returned last month", True),  # overdue only, never returned
        ("number of overdue loans with status lost", True),
        ("number of overdue loans with status overdue", False),
    ],
)
def test_a_value_the_metrics_own_filter_rules_out_is_refused(question: str, refused: bool) -> None:
    """A count defined as overdue loans, asked about returned ones, is always 0."""
    result = _plan(question)
    if refused:
        assert result.plan is None, result
    else:
        assert result.plan is not None, result


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("How many books were loaned last month?", "loan_count"),
        ("how many members joined in 2025", "member_count"),
    ],
)
def test_a_count_named_by_the_things_event_verb_is_the_answer(question: str, metric: str) -> None:
    assert _json(question)["metrics"] == [metric]


def test_things_given_an_object_are_not_the_events_count() -> None:
    """ "Members were loaned books": each member may have many loans; not the loan count."""
    result = _plan("how many members were loaned books last month")
    assert result.plan is None or result.plan.metrics != ("loan_count",)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many loans were returned last month", "loan_count"),
        ("late fees of loans returned in 2025", "late_fees"),
    ],
)
def test_an_asking_verbs_participle_is_a_word_of_the_question(question: str, metric: str) -> None:
    """ "Loans returned last month" are returned loans: once "returned" was dropped as the
    verb "return", and all loans were counted."""
    plan = _json(question)
    assert plan["metrics"] == [metric]
    assert plan["filters"] == [{"dimension": "loan_status", "op": "=", "values": ["returned"]}]


@pytest.mark.parametrize(
    "question",
    ["late fees grouped by genre", "late fees by genre, based on the loans table"],
)
def test_a_presenting_participle_still_presents(question: str) -> None:
    assert _json(question)["dimensions"] == ["genre"]


def _share(metric: str, dimension: str, value: Any) -> list[dict[str, Any]]:
    return [{"metric": metric, "where": {"dimension": dimension, "op": "=", "values": [value]}}]


_2025 = {"time_range": {"kind": "between", "start": "2025-01-01", "end": "2025-12-31"}}
_RENEWED = {"filters": [{"dimension": "is_renewed", "op": "=", "values": [True]}]}


@pytest.mark.parametrize(
    ("question", "share", "rest"),
    [
        ("what percentage of loans were overdue", ("loan_count", "loan_status", "overdue"), {}),
        ("what fraction of payments were settled",
         ("payment_count", "payment_state", "settled"), {}),
        ("what percentage of late fees came from lost loans",
         ("late_fees", "loan_status", "lost"), {}),
        ("what proportion of loans are overdue by genre", ("loan_count", "loan_status", "overdue"),
         {"dimensions": ["genre"]}),
        ("what share of renewed loans were returned", ("loan_count", "loan_status", "returned"),
         _RENEWED),
        ("What share of payments in 2025 were card payments?",
         ("payment_count", "payment_method", "card"), _2025),
        ("2025년 대출 중 소설 비율", ("loan_count", "genre", "fiction"), _2025),
        ("대출 중 역사 비중은?", ("loan_count", "genre", "history"), {}),
        ("장르별 대출 중 연장 비율", ("loan_count", "is_renewed", True), {"dimensions": ["genre"]}),
    ],
)  # fmt: skip
def test_the_share_of_facts_meeting_a_condition(
    question: str, share: tuple[str, str, Any], rest: dict[str, Any]
) -> None:
    """The value after the facts (in Korean, before the share word and after 중) is what the
    share is of; a value naming the facts before that narrows the whole."""
    assert _json(question) == {"shares": _share(*share), **rest}


def test_a_share_ranks_the_groups_it_is_taken_in() -> None:
    plan = _json("which member city had the highest proportion of loans lost")
    assert plan["shares"] == _share("loan_count", "loan_status", "lost")
    assert plan["order_by"] == [{"field": "loan_count_share_loan_status_lost", "descending": True}]


@pytest.mark.parametrize(
    "question",
    [
        "what percentage of fee per loan were fiction",  # a ratio has no part that adds up
        "percentage of loans by genre",  # no condition named: a share of what?
        "what percentage of loans",
    ],
)
def test_no_share_without_additive_facts_and_a_condition(question: str) -> None:
    result = _plan(question)
    assert result.plan is None or not result.plan.shares


def _overdue_rate() -> Any:
    """The library's catalog with an overdue rate: overdue loans ÷ loans."""
    rate = RatioMetric.model_validate(
        {
            "type": "ratio",
            "name": "overdue_rate",
            "label": "Overdue rate",
            "description": "Overdue loans over loans.",
            "owner": "tests",
            "numerator": "overdue_loans",
            "denominator": "loan_count",
            "format": "percent",
        }
    )
    return dataclasses.replace(
        PROJECT.catalog, metrics={**PROJECT.catalog.metrics, "overdue_rate": rate}, _allowed={}
    )


def test_the_catalogs_own_rate_answers_the_share_it_defines() -> None:
    """A certified overdue rate is the share of loans that are overdue, by its definition:
    asked with the value, or with the metric of those loans named."""
    catalog = _overdue_rate()
    result = _plan_on(PROJECT.layer, catalog, "what share of loans were overdue by genre")
    assert result.plan is not None
    assert (result.plan.metrics, result.plan.shares) == (("overdue_rate",), ())
    assert result.plan.dimensions == ("genre",) and not result.plan.filters
    returned = _plan_on(PROJECT.layer, catalog, "what share of loans were returned")
    assert returned.plan is not None and returned.plan.shares
    named_both = ("what percentage of checkouts were overdue loans", "대출 중 overdue loans 비율")
    for question in named_both:
        named = _plan_on(PROJECT.layer, catalog, question)
        assert named.plan is not None and named.plan.metrics == ("overdue_rate",), question
    assert _plan("what percentage of checkouts were overdue loans").plan is None  # no such rate


def test_a_word_for_a_part_and_its_rate_is_the_rate_when_a_share_is_asked() -> None:
    """A glossary word naming both late-style counts and their rate ("overdue": overdue loans
    or the overdue rate) is asked about, unless a share of the facts named is asked."""
    term = GlossaryTerm(
        term="overdue",
        definition="x",
        synonyms=("late",),
        metrics=("overdue_loans", "overdue_rate"),
    )
    layer = type(PROJECT.layer).from_files(
        [
            SemanticLayerFile(
                tables=tuple(PROJECT.layer.tables.values()),
                relationships=PROJECT.layer.relationships,
                glossary=(term,),
            )
        ]
    )
    catalog = dataclasses.replace(_overdue_rate(), _allowed={})
    share = _plan_on(layer, catalog, "what percentage of loans were late in 2025")
    assert share.plan is not None and share.plan.metrics == ("overdue_rate",)
    assert _plan_on(layer, catalog, "late by genre").clarification is not None


@pytest.mark.parametrize(
    ("question", "descending"),
    [
        ("number of loans by genre, ordered by count ascending", False),
        ("How many loans per genre? Return the genre and count, sorted by count descending", True),
    ],
)
def test_ordered_by_the_count_orders_by_the_count_asked(question: str, descending: bool) -> None:
    plan = _json(question)
    assert plan["order_by"] == [{"descending": descending, "field": "loan_count"}]


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("loans in 2025H2", "2025-07-01"),
        ("2025 h1 late fees", "2025-01-01"),
        ("2025H2 대출 건수", "2025-07-01"),
    ],
)
def test_a_half_written_after_its_year(question: str, start: str) -> None:
    assert _json(question)["time_range"]["start"] == start


def test_a_label_in_another_language_is_a_name() -> None:
    """ "결제 건수" is what the owner's Korean label calls the count, synonyms or not."""
    metrics = dict(PROJECT.catalog.metrics)
    metrics["payment_count"] = metrics["payment_count"].model_copy(
        update={"labels": {"ko": "결제 건수"}}
    )
    catalog = dataclasses.replace(PROJECT.catalog, metrics=metrics, _allowed={})
    members = PROJECT.layer.tables["members"]
    dimensions = tuple(
        d.model_copy(update={"labels": {"ko": "거주 도시"}}) if d.name == "member_city" else d
        for d in members.dimensions
    )
    layer, _ = _with_tables(members.model_copy(update={"dimensions": dimensions}))
    result = _plan_on(layer, catalog, "지난달 거주 도시별 결제 건수")
    assert result.plan is not None, result
    assert result.plan.metrics == ("payment_count",)
    assert result.plan.dimensions == ("member_city",)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("total overdue loan value in 2025", "late_fees"),  # "loan value" is the head
        ("overdue loan count in 2025", "overdue_loans"),  # a counting word adds no measure
    ],
)
def test_of_two_crossing_names_the_head_wins_however_long_the_other(
    question: str, metric: str
) -> None:
    catalog = _with_synonyms(late_fees="loan value")
    result = _plan_on(PROJECT.layer, catalog, question)
    assert result.plan is not None, result
    assert result.plan.metrics == (metric,)


def test_a_number_with_a_korean_counter_counts_the_things_not_a_value() -> None:
    """ "장르 3개": three genres, not members of tier 3."""
    from semantic_layer.model import Column, ColumnType, Dimension

    members = PROJECT.layer.tables["members"]
    tiered = members.model_copy(
        update={
            "columns": (
                *members.columns,
                Column(name="tier", type=ColumnType.INTEGER, allowed_values=(1, 2, 3)),
            ),
            "dimensions": (*members.dimensions, Dimension(name="member_tier", column="tier")),
        }
    )
    layer, catalog = _with_tables(tiered)
    index = GroundingIndex.build(layer, catalog, {**VALUES, "member_tier": [1, 2, 3]})
    question = "연체료가 가장 높은 장르 3개"
    result = plan_offline(ground(question, index, TODAY), PlanningContext(layer, catalog, TODAY))
    assert result.plan is not None, result
    assert result.plan.limit == 3 and not result.plan.filters


@pytest.mark.parametrize(
    "question",
    ["how many loans were overdue in 2025", "number of loans with status overdue by genre"],
)
def test_a_count_under_a_condition_the_catalog_defines_is_that_metric(question: str) -> None:
    """Loans whose status is overdue are the owner's "overdue loans", with its own date."""
    plan = _json(question)
    assert plan["metrics"] == ["overdue_loans"] and "filters" not in plan


def test_a_value_in_two_columns_takes_the_one_named_a_preposition_before() -> None:
    """ "members with hometown in Seoul": the hometown, not the city they live in, though
    both columns of the members hold Seoul."""
    from semantic_layer.model import Column, ColumnType, Dimension

    members = PROJECT.layer.tables["members"]
    hometown = members.model_copy(
        update={
            "columns": (*members.columns, Column(name="hometown", type=ColumnType.STRING)),
            "dimensions": (
                *members.dimensions,
                Dimension(name="member_hometown", column="hometown", label="Hometown"),
            ),
        }
    )
    layer, catalog = _with_tables(hometown)
    values = {**VALUES, "member_hometown": ["Seoul"], "member_city": ["Seoul"]}
    index = GroundingIndex.build(layer, catalog, values)
    question = "late fees of members with hometown in Seoul last month"
    result = plan_offline(ground(question, index, TODAY), PlanningContext(layer, catalog, TODAY))
    assert result.plan is not None, result
    assert [f.dimension for f in result.plan.filters] == ["member_hometown"]


@pytest.mark.parametrize(
    ("question", "unit", "starts"),
    [
        ("loans in March 2025 and March 2026", "month", ["2025-03-01", "2026-03-01"]),
        ("compare late fees in 2024 with 2025", "year", ["2024-01-01", "2025-01-01"]),
        ("2024년과 2025년 대출 건수 비교", "year", ["2024-01-01", "2025-01-01"]),
    ],
)
def test_two_whole_periods_named_are_a_row_each(
    question: str, unit: str, starts: list[str]
) -> None:
    """Both numbers, side by side: the series at that grain, kept to the two periods."""
    plan = _json(question)
    assert plan["grain"] == unit
    assert plan["filters"] == [{"dimension": f"loaned_at__{unit}", "op": "in", "values": starts}]


def test_two_periods_of_different_lengths_are_still_refused() -> None:
    assert _plan("loans in 2025 and in March 2026").plan is None


def test_the_things_a_count_was_read_from_are_not_also_a_breakdown() -> None:
    """ "How many titles …" counted as the distinct books lent is one number, not one row
    a title, each counted once."""
    from metrics.model import SimpleMetric

    lent = SimpleMetric.model_validate(
        {
            "name": "books_lent",
            "label": "Titles lent",
            "description": "Distinct books on loan.",
            "owner": "tests",
            "type": "simple",
            "table": "loans",
            "agg": "count_distinct",
            "expr": "book_id",
            "time_dimension": "loaned_at",
        }
    )
    catalog = dataclasses.replace(
        PROJECT.catalog, metrics={**PROJECT.catalog.metrics, "books_lent": lent}, _allowed={}
    )
    result = _plan_on(PROJECT.layer, catalog, "how many titles last month")
    assert result.plan is not None, result
    assert result.plan.metrics == ("books_lent",) and not result.plan.dimensions


def test_a_second_date_the_metrics_rows_cant_reach_is_refused_not_an_error() -> None:
    """Members don't lead to their payments' date: refused in words, before compiling."""
    payments = PROJECT.layer.tables["payments"]
    named = payments.time_dimensions[0].model_copy(update={"synonyms": ("paid on",)})
    layer, catalog = _with_tables(payments.model_copy(update={"time_dimensions": (named,)}))
    result = _plan_on(layer, catalog, "members with paid on in 2025")
    assert result.plan is None and result.cannot_express is not None
    assert "can't be dated by Payment date" in result.cannot_express


@pytest.mark.parametrize(
    ("question", "dimensions"),
    [
        ("late fees by patron city in 2025", ["member_city"]),
        ("loans by volume genre", ["genre"]),
        ("loans by reader's city", ["member_city"]),
        ("late fees by patron city and genre", ["genre", "member_city"]),
        # a list, or two markers: each is its own breakdown
        ("late fees by patron and city", ["member", "member_city"]),
        ("late fees by patron, city", ["member", "member_city"]),
    ],
)
def test_the_things_name_before_an_attribute_of_theirs_says_whose_it_is(
    question: str, dimensions: list[str]
) -> None:
    """ "Claim rate by shipper industry": in a noun compound the last noun is the head; the
    things' name before it says whose attribute it is, and is no breakdown of its own."""
    assert _json(question)["dimensions"] == dimensions


def _korean_members() -> tuple[Any, Any]:
    members = PROJECT.layer.tables["members"]
    city = next(d for d in members.dimensions if d.name == "member_city")
    dimensions = tuple(
        d.model_copy(update={"synonyms": (*d.synonyms, "도시")}) if d is city else d
        for d in members.dimensions
    )
    korean = members.model_copy(
        update={"synonyms": (*members.synonyms, "회원"), "dimensions": dimensions}
    )
    return _with_tables(korean)


@pytest.mark.parametrize(
    ("question", "dimensions"),
    [("회원 도시별 연체료", ["member_city"]), ("회원별 도시별 연체료", ["member", "member_city"])],
)
def test_korean_things_before_their_attribute_say_whose_it_is(
    question: str, dimensions: list[str]
) -> None:
    result = _plan_on(*_korean_members(), question)
    assert result.plan is not None, result
    assert sorted(result.plan.dimensions) == dimensions


@pytest.mark.parametrize(
    "question",
    [
        "late fees for lapsed patrons by month in 2025",
        "loans of active status readers in 2025",
        "late fees of lapsed status patrons in 2025",
    ],
)
def test_things_described_by_a_value_are_filtered_not_listed(question: str) -> None:
    """ "Gold tier shippers by quarter": an English "by" after the things starts the next
    breakdown, and a value with its column's name before them describes them."""
    plan = _json(question)
    assert "member" not in plan.get("dimensions", []), plan
    assert plan["filters"][0]["dimension"] == "member_status"


def _loans_with_borrower_type() -> tuple[Any, Any]:
    """Loans gain a column whose value 'member' is also the name of the things."""
    loans = PROJECT.layer.tables["loans"]
    column = Column(
        name="borrower_type", type=ColumnType.STRING, allowed_values=("member", "staff")
    )
    dimension = Dimension(name="borrower_type", column="borrower_type", label="Borrower type")
    return _with_tables(
        loans.model_copy(
            update={
                "columns": (*loans.columns, column),
                "dimensions": (*loans.dimensions, dimension),
            }
        )
    )


@pytest.mark.parametrize(
    ("question", "listed", "valued"),
    [
        ("top 3 members by late fees in 2025", True, False),
        ("late fees by member in 2025", True, False),
        ("late fees of active status members in 2025", False, False),
        ("late fees from members in 2025", False, True),
    ],
)
def test_a_name_of_things_that_is_also_a_value_is_read_once(
    question: str, listed: bool, valued: bool
) -> None:
    """ "Top 5 agents by premium" with a sales channel 'AGENT': ranked, listed or described,
    the word means the things, and the channel is no filter; otherwise it is the value,
    and the things are no breakdown. Never both."""
    result = _plan_on(*_loans_with_borrower_type(), question)
    assert result.plan is not None, result
    filtered = {f.dimension for f in result.plan.filters}
    assert ("member" in result.plan.dimensions) is listed
    assert ("borrower_type" in filtered) is valued


LOST_FEES = _with_synonyms(late_fees="lost")
"""'lost' is now both the late-fee metric and a loan status."""


@pytest.mark.parametrize(
    ("question", "metrics", "statuses"),
    [
        ("how many lost loans in 2025", ["loan_count"], ["lost"]),
        ("lost checkouts by genre", ["loan_count"], ["lost"]),
        ("lost vs returned loans in 2025", ["loan_count"], ["lost", "returned"]),
        # no things after it: the word is the metric
        ("lost by genre in 2025", ["late_fees"], []),
    ],
)
def test_a_value_before_the_name_of_its_things_describes_them(
    question: str, metrics: list[str], statuses: list[str]
) -> None:
    """ "Billing tickets", "network tickets": a word that is also a metric or a column,
    right before the things whose table holds it as a value, is that value."""
    result = _plan_on(PROJECT.layer, LOST_FEES, question)
    assert result.plan is not None, result
    assert list(result.plan.metrics) == metrics
    values = [v for f in result.plan.filters if f.dimension == "loan_status" for v in f.values]
    assert sorted(map(str, values)) == statuses


def _broken_for_lost() -> tuple[Any, Any]:
    loans = PROJECT.layer.tables["loans"]
    dimensions = tuple(
        d.model_copy(update={"value_synonyms": {"lost": ("losses", "broken")}})
        if d.name == "loan_status"
        else d
        for d in loans.dimensions
    )
    return _with_tables(loans.model_copy(update={"dimensions": dimensions}))


@pytest.mark.parametrize(
    ("question", "filtered"),
    [
        ("late fees in 2025 broken down by genre", False),
        ("loans split up by genre", False),
        ("broken loans in 2025 by genre", True),
    ],
)
def test_an_asking_verb_with_its_particle_presents_whatever_the_owner_calls_it(
    question: str, filtered: bool
) -> None:
    """ "Rent collected broken down by property type", where the owner made "broken" a
    synonym of a status: "broken down" is how to show it."""
    result = _plan_on(*_broken_for_lost(), question)
    assert result.plan is not None, result
    assert ("loan_status" in {f.dimension for f in result.plan.filters}) is filtered
    assert "genre" in result.plan.dimensions


def _plan_with_values(question: str, **values: list[Any]) -> PlanningResult:
    index = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, {**VALUES, **values})
    return plan_with(index, PROJECT.layer, PROJECT.catalog, TODAY, question)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("올해 R2 책 대출 건수", "R2"),
        ("R2 책의 대출 건수", "R2"),
        ("loans of R2 books this year", "R2"),
        ("B12 책 대출", "B12"),
    ],
)
def test_a_code_of_letters_and_digits_is_one_value_in_korean_too(question: str, code: str) -> None:
    """ "올해 완료된 P1 작업 지시": Korean morphology splits a code into a letter and a number;
    written against each other they are one code, as in English."""
    result = _plan_with_values(question, book_title=["R2", "B12", "Dune"])
    assert result.plan is not None, result
    assert [f.values for f in result.plan.filters] == [(code,)]


@pytest.mark.parametrize(
    ("question", "filtered"),
    [
        ("Which 3 patrons had the most late fees?", False),
        ("Which 3 readers had the most late fees in 2025?", False),
        ("late fees of member id 3", True),
    ],
)
def test_a_number_after_which_is_how_many_rows(question: str, filtered: bool) -> None:
    """ "Which 3 production lines had the most downtime", where a supplier tier holds 3:
    after "which" a bare number says how many are shown."""
    result = _plan_with_values(question, member_id=[3, 7])
    assert result.plan is not None, result
    assert ("member_id" in {f.dimension for f in result.plan.filters}) is filtered
    if not filtered:
        assert result.plan.limit == 3


def test_a_full_name_is_any_name_that_is_not_one_part_of_it() -> None:
    """ "Return the tenant's full name" of a name built from two columns: shown; "full
    name" where only a first name is held: refused."""
    plan = _json("the full name of the top 3 members by late fees")
    assert plan["dimensions"] == ["member"]
    members = PROJECT.layer.tables["members"]
    first_only = tuple(
        d.model_copy(update={"label": "First name", "synonyms": ("first name",)})
        if d.name == "member"
        else d
        for d in members.dimensions
    )
    layer, catalog = _with_tables(members.model_copy(update={"dimensions": first_only}))
    result = _plan_on(layer, catalog, "the full name of the top 3 members by late fees")
    assert result.plan is None and result.cannot_express is not None


@pytest.mark.parametrize("question", ["올해 연체된 대출", "작년에 연체한 대출은?", "연체 대출"])
def test_a_noun_made_a_participle_before_the_next_noun_names_them_together(question: str) -> None:
    """ "수납된 보험료" for the owner's "수납 보험료": 된/한 glued to a noun before another
    noun leave the two nouns' name."""
    result = _plan_on(PROJECT.layer, _with_synonyms(overdue_loans="연체 대출"), question)
    assert result.plan is not None, result
    assert result.plan.metrics == ("overdue_loans",)


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many members had a lost loan in 2025", {"loan_status": ["lost"]}),
        (
            "how many members with a lost or returned loan in 2025",
            {"loan_status": ["lost", "returned"]},
        ),
        ("how many members had at least one lost loan in 2025", {"loan_status": ["lost"]}),
        ("how many members renewed a loan last month", {"is_renewed": [True]}),
        ("how many members had a loan in 2025", {}),
    ],
)
def test_things_that_had_facts_meeting_a_condition(
    question: str, where: dict[str, list[Any]]
) -> None:
    """ "How many tenants had at least one late or missed payment": the condition is on the
    facts the things had (members can't be filtered by a loan's status), and "at least one"
    is having any."""
    plan = _json(question)
    assert plan["metrics"] == ["member_count"] and "filters" not in plan, plan
    (facts,) = plan["with_facts"]
    assert facts["metric"] == "loan_count"
    assert {f["dimension"]: f["values"] for f in facts.get("where", [])} == where


@pytest.mark.parametrize(
    ("question", "title"),
    [("loans of IT in 2025", ["IT"]), ("how many loans of it in 2025", None)],
)
def test_a_grammar_word_written_in_capitals_is_a_name(
    question: str, title: list[str] | None
) -> None:
    plan = _json(question)
    filters = [f["values"] for f in plan.get("filters", []) if f["dimension"] == "book_title"]
    assert (filters[0] if filters else None) == title


def test_a_shouted_question_keeps_its_grammar() -> None:
    assert _json("HOW MANY LOANS DID IT HAVE IN 2025")["metrics"] == ["loan_count"]


def test_facts_named_by_a_conditional_count_keep_its_condition() -> None:
    """ "Members who had an overdue loan": the overdue ones, as the catalog's count of them
    says, not any loan."""
    plan = _json("how many members had an overdue loan in 2025")
    assert plan["with_facts"][0]["metric"] == "overdue_loans"
