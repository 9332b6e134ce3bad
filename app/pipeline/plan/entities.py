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

import re
from enum import Enum

from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
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
    things = mention.of_kind(Kind.DIMENSION)
    if not (things or (metrics and mention.of_kind(Kind.TABLE))):
        return None
    if not (metrics or mention.of_kind(Kind.TABLE)):
        return None
    if not all(is_count(catalog.get(t.name)) for t in metrics):
        return None
    if metrics and counted(g, mention):
        return Reading.COUNT
    before = g.words[mention.first - 1].text if mention.first > 0 else ""
    after = g.words[mention.last].text if mention.last < len(g.words) else ""
    listed = (
        before in LISTING_BEFORE
        or _ranked(g, mention)
        or _singular(g, mention)
        or _identified(g, mention)
    )
    if things and metrics and (listed or listing_asked(g)):
        return Reading.LISTED  # "the top 5 customers", "the customer who made the most …"
    if before in FOR_WORDS and (after in DESCRIBING_AFTER or _dated_after(g, mention)):
        return Reading.POPULATION
    whose = _preposition_before(g, mention) in WHOSE and _other_measure(
        g, mention, catalog, counts=True
    )
    if metrics and (whose or _other_measure(g, mention, catalog)) and not _coordinated(g, mention):
        # "revenue from customers in Korea", "tickets from finance customers", "the average
        # invoice amount of paid invoices": another measure is asked; these say whose facts.
        return Reading.POPULATION
    return Reading.COUNT if metrics else None


def _other_measure(
    g: Grounding, mention: Mention, catalog: MetricCatalog, *, counts: bool = False
) -> bool:
    """Another mention names a measure; with ``counts`` a count of other things (loans)
    counts too, otherwise only a measure that is not a count of things (revenue)."""
    for other in g.mentions:
        if other is mention or not other.of_kind(Kind.METRIC):
            continue
        entity_like = (other.of_kind(Kind.TABLE) or other.of_kind(Kind.DIMENSION)) and all(
            is_count(catalog.get(t.name)) for t in other.of_kind(Kind.METRIC)
        )
        if entity_like and not counts:
            continue
        return True
    return False


def _preposition_before(g: Grounding, mention: Mention) -> str:
    """The word before the things' name, past the values describing them ("of lapsed …")."""
    first = mention.first
    values = {m.last: m for m in g.mentions if m.of_kind(Kind.VALUE)}
    while first in values:
        first = values[first].first
    return g.words[first - 1].text if first > 0 else ""


WHOSE = frozenset({"from", "of", "for", "among", "to"})
"""Before things after another measure: the measure is of those things' facts."""


def _coordinated(g: Grounding, mention: Mention) -> bool:
    """ "customers and revenue", "revenue, customers": listed beside a measure, so counted."""
    before = g.words[mention.first - 1].text if mention.first > 0 else ""
    after = g.words[mention.last].text if mention.last < len(g.words) else ""
    gap_before = (
        g.text[g.words[mention.first - 1].end : g.words[mention.first].start]
        if mention.first
        else ""
    )
    return before in ("and", "&", "plus") or after in ("and", "&", "plus") or "," in gap_before


def _identified(g: Grounding, mention: Mention) -> bool:
    """ "The names of customers in Japan", "customer IDs": an identity of the things is asked,
    so the things are rows."""
    counting = {
        i
        for c in g.cues
        if c.kind is CueKind.COUNT
        for i, w in enumerate(g.words)
        if c.start <= w.start < c.end
    }
    identities = [
        i
        for i, w in enumerate(g.words)
        if w.word_class is WordClass.IDENTITY and i not in counting  # not "number of"
    ]
    for i in identities:
        if i == mention.last:
            return True
        if i + 1 < len(g.words) and g.words[i + 1].text == "of" and mention.first in (i + 2, i + 3):
            return True
    return False


LISTING_ASKS = frozenset({"list", "목록", "명단", "리스트"})


def listing_asked(g: Grounding) -> bool:
    """ "list all churned customers", "이탈 고객 목록": the things themselves are wanted."""
    return any(w.text in LISTING_ASKS or w.lemma in LISTING_ASKS for w in g.words)


def _dated_after(g: Grounding, mention: Mention) -> bool:
    """ "readers enrolled in 2024": the things' own date follows their name."""
    return any(m.first == mention.last and m.of_kind(Kind.TIME_DIMENSION) for m in g.mentions)


def not_a_metric(g: Grounding, mention: Mention, catalog: MetricCatalog) -> bool:
    return reading(g, mention, catalog) in (Reading.LISTED, Reading.POPULATION)


def is_count(metric: Metric, *, distinct: bool = False) -> bool:
    """A count of rows (or, with ``distinct``, of distinct values) — of things or facts."""
    if not isinstance(metric, SimpleMetric):
        return False
    if distinct:
        return metric.agg is Aggregation.COUNT_DISTINCT
    return metric.agg in (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)


_COUNT_FILLERS = frozenset({"distinct", "unique", "different"})


def counted(g: Grounding, mention: Mention) -> bool:
    """After "number of", "how many (distinct)", or a threshold ("at least 5 (total)
    transactions"): the count is asked or compared."""
    start = g.words[mention.first].start
    for cue in g.cues:
        if start < cue.end:
            continue
        gap = g.words_in(cue.end, start)
        if len(gap) > 1:
            continue
        if cue.kind is CueKind.COUNT and all(w.text in _COUNT_FILLERS for w in gap):
            return True
        if cue.kind is CueKind.THRESHOLD and all(w.text in ("total", "overall") for w in gap):
            return True
    return False


def _ranked(g: Grounding, mention: Mention) -> bool:
    """ "the top 5 customers", "the 3 best customers": a ranking cue ends right before it."""
    start = g.words[mention.first].start
    return any(
        c.kind is CueKind.TOP and 0 <= start - c.end <= 1 and not asks_quantity(c) for c in g.cues
    )


_QUANTITY = re.compile(r"\b(?:most|fewest|least)$", re.IGNORECASE)


def asks_quantity(cue: Cue) -> bool:
    """ "The most adverse events" is how many there are, where "the top 5 customers" and
    "the best customers" are the customers themselves."""
    return bool(_QUANTITY.search(cue.text))


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
    if not is_count(metric) or not isinstance(metric, SimpleMetric):
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
        return cue if len(g.words_in(end, cue.start)) <= 1 else None
    return None
