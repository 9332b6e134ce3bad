"""The model's turn in the plan stage: a plan from the catalog, or SQL when none can express it.

What the model sees comes from grounding (the relevant tables and metrics, verified queries
as examples), never result rows. Its plan goes through our compiler like any other; its SQL
goes through the guard and, to check it, through the database — only the error text goes
back to the model for a repair. If the model can't be reached or answers nonsense, the
offline planner's answer is used where it has one, with a warning that says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.answer import Source, TokenUsage
from app.environment import Environment
from app.execute import execute, guard
from app.grounding.ground import Grounding
from app.grounding.vocabulary import Kind
from app.guard import GuardVerdict, fan_out_warnings
from app.llm.context import Example
from app.llm.errors import LLMError
from app.llm.messages import TokenUsage as ModelUsage
from app.llm.plan_tool import CannotExpress
from app.llm.plan_tool import Clarification as ModelClarification
from app.llm.planner import llm_plan
from app.llm.sql_writer import llm_sql
from app.planning.outcome import Clarification, Option, PlanningResult
from app.planning.step import PlanStep, Turn, from_offline
from app.sql_candidate import SqlCandidate
from connectors.base import QueryResult
from metrics.plan import SemanticQuery
from semantic_layer.errors import AskbiError

CONTEXT_TABLES = 8
EXAMPLES = 3
"""Verified queries shown to the model: the closest few, so the budget goes to the schema."""
MODEL_CONFIDENCE = 0.7


def plan_with_model(
    question: str,
    grounding: Grounding,
    env: Environment,
    history: Sequence[Turn],
    offline: PlanningResult,
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
        outcome = llm_plan(
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
            notes=("Planned by the model from the metric catalog.",),
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
    return _write_sql(question, reply, step, grounding, env, tables, metrics, examples)


def _write_sql(
    question: str,
    reason: CannotExpress,
    step: PlanStep,
    grounding: Grounding,
    env: Environment,
    tables: list[str],
    metrics: list[str],
    examples: list[Example],
) -> PlanStep:
    assert env.llm is not None
    ran: dict[str, tuple[GuardVerdict, QueryResult]] = {}

    def check(sql: str) -> str | None:
        """The guard's reasons or the database's error, never any rows, go to the model."""
        verdict = guard(sql, env.dialect, env)
        if not verdict.ok:
            return "The SQL guard refused it: " + "; ".join(verdict.reasons)
        try:
            ran[sql] = (verdict, execute(verdict, env))
        except AskbiError as e:
            return f"The database refused it: {e.message}"
        return None

    try:
        outcome = llm_sql(
            question,
            dialect=env.dialect,
            today=env.today,
            layer=env.project.layer,
            catalog=env.project.catalog,
            client=env.llm,
            tables=tables,
            metrics=metrics,
            examples=examples,
            check=check,
        )
    except LLMError as e:
        return replace(
            step, cannot_express=f"{reason.reason} The model could not write SQL: {e.message}"
        )
    tokens = step.tokens + _usage(outcome.usage)
    calls = step.llm_calls + len(outcome.attempts)
    version = f"{step.prompt_version}+{outcome.prompt_version}"
    if outcome.sql is None or outcome.sql not in ran:
        errors = "; ".join(a.error or "" for a in outcome.attempts if a.error)
        return replace(
            step,
            cannot_express=f"{reason.reason} The model's SQL was not accepted: {errors}",
            tokens=tokens,
            llm_calls=calls,
            prompt_version=version,
        )
    verdict, result = ran[outcome.sql]
    warnings = tuple(fan_out_warnings(verdict.sql, dialect=env.dialect, layer=env.project.layer))
    repairs = len(outcome.attempts) - 1
    candidate = SqlCandidate(
        sql=verdict.sql,
        dialect=env.dialect,
        source=Source.LLM_SQL,
        warnings=warnings,
        prefetched=result,
        tokens=tokens,
        llm_calls=calls,
        prompt_version=version,
    )
    note = "SQL written by the model" + (f" after {repairs} repair(s)" if repairs else "")
    return replace(
        step,
        source=Source.LLM_SQL,
        candidate=candidate,
        notes=(f"{note}; the catalog could not express it: {reason.reason}",),
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
    return replace(step, warnings=(*step.warnings, f"The model was not used: {error.message}"))
