"""Which catalog ratio, if any, already is a share: the metric under a condition ÷ the metric.

A certified "decline rate" (declined attempts ÷ attempts) is the share of attempts that were
declined, and answers that question with the owner's definition rather than one made up for
it. The match is on the definitions, never on names: the denominator is the metric asked
about, and the numerator is that same aggregation over the same facts with exactly the
asked condition added, whether as a plan filter or as SQL on the metric's own table.
"""

from __future__ import annotations

from sqlglot import exp

from metrics.catalog import MetricCatalog
from metrics.compiler.filters import filter_condition
from metrics.compiler.shares import ADDITIVE
from metrics.expressions import parse_owner_sql
from metrics.model import RatioMetric, SimpleMetric
from metrics.semantic_query import Filter
from semantic_layer.layer import SemanticLayer, UnknownName


def defined_share(
    catalog: MetricCatalog, layer: SemanticLayer, metric: str, where: Filter
) -> str | None:
    """The name of the catalog's ratio that is the share of ``metric`` meeting ``where``."""
    whole = catalog.metrics.get(metric)
    if not isinstance(whole, SimpleMetric) or whole.agg not in ADDITIVE:
        return None
    for ratio in catalog.metrics.values():
        if not isinstance(ratio, RatioMetric) or ratio.denominator != metric:
            continue
        part = catalog.metrics.get(ratio.numerator)
        if isinstance(part, SimpleMetric) and _part_of(part, whole, where, layer):
            return ratio.name
    return None


def _part_of(
    part: SimpleMetric,
    whole: SimpleMetric,
    where: Filter,
    layer: SemanticLayer,
    *,
    any_date: bool = False,
) -> bool:
    same: tuple[str, ...] = ("table", "agg", "expr", "percentile", "latest_per", "earliest_per")
    same += () if any_date else ("time_dimension",)
    if any(getattr(part, k) != getattr(whole, k) for k in same):
        return False
    if set(part.filters) == {*whole.filters, where}:
        return part.filter == whole.filter
    if set(part.filters) != set(whole.filters) or part.filter is None:
        return False
    table = whole.table
    extra = _conjuncts(part.filter, table) - (
        _conjuncts(whole.filter, table) if whole.filter else set()
    )
    condition = _as_sql(where, layer)
    return condition is not None and extra == {condition}


def _conjuncts(sql: str, table: str) -> set[str]:
    """The ANDed parts of a metric's SQL filter, each in one canonical spelling."""
    tree = parse_owner_sql(sql).unnest()
    parts = tree.flatten() if isinstance(tree, exp.And) else (tree,)
    return {_canonical(part, table) for part in parts}


def _as_sql(where: Filter, layer: SemanticLayer) -> str | None:
    """The condition as SQL on its dimension's column, when the dimension is one."""
    if where.alternatives or where.ignore_case:
        return None
    try:
        dimension = layer.dimension(where.dimension)
    except UnknownName:
        return None
    if dimension.definition.column is None:
        return None
    column = layer.value_column(dimension)
    target = exp.column(dimension.definition.column, table=dimension.table)
    return _canonical(filter_condition(target, column, where), dimension.table)


def _canonical(predicate: exp.Expr, table: str) -> str:
    """One spelling: every column qualified (a bare one is the metric's table's), a bare
    boolean column as ``= TRUE``, lowercase."""
    tree: exp.Expr = predicate.copy()
    tree = tree.unnest() if isinstance(tree, exp.Paren) else tree
    for column in tree.find_all(exp.Column):
        if not column.table:
            column.set("table", exp.to_identifier(table))
    if isinstance(tree, exp.Column):
        tree = exp.EQ(this=tree, expression=exp.true())
    return tree.sql().lower()


def defined_count(
    catalog: MetricCatalog, layer: SemanticLayer, metric: str, where: Filter
) -> str | None:
    """The catalog's own metric for ``metric`` under ``where``: the same aggregation of the
    same rows with exactly that condition added ("graduates" = students whose status is
    graduated), dated however its owner dates it (by graduation, not admission)."""
    whole = catalog.metrics.get(metric)
    if not isinstance(whole, SimpleMetric):
        return None
    found = [
        part.name
        for part in catalog.metrics.values()
        if isinstance(part, SimpleMetric)
        and part.name != metric
        and part.time_dimension is not None
        and _part_of(part, whole, where, layer, any_date=True)
    ]
    return found[0] if len(found) == 1 else None
