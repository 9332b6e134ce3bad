"""askbi metrics → dbt measures and metrics.

A simple metric becomes a measure of its table's semantic model and a simple metric of the
same name. Its filter is folded into the measure (``CASE WHEN filter THEN expr END``), so
no column has to become a dimension to be filtered on, and every column of another table
is read from the flattened model. Period-over-period metrics become derived metrics with an
``offset_window`` input; a target attainment becomes a ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from app.interop.dbt.semantic_export import SemanticExport, render
from app.interop.report import Report
from metrics.catalog import MetricCatalog, dependencies
from metrics.compiler.joins import short_name, table_name
from metrics.expressions import parse_metric_formula, parse_owner_sql
from metrics.model import (
    Calculation,
    CumulativeMetric,
    CumulativeWindow,
    DerivedMetric,
    Metric,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    TargetMetric,
)
from semantic_layer.layer import SemanticLayer

_AGG = {"avg": "average"}


class Skip(Exception):
    pass


@dataclass
class MetricsExport:
    layer: SemanticLayer
    catalog: MetricCatalog
    semantic: SemanticExport
    report: Report
    measures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def build(self) -> None:
        for metric in self.catalog.metrics.values():
            try:
                body = self._metric(metric)
            except Skip as e:
                self.report.lossy(f"metric {metric.name}", f"not exported: {e}")
                continue
            head = {"name": metric.name, "label": metric.label, "description": metric.description}
            self.metrics[metric.name] = {**head, **body}
        self._drop_orphans()

    def _metric(self, m: Metric) -> dict[str, Any]:
        if isinstance(m, SimpleMetric):
            self._measure(m)
            return {"type": "simple", "type_params": {"measure": self._measure_name(m.name)}}
        if isinstance(m, RatioMetric):
            if m.scale != 1:
                expr = f"{m.scale:g} * {m.numerator} / {m.denominator}"
                return _derived(expr, [{"name": m.numerator}, {"name": m.denominator}])
            return {
                "type": "ratio",
                "type_params": {"numerator": m.numerator, "denominator": m.denominator},
            }
        if isinstance(m, TargetMetric):
            self.report.lossy(
                f"metric {m.name}",
                "a ratio in dbt: without a grain, a partial month divides partial actuals by "
                "the whole month's target there (askbi widens the actuals to whole months)",
            )
            return {
                "type": "ratio",
                "type_params": {"numerator": m.actual, "denominator": m.target},
            }
        if isinstance(m, DerivedMetric):
            names = [c.name for c in parse_metric_formula(m.expr).find_all(exp.Column)]
            return _derived(m.expr, [{"name": n} for n in dict.fromkeys(names)])
        if isinstance(m, CumulativeMetric):
            return self._cumulative(m)
        if isinstance(m, PeriodOverPeriodMetric):
            return _period_over_period(m)
        raise Skip(f"type {m.type}")

    def _cumulative(self, m: CumulativeMetric) -> dict[str, Any]:
        base = self.catalog.get(m.metric)
        if not isinstance(base, SimpleMetric):
            raise Skip(f"dbt accumulates measures; {m.metric} is a {base.type} metric")
        params: dict[str, Any] = {"period_agg": "last"}
        if m.window is not CumulativeWindow.ALL:
            params["grain_to_date"] = m.window.value
        return {
            "type": "cumulative",
            "type_params": {
                "measure": self._measure_name(base.name),
                "cumulative_type_params": params,
            },
        }

    def _measure(self, m: SimpleMetric) -> None:
        if m.filters:
            raise Skip("filters on dimensions (`filters:`) are not exported; write `filter:` SQL")
        if m.per_entity is not None:
            raise Skip("semi-additive (latest_per/earliest_per) metrics are not exported")
        value = self._columns(m, parse_owner_sql(m.expr))
        if m.filter:
            condition = self._columns(m, parse_owner_sql(m.filter))
            value = exp.Case(ifs=[exp.If(this=condition, true=value)])
        measure: dict[str, Any] = {
            "name": self._measure_name(m.name),
            "agg": _AGG.get(m.agg.value, m.agg.value),
            "expr": render(value),
        }
        if m.percentile is not None:
            measure["agg_params"] = {"percentile": m.percentile, "use_discrete_percentile": False}
        if m.time_dimension is not None:
            time = self.layer.time_dimension(m.time_dimension)
            if time.table != m.table:
                self.semantic.pull_time(m.table, time.definition, time.table)
                self._time_dimension(m.table, time.name, time.definition.finest_grain.value)
            measure["agg_time_dimension"] = time.name
        self.measures.setdefault(m.table, []).append(measure)

    def _measure_name(self, metric: str) -> str:
        """The metric's name, unless an entity or dimension has it: MetricFlow wants each
        element name to mean one kind of thing across the project."""
        taken = {short_name(t) for t in self.layer.tables}
        taken |= {*self.layer.dimensions, *self.layer.time_dimensions}
        return f"{metric}_measure" if metric in taken else metric

    def _time_dimension(self, fact: str, name: str, grain: str) -> None:
        extra = self.semantic.extra_dimensions[fact]
        if all(d["name"] != name for d in extra):
            extra.append({"name": name, "type": "time", "type_params": {"time_granularity": grain}})

    def _columns(self, m: SimpleMetric, tree: exp.Expression) -> exp.Expression:
        """Columns of other tables read from the fact's flattened model."""
        model = self.semantic.models[m.table]

        def point(node: exp.Expression) -> exp.Expression:
            if not isinstance(node, exp.Column):
                return node
            owner = table_name(node)
            if not owner or owner in (m.table, short_name(m.table)):
                return exp.column(node.name)
            table = next(t for t in self.layer.tables if owner in (t, short_name(t)))
            path = self.layer.path(m.table, table)
            return exp.column(
                model.pull(f"{short_name(table)}__{node.name}", path, exp.column(node.name))
            )

        return tree.copy().transform(point)

    def _drop_orphans(self) -> None:
        changed = True
        while changed:
            changed = False
            for name in list(self.metrics):
                missing = [d for d in dependencies(self.catalog.get(name)) if d not in self.metrics]
                if missing:
                    del self.metrics[name]
                    self.report.lossy(f"metric {name}", f"not exported: needs {', '.join(missing)}")
                    changed = True


def _derived(expr: str, inputs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "derived", "type_params": {"expr": expr, "metrics": inputs}}


def _period_over_period(m: PeriodOverPeriodMetric) -> dict[str, Any]:
    previous = f"{m.metric}_{m.offset.n}_{m.offset.unit.value}_ago"
    window = f"{m.offset.n} {m.offset.unit.value}"
    inputs = [{"name": m.metric, "offset_window": window, "alias": previous}]
    if m.calculation is Calculation.PREVIOUS:
        return _derived(previous, inputs)
    inputs.insert(0, {"name": m.metric})
    change = f"{m.metric} - {previous}"
    if m.calculation is Calculation.CHANGE:
        return _derived(change, inputs)
    return _derived(f"({change}) / {previous}", inputs)
