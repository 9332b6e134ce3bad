"""The plan stage: a verified query, the offline planner, or a model — in that order.

A verified query wins because its owner certified it. The offline planner comes next and,
in the default mode, is the only planner for everything it can express, so the same
question always gets the same plan. A configured model takes over only what the offline
planner can't place (or every question, in ``llm`` mode); its plan still goes through our
compiler, and when no plan can express the question it is asked for SQL instead.

Planning never touches data: the model's SQL is checked by the ``check_sql`` the caller
hands in (the guard and a dry run, see ``app/pipeline/ask.py``), and runs later, once.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.i18n.notes import note, plain
from app.pipeline.environment import Environment
from app.pipeline.ground.grounding import Grounding
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.pipeline.plan.outcome import PlanningResult, from_offline
from app.pipeline.plan.with_model import SqlCheck, plan_with_model
from app.pipeline.records import PlanStep, Source, Turn
from app.project.config import suggested_metrics
from app.project.verified_queries import VerifiedQuery
from app.settings import PlannerMode


def plan_question(
    question: str,
    grounding: Grounding,
    env: Environment,
    history: Sequence[Turn],
    check_sql: SqlCheck,
) -> PlanStep:
    previous = next((t.plan for t in reversed(history) if t.plan is not None), None)
    verified = env.verified.match(grounding)
    if verified is not None:
        return _from_verified(verified)
    offline = plan_offline(
        grounding,
        PlanningContext(
            env.project.layer,
            env.project.catalog,
            env.today,
            suggested_metrics=suggested_metrics(env.project.config, env.project.catalog),
            previous=previous,
            value_counts=_value_counts(env),
        ),
    )
    if env.llm is not None and _model_should_plan(offline, env):
        return plan_with_model(question, grounding, env, history, offline, check_sql)
    return from_offline(offline)


def _model_should_plan(offline: PlanningResult, env: Environment) -> bool:
    if env.settings.planner is PlannerMode.LLM:
        return True
    if env.settings.planner is PlannerMode.OFFLINE:
        return False
    unknown_words = offline.clarification is not None and bool(offline.clarification.unknown)
    return offline.cannot_express is not None or unknown_words


def _from_verified(query: VerifiedQuery) -> PlanStep:
    certified = note(
        "verified", question=query.question, by=query.verified_by, on=str(query.verified_on)
    )
    return PlanStep(
        source=Source.VERIFIED,
        plan=query.plan,
        notes=(certified, *((plain(query.note),) if query.note else ())),
        confidence=1.0,
        verified=query,
    )


def _value_counts(env: Environment) -> dict[str, int]:
    if env.values is None:
        return {}
    return {name: len(values) for name, values in env.values.values.items()}
