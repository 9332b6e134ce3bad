"""Metric definitions as expressions over aggregated leaf columns.

Every metric bottoms out in simple metrics ("leaves"), each aggregated in its own query over
its own table. A leaf can be needed in *variants*: shifted in time (last year's revenue for
a year-over-year growth) or accumulated (year-to-date). The final SELECT combines leaf
columns with the arithmetic of ratio, derived, period-over-period and target metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from metrics.catalog import MetricCatalog
from metrics.expressions import parse_metric_formula
from metrics.model import (
    Calculation,
    CumulativeMetric,
    CumulativeWindow,
    DerivedMetric,
    Metric,
    Offset,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    TargetMetric,
)


@dataclass(frozen=True)
class Variant:
    shift: Offset | None = None
    window: CumulativeWindow | None = None
    target: str | None = None
    """The actual of an attainment: read over whole periods of this target metric's dates."""

    @property
    def suffix(self) -> str:
        parts = []
        if self.shift is not None:
            parts.append(f"prev_{self.shift.n}_{self.shift.unit.value}")
        if self.window is not None:
            parts.append(f"cum_{self.window.value}")
        if self.target is not None:
            parts.append(f"vs_{self.target}")
        return "".join(f"__{p}" for p in parts)


@dataclass(frozen=True)
class LeafUse:
    metric: SimpleMetric
    variant: Variant

    @property
    def column(self) -> str:
        return f"{self.metric.name}{self.variant.suffix}"


LeafRef = Callable[[LeafUse], exp.Expression]


def metric_expression(
    metric: Metric, catalog: MetricCatalog, leaf_ref: LeafRef, variant: Variant = Variant()
) -> exp.Expression:
    """``metric`` as an expression; ``leaf_ref`` says how to reference each leaf column."""

    def sub(name: str, v: Variant = variant) -> exp.Expression:
        return metric_expression(catalog.get(name), catalog, leaf_ref, v)

    if isinstance(metric, SimpleMetric):
        return leaf_ref(LeafUse(metric, variant))
    if isinstance(metric, RatioMetric):
        ratio = divide(sub(metric.numerator), sub(metric.denominator))
        scale = _number(metric.scale)
        return ratio if metric.scale == 1 else exp.Mul(this=grouped(ratio), expression=scale)
    if isinstance(metric, TargetMetric):
        aligned = Variant(variant.shift, variant.window, target=metric.target)
        return divide(sub(metric.actual, aligned), sub(metric.target))
    if isinstance(metric, DerivedMetric):
        return _formula(metric.expr, sub)
    if isinstance(metric, CumulativeMetric):
        return sub(metric.metric, Variant(variant.shift, metric.window, variant.target))
    if isinstance(metric, PeriodOverPeriodMetric):
        current = sub(metric.metric)
        previous = sub(metric.metric, Variant(metric.offset, variant.window, variant.target))
        return _compare(metric.calculation, current, previous)
    raise TypeError(f"unknown metric type {type(metric).__name__}")


def divide(numerator: exp.Expression, denominator: exp.Expression) -> exp.Expression:
    """Floating division that yields NULL, not an error, when the denominator is zero."""
    return exp.Div(
        this=exp.cast(numerator, exp.DataType.Type.DOUBLE),
        expression=exp.func("NULLIF", denominator, exp.Literal.number(0)),
    )


def grouped(expression: exp.Expression) -> exp.Expression:
    """Parenthesise compound operands; sqlglot renders trees as built, without precedence."""
    return exp.paren(expression, copy=False) if isinstance(expression, exp.Binary) else expression


def _compare(
    calculation: Calculation, current: exp.Expression, previous: exp.Expression
) -> exp.Expression:
    if calculation is Calculation.PREVIOUS:
        return previous
    change = exp.Sub(this=grouped(current), expression=grouped(previous.copy()))
    if calculation is Calculation.CHANGE:
        return change
    return divide(change, previous)


def _formula(text: str, sub: Callable[[str], exp.Expression]) -> exp.Expression:
    def convert(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            return grouped(sub(node.name))
        if isinstance(node, exp.Paren):
            return grouped(convert(node.this))
        if isinstance(node, exp.Neg):
            return exp.Neg(this=convert(node.this))
        if isinstance(node, exp.Div):
            return divide(convert(node.this), convert(node.expression))
        if isinstance(node, exp.Add | exp.Sub | exp.Mul):
            left, right = grouped(convert(node.this)), grouped(convert(node.expression))
            return type(node)(this=left, expression=right)
        return node.copy()  # a number literal; the parser admitted nothing else

    return convert(parse_metric_formula(text))


def _number(value: float) -> exp.Expression:
    return exp.Literal.number(int(value) if value == int(value) else value)


def collect_leaf_uses(metrics: tuple[Metric, ...], catalog: MetricCatalog) -> list[LeafUse]:
    """Every leaf column the metrics need, in first-use order (so SQL is stable)."""
    uses: dict[LeafUse, None] = {}

    def record(use: LeafUse) -> exp.Expression:
        uses.setdefault(use)
        return exp.null()

    for metric in metrics:
        metric_expression(metric, catalog, record)
    return list(uses)
