"""Evaluating understanding against intended meanings rather than gold SQL.

A dataset of this kind says what each question means (``docs/evaluation.md``): the metric,
breakdown, filters, the inclusive dates, grain, order, limit and conditions, or that it must
be clarified or refused. Paraphrases share a group; a group with ``turns`` is one
conversation. An answer whose plan says exactly that is correct; one whose plan differs is
run next to the intended plan, and is correct if its numbers are the same (the wording may
leave a harmless choice open) and wrong otherwise. A question that must not be answered is
wrong only if it was answered.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from pydantic import Field, field_validator

from app.evaluation.grade import CORRECT, grade
from app.evaluation.verdicts import Graded, SetReport, Verdict, verdict_of_status
from app.pipeline.ask import answer_plan, ask
from app.pipeline.environment import Environment
from app.pipeline.records import Answer, Turn
from metrics.semantic_query import Filter, FilterOp, MetricCondition, OrderBy, SemanticQuery
from metrics.timeframe import Between, resolve
from semantic_layer.model import Frozen

_HAVING = re.compile(r"^\s*(\w+)\s*(>=|<=|!=|=|>|<)\s*(-?[\d.]+)\s*$")


class Expect(Frozen):
    metric: str | None = None
    metrics: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    filter: dict[str, Any] = Field(default_factory=dict)
    range: str | None = None
    """Inclusive dates, ``2026-10-01..2026-10-31``."""
    grain: str | None = None
    order: str | None = None
    limit: int | None = None
    having: str | None = None
    note: str = ""
    kind: str | None = None
    """``clarify`` or ``refuse``: the question must not be answered with numbers."""

    @field_validator("range")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        if value is not None:
            start, _, end = value.partition("..")
            dt.date.fromisoformat(start.strip())
            dt.date.fromisoformat(end.strip())
        return value

    @property
    def metric_names(self) -> tuple[str, ...]:
        return self.metrics or ((self.metric,) if self.metric else ())


class TurnSpec(Frozen):
    q: str
    expect: Expect


class Group(Frozen):
    expect: Expect | None = None
    questions: tuple[str, ...] = ()
    turns: tuple[TurnSpec, ...] = ()


class IntentDataset(Frozen):
    description: str = ""
    today: dt.date
    groups: tuple[Group, ...] = Field(min_length=1)


def run_intents(dataset: IntentDataset, env: Environment, *, name: str) -> SetReport:
    env = replace(env, today=dataset.today)
    graded: list[Graded] = []
    split: list[str] = []
    conversations: list[str] = []
    for number, group in enumerate(dataset.groups, start=1):
        label = f"g{number:02d}"
        if group.turns:
            turns = _conversation(label, group.turns, env)
            graded += turns
            wrong = [g.id for g in turns if g.verdict is not Verdict.CORRECT]
            conversations.append(
                f"{label}: " + ("ok" if not wrong else f"{', '.join(wrong)} not right")
            )
            continue
        assert group.expect is not None
        sqls: set[str] = set()
        for i, question in enumerate(group.questions, start=1):
            answer = ask(question, env)
            verdict, detail = judge(group.expect, answer, env)
            graded.append(Graded(f"{label}q{i}", question, verdict, detail, label))
            if answer.ok and answer.sql:
                sqls.add(answer.sql)
        if len(sqls) > 1:
            split.append(label)
    return SetReport(name, tuple(graded), tuple(split), tuple(conversations))


def _conversation(label: str, turns: tuple[TurnSpec, ...], env: Environment) -> list[Graded]:
    history: list[Turn] = []
    graded = []
    for i, turn in enumerate(turns, start=1):
        answer = ask(turn.q, env, tuple(history))
        verdict, detail = judge(turn.expect, answer, env)
        graded.append(Graded(f"{label}t{i}", turn.q, verdict, detail, label))
        history.append(Turn(turn.q, answer.plan))
    return graded


def judge(expect: Expect, answer: Answer, env: Environment) -> tuple[Verdict, str]:
    status = verdict_of_status(answer)
    if expect.kind in ("clarify", "refuse"):
        if status is Verdict.CORRECT:
            return Verdict.WRONG, f"answered, but it should be {expect.kind}d"
        return Verdict.CORRECT, status.value
    if status is not Verdict.CORRECT:
        reason = answer.clarification.message if answer.clarification else answer.narrative
        return status, reason
    differences = plan_differences(expect, answer, env.today)
    if not differences:
        return Verdict.CORRECT, ""
    same, detail = _same_numbers(expect, answer, env)
    if same:
        return Verdict.CORRECT, "; ".join([*differences, "numbers equal the intended plan's"])
    return Verdict.WRONG, "; ".join([*differences, detail])


def plan_differences(expect: Expect, answer: Answer, today: dt.date) -> list[str]:
    plan = answer.plan
    if plan is None:
        return ["answered with model-written SQL, not a plan"]
    wanted = intended_plan(expect)
    found: list[str] = []
    if set(plan.metrics) != set(wanted.metrics):
        found.append(f"metrics {sorted(plan.metrics)} ≠ {sorted(wanted.metrics)}")
    if set(plan.dimensions) != set(wanted.dimensions):
        found.append(f"by {sorted(plan.dimensions)} ≠ {sorted(wanted.dimensions)}")
    if _filters(plan) != _filters(wanted):
        found.append(f"filters {_filters(plan)} ≠ {_filters(wanted)}")
    got = resolve(plan.time_range, today) if plan.time_range else None
    want = resolve(wanted.time_range, today) if wanted.time_range else None
    if got != want:
        found.append(f"dates {_dates(got)} ≠ {_dates(want)}")
    if plan.grain != wanted.grain:
        found.append(f"grain {plan.grain} ≠ {wanted.grain}")
    if _order(plan) != _order(wanted) or plan.limit != wanted.limit:
        found.append(
            f"order {_order(plan)} limit {plan.limit} ≠ {_order(wanted)} limit {wanted.limit}"
        )
    if set(plan.having) != set(wanted.having):
        found.append(f"having {list(plan.having)} ≠ {list(wanted.having)}")
    return found


def intended_plan(expect: Expect) -> SemanticQuery:
    metrics = expect.metric_names
    filters = [_filter(dimension, value) for dimension, value in expect.filter.items()]
    when = None
    if expect.range:
        start, _, end = expect.range.partition("..")
        when = Between(
            start=dt.date.fromisoformat(start.strip()), end=dt.date.fromisoformat(end.strip())
        )
    having: tuple[MetricCondition, ...] = ()
    if expect.having:
        match = _HAVING.match(expect.having)
        if match is None:
            raise ValueError(f"can't read having '{expect.having}'")
        number = float(match[3])
        value = int(number) if number.is_integer() else number
        having = (MetricCondition(metric=match[1], op=match[2], value=value),)
    order = (OrderBy(field=metrics[0], descending=expect.order == "desc"),) if expect.order else ()
    return SemanticQuery(
        metrics=metrics,
        dimensions=expect.by,
        grain=expect.grain,
        time_range=when,
        filters=tuple(filters),
        having=having,
        order_by=order,
        limit=expect.limit,
    )


def _filter(dimension: str, value: Any) -> Filter:
    if isinstance(value, list):
        return Filter(dimension=dimension, op=FilterOp.IN, values=tuple(value))
    if isinstance(value, str) and value.lower().startswith("not "):
        return Filter(dimension=dimension, op=FilterOp.NOT_IN, values=(value[4:].strip(),))
    return Filter(dimension=dimension, values=(value,))


def _filters(plan: SemanticQuery) -> set[tuple[str, bool, frozenset[str]]]:
    negative = (FilterOp.NOT_IN, FilterOp.NE)
    return {
        (f.dimension, f.op in negative, frozenset(str(v).lower() for v in f.values))
        for f in plan.filters
    }


def _order(plan: SemanticQuery) -> str | None:
    if not plan.order_by:
        return None
    return "desc" if plan.order_by[0].descending else "asc"


def _dates(resolved: tuple[dt.date, dt.date] | None) -> str:
    return "all" if resolved is None else f"{resolved[0]}..{resolved[1]}"


def _same_numbers(expect: Expect, answer: Answer, env: Environment) -> tuple[bool, str]:
    intended = answer_plan(intended_plan(expect), env)
    if not intended.ok:
        return False, f"the intended plan failed: {intended.narrative}"
    verdict = grade(
        intended.column_names(),
        list(intended.rows),
        answer.column_names(),
        list(answer.rows),
        ordered=bool(expect.order),
    )
    return verdict == CORRECT, f"numbers: {verdict}"
