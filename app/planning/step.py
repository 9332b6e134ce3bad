"""The plan stage's output, shared by the offline and model planners."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.answer import Source, TokenUsage
from app.planning.outcome import Clarification, Intent, PlanningResult
from app.sql_candidate import SqlCandidate
from app.verified import VerifiedQuery
from metrics.plan import SemanticQuery


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation, for follow-ups."""

    question: str
    plan: SemanticQuery | None


@dataclass(frozen=True)
class PlanStep:
    source: Source | None
    plan: SemanticQuery | None = None
    intent: Intent = Intent.LOOKUP
    clarification: Clarification | None = None
    cannot_express: str | None = None
    candidate: SqlCandidate | None = None
    """SQL a model wrote because no plan can express the question."""
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    confidence: float = 0.0
    verified: VerifiedQuery | None = None
    tokens: TokenUsage = field(default_factory=TokenUsage)
    llm_calls: int = 0
    prompt_version: str | None = None


def from_offline(offline: PlanningResult) -> PlanStep:
    return PlanStep(
        source=Source.PLANNER if offline.plan is not None else None,
        plan=offline.plan,
        intent=offline.intent,
        clarification=offline.clarification,
        cannot_express=offline.cannot_express,
        notes=offline.notes,
        confidence=offline.confidence,
    )
