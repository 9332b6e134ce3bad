"""Aggregations per dialect: the plain ones, and those a warehouse computes differently or not
at all (medians and percentiles), which are refused with a reason rather than approximated."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from metrics.model import Aggregation, SimpleMetric

_AGGREGATES: dict[Aggregation, type[exp.Expression]] = {
    Aggregation.SUM: exp.Sum,
    Aggregation.COUNT: exp.Count,
    Aggregation.AVG: exp.Avg,
    Aggregation.MIN: exp.Min,
    Aggregation.MAX: exp.Max,
}


def _average_of_doubles(expression: exp.Expression) -> exp.Expression:
    # MySQL and MariaDB average integers into a DECIMAL with only four more decimal places
    # (div_precision_increment): a CSAT of 3.3514 where every other warehouse says
    # 3.3513513…. Averaging doubles gives the same number everywhere.
    return exp.Avg(this=exp.cast(expression, exp.DataType.Type.DOUBLE))


AGGREGATE_OVERRIDES: dict[tuple[str, Aggregation], Callable[[exp.Expression], exp.Expression]] = {
    ("mysql", Aggregation.AVG): _average_of_doubles,
}
"""(dialect, aggregation) → builder, for dialects whose plain aggregate gives another number."""


def aggregate(metric: SimpleMetric, expression: exp.Expression, dialect: str) -> exp.Expression:
    """``metric``'s aggregation of ``expression`` in ``dialect``; raises
    :class:`CannotCompute` where the warehouse has no exact way to compute it."""
    override = AGGREGATE_OVERRIDES.get((dialect, metric.agg))
    if override is not None:
        return override(expression)
    if metric.agg is Aggregation.COUNT_DISTINCT:
        return exp.Count(this=exp.Distinct(expressions=[expression]))
    if metric.agg in (Aggregation.MEDIAN, Aggregation.PERCENTILE):
        fraction = 0.5 if metric.agg is Aggregation.MEDIAN else metric.percentile or 0.5
        return _percentile(metric, expression, fraction, dialect)
    return _AGGREGATES[metric.agg](this=expression)


class CannotCompute(UserError):
    code = ErrorCode.CANNOT_COMPUTE


def _within_group(expression: exp.Expression, fraction: float) -> exp.Expression:
    return exp.WithinGroup(
        this=exp.PercentileCont(this=exp.Literal.number(fraction)),
        expression=exp.Order(expressions=[exp.Ordered(this=expression, nulls_first=False)]),
    )


PERCENTILES: dict[str, Callable[[exp.Expression, float], exp.Expression]] = {
    "duckdb": lambda e, f: exp.PercentileCont(this=e, expression=exp.Literal.number(f)),
    "postgres": _within_group,
    "snowflake": _within_group,
    "spark": lambda e, f: exp.Quantile(this=e, quantile=exp.Literal.number(f)),
}
"""dialect → an exact, interpolated percentile. MySQL/MariaDB have none as an aggregate,
BigQuery only as a window function, Trino only approximately: those are refused."""


def _percentile(
    metric: SimpleMetric, expression: exp.Expression, fraction: float, dialect: str
) -> exp.Expression:
    build = PERCENTILES.get(dialect)
    if build is None:
        what = "a median" if metric.agg is Aggregation.MEDIAN else f"the {fraction:g} percentile"
        raise CannotCompute(
            f"Metric '{metric.name}' is {what}, which {dialect} can't compute exactly as an "
            "aggregate.",
            stage=Stage.COMPILE,
            hint=f"Exact medians and percentiles work on {', '.join(sorted(PERCENTILES))}.",
        )
    # Interpolate in doubles everywhere: DuckDB keeps a DECIMAL's scale (221.45 for 221.455).
    return build(exp.cast(expression, exp.DataType.Type.DOUBLE), fraction)
