"""The plan's canonical form: paraphrases normalise to one plan, which round-trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from metrics.semantic_query import (
    TEXT_OPS,
    Filter,
    FilterOp,
    MetricCondition,
    OrderBy,
    SemanticQuery,
    TimeFilter,
)
from metrics.timeframe import (
    Ago,
    Between,
    Last,
    Rolling,
    Since,
    SinceAgo,
    TimeRange,
    ToDate,
    resolve,
    shift,
    start_of,
)
from semantic_layer.model import Grain

names = st.sampled_from(["revenue", "aov", "order_count", "roas", "nps"])
dims = st.sampled_from(["region", "category", "store", "customer_segment"])
values = st.one_of(st.sampled_from(["Seoul", "Busan", "서울", "vip"]), st.integers(-5, 5))
grains = st.sampled_from(list(Grain))
dates = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


RELATIVE = {"last": Last, "rolling": Rolling, "since_ago": SinceAgo, "ago": Ago}


@st.composite
def time_ranges(draw: st.DrawFn) -> TimeRange | None:
    kind = draw(st.sampled_from(["between", "since", "to_date", *RELATIVE, None]))
    if kind == "between":
        a, b = sorted([draw(dates), draw(dates)])
        return Between(start=a, end=b)
    if kind == "since":
        return Since(start=draw(dates))
    if kind in RELATIVE:
        return RELATIVE[kind](n=draw(st.integers(1, 24)), unit=draw(grains))
    if kind == "to_date":
        return ToDate(unit=draw(grains))
    return None


@st.composite
def plans(draw: st.DrawFn) -> SemanticQuery:
    filters = draw(
        st.lists(
            st.builds(
                Filter,
                dimension=dims,
                op=st.sampled_from([FilterOp.EQ, FilterOp.IN, FilterOp.NOT_IN, *TEXT_OPS]),
                values=st.lists(values, min_size=1, max_size=3).map(tuple),
                ignore_case=st.booleans(),
            ),
            max_size=2,
        )
    )
    having = st.builds(
        MetricCondition,
        metric=names,
        op=st.sampled_from(["=", ">", "<="]),
        value=st.one_of(st.integers(-5, 5), st.floats(0, 1)),
    )
    time_filters = st.builds(
        TimeFilter,
        time_dimension=st.sampled_from(["signup_date", "order_date"]),
        time_range=time_ranges().filter(lambda r: r is not None),
    )
    return SemanticQuery(
        metrics=tuple(draw(st.lists(names, min_size=1, max_size=3))),
        dimensions=tuple(draw(st.lists(dims, max_size=2))),
        grain=draw(st.one_of(st.none(), grains)),
        time_range=draw(time_ranges()),
        filters=tuple(filters),
        time_filters=tuple(draw(st.lists(time_filters, max_size=2))),
        having=tuple(draw(st.lists(having, max_size=2))),
        order_by=tuple(draw(st.lists(st.builds(OrderBy, field=names), max_size=2))),
        limit=draw(st.one_of(st.none(), st.integers(1, 100))),
    )


@given(plans())
def test_canonical_json_round_trips(plan: SemanticQuery) -> None:
    again = SemanticQuery.from_json(plan.canonical_json())
    assert again == plan
    assert again.canonical_json() == plan.canonical_json()


@given(plans())
def test_order_of_mention_does_not_change_the_plan(plan: SemanticQuery) -> None:
    data = plan.model_dump(mode="json")
    data["metrics"] = list(reversed(data["metrics"])) + data["metrics"][:1]
    data["dimensions"] = list(reversed(data["dimensions"]))
    for key in ("filters", "time_filters", "having"):
        data[key] = list(reversed(data[key]))
    assert SemanticQuery.model_validate(data).canonical_json() == plan.canonical_json()


def test_a_plan_without_the_new_keys_keeps_its_json() -> None:
    """Saved plans, snapshots and cache keys predate ``ignore_case``, ``having``…"""
    plan = SemanticQuery(
        metrics=("revenue",), filters=(Filter(dimension="region", values=("Seoul",)),)
    )
    expected = '{"filters":[{"dimension":"region","op":"=","values":["Seoul"]}],'
    assert plan.canonical_json() == expected + '"metrics":["revenue"]}'


def test_text_filters_and_conditions_read_as_written() -> None:
    f = Filter.model_validate({"dimension": "store", "op": "contains", "value": "gang"})
    assert (f.op, f.values, f.ignore_case) == (FilterOp.CONTAINS, ("gang",), False)
    several = Filter(dimension="store", op=FilterOp.STARTS_WITH, values=("b", "a"))
    assert several.values == ("a", "b")  # any of them; sorted like every value list
    condition = MetricCondition.model_validate({"metric": "order_count", "op": ">", "values": [5]})
    assert condition.value == 5 and isinstance(condition.value, int)
    with pytest.raises(ValidationError):
        MetricCondition.model_validate({"metric": "order_count", "op": "contains", "value": 5})


def test_paraphrased_plans_are_equal() -> None:
    a = SemanticQuery(
        metrics=("revenue", "aov"),
        dimensions=("region",),
        filters=(Filter(dimension="category", op=FilterOp.IN, values=("Home", "Electronics")),),
    )
    b = SemanticQuery(
        metrics=("aov", "revenue", "aov"),
        dimensions=("region", "region"),
        filters=(Filter(dimension="category", values=("Electronics", "Home", "Home")),),
    )
    assert a == b
    assert a.canonical_json() == b.canonical_json()


def test_filter_operators_normalise() -> None:
    assert Filter(dimension="region", op=FilterOp.IN, values=("Seoul",)).op is FilterOp.EQ
    assert Filter(dimension="region", values=("Seoul", "Busan")).op is FilterOp.IN
    assert Filter(dimension="region", op=FilterOp.NE, values=("a", "b")).op is FilterOp.NOT_IN
    with pytest.raises(ValidationError, match="exactly one value"):
        Filter(dimension="birth_year", op=FilterOp.GT, values=(1980, 1990))


def test_plan_rejects_bad_input() -> None:
    with pytest.raises(ValidationError):
        SemanticQuery(metrics=())
    with pytest.raises(ValidationError):
        SemanticQuery.from_json('{"metrics": ["revenue"], "grain": "fortnight"}')
    with pytest.raises(ValidationError, match="after end"):
        Between(start=dt.date(2025, 2, 1), end=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        SemanticQuery.from_json('{"metrics": ["revenue"], "sql": "DROP TABLE x"}')


TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("time_range", "expected"),
    [
        (Last(n=1, unit=Grain.MONTH), ("2026-10-01", "2026-10-31")),
        (Last(n=3, unit=Grain.MONTH), ("2026-08-01", "2026-10-31")),
        (Last(n=7, unit=Grain.DAY), ("2026-11-15", "2026-11-21")),
        (Last(n=1, unit=Grain.WEEK), ("2026-11-09", "2026-11-15")),
        (Last(n=1, unit=Grain.QUARTER), ("2026-07-01", "2026-09-30")),
        (Last(n=1, unit=Grain.YEAR), ("2025-01-01", "2025-12-31")),
        (ToDate(unit=Grain.YEAR), ("2026-01-01", "2026-11-22")),
        (ToDate(unit=Grain.MONTH), ("2026-11-01", "2026-11-22")),
        (Since(start=dt.date(2026, 3, 1)), ("2026-03-01", "2026-11-22")),
        (Rolling(n=7, unit=Grain.DAY), ("2026-11-16", "2026-11-22")),
        (Rolling(n=4, unit=Grain.WEEK), ("2026-10-26", "2026-11-22")),
        (Rolling(n=3, unit=Grain.MONTH), ("2026-08-23", "2026-11-22")),
        (SinceAgo(n=30, unit=Grain.DAY), ("2026-10-23", "2026-11-22")),
        (SinceAgo(n=1, unit=Grain.MONTH), ("2026-10-22", "2026-11-22")),
        (Ago(n=2, unit=Grain.MONTH), ("2026-09-01", "2026-09-30")),
        (Ago(n=1, unit=Grain.YEAR), ("2025-01-01", "2025-12-31")),
        (Ago(n=12, unit=Grain.MONTH), ("2025-11-01", "2025-11-30")),
    ],
)
def test_relative_ranges_resolve_to_complete_periods(
    time_range: TimeRange, expected: tuple[str, str]
) -> None:
    start, end = resolve(time_range, TODAY)
    assert (start.isoformat(), end.isoformat()) == expected


@given(dates, grains)
def test_start_of_is_idempotent_and_not_after(day: dt.date, grain: Grain) -> None:
    first = start_of(grain, day)
    assert first <= day
    assert start_of(grain, first) == first
    assert shift(first, 1, grain) > day


@given(dates, grains, st.integers(1, 30))
def test_last_n_periods_are_complete_and_before_today(day: dt.date, grain: Grain, n: int) -> None:
    start, end = resolve(Last(n=n, unit=grain), day)
    assert start == start_of(grain, start)
    assert end < day
    assert shift(start, n, grain) == start_of(grain, day)


@given(dates, grains, st.integers(1, 30))
def test_rolling_ranges_end_today_and_span_n_units(day: dt.date, grain: Grain, n: int) -> None:
    start, end = resolve(Rolling(n=n, unit=grain), day)
    assert end == day
    assert shift(day, -n, grain) < start <= day
    since_start, since_end = resolve(SinceAgo(n=n, unit=grain), day)
    assert since_end == day and since_start == start - dt.timedelta(days=1)


@given(dates, grains, st.integers(1, 30))
def test_ago_is_one_complete_period_n_before_the_current(
    day: dt.date, grain: Grain, n: int
) -> None:
    start, end = resolve(Ago(n=n, unit=grain), day)
    assert start == start_of(grain, start) == shift(start_of(grain, day), -n, grain)
    assert end == shift(start, 1, grain) - dt.timedelta(days=1)
    assert resolve(Ago(n=n, unit=grain), day)[0] == resolve(Last(n=n, unit=grain), day)[0]
