"""The share of facts meeting a condition: "what percentage of payments were card payments",
"2026년 결제 중 카드 결제 비중", "what proportion of loans are overdue by genre".

A share word, one counted or summed metric (the facts), and a value of a dimension that
metric allows: the value is the condition the share is of, not a filter of the whole. In
English it follows the facts ("… of payments in Seoul **were card** payments"); in Korean it
comes just before the share word, and what comes before 중 narrows the whole ("2026년 결제 중
**카드** 결제 비중"). A catalog ratio defined as exactly that share answers it; otherwise the
plan states the share, which the compiler computes over the same groups and period.

The part may be named as a metric instead ("what percentage of payment attempts were
declined payments", "… deliveries were late" where "late" names late deliveries and their
rate): the catalog's ratio of that metric over the facts, when the one narrows the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.absence import facts_metric
from app.pipeline.plan.context import PlanningContext, cannot_express
from metrics.compiler.shares import ADDITIVE
from metrics.model import Metric, RatioMetric, SimpleMetric
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
    condition: Filter | None = None
    """the condition, a value of a dimension; or, with none:"""
    rate: str | None = None
    """the catalog's ratio of a second metric named (the facts under a condition) over
    ``metric``: "what percentage of payment attempts were declined payments"."""


def find_share(
    g: Grounding, ctx: PlanningContext, metrics: list[str], filters: list[Filter]
) -> AskedShare | None:
    """The share asked, when the question has a share word, one additive metric and a
    condition in the place the language puts it; ``None`` leaves the question as it was."""
    word = share_word(g)
    if word is None:
        return None
    facts = _counted_facts(g, ctx, word)
    both = list(dict.fromkeys([*metrics, *facts]))
    rate = _named_part(word, both, ctx) if len(both) == 2 else None
    if rate is not None or len(metrics) > 1:
        return rate
    named = metrics or facts
    if len(named) != 1:
        return None
    metric = ctx.catalog.get(named[0])
    if not isinstance(metric, SimpleMetric) or metric.agg not in ADDITIVE or metric.per_entity:
        return None
    condition = _condition(g, ctx, word, metric, filters)
    return AskedShare(word, metric.name, condition) if condition is not None else None


def _condition(
    g: Grounding, ctx: PlanningContext, word: int, metric: SimpleMetric, filters: list[Filter]
) -> Filter | None:
    """The value named where the language puts the condition, of a dimension the metric
    allows: the last after the facts in English, the last before the share word (and after
    중) in Korean."""
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
    return condition


def shared_facts(g: Grounding, ctx: PlanningContext) -> list[str]:
    """With no metric named, the count of the facts a share is asked of ("what percentage
    of payments …", "치료 중 … 비율"), read before anything else needs the metric."""
    word = share_word(g)
    return _counted_facts(g, ctx, word) if word is not None else []


def _ratio_parts(asked: AskedShare, ctx: PlanningContext) -> tuple[Metric, ...]:
    rate = ctx.catalog.get(asked.rate or "")
    assert isinstance(rate, RatioMetric)
    return (ctx.catalog.get(rate.numerator), ctx.catalog.get(rate.denominator))


def share_word(g: Grounding) -> int | None:
    """Where the question asks for a share ("percentage", "비중"), if it does."""
    return next((i for i in g.operators if g.words[i].lemma in SHARE_WORDS), None)


def part_named(
    g: Grounding, candidates: list[str], named: list[str], ctx: PlanningContext
) -> str | None:
    """Of the metrics a word may mean, the part whose share is asked: "late" is late
    deliveries or the late-delivery rate, and in "what percentage of courier deliveries were
    late" the rate is late deliveries over the courier deliveries named, so it is the part."""
    if share_word(g) is None:
        return None
    parts = {
        metric.numerator
        for metric in (ctx.catalog.get(c) for c in candidates)
        if isinstance(metric, RatioMetric)
        and metric.denominator in named
        and metric.numerator in candidates
    }
    return parts.pop() if len(parts) == 1 else None


def _named_part(word: int, metrics: list[str], ctx: PlanningContext) -> AskedShare | None:
    """Two metrics named, the second the first's facts under a condition, and the catalog's
    ratio of the two: that ratio is the share."""
    rates = [
        (metric.denominator, metric.name)
        for metric in ctx.catalog.metrics.values()
        if isinstance(metric, RatioMetric)
        and {metric.numerator, metric.denominator} == set(metrics)
        and _narrows(ctx.catalog.get(metric.numerator), ctx.catalog.get(metric.denominator))
    ]
    if len(rates) != 1:
        return None
    whole, rate = rates[0]
    return AskedShare(word, whole, rate=rate)


def _narrows(part: Metric, whole: Metric) -> bool:
    """The part counts or sums the same facts as the whole, with more conditions."""
    if not isinstance(part, SimpleMetric) or not isinstance(whole, SimpleMetric):
        return False
    same = ("table", "agg", "expr", "time_dimension")
    return all(getattr(part, k) == getattr(whole, k) for k in same) and (
        part.filter != whole.filter or part.filters != whole.filters
    )


def as_share(plan: SemanticQuery, asked: AskedShare | None, ctx: PlanningContext) -> SemanticQuery:
    """The plan with its metric's condition read as the share asked: the catalog's ratio
    that is that share, or the share stated in the plan."""
    if asked is None:
        return plan
    if asked.rate is not None:
        kept = [m for m in plan.metrics if ctx.catalog.get(m) not in _ratio_parts(asked, ctx)]
        order_by = [
            o.model_copy(update={"field": asked.rate}) if o.field in plan.metrics else o
            for o in plan.order_by
        ]
        return plan.model_copy(update={"metrics": (*kept, asked.rate), "order_by": tuple(order_by)})
    if asked.condition is None or asked.metric not in plan.metrics:
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
    """The facts the share is of, counted: the table named after the share word in English
    ("percentage of payments"), before it in Korean ("결제 중 …"), or the metric that names
    it ("checkouts")."""
    korean = g.words[word].korean
    for mention in g.mentions:
        if not mention.of_kind(Kind.TABLE) or (mention.first < word) != korean:
            continue
        named = [t.name for t in mention.of_kind(Kind.METRIC)]
        metric = facts_metric(mention, ctx) if not named else None
        return [metric] if metric is not None else named[:1]
    return []
