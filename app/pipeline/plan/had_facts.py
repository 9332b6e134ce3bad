"""Counted things that had facts: "how many customers made a transaction in the last 30
days", "number of members with a payment in 2025".

A count of things, followed by a clause of grammar and light verbs only ("who made a",
"with any", "that have") and the name of facts on another table that point at those things,
asks how many of the things had such facts. The facts are the condition, not a second
measure, and the period belongs to them: counting the customers who joined in those 30 days
next to the number of transactions, as the planner once did, answers something else.
The plan counts the things with a ``with_facts`` condition, the semi-join the compiler
writes, so each counts once however many facts it has.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.ground.analysis import Word
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.absence import facts_metric, light_words
from app.pipeline.plan.context import PlanningContext
from metrics.model import Aggregation, SimpleMetric
from semantic_layer.join_graph import JoinPathError

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


def find_had_facts(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> HadFacts | None:
    for i, mention in enumerate(g.mentions):
        counted = _count_of_things(mention, metrics, ctx)
        if counted is None:
            continue
        # English puts the clause after the things ("customers who made a transaction"),
        # Korean before them ("거래한 고객 수", "치료받은 환자 수").
        after = [(later, g.words[mention.last : later.first]) for later in g.mentions[i + 1 :]]
        before = [
            (earlier, g.words[earlier.last : mention.first]) for earlier in reversed(g.mentions[:i])
        ]
        for other, gap in [*after[:1], *before[:1]]:
            if len(gap) > REACH or not (_a_clause(gap) or _korean_clause(gap)):
                continue
            facts = facts_metric(other, ctx)
            if facts is None or not _points_at(facts, counted, ctx):
                continue
            named = tuple(t.name for t in other.of_kind(Kind.METRIC))
            return HadFacts(counted, facts, named)
    return None


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


def _a_clause(gap: tuple[Word, ...]) -> bool:
    """Grammar and light verbs that tie the facts to the things ("who made a", "with
    any"), never a list of two measures ("members and loans")."""
    texts = {w.text.lower() for w in gap}
    tying = texts & RELATIVE or any(w.word_class is WordClass.LIGHT for w in gap)
    return bool(gap) and light_words(gap) and not texts & JOINING and bool(tying)


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
    facts_table = ctx.catalog.get(facts)
    things = ctx.catalog.get(counted)
    if not isinstance(facts_table, SimpleMetric) or not isinstance(things, SimpleMetric):
        return False
    if facts_table.table == things.table:
        return False
    try:
        ctx.layer.path(facts_table.table, things.table)
    except JoinPathError:
        return False
    return True
