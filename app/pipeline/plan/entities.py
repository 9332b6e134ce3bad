"""Things or their count: a word that names both a table's rows and a count of them.

"Customers" is often both a dimension (the customer, one row each) and a metric (the number
of customers). Which one the question means follows from where the word stands, not from
the word: the things themselves are wanted where they are ranked or listed ("the top 5
customers by amount", "which customers", "each customer") or described by what follows
("for customers with at least 5 transactions", "customers who joined in 2022"); their count
is wanted after a counting phrase ("number of customers", "how many customers") or where
nothing else is measured ("customers by region").
"""

from __future__ import annotations

from enum import Enum

from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from metrics.catalog import MetricCatalog
from metrics.model import Aggregation, Metric, SimpleMetric

LISTING_BEFORE = frozenset({"which", "each", "every", "per", "by", "어느", "어떤", "각"})
"""Right before a thing's name, these ask for the things one row each."""

DESCRIBING_AFTER = frozenset({"with", "who", "whose", "that", "which", "having", "where"})
"""Right after a thing's name, these start what picks the things out (a relative clause)."""

FOR_WORDS = frozenset({"for", "among", "of"})


class Reading(Enum):
    COUNT = "count"
    """ "number of customers", "customers by region": the metric."""
    LISTED = "listed"
    """ "the top 5 customers", "each customer": one row per customer."""
    POPULATION = "population"
    """ "for customers who joined in 2022": whose facts count, neither a metric nor rows."""


def reading(g: Grounding, mention: Mention, catalog: MetricCatalog) -> Reading | None:
    """How a mention of a table's things is meant: by their dimension and, often, by their
    count metric too. ``None`` for any other mention ("late fees", a sum and the fee
    column, names no things) and for a plain breakdown."""
    metrics = mention.of_kind(Kind.METRIC)
    if not mention.of_kind(Kind.DIMENSION) or not (metrics or mention.of_kind(Kind.TABLE)):
        return None
    if not all(_is_count(catalog.get(t.name)) for t in metrics):
        return None
    if metrics and counted(g, mention):
        return Reading.COUNT
    before = g.words[mention.first - 1].text if mention.first > 0 else ""
    after = g.words[mention.last].text if mention.last < len(g.words) else ""
    if metrics and (before in LISTING_BEFORE or _ranked(g, mention) or _singular(g, mention)):
        return Reading.LISTED  # "the top 5 customers", "the customer who made the most …"
    if before in FOR_WORDS and (after in DESCRIBING_AFTER or _dated_after(g, mention)):
        return Reading.POPULATION
    return Reading.COUNT if metrics else None


def _dated_after(g: Grounding, mention: Mention) -> bool:
    """ "readers enrolled in 2024": the things' own date follows their name."""
    return any(m.first == mention.last and m.of_kind(Kind.TIME_DIMENSION) for m in g.mentions)


def not_a_metric(g: Grounding, mention: Mention, catalog: MetricCatalog) -> bool:
    return reading(g, mention, catalog) in (Reading.LISTED, Reading.POPULATION)


def _is_count(metric: Metric) -> bool:
    return isinstance(metric, SimpleMetric) and metric.agg in (
        Aggregation.COUNT,
        Aggregation.COUNT_DISTINCT,
    )


def counted(g: Grounding, mention: Mention) -> bool:
    """After "number of" or "how many": the count is asked."""
    start = g.words[mention.first].start
    return any(c.kind is CueKind.COUNT and 0 <= start - c.end <= 1 for c in g.cues)


def _ranked(g: Grounding, mention: Mention) -> bool:
    """ "the top 5 customers", "the 3 best customers": a ranking cue ends right before it."""
    start = g.words[mention.first].start
    return any(c.kind is CueKind.TOP and 0 <= start - c.end <= 1 for c in g.cues)


def _singular(g: Grounding, mention: Mention) -> bool:
    """An English noun in the singular names one thing, never a count of them."""
    last = g.words[mention.last - 1]
    return not last.korean and last.text.isalpha() and last.text == last.lemma


RELATIVE = frozenset({"who", "that", "which"})


def event_date(g: Grounding, mention: Mention, catalog: MetricCatalog) -> str | None:
    """ "revenue from customers who signed up in 2025": a count of the things' own event
    (signups), said in a clause about the things and followed by a period, dates the
    things instead; returns that metric's time dimension, the date to filter on."""
    metrics = mention.of_kind(Kind.METRIC)
    if len(metrics) != 1 or mention.first < 2 or g.words[mention.first - 1].text not in RELATIVE:
        return None
    metric = catalog.get(metrics[0].name)
    if not _is_count(metric) or not isinstance(metric, SimpleMetric):
        return None
    things = [m for m in g.mentions if m.last == mention.first - 1]
    if not any(t.name == metric.table for m in things for t in m.of_kind(Kind.TABLE)):
        return None
    return metric.time_dimension if period_after(g, mention) is not None else None


def period_after(g: Grounding, mention: Mention) -> Cue | None:
    """The time phrase right after a mention, with at most one word between ("joined in
    2022", "signed up in 2025", "hired between 2022 and 2023")."""
    end = g.words[mention.last - 1].end
    for cue in sorted((c for c in g.cues if c.kind is CueKind.TIME), key=lambda c: c.start):
        if cue.start < end:
            continue
        between = [w for w in g.words if w.start >= end and w.end <= cue.start]
        return cue if len(between) <= 1 else None
    return None
