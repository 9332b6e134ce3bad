""" "Current", "right now", "현재": the present state, which an undated measure already is.

A measure with no date (a headcount over the employees' present status, the stock on
hand) can only be the current state, so "current headcount", "how many employees do we have
right now" and "현재 재직 중인 직원 수" ask exactly it. For a dated measure "current" could
be today, this month or this year, and the word still needs a cue that says which.
"""

from __future__ import annotations

from app.pipeline.ground.grounding import Grounding
from app.pipeline.plan.context import PlanningContext

NOW_WORDS = frozenset({"current", "currently", "now", "presently", "현재", "지금"})
""""right" is read only before "now"."""


def present_state_words(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> set[int]:
    """Indices of words of the present, when every asked measure is undated."""
    if not metrics or any(
        leaf.time_dimension is not None for m in metrics for leaf in ctx.catalog.leaves(m)
    ):
        return set()
    found = set()
    for i, word in enumerate(g.words):
        if word.text.lower() in NOW_WORDS:
            found.add(i)
            if i > 0 and word.text.lower() == "now" and g.words[i - 1].text.lower() == "right":
                found.add(i - 1)
    return found
