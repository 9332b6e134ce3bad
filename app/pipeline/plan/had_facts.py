"""Counted things that had facts: "how many customers made a transaction in the last 30
days", "number of members with a payment in 2025".

A count of things, followed by a clause of grammar and light verbs only ("who made a",
"with any", "that have") and the name of facts on another table that point at those things,
asks how many of the things had such facts. The facts are the condition, not a second
measure, and the period belongs to them: counting the customers who joined in those 30 days
next to the number of transactions, as the planner once did, answers something else.
The plan counts the things with a ``with_facts`` condition, the semi-join the compiler
writes, so each counts once however many facts it has.

The clause's verb may be a word the project also knows: "trainers booked sessions", where
'booked' is a shipment status and names the booking date. As the verb between the things
and their facts it says how they had them, not which facts count, so it filters nothing;
"trainers with booked sessions" (the word before the noun) keeps its status. Things the
catalog has no count of are refused in words: their facts broken down by them answer
another question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.pipeline.ground.analysis import Word, inflected
from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.absence import facts_metric, light_words
from app.pipeline.plan.context import PlanningContext, cannot_express
from app.pipeline.plan.event_dates import korean_event
from app.pipeline.plan.measures import DISTINCT_WORDS
from metrics.model import Aggregation, SimpleMetric
from semantic_layer.model import ColumnType

REACH = 4
"""Words between the counted things and the facts: "who have made any", "that placed a"."""


@dataclass(frozen=True)
class HadFacts:
    counted: str
    """the count of the things"""
    facts: str
    """the metric whose facts the things must have"""
    named: tuple[str, ...]
    """metrics the facts' mention named, which are the condition and not measures"""
    verbs: tuple[str, ...] = ()
    """the clause's own verbs ("opened", "bought"), which say how the things had them"""
    distinct: tuple[int, ...] = ()
    """"distinct"/"unique" before the things: each counts once anyway"""
    existence: tuple[Cue, ...] = ()
    """"at least one" in the clause: having any, which the condition already says"""
    verb_at: tuple[int, ...] = ()
    """first word of the clause verb's own mention ('booked', a status): not a filter"""


def find_had_facts(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> HadFacts | None:
    for i, mention in enumerate(g.mentions):
        counted = _count_of_things(mention, metrics, ctx)
        if counted is None:
            continue
        # English puts the clause after the things ("customers who made a transaction"),
        # Korean before them ("거래한 고객 수", "치료받은 환자 수").
        later = [m for m in g.mentions[i + 1 :] if _the_facts_maybe(g, m, ctx)]
        after = [(m, _unmentioned(g, mention.last, m.first, ctx)) for m in later]
        earlier = [m for m in reversed(g.mentions[:i]) if _the_facts_maybe(g, m, ctx)]
        before = [(m, _unmentioned(g, m.last, mention.first, ctx)) for m in earlier]
        for other, gap in [*after[:1], *before[:1]]:
            verbs = _clause_verbs(gap)
            if len(gap) > REACH or (verbs is None and not _korean_clause(gap)):
                continue
            facts = facts_metric(other, ctx)
            if facts is None or not _points_at(facts, counted, ctx):
                continue
            named = tuple(t.name for t in other.of_kind(Kind.METRIC))
            verbed = tuple(w.text for w in verbs or ())
            first, last = sorted((mention.last, other.first))[0], max(mention.first, other.last)
            existence = tuple(c for c in _existence(g) if _inside(g, c, first, last))
            distinct = _distinct_before(g, mention)
            lo, hi = sorted((mention, other), key=lambda m: m.first)
            verb_at = tuple(
                m.first
                for m in g.mentions
                if lo.last <= m.first < hi.first and _clause_verb(g, m, ctx)
            )
            return HadFacts(counted, facts, named, verbed, distinct, existence, verb_at)
    return None


def _the_facts_maybe(g: Grounding, mention: Mention, ctx: PlanningContext) -> bool:
    """Not a date's verb, a clause's verb or a condition on the facts: what may name them."""
    return not (_an_event(mention) or _clause_verb(g, mention, ctx) or _a_condition(mention, ctx))


def _existence(g: Grounding) -> list[Cue]:
    """ "At least one", "one or more", "1건 이상": having any at all."""
    return [
        c
        for c in g.cues
        if c.kind is CueKind.THRESHOLD
        and ((c.op == ">=" and c.value == 1) or (c.op == ">" and c.value == 0))
        and not c.percent
    ]


def _inside(g: Grounding, cue: Cue, first: int, last: int) -> bool:
    return all(first <= g.words.index(w) < last for w in g.words_in(cue.start, cue.end))


def refuse_uncounted_things(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> None:
    """ "How many distinct trainers booked sessions", with no count of trainers: which
    trainers had sessions can't be counted, and sessions by trainer is not the answer."""
    for i, mention in enumerate(g.mentions):
        things = _uncounted_things(g, mention, metrics, ctx)
        later = [m for m in g.mentions[i + 1 :] if _the_facts_maybe(g, m, ctx)]
        if things is None or not later:
            continue
        other = later[0]
        gap = _unmentioned(g, mention.last, other.first, ctx)
        verbs = _clause_verbs(gap)
        if len(gap) > REACH or verbs is None:
            continue
        facts = facts_metric(other, ctx)
        event = ctx.catalog.get(facts) if facts is not None else None
        if (
            isinstance(event, SimpleMetric)
            and event.table != things
            and ctx.layer.reaches(event.table, things)
        ):
            raise cannot_express(
                f"The catalog has no count of {mention.text}, so I can't count the "
                f"{mention.text} that had {other.text}; ask for {other.text} by "
                f"{mention.text} instead."
            )


def _uncounted_things(
    g: Grounding, mention: Mention, metrics: list[str], ctx: PlanningContext
) -> str | None:
    """The table of things "how many" counts that no asked count counts."""
    if any(t.name in metrics for t in mention.of_kind(Kind.METRIC)) or not counted_after_cue(
        g, mention
    ):
        return None
    tables = {t.name for t in mention.of_kind(Kind.TABLE)} | {
        ctx.layer.dimension(t.name).table for t in mention.of_kind(Kind.DIMENSION)
    }
    if len(tables) != 1:
        return None
    table = next(iter(tables))
    counts = [
        m
        for m in metrics
        if isinstance(c := ctx.catalog.get(m), SimpleMetric)
        and c.table == table
        and c.agg in (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)
    ]
    return None if counts else table


def counted_after_cue(g: Grounding, mention: Mention) -> bool:
    """A mention right after "how many" or "number of" ("how many distinct trainers")."""
    start = g.words[mention.first].start
    return any(
        c.kind is CueKind.COUNT
        and c.end <= start
        and all(w.word_class is not WordClass.CONTENT for w in g.words_in(c.end, start))
        for c in g.cues
    )


def _clause_verb(g: Grounding, mention: Mention, ctx: PlanningContext) -> bool:
    """A verb the project also knows as a status or a date, said as the clause's verb:
    right after the things or "who"/"that" ("trainers booked sessions", "customers who
    returned orders"), never before the facts' noun as their kind ("with returned orders")."""
    if mention.last - mention.first != 1 or mention.first == 0:
        return False
    word = g.words[mention.first]
    kinds = {t.kind for t in mention.targets}
    if not kinds <= {Kind.VALUE, Kind.TIME_DIMENSION} or (
        mention.of_kind(Kind.VALUE) and _yes_no(Mention(0, 0, "", mention.of_kind(Kind.VALUE)), ctx)
    ):
        return False  # "members who renewed a loan": a yes/no of the facts, their condition
    if word.korean:
        return korean_event(g, mention.first)  # "세션을 예약한 회원": the clause's verb
    if not inflected(word):
        return False
    before = g.words[mention.first - 1]
    after_things = any(m.last == mention.first and m.of_kind(Kind.TABLE) for m in g.mentions)
    return after_things or before.text.lower() in CLAUSE_STARTS


CLAUSE_STARTS = frozenset({"who", "that", "which"})


def _distinct_before(g: Grounding, mention: Mention) -> tuple[int, ...]:
    i = mention.first - 1
    if i >= 0 and g.words[i].lemma.lower() in DISTINCT_WORDS:
        return (i,)
    return ()


def _an_event(mention: Mention) -> bool:
    """A verb that names a date ("accounts that opened a ticket": the opened date)."""
    return {t.kind for t in mention.targets} == {Kind.TIME_DIMENSION}


def _a_condition(mention: Mention, ctx: PlanningContext) -> bool:
    """A value or a yes/no column in the clause ("with a lost loan", "renewed a loan",
    "연체된 대출이 있는"): a condition on the facts, not the facts."""
    if mention.of_kind(Kind.METRIC) or mention.of_kind(Kind.TABLE):
        return False
    kinds = {t.kind for t in mention.targets}
    return kinds == {Kind.VALUE} or (kinds == {Kind.DIMENSION} and _yes_no(mention, ctx))


def _yes_no(mention: Mention, ctx: PlanningContext) -> bool:
    return all(
        ctx.layer.value_column(ctx.layer.dimension(t.name)).type is ColumnType.BOOLEAN
        for t in mention.targets
    )


def _unmentioned(g: Grounding, start: int, end: int, ctx: PlanningContext) -> tuple[Word, ...]:
    """The words between two mentions, a verb naming a date or a yes/no column ("renewed")
    counted as a verb; the values, "at least one" and "or" between values left out: they
    narrow the facts, and are read as their filter."""
    conditions = [
        m
        for m in g.mentions
        if start <= m.first < end and _a_condition(m, ctx) and not _clause_verb(g, m, ctx)
    ]
    flags = {i for m in conditions if _yes_no(m, ctx) for i in range(m.first, m.last)}
    values = {i for m in conditions for i in range(m.first, m.last)} - flags
    values |= {g.words.index(w) for c in _existence(g) for w in g.words_in(c.start, c.end)}
    values |= _joining_values(g, values)
    return tuple(
        replace(w, word_class=_verb_class(w)) if _in_event(g, i, ctx) or i in flags else w
        for i, w in enumerate(g.words[start:end], start)
        if i not in values
    )


def _verb_class(word: Word) -> WordClass:
    """A clause's verb is content in English ("booked"), and the light verb of a Korean
    relative clause ("예약한"), which only ties the facts to the things."""
    return WordClass.LIGHT if word.korean else WordClass.CONTENT


def _in_event(g: Grounding, index: int, ctx: PlanningContext) -> bool:
    return any(
        m.first <= index < m.last and (_an_event(m) or _clause_verb(g, m, ctx)) for m in g.mentions
    )


def _joining_values(g: Grounding, values: set[int]) -> set[int]:
    """ "late or missed": the word joining two values is part of the condition."""
    return {
        i
        for i, w in enumerate(g.words)
        if w.text in JOINING and i - 1 in values and i + 1 in values
    }


def _korean_clause(gap: tuple[Word, ...]) -> bool:
    """A Korean relative clause ending before the things: a light verb and the ending that
    makes it describe a noun (거래"한", 치료"받은", 주문이 "있는")."""
    return (
        bool(gap)
        and all(w.korean for w in gap)
        and light_words(gap)
        and gap[-1].tag == "ETM"
        and any(w.word_class is WordClass.LIGHT or w.tag == "XSV" for w in gap)
    )


RELATIVE = frozenset({"who", "that", "which", "whom", "with", "having", "have", "has", "had"})
JOINING = frozenset({"and", "or", "plus", "but", "&", ","})


def _clause_verbs(gap: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """The verbs of a clause that ties the facts to the things ("who made a", "with any",
    "that opened a", "bought"), or None when the words are no such clause, such as a list
    of two measures ("members and loans"). A verb of its own may say how the things had
    the facts; which way they are tied is the relationship's, never the verb's."""
    texts = {w.text.lower() for w in gap}
    if not gap or texts & JOINING or any(w.korean for w in gap):
        return None
    verbs = tuple(w for w in gap if w.word_class is WordClass.CONTENT and inflected(w))
    rest = tuple(w for w in gap if w not in verbs)
    if len(verbs) > 1 or not light_words(rest):
        return None
    tying = texts & RELATIVE or verbs or any(w.word_class is WordClass.LIGHT for w in gap)
    return verbs if tying else None


def _count_of_things(mention: Mention, metrics: list[str], ctx: PlanningContext) -> str | None:
    """The asked metric the mention names, when it counts rows of one table."""
    for target in mention.of_kind(Kind.METRIC):
        metric = ctx.catalog.get(target.name)
        if (
            target.name in metrics
            and isinstance(metric, SimpleMetric)
            and metric.agg in (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)
        ):
            return target.name
    return None


def _points_at(facts: str, counted: str, ctx: PlanningContext) -> bool:
    """The facts' table reaches the counted table many-to-one, on another table."""
    event, things = ctx.catalog.get(facts), ctx.catalog.get(counted)
    return (
        isinstance(event, SimpleMetric)
        and isinstance(things, SimpleMetric)
        and event.table != things.table
        and rows_point_at(event, things, ctx)
    )


def rows_point_at(event: object, things: object, ctx: PlanningContext) -> bool:
    """Two simple metrics whose first's rows are the second's or belong to them."""
    if not isinstance(event, SimpleMetric) or not isinstance(things, SimpleMetric):
        return False
    return ctx.layer.reaches(event.table, things.table)
