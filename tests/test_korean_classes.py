"""Classes of Korean wording, on the lending library (``tests/cases/projects/library``).

Each test states a class and checks plans of examples written here, with negatives that must
not change: a metric's name split by a breakdown ("대출 상태별 건수"), ranking and sorting
words ("순위", "상위 3명", "낮은 순으로 정렬해 줘"), a unit in brackets ("(단위: 원)"), a value
named only partly by a synonym ("크레딧 카드" where the owner wrote "카드"), and a negating
prefix on a name ("비소설" is not fiction).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.loanwords import transliterates
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import load_project
from semantic_layer.model import SemanticLayerFile
from tests.planning import plan_json, plan_with

PROJECT = load_project(
    Path(__file__).parent / "cases" / "projects" / "library", source="duckdb:///unused.duckdb"
)
VALUES = {"book_title": ["Dune", "Middlemarch", "Cosmos"]}
TODAY = dt.date(2026, 6, 15)


def _catalog(**changes: dict[str, Any]) -> Any:
    metrics = dict(PROJECT.catalog.metrics)
    for name, update in changes.items():
        metrics[name] = metrics[name].model_copy(update=update)
    return dataclasses.replace(PROJECT.catalog, metrics=metrics, _allowed={})


def _layer(codes: bool = False, **dimension_updates: dict[str, Any]) -> Any:
    """The library's layer with some dimensions changed (by name) and members called 회원;
    with ``codes``, members' cities and payments' states are country codes."""
    allowed = {("payments", "method"): ["credit_card", "cash"]}
    if codes:
        allowed |= {("members", "city"): ["KR", "US"], ("payments", "state"): ["KR", "US"]}
    tables = []
    for table in PROJECT.layer.tables.values():
        dimensions = tuple(
            d.model_copy(update=dimension_updates[d.name]) if d.name in dimension_updates else d
            for d in table.dimensions
        )
        columns = tuple(
            c.model_copy(update={"allowed_values": allowed[(table.name, c.name)]})
            if (table.name, c.name) in allowed
            else c
            for c in table.columns
        )
        synonyms = (*table.synonyms, "회원") if table.name == "members" else table.synonyms
        update = {"dimensions": dimensions, "columns": columns, "synonyms": synonyms}
        tables.append(table.model_copy(update=update))
    return type(PROJECT.layer).from_files(
        [SemanticLayerFile(tables=tuple(tables), relationships=PROJECT.layer.relationships)]
    )


LAYER = _layer(
    loan_status={"synonyms": ("status", "대출 상태")},
    payment_method={
        "synonyms": ("method", "결제 수단"),
        "value_synonyms": {"credit_card": ["카드"]},
    },
)
CATALOG = _catalog(
    payments_received={"synonyms": ("결제 금액",), "unit": "KRW"},
    late_fees={"unit": "KRW"},
)


def _plan(question: str, layer: Any = LAYER, catalog: Any = CATALOG) -> PlanningResult:
    index = GroundingIndex.build(layer, catalog, VALUES)
    return plan_with(index, layer, catalog, TODAY, question)


def _json(question: str, layer: Any = LAYER, catalog: Any = CATALOG) -> dict[str, Any]:
    return plan_json(_plan(question, layer, catalog), question)


# --- a metric's name split by a breakdown --------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "dimension"),
    [
        ("2025년 대출 상태별 건수", "loan_count", "loan_status"),
        ("대출 상태별 수", "loan_count", "loan_status"),
        ("대출 상태별 건수 알려줘", "loan_count", "loan_status"),
        ("올해 결제 수단별 금액", "payments_received", "payment_method"),
    ],
)
def test_a_measure_noun_after_a_breakdown_completes_the_things_metric(
    question: str, metric: str, dimension: str
) -> None:
    """[thing] [attribute]별 [measure]: the thing and the measure noun name one metric
    ("대출 건수", "결제 금액"), broken down by the thing's attribute."""
    plan = _json(question)
    assert plan["metrics"] == [metric] and plan["dimensions"] == [dimension], plan


@pytest.mark.parametrize("question", ["2025년 상태별 건수", "대출 상태별 평점"])
def test_a_measure_noun_no_metric_completes_is_not_guessed(question: str) -> None:
    """No thing before the attribute, or a noun that makes no metric's name: still asked."""
    result = _plan(question)
    assert result.plan is None, (question, result.plan)


@pytest.mark.parametrize("question", ["회원 도시별 수", "2025년 회원 도시별 건수"])
def test_a_count_noun_after_a_breakdown_counts_the_thing_the_breakdown_begins_with(
    question: str,
) -> None:
    """No metric is called "회원 수", but 회원 names the members table alone: its one count
    of all rows is the thing's count."""
    layer = _layer(member_city={"synonyms": ("city", "town", "회원 도시")})
    plan = _json(question, layer=layer)
    assert plan["metrics"] == ["member_count"] and plan["dimensions"] == ["member_city"], plan


def test_the_measure_named_whole_is_unchanged() -> None:
    plan = _json("대출 상태별 대출 건수")
    assert plan["metrics"] == ["loan_count"] and plan["dimensions"] == ["loan_status"]


# --- ranking and sorting words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "descending"),
    [
        ("장르별 대출 건수 순위", True),
        ("장르별 대출 건수 순위를 매겨줘", True),
        ("장르별 대출 건수, 큰 순서대로 나열해줘", True),
        ("장르별 대출 건수, 낮은 순으로 정렬해줘", False),
        ("장르별 대출 건수 많은 순", True),
        ("장르별 대출 건수 내림차순 정렬", True),
        ("장르별 대출 건수 오름차순으로 정렬해 주세요", False),
        ("장르별 대출 건수를 정렬해줘", True),
    ],
)
def test_korean_ranking_and_sorting_words_order_the_rows(question: str, descending: bool) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["genre"] and "limit" not in plan, plan
    assert plan["order_by"] == [{"field": "loan_count", "descending": descending}], plan


@pytest.mark.parametrize(
    ("question", "limit", "descending"),
    [
        ("연체료가 가장 많이 나온 회원 상위 3명", 3, True),
        ("연체료가 가장 많이 나온 회원", 1, True),
        ("연체료가 가장 적게 나온 회원 하위 2명", 2, False),
        ("회원 상위 5명의 연체료", 5, True),
        ("연체료 상위 3명 회원", 3, True),
    ],
)
def test_the_thing_a_korean_ranking_counts_is_the_breakdown(
    question: str, limit: int, descending: bool
) -> None:
    """The noun a ranking clause describes ("가장 많이 나온 회원") or counts after its name
    ("회원 상위 3명") is what is ranked, one row each."""
    plan = _json(question)
    assert plan["dimensions"] == ["member"] and plan["limit"] == limit, plan
    assert plan["order_by"] == [{"field": "late_fees", "descending": descending}], plan


def test_a_word_that_only_holds_a_ranking_word_is_not_an_order() -> None:
    """ "우선순위" (priority) is a word of its own, not 순위."""
    result = _plan("장르별 우선순위 대출 건수")
    assert result.plan is None


# --- a unit in brackets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "장르별 연체료 (단위: 원)",
        "장르별 연체료(원 단위)",
        "late fees by genre (KRW)",
        "late fees by genre in won",
        "장르별 대출 건수 (분 단위)",  # a count has no unit to convert
    ],
)
def test_a_unit_the_metric_is_in_changes_nothing(question: str) -> None:
    plan = _json(question)
    assert plan["dimensions"] == ["genre"] and "filters" not in plan, plan


@pytest.mark.parametrize(
    "question",
    ["장르별 연체료 (단위: 달러)", "late fees by genre in dollars"],
)
def test_a_unit_the_metric_is_not_in_is_refused_not_converted(question: str) -> None:
    result = _plan(question)
    assert result.plan is None and result.cannot_express is not None, result
    assert "KRW" in result.cannot_express or "원 단위" in result.cannot_express


def test_a_scale_is_shown_in_full_and_said_so() -> None:
    """ "(만원 단위)": the numbers stay whole, and the answer says they are."""
    result = _plan("장르별 연체료 (만원 단위)")
    assert result.plan is not None, result
    assert any(n.code == "unit_scale" for n in result.notes)


def test_a_unit_the_catalog_never_states_is_refused_but_the_shown_currency() -> None:
    """With no unit in the catalog, askbi can't tell hours from minutes; an amount it shows
    in won is still shown in won."""
    for question in ("장르별 연체료 (시간 단위)", "late fees by genre in dollars"):
        result = _plan(question, catalog=PROJECT.catalog)
        assert result.plan is None and result.cannot_express is not None, question
    plan = _json("장르별 연체료 (단위: 원)", catalog=PROJECT.catalog)
    assert plan["metrics"] == ["late_fees"] and plan["dimensions"] == ["genre"]


def test_a_bracketed_value_is_a_filter() -> None:
    plan = _json("장르별 대출 건수 (소설)")
    assert plan["filters"] == [{"dimension": "genre", "op": "=", "values": ["fiction"]}], plan


def test_a_code_named_for_another_column_filters_the_column_the_metric_can_use() -> None:
    """한국 names KR of the payments' state, which late fees can't reach; the members' city
    holds the same code, and late fees can use it."""
    layer = _layer(codes=True, payment_state={"value_synonyms": {"KR": ["한국"]}})
    plan = _json("장르별 연체료 (한국)", layer=layer)
    assert plan["filters"] == [{"dimension": "member_city", "op": "=", "values": ["KR"]}], plan


def test_a_shared_word_in_another_column_is_not_the_same_value() -> None:
    """ "lost" is a loan's status and a payment's state: words, not codes."""
    result = _plan("payments received for losses")
    assert result.plan is None, result.plan


# --- a value named only partly by its synonym -----------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["크레딧 카드 결제 금액", "올해 크레딧 카드 결제 금액", "credit card 결제 금액"],
)
def test_a_word_of_the_values_own_name_beside_its_synonym_is_that_value(question: str) -> None:
    """credit_card's synonym is only "카드": "크레딧" (credit, in Hangul) beside it is
    another word of the same value's name."""
    plan = _json(question)
    assert plan["filters"] == [
        {"dimension": "payment_method", "op": "=", "values": ["credit_card"]}
    ], plan


@pytest.mark.parametrize("question", ["블루투스 카드 결제 금액", "데빗 카드 결제 금액"])
def test_a_word_no_name_of_the_value_has_is_still_unknown(question: str) -> None:
    result = _plan(question)
    assert result.plan is None


@pytest.mark.parametrize(
    ("korean", "english", "same"),
    [
        ("포스터", "poster", True),
        ("데스크톱", "desktop", True),
        ("플래그십", "flagship", True),
        ("패밀리", "family", True),
        ("크레딧", "credit", True),
        ("데빗", "credit", False),
        ("포스터", "printer", False),
        ("웹", "web", False),  # too short to tell
    ],
)
def test_loanwords_are_compared_on_their_consonants(korean: str, english: str, same: bool) -> None:
    assert transliterates(korean, english) is same


# --- a negating prefix ----------------------------------------------------------------------


def test_a_negated_name_is_not_the_bare_name() -> None:
    """ "비소설" is not fiction: refused or asked, never filtered on fiction."""
    result = _plan("비소설 대출 건수")
    assert result.plan is None, result.plan
    plan = _json("소설 대출 건수")
    assert plan["filters"] == [{"dimension": "genre", "op": "=", "values": ["fiction"]}]


def test_a_negated_name_the_owner_defined_is_its_value() -> None:
    layer = _layer(
        genre={"value_synonyms": {"fiction": ["소설"], "history": ["역사", "비소설"]}},
    )
    plan = _json("비소설 대출 건수", layer=layer)
    assert plan["filters"] == [{"dimension": "genre", "op": "=", "values": ["history"]}], plan
