""" "Current", "right now", "at the moment", "현재", "지금": the present state.

A measure with no date (a headcount over the employees' present status, the stock on
hand) can only be the current state, so "current headcount", "how many employees do we have
right now" and "현재 재직 중인 직원 수" ask exactly it. So does a count of things in a state
of their own ("How many claims are open right now?", "지금 연체 중인 청구서 수"): the
status a row holds is the status it has now, whenever the row was dated, so the words name
no time range. For a dated measure asked without such a state "current" could be today,
this month or this year, and the word still needs a cue that says which.
"""

from __future__ import annotations

import re

from app.i18n.notes import Note, note
from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext

NOW_WORDS = frozenset({"current", "currently", "now", "presently", "현재", "지금"})
""""right" is read only before "now"."""

NOW_PHRASES = re.compile(
    r"\b(?:right now|just now|at (?:the|this) (?:moment|time|point)|at present|as things stand"
    r"|as it stands)\b|현 ?시점(?:에서| 기준)?|현재로서는?"
)
"""Idioms of the present made of words that are something else alone ("right", "moment")."""


def present_state_words(
    g: Grounding, ctx: PlanningContext, metrics: list[str]
) -> tuple[set[int], list[Note]]:
    """Indices of words of the present, when every asked measure is undated or counted in a
    state of its own table and no time range is asked; a note when the state stood in for
    the date."""
    if not metrics:
        return set(), []
    undated = not any(
        leaf.time_dimension is not None for m in metrics for leaf in ctx.catalog.leaves(m)
    )
    if not undated and not _in_a_state(g, ctx, metrics):
        return set(), []
    found = _now_words(g)
    if undated or not found:
        return found, []
    said = " ".join(g.words[i].text for i in sorted(found))
    return found, [note("present_state", words=said)]


def _now_words(g: Grounding) -> set[int]:
    found = set()
    for match in NOW_PHRASES.finditer(g.text):
        found |= {
            i for i, w in enumerate(g.words) if w.start >= match.start() and w.end <= match.end()
        }
    for i, word in enumerate(g.words):
        if word.text.lower() in NOW_WORDS:
            found.add(i)
            if i > 0 and word.text.lower() == "now" and g.words[i - 1].text.lower() == "right":
                found.add(i - 1)
    return found


def _in_a_state(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> bool:
    """A value of the measured rows' own table is asked ("open" claims), and no time range."""
    if any(c.kind is CueKind.TIME for c in g.cues):
        return False
    tables = {leaf.table for m in metrics for leaf in ctx.catalog.leaves(m)}
    if len(tables) != 1:
        return False
    return any(
        ctx.layer.dimension(t.name).table in tables
        for m in g.mentions
        for t in m.of_kind(Kind.VALUE)
        if t.name in ctx.layer.dimensions
    )
