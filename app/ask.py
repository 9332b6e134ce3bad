"""Answer a question: ground → plan → compile (or write SQL) → guard → execute → present.

``ask`` reads as the pipeline it is; ``explain`` is its twin that stops before execution.
This is one of the two places a broad ``except`` is allowed (the connectors' driver
boundary is the other): any failure becomes an Answer that says which stage failed and
why, so the CLI and the app keep running.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from app.answer import Answer, Source, Status
from app.environment import Environment
from app.execute import execute, guard
from app.grounding.ground import ground
from app.plan import plan_question
from app.planning.outcome import Intent
from app.planning.step import PlanStep, Turn
from app.present import present, present_error, present_unanswered, understood_text
from app.sql_candidate import SqlCandidate, compile_plan
from metrics.plan import SemanticQuery
from semantic_layer.errors import AskbiError, InternalError, Stage

T = TypeVar("T")


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, function: Callable[..., T], *args: object) -> T:
        began = time.perf_counter()
        try:
            return function(*args)
        finally:
            self.timings[stage] = round((time.perf_counter() - began) * 1000, 3)


def ask(question: str, env: Environment, history: Sequence[Turn] = ()) -> Answer:
    return _answer(question, env, history, run=True)


def explain(question: str, env: Environment, history: Sequence[Turn] = ()) -> Answer:
    """Everything ``ask`` does up to and including the guard, without touching data."""
    return _answer(question, env, history, run=False)


def answer_plan(
    plan: SemanticQuery,
    env: Environment,
    *,
    question: str = "",
    source: Source = Source.PLANNER,
    intent: Intent = Intent.LOOKUP,
) -> Answer:
    """Run a plan someone already holds — an edited interpretation, a dashboard tile — through
    compile, guard, execute and present, without planning (and without any model)."""
    step = PlanStep(source=source, plan=plan, intent=intent, confidence=1.0)
    return _answer(question or plan.canonical_json(), env, (), run=True, planned=step)


def answer_sql(sql: str, dialect: str, env: Environment, *, question: str = "") -> Answer:
    """Run SQL someone already holds — a saved model-written tile — through the guard again,
    then execute and present it."""
    candidate = SqlCandidate(sql=sql, dialect=dialect, source=Source.LLM_SQL)
    step = PlanStep(source=Source.LLM_SQL, candidate=candidate, confidence=1.0)
    return _answer(question or sql, env, (), run=True, planned=step)


def _answer(
    question: str,
    env: Environment,
    history: Sequence[Turn],
    *,
    run: bool,
    planned: PlanStep | None = None,
) -> Answer:
    timer = _Timer()
    step: PlanStep | None = None
    candidate: SqlCandidate | None = None
    try:
        if planned is None:
            grounding = timer.run("ground", ground, question, env.index, env.today)
            step = timer.run("plan", plan_question, question, grounding, env, history)
        else:
            step = planned
        if step.plan is None and step.candidate is None:
            return present_unanswered(question, step, env, timer.timings)
        candidate = step.candidate or timer.run(
            "compile", compile_plan, step.plan, step.source, env
        )
        verdict = timer.run("guard", guard, candidate.sql, candidate.dialect, env)
        if not run:
            return _explained(question, step, candidate, verdict.sql, env, timer.timings)
        result = candidate.prefetched or timer.run("execute", execute, verdict, env)
        answer = timer.run(
            "present", present, question, step, candidate, verdict.sql, result, env, timer.timings
        )
        return answer.model_copy(update={"timings_ms": dict(timer.timings)})
    except AskbiError as e:
        return present_error(question, e, env, timer.timings, step=step, candidate=candidate)
    except Exception as e:  # a bug must not take the app down; it is reported as one
        error = InternalError(
            f"askbi failed unexpectedly: {e!r}",
            stage=Stage.PRESENT,
            hint="This is a bug; please report it with the question you asked.",
        )
        return present_error(question, error, env, timer.timings, step=step, candidate=candidate)


def _explained(
    question: str,
    step: PlanStep,
    candidate: SqlCandidate,
    sql: str,
    env: Environment,
    timings: dict[str, float],
) -> Answer:
    return Answer(
        question=question,
        status=Status.ANSWERED,
        understood=understood_text(step, candidate, env),
        source=candidate.source,
        intent=step.intent,
        plan=step.plan,
        sql=sql,
        dialect=candidate.dialect,
        columns=candidate.columns,
        confidence=step.confidence,
        warnings=step.warnings + candidate.warnings,
        notes=step.notes,
        metric_versions=candidate.metric_versions,
        timings_ms=dict(timings),
        today=env.today,
    )
