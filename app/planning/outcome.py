"""What planning produces: a plan, a question back to the user, or "the catalog can't say"."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from metrics.plan import SemanticQuery


class Intent(StrEnum):
    LOOKUP = "lookup"
    CORRELATION = "correlation"
    """Two measures side by side per entity, to see whether they move together."""


@dataclass(frozen=True)
class Option:
    """One way to resolve a clarification: a label for a button, and the question it asks."""

    label: str
    question: str


@dataclass(frozen=True)
class Clarification:
    message: str
    options: tuple[Option, ...] = ()
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanningResult:
    plan: SemanticQuery | None = None
    clarification: Clarification | None = None
    cannot_express: str | None = None
    """Why no plan can express the question; the LLM SQL path may take over."""
    intent: Intent = Intent.LOOKUP
    notes: tuple[str, ...] = ()
    """How words were read, for the answer's "how I understood it" (e.g. typo corrections)."""
    confidence: float = 0.0
    elapsed_ms: float = field(default=0.0, compare=False)
