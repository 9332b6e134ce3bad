"""The model's turn in the plan stage: a plan from the catalog, or SQL when none can express it.

What the model sees comes from grounding (the relevant tables and metrics, verified queries
as examples), never result rows. Its plan goes through our compiler like any other; its SQL
is checked by the caller's ``check_sql`` (the guard, then a dry run that binds it without
returning rows) and only the error text goes back to the model for a repair. If the model
can't be reached or answers nonsense, the offline planner's answer is used where it has one,
with a warning that says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from app.i18n.notes import note, plain
from app.llm.context import Example
from app.llm.errors import LLMError
from app.llm.messages import TokenUsage as ModelUsage
from app.llm.plan_request import request_plan
from app.llm.plan_tool import CannotExpress
from app.llm.plan_tool import Clarification as ModelClarification
from app.llm.sql_request import request_sql
from app.pipeline.environment import Environment
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.outcome import PlanningResult, from_offline
from app.pipeline.records import (
    Clarification,
    Option,
    PlanStep,
    Source,
    SqlCandidate,
    TokenUsage,
    Turn,
)
from metrics.semantic_query import SemanticQuery

CONTEXT_TABLES = 8
EXAMPLES = 3
"""Verified queries shown to the model: the closest few, so the budget goes to the schema."""
MODEL_CONFIDENCE = 0.7


@dataclass(frozen=True)
class CheckedSql:
    """The guard's rendering of SQL it accepted, or why it (or the database) refused it."""

    sql: str | None
    problem: str | None
    warnings: tuple[str, ...] = ()


SqlCheck = Callable[[str], CheckedSql]


def plan_with_model(
    question: str,
    grounding: Grounding,
    env: Environment,
    history: Sequence[Turn],
    offline: PlanningResult,
    check_sql: SqlCheck,
) -> PlanStep:
    assert env.llm is not None
    layer, catalog = env.project.layer, env.project.catalog
    tables = [t for t, _ in grounding.tables[:CONTEXT_TABLES]]
    metrics = _relevant_metrics(grounding)
    examples = [
        Example(q.question, q.plan.canonical_json())
        for q in env.verified.closest(grounding, EXAMPLES)
    ]
    turns = [(t.question, t.plan.canonical_json()) for t in history if t.plan is not None]
    try:
        outcome = request_plan(
            question,
            today=env.today,
            layer=layer,
            catalog=catalog,
            client=env.llm,
            tables=tables,
            metrics=metrics,
            examples=examples,
            history=turns,
        )
    except LLMError as e:
        return _fallback(offline, e)
    tokens, calls = _usage(outcome.usage), outcome.calls
    version = outcome.prompt_version
    reply = outcome.reply
    if isinstance(reply, SemanticQuery):
        return PlanStep(
            source=Source.LLM_PLAN,
            plan=reply,
            intent=offline.intent,
            notes=(note("model_plan"),),
            confidence=MODEL_CONFIDENCE,
            tokens=tokens,
            llm_calls=calls,
            prompt_version=version,
        )
    if isinstance(reply, ModelClarification):
        return PlanStep(
            source=None,
            clarification=_clarification(reply, grounding),
            tokens=tokens,
            llm_calls=calls,
            prompt_version=version,
        )
    step = PlanStep(source=None, tokens=tokens, llm_calls=calls, prompt_version=version)
    request = _SqlRequest(question, reply, tables, metrics, examples)
    return _write_sql(request, step, env, check_sql)


@dataclass(frozen=True)
class _SqlRequest:
    question: str
    reason: CannotExpress
    tables: list[str]
    metrics: list[str]
    examples: list[Example]


def _write_sql(
    request: _SqlRequest, step: PlanStep, env: Environment, check_sql: SqlCheck
) -> PlanStep:
    assert env.llm is not None
    accepted: dict[str, CheckedSql] = {}

    def check(sql: str) -> str | None:
        """The guard's reasons or the database's error, never any rows, go to the model."""
        checked = check_sql(sql)
        if checked.problem is None:
            accepted[sql] = checked
        return checked.problem

    reason = request.reason
    try:
        outcome = request_sql(
            request.question,
            dialect=env.dialect,
            today=env.today,
            layer=env.project.layer,
            catalog=env.project.catalog,
            client=env.llm,
            tables=request.tables,
            metrics=request.metrics,
            examples=request.examples,
            check=check,
        )
    except LLMError as e:
        return replace(
            step, cannot_express=f"{reason.reason} The model could not write SQL: {e.message}"
        )
    tokens = step.tokens + _usage(outcome.usage)
    calls = step.llm_calls + len(outcome.attempts)
    version = f"{step.prompt_version}+{outcome.prompt_version}"
    checked = accepted.get(outcome.sql) if outcome.sql is not None else None
    if checked is None or checked.sql is None:
        errors = "; ".join(a.error or "" for a in outcome.attempts if a.error)
        return replace(
            step,
            cannot_express=f"{reason.reason} The model's SQL was not accepted: {errors}",
            tokens=tokens,
            llm_calls=calls,
            prompt_version=version,
        )
    repairs = len(outcome.attempts) - 1
    candidate = SqlCandidate(
        sql=checked.sql,
        dialect=env.dialect,
        source=Source.LLM_SQL,
        warnings=tuple(plain(w) for w in checked.warnings),  # the guard's own words
        tokens=tokens,
        llm_calls=calls,
        prompt_version=version,
    )
    written = (
        note("model_sql_repaired", repairs=str(repairs), reason=reason.reason)
        if repairs
        else note("model_sql", reason=reason.reason)
    )
    return replace(
        step,
        source=Source.LLM_SQL,
        candidate=candidate,
        notes=(written,),
        confidence=0.5,
        tokens=TokenUsage(),
        llm_calls=0,
    )


def _relevant_metrics(grounding: Grounding) -> list[str]:
    named = [t.name for t in grounding.targets(Kind.METRIC)]
    suggested = [
        t.name for ts in grounding.suggestions.values() for t in ts if t.kind is Kind.METRIC
    ]
    return list(dict.fromkeys([*named, *suggested]))


def _usage(usage: ModelUsage) -> TokenUsage:
    return TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)


def _clarification(reply: ModelClarification, grounding: Grounding) -> Clarification:
    options = tuple(Option(c, f"{grounding.text} ({c})") for c in reply.candidates)
    return Clarification(reply.question, options)


def _fallback(offline: PlanningResult, error: LLMError) -> PlanStep:
    """The model failed: keep the offline planner's answer, and say why the model wasn't used."""
    step = from_offline(offline)
    return replace(step, warnings=(*step.warnings, note("model_unused", error=error.message)))
