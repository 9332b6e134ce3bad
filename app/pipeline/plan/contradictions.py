"""Conditions that contradict a metric's own definition.

"퇴사한 직원 수" (employees who left) once counted the headcount, which its owner defined as
employees whose status is not 'terminated', with the status 'terminated' on top: always
0, stated with confidence. A value that the metric's own filter rules out for every row
is refused, and the reason names both. The check substitutes the asked value for the
column in the owner's filter and evaluates what is left; a filter that reads other columns
as well can't be decided here and is left to the data.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.executor import execute

from app.pipeline.ground.korean import has_hangul
from app.pipeline.plan.context import PlanningContext, cannot_express
from metrics.semantic_query import Filter, FilterOp, SemanticQuery


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


def refuse_unreachable_dates(plan: SemanticQuery, ctx: PlanningContext, question: str) -> None:
    """A second date the metric's rows can't reach ("guests who checked in", when stays
    point at guests and not the other way): say so, rather than fail to compile."""
    for dated in plan.time_filters:
        target = ctx.layer.time_dimension(dated.time_dimension)
        for name in plan.metrics:
            for leaf in ctx.catalog.leaves(name):
                if not ctx.layer.reaches(leaf.table, target.table):
                    metric = ctx.catalog.get(name)
                    date = target.definition.labels.get("ko", target.definition.label)
                    raise cannot_express(
                        f"{metric.labels.get('ko', metric.label)}의 행은 {date}에 닿지 않아 "
                        "그 날짜로 나눌 수 없습니다."
                        if has_hangul(question)
                        else f"{metric.label} can't be dated by "
                        f"{target.definition.label or target.name}: its rows don't lead to "
                        "that date."
                    )
