"""The plan stage: a verified query, the offline planner, or a model — in that order.

A verified query wins because its owner certified it. The offline planner comes next and,
in the default mode, is the only planner for everything it can express, so the same
question always gets the same plan. A configured model takes over only what the offline
planner can't place (or every question, in ``llm`` mode); its plan still goes through our
compiler, and when no plan can express the question it is asked for SQL instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.answer import Source
from app.environment import Environment, PlannerMode
from app.grounding.ground import Grounding
from app.llm_plan import plan_with_model
from app.planning.offline import PlanningContext, plan_offline
from app.planning.outcome import PlanningResult
from app.planning.step import PlanStep, Turn, from_offline
from app.verified import VerifiedQuery


def plan_question(
    question: str, grounding: Grounding, env: Environment, history: Sequence[Turn] = ()
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
            previous=previous,
            value_counts=_value_counts(env),
        ),
    )
    if env.llm is not None and _model_should_plan(offline, env):
        return plan_with_model(question, grounding, env, history, offline)
    return from_offline(offline)


def _model_should_plan(offline: PlanningResult, env: Environment) -> bool:
    if env.settings.planner is PlannerMode.LLM:
        return True
    if env.settings.planner is PlannerMode.OFFLINE:
        return False
    unknown_words = offline.clarification is not None and bool(offline.clarification.unknown)
    return offline.cannot_express is not None or unknown_words


def _from_verified(query: VerifiedQuery) -> PlanStep:
    note = (
        f"Answered with the verified query '{query.question}', certified by "
        f"{query.verified_by} on {query.verified_on}."
    )
    return PlanStep(
        source=Source.VERIFIED,
        plan=query.plan,
        notes=(note, *((query.note,) if query.note else ())),
        confidence=1.0,
        verified=query,
    )


def _value_counts(env: Environment) -> dict[str, int]:
    if env.values is None:
        return {}
    return {name: len(values) for name, values in env.values.values.items()}
