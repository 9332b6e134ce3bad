"""The share of facts meeting a condition: "what percentage of payments were card payments",
"2026년 결제 중 카드 결제 비중", "what proportion of loans are overdue by genre".

A share word, one counted or summed metric (the facts), and a value of a dimension that
metric allows: the value is the condition the share is of, not a filter of the whole. In
English it follows the facts ("… of payments in Seoul **were card** payments"); in Korean it
comes just before the share word, and what comes before 중 narrows the whole ("2026년 결제 중
**카드** 결제 비중"). A catalog ratio defined as exactly that share answers it; otherwise the
plan states the share, which the compiler computes over the same groups and period.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.absence import facts_metric
from app.pipeline.plan.context import PlanningContext, cannot_express
from metrics.compiler.shares import ADDITIVE
from metrics.model import SimpleMetric
from metrics.semantic_query import Filter, SemanticQuery, Share
from metrics.shares import defined_share
from semantic_layer.model import ColumnType

SHARE_WORDS = frozenset(
    {"percentage", "percent", "share", "proportion", "fraction", "비율", "비중", "점유율"}
)
"""Words asking what part of a whole something is; "ratio" relates two measures instead."""
_WHOLE_ENDS = frozenset({"중", "중에서", "가운데"})
"""Korean: what comes before these is the whole the share is taken of."""


@dataclass(frozen=True)
class AskedShare:
    word: int
    """the share word, which the share explains"""
    metric: str
    """the facts, counted or summed: named, or counted from the table named"""
    condition: Filter


def find_share(
    g: Grounding, ctx: PlanningContext, metrics: list[str], filters: list[Filter]
) -> AskedShare | None:
    """The share asked, when the question has a share word, one additive metric and a
    condition in the place the language puts it; ``None`` leaves the question as it was."""
    word = next((i for i in g.operators if g.words[i].lemma in SHARE_WORDS), None)
    if word is None:
        return None
    named = metrics or _counted_facts(g, ctx, word)
    if len(named) != 1:
        return None
    metric = ctx.catalog.get(named[0])
    if not isinstance(metric, SimpleMetric) or metric.agg not in ADDITIVE or metric.per_entity:
        return None
    placed = {_position(g, f): f for f in filters} | _yes_no(g, ctx)
    placed.pop(None, None)
    if g.words[word].korean:
        ends = [i for i, w in enumerate(g.words[:word]) if w.text in _WHOLE_ENDS]
        whole_end = max(ends, default=-1)
        candidates = [i for i in placed if i is not None and whole_end < i < word]
    else:
        facts = _facts_position(g, metric, after=word)
        candidates = [i for i in placed if i is not None and facts is not None and i > facts]
    if not candidates:
        return None
    condition = placed[max(candidates)]
    allowed = ctx.catalog.allowed_dimensions(metric.name, ctx.layer)
    if any(f.dimension not in allowed for f in condition.all_filters()):
        return None
    return AskedShare(word, metric.name, condition)


def as_share(plan: SemanticQuery, asked: AskedShare | None, ctx: PlanningContext) -> SemanticQuery:
    """The plan with its metric's condition read as the share asked: the catalog's ratio
    that is that share, or the share stated in the plan."""
    if asked is None or asked.metric not in plan.metrics:
        return plan
    if plan.having:
        raise cannot_express(
            "A condition on a share's value isn't something I can state with a share; ask "
            "for the shares and compare them."
        )
    filters = tuple(f for f in plan.filters if f != asked.condition)
    # A yes/no named alone was read as a breakdown by it; it is the condition instead.
    dimensions = tuple(d for d in plan.dimensions if d != asked.condition.dimension)
    metrics = [m for m in plan.metrics if m != asked.metric]
    defined = defined_share(ctx.catalog, ctx.layer, asked.metric, asked.condition)
    share = Share(metric=asked.metric, where=asked.condition)
    column = defined or share.column
    data = plan.model_dump(by_alias=True, exclude_none=True)
    for item in data["order_by"]:
        # "the gateway with the highest failure rate": ranked by the share, not the facts
        item["field"] = column if item["field"] == asked.metric else item["field"]
    if plan.rank is not None and plan.rank.metric == asked.metric:
        raise cannot_express("A rank column by a share isn't something a plan states yet.")
    update = {
        "metrics": [*metrics, defined] if defined else metrics,
        "filters": filters,
        "dimensions": dimensions,
        "shares": () if defined else (share,),
    }
    return SemanticQuery.model_validate({**data, **update})


def _yes_no(g: Grounding, ctx: PlanningContext) -> dict[int | None, Filter]:
    """Yes/no dimensions named on their own ("were placebo", "위약 비율"): the condition
    that they hold."""
    found: dict[int | None, Filter] = {}
    for mention in g.mentions:
        if mention.of_kind(Kind.VALUE) or len(mention.of_kind(Kind.DIMENSION)) != 1:
            continue
        name = mention.of_kind(Kind.DIMENSION)[0].name
        if ctx.layer.value_column(ctx.layer.dimension(name)).type is ColumnType.BOOLEAN:
            found[mention.first] = Filter(dimension=name, values=(True,))
    return found


def _position(g: Grounding, f: Filter) -> int | None:
    """Where the filter's value is named: its last mention."""
    named = {each.dimension for each in f.all_filters()}
    found = [
        m.first
        for m in g.mentions
        if any(t.name in named for t in (*m.of_kind(Kind.VALUE), *m.of_kind(Kind.DIMENSION)))
    ]
    return max(found, default=None)


def _facts_position(g: Grounding, metric: SimpleMetric, after: int) -> int | None:
    """The first mention of the facts after the share word ("percentage of **payments**"):
    the metric by name, or its table."""
    return next(
        (
            m.first
            for m in g.mentions
            if m.first > after
            and (
                any(t.name == metric.name for t in m.of_kind(Kind.METRIC))
                or any(t.name == metric.table for t in m.of_kind(Kind.TABLE))
            )
        ),
        None,
    )


def _counted_facts(g: Grounding, ctx: PlanningContext, word: int) -> list[str]:
    """With no metric named, the facts the share is of, counted: the table named after the
    share word in English ("percentage of payments"), before it in Korean ("결제 중 …")."""
    korean = g.words[word].korean
    for mention in g.mentions:
        if mention.of_kind(Kind.METRIC) or not mention.of_kind(Kind.TABLE):
            continue
        if (mention.first < word) == korean:
            metric = facts_metric(mention, ctx)
            return [metric] if metric is not None else []
    return []
