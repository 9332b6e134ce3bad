"""Conditions that contradict a metric's own definition, and counts that only name the rows.

"퇴사한 직원 수" (employees who left) once counted the headcount, which its owner defined as
employees whose status is not 'terminated', with the status 'terminated' on top: always
0, stated with confidence. A value that the metric's own filter rules out for every row
is refused, and the reason names both. The check substitutes the asked value for the
column in the owner's filter and evaluates what is left; a filter that reads other columns
as well can't be decided here and is left to the data.

And "how many employees were hired in 2025" names the employees only to say what is
counted: the hires, a count the verb of their event names. Beside a count named by such a
verb, a count of the things its rows belong to is the noun, not a second measure.
"""

from __future__ import annotations

from dataclasses import replace

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.executor import execute

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext, cannot_express
from app.pipeline.plan.event_dates import after_do
from app.pipeline.plan.had_facts import rows_point_at
from metrics.model import Aggregation, SimpleMetric
from metrics.semantic_query import Filter, FilterOp

COUNTS = (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)


def refuse_contradictions(
    filters: list[Filter], metrics: list[str], ctx: PlanningContext, question: str
) -> None:
    for name in metrics:
        for leaf in ctx.catalog.leaves(name):
            if not leaf.filter:
                continue
            for f in filters:
                if f.alternatives or f.op not in (FilterOp.EQ, FilterOp.IN):
                    continue
                dimension = ctx.layer.dimension(f.dimension)
                column = dimension.definition.column
                if dimension.table != leaf.table or column is None or dimension.part:
                    continue
                if all(_rules_out(leaf.filter, column, v) for v in f.values):
                    metric = ctx.catalog.get(name)
                    shown = metric.labels.get("ko", metric.label)
                    raise cannot_express(
                        f"{shown}은(는) 정의상 '{leaf.filter}'인 행만 세므로, "
                        f"'{', '.join(map(str, f.values))}' 조건이면 항상 0입니다."
                        if has_hangul(question)
                        else f"{metric.label} counts only rows where {leaf.filter}, so "
                        f"'{', '.join(map(str, f.values))}' would always give none."
                    )


def _rules_out(owner_filter: str, column: str, value: object) -> bool:
    """Whether ``owner_filter`` is false for every row whose ``column`` is ``value``."""
    try:
        tree = sqlglot.parse_one(owner_filter, read="duckdb")
    except SqlglotError:
        return False
    literal = (
        exp.Literal.number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else exp.Boolean(this=value)
        if isinstance(value, bool)
        else exp.Literal.string(str(value))
    )
    replaced = tree.transform(
        lambda node: (
            literal.copy()
            if isinstance(node, exp.Column) and node.name.lower() == column.lower()
            else node
        )
    )
    if replaced.find(exp.Column) is not None:
        return False  # other columns decide too
    try:
        rows = execute(exp.select(exp.alias_(replaced, "holds")).sql()).rows
    except Exception:  # the owner's SQL may use what sqlglot's executor can't run
        return False
    return rows == [(False,)]


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
    word = g.words[mention.first]
    text, lemma = word.text.lower(), word.lemma.lower()
    inflected = text != lemma and not text.startswith(lemma + "s")
    return not word.korean and (inflected or after_do(g, mention.first))


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
