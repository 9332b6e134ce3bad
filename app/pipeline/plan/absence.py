"""Things with no facts: "customers who have not made any transactions", "cars with no sales".

A negation that excludes no value of a dimension ("not", "no", "never", "without") and is
followed, a few words on, by the name of facts — a count metric, another metric, or a table
with a count — asks for the things that have none of those facts. The things are what the
question lists (their ids and names); the plan lists them with a ``without`` condition on
the facts' metric, the anti-join the compiler writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.ground.analysis import Word
from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext
from metrics.model import Aggregation, SimpleMetric, Status

NEGATIONS = frozenset({"no", "never", "none", "without", "not"})
REACH = 4
"""Words between the negation and the facts' name: "have not made any", "do not have any"."""


@dataclass(frozen=True)
class Absence:
    metric: str
    """the metric whose facts the things must not have"""
    mention: Mention
    negation: int
    """word index of the negation"""


def find_absence(g: Grounding, ctx: PlanningContext) -> Absence | None:
    for i, word in enumerate(g.words):
        if word.text not in NEGATIONS or not _negating(g, i):
            continue
        for mention in g.mentions:
            gap = g.words[i + 1 : mention.first]
            if not 0 <= mention.first - i - 1 <= REACH or not light_words(gap):
                continue
            metric = facts_metric(mention, ctx)
            if metric is not None:
                return Absence(metric, mention, i)
            break
    return None


def _negating(g: Grounding, i: int) -> bool:
    """The word is a negation cue or an operator nothing else explained."""
    word = g.words[i]
    in_cue = any(c.kind is CueKind.NEGATE and c.start <= word.start < c.end for c in g.cues)
    return in_cue or i in g.operators


def light_words(words: tuple[Word, ...]) -> bool:
    """Only grammar and light verbs between: "have not made any", "do not have any"."""
    return all(
        w.word_class in (WordClass.FUNCTION, WordClass.LIGHT, WordClass.REQUEST) for w in words
    )


def facts_metric(mention: Mention, ctx: PlanningContext) -> str | None:
    """The plainest count of the facts a mention names, else its one metric; for a table
    with no count, any metric over all its rows."""
    tables = {t.name for t in mention.of_kind(Kind.TABLE)}
    named = [t.name for t in mention.of_kind(Kind.METRIC)]
    for name in named:
        metric = ctx.catalog.get(name)
        if isinstance(metric, SimpleMetric):
            tables.add(metric.table)
    unconditional = sorted(
        (m.agg is not Aggregation.COUNT, m.name)
        for m in ctx.catalog.metrics.values()
        if isinstance(m, SimpleMetric)
        and m.table in tables
        and not m.filters
        and not m.filter
        and m.status is not Status.DEPRECATED
    )
    conditional = {n for n in named if _conditional(ctx.catalog.get(n))}
    if len(conditional) == 1:
        return conditional.pop()  # "accounts with a past-due bill": those bills, not any bill
    if unconditional and (unconditional[0][0] is False or not named):
        # Having none of the facts is having no rows: any metric over all of a table's rows
        # stands for them, a count most plainly ("tickers with no daily price records").
        return unconditional[0][1]
    return named[0] if len(set(named)) == 1 else None


def _conditional(metric: object) -> bool:
    """A count of some of a table's rows, its condition part of its definition."""
    return isinstance(metric, SimpleMetric) and bool(metric.filter or metric.filters)
