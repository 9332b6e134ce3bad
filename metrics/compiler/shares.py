"""Shares as the metrics they are: the metric under a condition ÷ the metric.

A plan's :class:`~metrics.semantic_query.Share` becomes two metrics the compiler already
knows, in a catalog extended for this one query: the metric with the condition added to its
own filters (a conditional aggregate), and a ratio of that to the metric, formatted as a
percent the way the catalog's own rates are (a fraction, shown as "12.3%").
Both are aggregated over the plan's groups, period and filters, so the share is of the
facts in each row. Only counts and sums add up to the whole they are a share of: an average
or ratio of the facts meeting a condition is no part of the overall one, and is refused.
"""

from __future__ import annotations

from kernel.error_codes import ErrorCode
from kernel.errors import Stage
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import PlanError
from metrics.model import Aggregation, Format, Metric, RatioMetric, SimpleMetric
from metrics.semantic_query import Filter, FilterOp, SemanticQuery, Share
from semantic_layer.layer import SemanticLayer

ADDITIVE = frozenset({Aggregation.COUNT, Aggregation.COUNT_DISTINCT, Aggregation.SUM})
"""Aggregations whose value over the facts meeting a condition is a part of the whole."""


def with_shares(
    plan: SemanticQuery, layer: SemanticLayer, catalog: MetricCatalog
) -> tuple[SemanticQuery, MetricCatalog]:
    """``plan`` with each share as a metric, and the catalog that defines those metrics."""
    if not plan.shares:
        return plan, catalog
    added: dict[str, Metric] = {}
    for share in plan.shares:
        part, ratio = _share_metrics(share, layer, catalog)
        added.update({part.name: part, ratio.name: ratio})
    names = (*plan.metrics, *(s.column for s in plan.shares))
    expanded = plan.model_copy(update={"metrics": tuple(sorted(set(names))), "shares": ()})
    return expanded, MetricCatalog({**catalog.metrics, **added})


def _share_metrics(
    share: Share, layer: SemanticLayer, catalog: MetricCatalog
) -> tuple[SimpleMetric, RatioMetric]:
    whole = catalog.get(share.metric)
    if not isinstance(whole, SimpleMetric) or whole.agg not in ADDITIVE or whole.per_entity:
        raise PlanError(
            f"Can't take a share of '{whole.name}': only a count or a sum of facts adds up "
            "to a whole that the facts meeting a condition are a part of.",
            stage=Stage.COMPILE,
            hint="Take the share of a count or a sum (orders, revenue).",
            code=ErrorCode.INVALID_PLAN,
        )
    for each in share.where.all_filters():
        if not catalog.allows(whole.name, layer.dimension(each.dimension), layer):
            raise PlanError(
                f"'{whole.name}' can't be split by '{each.dimension}'.",
                stage=Stage.COMPILE,
                hint="Name a condition on a dimension the metric allows.",
                code=ErrorCode.INVALID_PLAN,
            )
    part = whole.model_copy(
        update={"name": f"{share.column}_part", "filters": (*whole.filters, share.where)}
    )
    label = share_label(share, layer, catalog)
    ratio = RatioMetric(
        type="ratio",
        name=share.column,
        label=label,
        labels={"ko": share_label(share, layer, catalog, "ko")},
        description=f"{label}, as a percent.",
        owner=whole.owner,
        status=whole.status,
        format=Format.PERCENT,
        decimals=1,
        numerator=part.name,
        denominator=whole.name,
    )
    return part, ratio


def share_label(
    share: Share, layer: SemanticLayer, catalog: MetricCatalog, language: str = "en"
) -> str:
    """The share in words: "Share of Orders where Payment method is card", "주문 수 중 결제
    수단 card 비율"."""
    whole = catalog.get(share.metric)
    condition, condition_ko = _condition(share.where, layer)
    if language == "ko":
        return f"{whole.labels.get('ko', whole.label)} 중 {condition_ko} 비율"
    return f"Share of {whole.label} where {condition}"


def _condition(where: Filter, layer: SemanticLayer) -> tuple[str, str]:
    """The condition in words, English and Korean: "Coupon used", "Status is returned"."""
    definition = layer.dimension(where.dimension).definition
    label = definition.label or where.dimension
    label_ko = definition.labels.get("ko", label)
    values = ", ".join(str(v) for v in where.values)
    if where.values == (True,) and where.op is FilterOp.EQ:
        return label, label_ko
    if where.values == (False,) and where.op is FilterOp.EQ:
        return f"not {label}", f"{label_ko} 아님"
    verb = {FilterOp.EQ: "is", FilterOp.IN: "is one of"}.get(where.op, where.op.value)
    return f"{label} {verb} {values}", f"{label_ko} {values}"
