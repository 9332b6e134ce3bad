"""A table the question names must be read by the plan, or the question is refused.

"How many members made a payment in 2025" once counted the members who joined in 2025:
"payment" named the payments table, nothing placed it, and the plan went on without it. A
named table is read when the plan measures its rows, shows or filters one of its columns,
or measures facts that belong to it (an order's store: many orders to one store). Any other
named table is a condition the plan does not hold, and answering without it is a different
question, so the planner says so instead.
"""

from __future__ import annotations

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext, cannot_express, label
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer


def refuse_unread_tables(g: Grounding, plan: SemanticQuery, ctx: PlanningContext) -> None:
    """Stop when a mention names only tables and the plan reads none of them."""
    named = [
        m
        for m in g.mentions
        if m.targets and {t.kind for t in m.targets} == {Kind.TABLE} and not _maybe_a_verb(g, m)
    ]
    if not named:
        return
    read = tables_read(plan, ctx)
    for mention in named:
        if any(t.name in read for t in mention.targets):
            continue
        table = label(mention.targets[0], ctx, "ko" if has_hangul(g.text) else "en")
        raise cannot_express(
            f"'{mention.text}'({table})이(가) 이 답에 어떻게 걸리는지 카탈로그로 나타낼 수 "
            "없어, 빼고 답하지 않겠습니다."
            if has_hangul(g.text)
            else f"I can't tie '{mention.text}' ({table}) to this answer with the catalog, "
            "and answering without it would answer another question."
        )


def _maybe_a_verb(g: Grounding, mention: Mention) -> bool:
    """ "please Return the brand …": a table named by a word that is also a verb of asking
    may be that verb; leaving it out can't change what was asked."""
    words = g.words[mention.first : mention.last]
    return len(words) == 1 and words[0].word_class in (WordClass.REQUEST, WordClass.LIGHT)


def tables_read(plan: SemanticQuery, ctx: PlanningContext) -> set[str]:
    """Every table the plan measures, shows, filters, or reaches from its facts."""
    layer, catalog = ctx.layer, ctx.catalog
    measured = [
        *plan.metrics,
        *(w.metric for w in plan.without),
        *(w.metric for w in plan.with_facts),
        *(s.metric for s in plan.shares),
    ]
    facts = {leaf.table for name in measured for leaf in catalog.leaves(name)}
    conditions = [*plan.filters, *(s.where for s in plan.shares)]
    filters = [a for f in conditions for a in (f, *f.alternatives)]
    columns = [*plan.dimensions, *(f.dimension for f in filters)]
    shown = {layer.dimension(name).table for name in columns}
    dated = {layer.time_dimension(t.time_dimension).table for t in plan.time_filters}
    return _reachable(layer, facts) | shown | dated


def _reachable(layer: SemanticLayer, tables: set[str]) -> set[str]:
    """The tables, and every table they reach many-to-one (what their rows belong to)."""
    seen = set(tables)
    frontier = list(tables)
    while frontier:
        for step in layer.graph.edges.get(frontier.pop(), ()):
            if step.to_table not in seen:
                seen.add(step.to_table)
                frontier.append(step.to_table)
    return seen


__all__ = ["refuse_unread_tables", "tables_read"]
