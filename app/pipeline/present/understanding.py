"""How a question was understood, in words generated from the plan itself.

The user reads this to check the interpretation, so it must say exactly what the plan says
— metric labels and versions, breakdowns, filters, the resolved dates — and nothing else.
"""

from __future__ import annotations

import datetime as dt

import sqlglot
from sqlglot import exp

from app.pipeline.present.formatting import format_value
from app.pipeline.present.scope import (
    ValueNames,
    dated,
    dimension_label,
    metric_label,
    when,
)
from app.pipeline.present.scope import filter_phrase as scope_filter
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import ranked_dimensions
from metrics.compiler.shares import share_label
from metrics.semantic_query import (
    Filter,
    FilterOp,
    MetricCondition,
    SemanticQuery,
    Share,
    WithFacts,
    Without,
)
from semantic_layer.layer import SemanticLayer

_OPS = {
    FilterOp.EQ: "is",
    FilterOp.NE: "is not",
    FilterOp.IN: "is one of",
    FilterOp.NOT_IN: "is none of",
    FilterOp.GT: "is above",
    FilterOp.GTE: "is at least",
    FilterOp.LT: "is below",
    FilterOp.LTE: "is at most",
    FilterOp.CONTAINS: "contains",
    FilterOp.STARTS_WITH: "starts with",
    FilterOp.ENDS_WITH: "ends with",
}


def describe_plan(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    language: str = "en",
    ignored: tuple[str, ...] = (),
    today: dt.date | None = None,
    names: ValueNames | None = None,
) -> str:
    """Everything the plan does, and the words it left out. Dates are named in words
    ("October 2026", "2026년 3분기"); ``start``/``end`` are the resolved window (inclusive),
    and ``today`` resolves second dates. ``names`` gives filter values their names in
    ``language``.

    >>> from app.project.folder import SAMPLE_PROJECT, load_project
    >>> p = load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")
    >>> plan = SemanticQuery(metrics=("revenue",), dimensions=("region",))
    >>> describe_plan(plan, p.layer, p.catalog, ignored=("show",))
    'Revenue (v2) by Region, all dates. Ignored: show.'
    >>> describe_plan(plan, p.layer, p.catalog, language="ko")
    '매출 (v2) · 지역별 · 전체 기간'
    >>> listing = SemanticQuery(dimensions=("store",), without=[{"metric": "order_count"}])
    >>> describe_plan(listing, p.layer, p.catalog)
    'List of Store, where no Orders (v1)'
    >>> top = {"field": "revenue", "descending": True}
    >>> top3 = SemanticQuery(metrics=("revenue",), dimensions=("region",), order_by=[top], limit=3)
    >>> describe_plan(top3, p.layer, p.catalog)
    'Revenue (v2) by Region, all dates; top 3 by Revenue; rows with no Region left out'
    """
    # A listing with no measure and no period is not "all dates": it has no dates at all.
    listing = not plan.measures and plan.time_range is None
    when = "" if listing else _dates(plan, start, end, language, today)
    conditions = _plan_conditions(plan, layer, catalog, language, today)
    if language == "ko":
        return _korean(plan, layer, catalog, when, conditions, ignored, names or {})
    shares = (f"{share_label(s, layer, catalog)} (v{_version(s, catalog)})" for s in plan.shares)
    metrics = " and ".join([*(_metric(name, catalog) for name in plan.metrics), *shares])
    parts = [metrics]
    breakdown = [_dimension(d, layer) for d in plan.dimensions]
    if plan.grain is not None:
        breakdown.append(plan.grain.value)
    if breakdown and not plan.measures:
        parts[0] = "List of " + ", ".join(breakdown)  # a listing: rows, not measures
    elif breakdown:
        parts[0] += " by " + ", ".join(breakdown)
    if when:
        parts.append(when)
    conditions = [*(_filter(f, layer) for f in plan.filters), *conditions]
    if conditions:
        parts.append("where " + " and ".join(conditions))
    if plan.fill:
        parts.append("every period and value shown, 0 where there is none")
    text = ", ".join(parts)
    if plan.rank is not None:
        text += f"; ranked by {_metric(plan.rank.metric, catalog)}"
    if plan.order_by:
        order = plan.order_by[0]
        shared = next((x for x in plan.shares if x.column == order.field), None)
        label = (
            share_label(shared, layer, catalog)
            if shared
            else _field_label(order.field, layer, catalog)
        )
        direction = "top" if order.descending else "bottom"
        text += f"; {direction} {plan.limit} by {label}" if plan.limit else f"; sorted by {label}"
    unranked = [_dimension(d.name, layer) for d in ranked_dimensions(plan, layer)]
    if unranked:
        text += f"; rows with no {' or '.join(unranked)} left out"
    if ignored:
        text += ". Ignored: " + ", ".join(ignored) + "."
    return text


_OPS_BY_SIGN = {
    ">": "above",
    ">=": "at least",
    "<": "below",
    "<=": "at most",
    "=": "equal to",
    "!=": "not",
}
_KO_OPS = {">": "초과", ">=": "이상", "<": "미만", "<=": "이하", "=": "", "!=": "아님"}


def _korean(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    when: str,
    conditions: list[str],
    ignored: tuple[str, ...],
    names: ValueNames,
) -> str:
    metric = ", ".join(
        [
            *(
                f"{metric_label(name, catalog, 'ko')} (v{catalog.get(name).version})"
                for name in plan.metrics
            ),
            *(
                f"{share_label(s, layer, catalog, 'ko')} (v{_version(s, catalog)})"
                for s in plan.shares
            ),
        ]
    )
    parts = [metric or "목록"]  # a listing has no measure, only rows
    breakdown = [dimension_label(d, layer, "ko") for d in plan.dimensions]
    if plan.grain is not None:
        breakdown.append(_KO_GRAINS[plan.grain.value])
    if breakdown:
        parts.append(", ".join(breakdown) + "별")
    if when:
        parts.append(when)
    conditions = [*(scope_filter(f, layer, "ko", names) for f in plan.filters), *conditions]
    if conditions:
        parts.append("조건: " + ", ".join(conditions))
    if plan.fill:
        parts.append("빈 기간은 0으로 표시")
    if plan.rank is not None:
        parts.append(f"{metric_label(plan.rank.metric, catalog, 'ko')} 순위")
    if plan.order_by:
        field = plan.order_by[0].field
        label = (
            metric_label(field, catalog, "ko")
            if field in catalog.metrics
            else dimension_label(field, layer, "ko")
            if field in layer.dimensions
            else field
        )
        word = "상위" if plan.order_by[0].descending else "하위"
        parts.append(f"{label} {word} {plan.limit}" if plan.limit else f"{label} 순 정렬")
    unranked = [dimension_label(d.name, layer, "ko") for d in ranked_dimensions(plan, layer)]
    if unranked:
        parts.append(f"{'·'.join(unranked)} 없는 행 제외")
    text = " · ".join(parts)
    if ignored:
        text += f" (무시한 말: {', '.join(ignored)})"
    return text


_KO_GRAINS = {"day": "일", "week": "주", "month": "월", "quarter": "분기", "year": "연도"}


def _plan_conditions(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    language: str,
    today: dt.date | None,
) -> list[str]:
    """The conditions beyond dimension filters: second dates, metric values, missing facts."""
    found = [
        f"{_time_label(t.time_dimension, layer, language)} {dated(t.time_range, today, language)}"
        for t in plan.time_filters
    ]
    found += [_condition(c, catalog, language) for c in plan.having]
    facts: list[tuple[Without | WithFacts, str, str]] = [(w, "없음", "no") for w in plan.without]
    facts += [(w, "있음", "with") for w in plan.with_facts]
    for condition, korean, english in facts:
        # "customers with no shipments in the last 3 months": the period is the facts'
        when = condition.time_range
        period = f" {dated(when, today, language)}" if when else ""
        found.append(
            f"{metric_label(condition.metric, catalog, 'ko')}{period} {korean}"
            if language == "ko"
            else f"{english} {_metric(condition.metric, catalog)}{period}"
        )
    return found


def _time_label(name: str, layer: SemanticLayer, language: str) -> str:
    definition = layer.time_dimension(name).definition
    return definition.labels.get(language) or definition.label or name


def _condition(c: MetricCondition, catalog: MetricCatalog, language: str) -> str:
    label = metric_label(c.metric, catalog, language)
    number = _number(c.metric, c.value, catalog)
    if language == "ko":
        return f"{label} {number} {_KO_OPS[c.op.value]}".strip()
    return f"{label} {_OPS_BY_SIGN[c.op.value]} {number}"


def _number(metric: str, value: float, catalog: MetricCatalog) -> str:
    m = catalog.get(metric)
    return format_value(value, m.format, m.decimals, m.unit)


def _metric(name: str, catalog: MetricCatalog) -> str:
    metric = catalog.get(name)
    return f"{metric.label} (v{metric.version})"


def _dimension(name: str, layer: SemanticLayer) -> str:
    return layer.dimension(name).definition.label or name


def _version(share: Share, catalog: MetricCatalog) -> int:
    return catalog.get(share.metric).version


def _field_label(field: str, layer: SemanticLayer, catalog: MetricCatalog) -> str:
    if field in catalog.metrics:
        return catalog.get(field).label
    if field in layer.dimensions:
        return _dimension(field, layer)
    return field


def _dates(
    plan: SemanticQuery,
    start: dt.date | None,
    end: dt.date | None,
    language: str,
    today: dt.date | None,
) -> str:
    """The plan's window in words: its resolved days, else the plan's own words."""
    if start is not None and end is not None:
        return when(plan.time_range, start, end, language)
    if plan.time_range is None:
        return "전체 기간" if language == "ko" else "all dates"
    return dated(plan.time_range, today, language)


def _filter(f: Filter, layer: SemanticLayer) -> str:
    values = ", ".join(str(v) for v in f.values)
    case = " (ignoring case)" if f.ignore_case else ""
    text = f"{_dimension(f.dimension, layer)} {_OPS[f.op]} {values}{case}"
    return " or ".join([text, *(_filter(a, layer) for a in f.alternatives)])


def describe_sql(sql: str, dialect: str) -> str:
    """What a query computes, read off its tree — for SQL a model wrote.

    >>> describe_sql("SELECT s.channel, SUM(o.shipping_fee) AS fees FROM orders o "
    ...              "JOIN stores s ON s.store_id = o.store_id WHERE o.status = 'completed' "
    ...              "GROUP BY s.channel ORDER BY fees DESC LIMIT 5", "duckdb")
    "Reads orders, stores; returns s.channel, fees = SUM(o.shipping_fee); where o.status = \
'completed'; grouped by s.channel; ordered by fees DESC; at most 5 rows"
    """
    try:
        tree = sqlglot.parse_one(sql, read=dialect)
    except sqlglot.errors.ParseError:
        return "SQL that could not be read back."
    if not isinstance(tree, exp.Query):
        return "SQL that is not a query."
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    tables = sorted({t.name for t in tree.find_all(exp.Table) if t.name not in ctes})
    parts = [f"Reads {', '.join(tables)}"]
    select = tree if isinstance(tree, exp.Select) else tree.find(exp.Select)
    if isinstance(select, exp.Select):
        parts.append("returns " + ", ".join(_output(e, dialect) for e in select.expressions))
        clauses = (
            ("where", select.args.get("where")),
            ("grouped by", select.args.get("group")),
            ("having", select.args.get("having")),
        )
        for label, node in clauses:
            if node is not None:
                parts.append(f"{label} {_inner(node, dialect)}")
    order, limit = tree.args.get("order"), tree.args.get("limit")
    if order is not None:
        parts.append(f"ordered by {_inner(order, dialect)}")
    if limit is not None:
        parts.append(f"at most {_inner(limit, dialect)} rows")
    return "; ".join(parts)


def _output(expression: exp.Expression, dialect: str) -> str:
    if isinstance(expression, exp.Alias) and not isinstance(expression.this, exp.Column):
        return f"{expression.alias} = {expression.this.sql(dialect=dialect)}"
    return expression.sql(dialect=dialect)


def _inner(node: exp.Expression, dialect: str) -> str:
    """A clause without its keyword: ``GROUP BY a, b`` → ``a, b``."""
    if isinstance(node, exp.Where | exp.Having):
        return str(node.this.sql(dialect=dialect))
    if isinstance(node, exp.Group | exp.Order):
        return ", ".join(e.sql(dialect=dialect) for e in node.expressions)
    if isinstance(node, exp.Limit):
        return str(node.expression.sql(dialect=dialect))
    return str(node.sql(dialect=dialect))
