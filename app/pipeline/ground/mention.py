"""A mention: words of a question that name something in the project."""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.ground.vocabulary import Kind, Target


@dataclass(frozen=True)
class Mention:
    first: int
    last: int
    """word range, ``last`` exclusive"""
    text: str
    targets: tuple[Target, ...]
    corrected_from: str | None = None

    def of_kind(self, kind: Kind) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.kind is kind)
