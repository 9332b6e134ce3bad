"""Ordinary verbs that only relate what the question names: "which city received the
most parcels", "minutes covered by pool sessions", "sessions led by coach Kim", "how much
in fees did we collect".

A verb between a breakdown or a value and a measure, where the measure's rows reach the
table that breakdown or value belongs to, says how the two are related, which the
relationship already says: the parcels a city "received" are the parcels sent to it, the
sessions "led by" a coach are that coach's. A verb the measure's own name holds ("fees
collected") says which measure, no more. Either is read as said.

A verb that names anything of the project (a status, a date, a metric) is not such a verb,
and neither is one that names a date of any table: it is left to the readings that honour
it ("memberships expired in 2025" dates the memberships' end). A verb with nothing resolved on one
side stays unknown and is asked about, and so does a verb of change, failure or comparison
("lost", "missed", "exceeded"), whose place alone can't tell it from a link. A verb read as
a link is named in the answer's notes.
"""

from __future__ import annotations

from app.i18n.notes import Note, note
from app.pipeline.ground.analysis import inflected
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext
from app.pipeline.plan.event_dates import after_do, date_named, verb_names
from metrics.model import SimpleMetric

CHANGING_VERBS = frozenset(
    {
        "lose",
        "gain",
        "grow",
        "shrink",
        "drop",
        "fall",
        "rise",
        "increase",
        "decrease",
        "decline",
        "climb",
        "jump",
        "surge",
        "plunge",
        "miss",
        "fail",
        "cancel",
        "reject",
        "refuse",
        "refund",
        "void",
        "reverse",
        "undo",
        "lack",
        "exceed",
        "beat",
        "trail",
    }
)
"""Verbs that say the facts changed, failed or were undone, or compare them: never a mere
link, since reading them as one answers a different question."""

GAP = 3
"""Grammar between the verb and what it relates: "received the most", "handled by the"."""


def relating_verbs(
    g: Grounding, ctx: PlanningContext, metrics: list[str]
) -> tuple[list[str], list[Note]]:
    """The unknown verbs that only relate a measure to what the question names, and a note
    for each that the answer read as a link, so the asker sees it was."""
    found, notes = [], []
    for unknown in g.unknown:
        index = next((i for i, w in enumerate(g.words) if w.text == unknown), None)
        if index is None or not _a_verb(g, index) or date_named(g.words[index], ctx):
            continue
        if g.words[index].lemma in CHANGING_VERBS:
            continue  # "which city lost the most sessions": not the sessions it had
        if _names_a_measure(g, index, ctx, metrics):
            found.append(unknown)
            continue
        pair = _between(g, index, ctx, metrics)
        if pair is not None:
            found.append(unknown)
            notes.append(note("relating", word=unknown, first=pair[0].text, second=pair[1].text))
    return found, notes


def _a_verb(g: Grounding, index: int) -> bool:
    word = g.words[index]
    return not word.korean and (inflected(word) or after_do(g, index))


def _names_a_measure(g: Grounding, index: int, ctx: PlanningContext, metrics: list[str]) -> bool:
    """ "Fees collected", "how much in fees did we collect": the asked measure's own verb."""
    word = g.words[index]
    for name in metrics:
        metric = ctx.catalog.get(name)
        names = [metric.label, *metric.synonyms]
        if verb_names(word, {w for n in names for w in n.lower().split()}):
            return True
    return False


def _between(
    g: Grounding, index: int, ctx: PlanningContext, metrics: list[str]
) -> tuple[Mention, Mention] | None:
    """A resolved mention on each side, one the measure or the things it is about and one a
    breakdown, value or table their rows reach ("city received parcels", "sessions led
    by X")."""
    before = _next_to(g, index, -1)
    after = _next_to(g, index, 1)
    if before is None or after is None:
        return None
    related = _relates(before, after, ctx, metrics) or _relates(after, before, ctx, metrics)
    return (before, after) if related else None


def _next_to(g: Grounding, index: int, step: int) -> Mention | None:
    ordered = sorted(g.mentions, key=lambda m: m.first, reverse=step < 0)
    for mention in ordered:
        if (step < 0 and mention.last <= index) or (step > 0 and mention.first > index):
            lo, hi = (mention.last, index) if step < 0 else (index + 1, mention.first)
            gap = g.words[lo:hi]
            grammar = all(w.word_class is not WordClass.CONTENT for w in gap)
            return mention if len(gap) <= GAP and grammar else None
    return None


def _relates(measure: Mention, other: Mention, ctx: PlanningContext, metrics: list[str]) -> bool:
    asked = [t for t in measure.of_kind(Kind.METRIC) if t.name in metrics]
    if not asked and not measure.of_kind(Kind.TABLE):
        return False
    tables = {
        metric.table for t in asked if isinstance(metric := ctx.catalog.get(t.name), SimpleMetric)
    } | {t.name for t in measure.of_kind(Kind.TABLE)}
    related = {ctx.layer.dimension(t.name).table for t in other.of_kind(Kind.DIMENSION)}
    related |= {ctx.layer.dimension(t.name).table for t in other.of_kind(Kind.VALUE)}
    related |= {t.name for t in other.of_kind(Kind.TABLE)}
    return any(ctx.layer.reaches(a, b) for a in tables for b in related)
