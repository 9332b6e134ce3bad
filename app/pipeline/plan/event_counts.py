"""Counts named by the event of the things counted: "how many employees were hired in 2025".

The employees are named only to say what is counted: the hires, a count the verb of their
event names. Beside a count named by such a verb, a count of the things its rows belong to
is the noun, not a second measure (the headcount, undated, failed to compile beside the
hires). Only where the verb ends its clause: "members were loaned books" are not the loans'
count, since each member may have many.

The verb need not be the count's name to name it: "how many members cancelled" asks for
the count whose owner calls it "Cancelled members" or "cancellations", even where
'cancelled' is also a status of members; "how many clients enrolled" for the enrolments.
A verb right after the counted things names the one count of facts about those things
whose label or synonyms hold the verb, its lemma or a noun made from it; a verb no count
is named by is left to the other readings (a status, a date), and one that none explains
is refused.
"""

from __future__ import annotations

from dataclasses import replace

from app.pipeline.ground.analysis import Word, inflected
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, Stop, cannot_express
from app.pipeline.plan.event_dates import after_do, korean_event, verb_names
from app.pipeline.plan.had_facts import counted_after_cue, rows_point_at
from metrics.model import Aggregation, SimpleMetric, Status

COUNTS = (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)


def read_event_metrics(g: Grounding, ctx: PlanningContext) -> Grounding:
    """``g`` with each verb right after counted things that names one count of facts about
    them ("members cancelled" → the cancellations) read as a mention of that count."""
    mentions = list(g.mentions)
    unknown = list(g.unknown)
    for i, word in enumerate(g.words):
        if not _a_verb_at(g, i):
            continue
        own = next((m for m in mentions if m.first <= i < m.last), None)
        if own is not None and (own.last - own.first != 1 or own.of_kind(Kind.METRIC)):
            continue
        if word.korean:
            things = _things_after_korean(g, mentions, i, ctx)
        else:
            things = _things_before(g, mentions, i, ctx)
        said = Mention(i, i + 1, word.text, ())
        if things is None or (not word.korean and _an_object_after(g, said)):
            continue  # "members booked sessions": the sessions are theirs, not the count
        counts = _counts_named(word, things, ctx)
        if len(counts) != 1:
            continue
        if not _counted_table(things, ctx):
            raise _uncounted(things, word, counts[0], mentions, ctx)
        target = Target(Kind.METRIC, counts[0])
        if own is not None:
            mentions[mentions.index(own)] = replace(own, targets=(target,))
        else:
            mentions.append(Mention(i, i + 1, word.text, (target,)))
            unknown = [u for u in unknown if u != word.text]
    mentions.sort(key=lambda m: m.first)
    return replace(g, mentions=tuple(mentions), unknown=tuple(unknown))


def _uncounted(
    things: str, word: Word, facts: str, mentions: list[Mention], ctx: PlanningContext
) -> Stop:
    """ "How many distinct tracks were played", with no count of tracks: the plays counted
    by track are not the tracks, so say what can be asked instead."""
    said = next(
        (m.text for m in mentions if any(t.name == things for t in m.of_kind(Kind.TABLE))),
        ctx.layer.tables[things].label or things,
    )
    return cannot_express(
        f"The catalog has no count of {said}, so I can't count the {said} that were "
        f"'{word.text}'; ask for {ctx.catalog.get(facts).label} by {said} instead."
    )


def _counted_table(table: str, ctx: PlanningContext) -> bool:
    return any(
        _count(m) and getattr(m, "table", None) == table for m in ctx.catalog.metrics.values()
    )


THINGS_GAP = 3
"""Grammar between the things and their verb: "were", "have been", "did we"."""


def _things_before(
    g: Grounding, mentions: list[Mention], index: int, ctx: PlanningContext
) -> str | None:
    """The table of the things counted ("how many members") right before a verb,
    grammar aside."""
    before = [m for m in mentions if m.last <= index]
    if not before or not counted_after_cue(g, before[-1]):
        return None
    last = before[-1]
    gap = g.words[last.last : index]
    if len(gap) > THINGS_GAP or any(w.word_class is not WordClass.FUNCTION for w in gap):
        return None
    counts = [ctx.catalog.get(t.name) for t in last.of_kind(Kind.METRIC)]
    tables = {t.name for t in last.of_kind(Kind.TABLE)} | {
        m.table for m in counts if isinstance(m, SimpleMetric) and _count(m)
    }
    return next(iter(tables)) if len(tables) == 1 else None


def _a_verb_at(g: Grounding, index: int) -> bool:
    """A verb form: "cancelled", "did we enrol", or a Korean noun made a verb (해지한)."""
    word = g.words[index]
    if word.korean:
        return korean_event(g, index)
    return inflected(word) or after_do(g, index)


def _things_after_korean(
    g: Grounding, mentions: list[Mention], index: int, ctx: PlanningContext
) -> str | None:
    """ "해지한 회원 수": the counted things the verb's clause describes, right after it."""
    after = [m for m in mentions if m.first > index]
    if not after:
        return None
    first = after[0]
    if any(w.word_class is not WordClass.FUNCTION for w in g.words[index + 1 : first.first]):
        return None
    counts = [ctx.catalog.get(t.name) for t in first.of_kind(Kind.METRIC)]
    tables = {m.table for m in counts if isinstance(m, SimpleMetric) and _count(m)}
    return next(iter(tables)) if len(tables) == 1 else None


def _counts_named(word: Word, things: str, ctx: PlanningContext) -> list[str]:
    """The counts of facts of ``things`` whose own names hold the verb."""
    return [
        metric.name
        for metric in ctx.catalog.metrics.values()
        if _count(metric)
        and isinstance(metric, SimpleMetric)
        and metric.status is not Status.DEPRECATED
        and ctx.layer.reaches(metric.table, things)
        and (
            word.text in _vocabulary_words(metric)
            if word.korean
            else verb_names(word, _vocabulary_words(metric))
        )
    ]


def _vocabulary_words(metric: SimpleMetric) -> set[str]:
    names = [metric.name.replace("_", " "), metric.label, *metric.labels.values(), *metric.synonyms]
    words = {w for n in names for w in n.lower().split()}
    return words | {w.replace("-", "") for w in words if "-" in w}


def drop_counted_nouns(
    g: Grounding, metrics: list[str], ctx: PlanningContext
) -> tuple[Grounding, list[str]]:
    """``metrics`` without a count of the things that a count named by a verb of their
    event counts too ("how many employees were hired": the hires, not the headcount), and
    ``g`` with the things' noun no longer a breakdown either."""
    by_verb = [
        name
        for mention in g.mentions
        if _a_verb(g, mention) and not _an_object_after(g, mention)
        for name in (t.name for t in mention.of_kind(Kind.METRIC))
        if name in metrics and _count(ctx.catalog.get(name))
    ]
    kept, dropped = [], []
    for name in metrics:
        metric = ctx.catalog.get(name)
        if (
            name not in by_verb
            and _count(metric)
            and any(rows_point_at(ctx.catalog.get(other), metric, ctx) for other in by_verb)
        ):
            dropped.append(metric)
            continue
        kept.append(name)
    if not dropped:
        return g, kept
    things = {m.table for m in dropped if isinstance(m, SimpleMetric)}
    mentions = tuple(
        replace(m, targets=tuple(t for t in m.targets if t.kind is not Kind.DIMENSION))
        if _names_things(m, things, ctx) and m.of_kind(Kind.TABLE)
        else m
        for m in g.mentions
    )
    return replace(g, mentions=mentions), kept


def _names_things(mention: Mention, things: set[str], ctx: PlanningContext) -> bool:
    return any(t.name in things for t in mention.of_kind(Kind.TABLE)) or any(
        ctx.layer.dimension(t.name).table in things for t in mention.of_kind(Kind.DIMENSION)
    )


def _a_verb(g: Grounding, mention: Mention) -> bool:
    """A mention that is one verb form: "hired", "returned", "signed"."""
    if mention.last - mention.first != 1:
        return False
    return _a_verb_at(g, mention.first)


def _an_object_after(g: Grounding, mention: Mention) -> bool:
    """ "Members were loaned books": the things are not what the event happened to, but
    who received its object, and each may have many; only "employees were hired" (the
    verb ends the clause, a period aside) is their own event."""
    end = next((c.start for c in g.cues if c.start >= g.words[mention.last - 1].end), None)
    return any(
        other.first >= mention.last and (end is None or g.words[other.first].start < end)
        for other in g.mentions
        if other.of_kind(Kind.TABLE) or other.of_kind(Kind.METRIC)
    )


def _count(metric: object) -> bool:
    return isinstance(metric, SimpleMetric) and metric.agg in COUNTS
