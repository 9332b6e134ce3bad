"""What planning produces: a plan, a question back to the user, or "the catalog can't say"."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n.notes import Note
from app.pipeline.records import Clarification, Intent, PlanStep, Source
from metrics.semantic_query import SemanticQuery


@dataclass(frozen=True)
class PlanningResult:
    plan: SemanticQuery | None = None
    clarification: Clarification | None = None
    cannot_express: str | None = None
    """Why no plan can express the question; the LLM SQL path may take over."""
    intent: Intent = Intent.LOOKUP
    notes: tuple[Note, ...] = ()
    """How words were read, for the answer's "how I understood it" (e.g. typo corrections)."""
    ignored: tuple[str, ...] = ()
    """Asking and presenting words the plan leaves out ("show", "return")."""
    confidence: float = 0.0
    elapsed_ms: float = field(default=0.0, compare=False)


def from_offline(offline: PlanningResult) -> PlanStep:
    return PlanStep(
        source=Source.PLANNER if offline.plan is not None else None,
        plan=offline.plan,
        intent=offline.intent,
        clarification=offline.clarification,
        cannot_express=offline.cannot_express,
        notes=offline.notes,
        ignored=offline.ignored,
        confidence=offline.confidence,
    )
