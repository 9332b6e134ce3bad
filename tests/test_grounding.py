"""Grounding: phrases in English and Korean, particles, compounds, typos, time phrases, tables."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.pipeline.ground.analysis import normalise
from app.pipeline.ground.cues import CueKind, find_cues
from app.pipeline.ground.grounding import Grounding, ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.project.folder import SAMPLE_PROJECT, load_project
from metrics.model import PeriodOverPeriodMetric, Status
from metrics.timeframe import Between, Last, Since, ToDate
from sample_db.wide_schema import build_wide_schema
from semantic_layer.model import Grain

PROJECT = load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")
VALUES = {
    "store": ["Maeil Mart Gangnam", "Maeil Mart Haeundae", "Maeil Mart Online Seoul"],
    "brand": ["Hanbit", "Iseul"],
}
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, VALUES)
TODAY = dt.date(2026, 11, 22)  # a Sunday


def keys(g: Grounding) -> list[str]:
    return [t.key for m in g.mentions for t in m.targets if t.kind is not Kind.TABLE]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("지난달 지역별 매출", ["dimension:region", "glossary:region", "metric:revenue"]),
        ("지역별매출", ["dimension:region", "glossary:region", "metric:revenue"]),
        (
            "서울에서의 매출은",
            ["value:customer_region=Seoul", "value:region=Seoul", "metric:revenue"],
        ),
        ("매출 총이익률", ["metric:gross_margin_pct"]),
        ("VIP 고객 객단가", ["value:customer_segment=vip", "metric:aov"]),
        ("revenue by categories", ["metric:revenue", "dimension:category"]),
        ("Gangnam revenue", ["value:store=Maeil Mart Gangnam", "metric:revenue"]),
        ("Hanbit units sold", ["value:brand=Hanbit", "metric:units_sold"]),
    ],
)
def test_phrases_are_found_in_any_language(question: str, expected: list[str]) -> None:
    assert keys(ground(question, INDEX, TODAY)) == expected


def test_a_typo_is_corrected_and_said() -> None:
    g = ground("revnue by categroy", INDEX, TODAY)
    assert keys(g) == ["metric:revenue", "dimension:category"]
    assert g.corrections == [("revnue", "revenue"), ("categroy", "category")]


def test_unknown_words_are_reported_with_candidates() -> None:
    g = ground("profit by colour", INDEX, TODAY)
    assert g.unknown == ("profit", "colour")
    assert [t.key for t in g.suggestions["profit"]] == ["metric:gross_margin"]


def test_shared_suffixes_never_pick_a_value() -> None:
    # "seoul" is the region; the online store's shorter name would be a guess.
    g = ground("seoul revenue", INDEX, TODAY)
    assert "value:store=Maeil Mart Online Seoul" not in keys(g)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last month", Last(n=1, unit=Grain.MONTH)),
        ("the past 3 months", Last(n=3, unit=Grain.MONTH)),
        ("last seven days", Last(n=7, unit=Grain.DAY)),
        ("this year", ToDate(unit=Grain.YEAR)),
        ("quarter to date", ToDate(unit=Grain.QUARTER)),
        ("ytd", ToDate(unit=Grain.YEAR)),
        ("in 2025", Between(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))),
        ("q3 2025", Between(start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30))),
        ("q4", Between(start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))),
        ("in december", Between(start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))),
        ("since march", Since(start=dt.date(2026, 3, 1))),
        ("since 2025-02-10", Since(start=dt.date(2025, 2, 10))),
        ("first half of 2025", Between(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))),
        ("지난달", Last(n=1, unit=Grain.MONTH)),
        ("올해", ToDate(unit=Grain.YEAR)),
        ("작년", Last(n=1, unit=Grain.YEAR)),
        ("최근 3개월", Last(n=3, unit=Grain.MONTH)),
        ("최근 일주일", Last(n=1, unit=Grain.WEEK)),
        ("2025년 3분기", Between(start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30))),
        ("2025년 3월", Between(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))),
        ("3월부터", Since(start=dt.date(2026, 3, 1))),
        ("2024년 하반기", Between(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31))),
        ("next month", Between(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))),
        ("in the next 7 days", Between(start=dt.date(2026, 11, 23), end=dt.date(2026, 11, 29))),
        ("다음 달", Between(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))),
        ("내년", Between(start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))),
    ],
)
def test_time_phrases(phrase: str, expected: object) -> None:
    g = ground(f"orders {phrase}", INDEX, TODAY)
    ranges = [c.time_range for c in g.cues if c.kind is CueKind.TIME]
    assert ranges == [expected]


def test_calendar_words_resolve_to_the_latest_period_that_started() -> None:
    in_june = find_cues(normalise("revenue in december"), dt.date(2026, 6, 30))
    assert in_june[0].time_range == Between(start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))


def test_an_impossible_date_is_not_a_time_phrase() -> None:
    assert not [c for c in find_cues("since 2025-02-30", TODAY) if c.kind is CueKind.TIME]


# Every certified metric's every name × every allowed dimension's every name, both
# languages: the plan is exactly that metric by that dimension. A synonym that collided
# with another phrase or a time word would fail here.
PAIRS = [
    (metric.name, word, dimension, dimension_word)
    for metric in PROJECT.catalog.metrics.values()
    if metric.status is not Status.DEPRECATED
    for word in (metric.label, *metric.synonyms)
    for dimension in sorted(PROJECT.catalog.allowed_dimensions(metric.name, PROJECT.layer))
    for dimension_word in (
        PROJECT.layer.dimensions[dimension].definition.label,
        *PROJECT.layer.dimensions[dimension].definition.synonyms,
    )
]


@settings(max_examples=300, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    template=st.sampled_from(["{m} by {d}", "{d}별 {m}", "{m} per {d}"]),
)
def test_every_synonym_pair_plans_to_its_metric_and_dimension(
    pair: tuple[str, str, str, str], template: str
) -> None:
    metric, word, dimension, dimension_word = pair
    question = template.format(m=word, d=dimension_word)
    context = PlanningContext(PROJECT.layer, PROJECT.catalog, TODAY)
    result = plan_offline(ground(question, INDEX, TODAY), context)
    assert result.plan is not None, (question, result.clarification, result.cannot_express)
    assert result.plan.metrics == (metric,) and result.plan.dimensions == (dimension,), question
    compares = isinstance(PROJECT.catalog.get(metric), PeriodOverPeriodMetric)
    assert not result.plan.filters
    assert result.plan.time_range is None or compares  # a comparison gets a stated window


def test_wide_schema_finds_the_needed_table() -> None:
    schema = build_wide_schema(tables=120, columns=20, cases=60, seed=3)
    from metrics.catalog import MetricCatalog

    index = GroundingIndex.build(schema.layer, MetricCatalog({}))
    hits = sum(
        set(case.tables) <= {t for t, _ in ground(case.question, index, TODAY).tables[:5]}
        for case in schema.cases
    )
    assert hits / len(schema.cases) >= 0.95
