"""What happened to each question, and the report of a set: correct, clarified, refused,
error or wrong — wrong first, because a wrong number shown with confidence is the worst
outcome a question can have."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from app.pipeline.records import Answer, Status


class Verdict(StrEnum):
    CORRECT = "correct"
    CLARIFIED = "clarified"
    REFUSED = "refused"
    ERROR = "error"
    WRONG = "wrong"


ORDER = (Verdict.WRONG, Verdict.ERROR, Verdict.REFUSED, Verdict.CLARIFIED, Verdict.CORRECT)


def verdict_of_status(answer: Answer) -> Verdict:
    """``correct`` for an answer with numbers (to be graded), else what stopped it."""
    if answer.status is Status.ANSWERED:
        return Verdict.CORRECT
    if answer.status is Status.CLARIFY:
        return Verdict.CLARIFIED
    if answer.status is Status.ERROR:
        return Verdict.ERROR
    return Verdict.REFUSED


@dataclass(frozen=True)
class Graded:
    id: str
    question: str
    verdict: Verdict
    detail: str = ""
    group: str | None = None


@dataclass(frozen=True)
class SetReport:
    """One set's counts, plus its paraphrase and conversation checks."""

    name: str
    graded: tuple[Graded, ...]
    split_groups: tuple[str, ...] = ()
    """Paraphrase groups whose answered questions did not all run the same SQL."""
    conversations: tuple[str, ...] = ()
    """Conversations, each ``ok`` or what went wrong."""

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(g.verdict for g in self.graded)
        return {v.value: counted.get(v, 0) for v in ORDER}

    @property
    def accuracy(self) -> float:
        return self.counts["correct"] / len(self.graded) if self.graded else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "questions": len(self.graded),
            "accuracy": round(self.accuracy, 4),
            "counts": self.counts,
            "split_groups": list(self.split_groups),
            "conversations": list(self.conversations),
            "outcomes": [
                {**asdict(g), "verdict": g.verdict.value} for g in _worst_first(self.graded)
            ],
        }

    def to_text(self) -> str:
        counts = ", ".join(f"{n} {v}" for v, n in self.counts.items())
        lines = [
            f"{self.name}: {len(self.graded)} questions, {self.accuracy:.1%} correct ({counts})"
        ]
        if self.split_groups:
            lines.append(
                f"  paraphrase groups with more than one SQL: {', '.join(self.split_groups)}"
            )
        lines += [f"  conversation {c}" for c in self.conversations]
        misses = [g for g in _worst_first(self.graded) if g.verdict is not Verdict.CORRECT]
        width = max((len(g.id) for g in misses), default=0) + 2
        for g in misses:
            lines.append(f"  {g.id:<{width}}{g.verdict.value:<10}{g.question}")
            if g.detail:
                lines.append(f"  {'':<{width}}{'':<10}→ {g.detail[:160]}")
        return "\n".join(lines)


def _worst_first(graded: Sequence[Graded]) -> list[Graded]:
    return sorted(graded, key=lambda g: (ORDER.index(g.verdict), g.id))
