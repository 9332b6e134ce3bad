"""dbt metrics → askbi metric catalog entries.

A dbt simple metric is a measure with filters: an askbi simple metric. Ratio and derived
metrics map to their askbi kinds; an input with its own filter or an ``offset_window``
becomes a small helper metric (a filtered simple metric, or a period-over-period metric of
``calculation: previous``) that the formula names. Cumulative metrics accumulate the simple
metric of their measure. What has no askbi equivalent is reported and left out, along with
every metric that depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from app.interop.dbt.jinja_filters import FilterError, translate
from app.interop.dbt.model import DbtProject, Metric, MetricInput
from app.interop.dbt.tables import Tables, measure_of
from app.interop.report import Report
from metrics.expressions import OWNER_DIALECT, parse_metric_formula

OWNER = "imported from dbt"
_AGG = {
    "sum": "sum", "count": "count", "count_distinct": "count_distinct", "average": "avg",
    "avg": "avg", "min": "min", "max": "max", "median": "median", "percentile": "percentile",
    "sum_boolean": "sum",
}  # fmt: skip
_TO_DATE = {"month", "quarter", "year"}
_GRAINS = {"day", "week", "month", "quarter", "year"}


class Skip(Exception):
    """This metric can't be carried over; the message says why."""


@dataclass
class Metrics:
    project: DbtProject
    tables: Tables
    report: Report
    out: dict[str, dict[str, Any]] = field(default_factory=dict)

    def build(self) -> None:
        for metric in self.project.metrics:
            try:
                self._metric(metric)
            except (Skip, FilterError) as e:
                self.report.lossy(f"metric {metric.name}", f"not imported: {e}")
        self._drop_orphans()

    def _metric(self, m: Metric) -> None:
        if m.unknown_params:
            self.report.lossy(
                f"metric {m.name}", f"type_params {', '.join(m.unknown_params)} not carried over"
            )
        if m.type == "simple":
            if m.measure is None:
                raise Skip("a simple metric without a measure")
            self._add(m.name, self._leaf(m.measure, m.filters), m)
        elif m.type == "ratio":
            if m.numerator is None or m.denominator is None:
                raise Skip("a ratio without numerator or denominator")
            numerator = self._input(m, m.numerator)
            denominator = self._input(m, m.denominator)
            self._add(
                m.name, {"type": "ratio", "numerator": numerator, "denominator": denominator}, m
            )
        elif m.type == "derived":
            self._add(m.name, self._derived(m), m)
        elif m.type == "cumulative":
            self._add(m.name, self._cumulative(m), m)
        else:
            raise Skip(f"{m.type} metrics have no askbi equivalent")

    def _add(self, name: str, body: dict[str, Any], m: Metric | None = None) -> None:
        head = {
            "name": name,
            "label": (m.label if m and m.label else name.replace("_", " ").capitalize()),
            "description": (
                m.description.strip()
                if m and m.description
                else f"Imported from dbt ({m.name if m else name})."
            ),
            "owner": OWNER,
            "status": "draft",
        }
        self.out[name] = {**head, **body}

    def _leaf(self, measure: MetricInput, filters: tuple[str, ...]) -> dict[str, Any]:
        found = measure_of(self.project, measure.name)
        if found is None:
            raise Skip(f"unknown measure {measure.name}")
        sm, meas = found
        if meas.agg not in _AGG:
            raise Skip(f"aggregation {meas.agg} has no askbi equivalent")
        table = self.tables.table_of.get(sm.name)
        if table is None:
            raise Skip(f"its semantic model {sm.name} was not imported")
        body: dict[str, Any] = {"type": "simple", "table": table, "agg": _AGG[meas.agg]}
        body["expr"] = f"CAST({meas.sql} AS INTEGER)" if meas.agg == "sum_boolean" else meas.sql
        if meas.agg == "percentile":
            if meas.agg_params is None or meas.agg_params.percentile is None:
                raise Skip("a percentile without agg_params.percentile")
            body["percentile"] = meas.agg_params.percentile
            if meas.agg_params.use_discrete_percentile:
                self.report.lossy(f"measure {meas.name}", "discrete percentile read as continuous")
        texts = [*filters, *measure.filters]
        if texts:
            sql = [translate(t, lambda ref: self.tables.resolve(ref, sm)) for t in texts]
            body["filter"] = " AND ".join(f"({s})" if len(sql) > 1 else s for s in sql)
        time = sm.time_dimension_of(meas)
        if time is not None:
            name = self.tables.dimension_names.get((sm.name, time))
            if name is None:
                raise Skip(f"agg_time_dimension {time} is not a dimension of {sm.name}")
            body["time_dimension"] = name
        if meas.non_additive_dimension is not None:
            body.update(self._semi_additive(meas.name, meas.non_additive_dimension, sm))
        return body

    def _semi_additive(self, where: str, nad: Any, sm: Any) -> dict[str, Any]:
        columns = []
        for entity in nad.window_groupings:
            found = next((e for e in sm.entities if e.name == entity), None)
            if found is None:
                raise Skip(f"window grouping {entity} is not an entity of {sm.name}")
            columns.append(found.column)
        key = "latest_per" if nad.window_choice == "max" else "earliest_per"
        self.report.info(f"measure {where}", f"non_additive_dimension read as {key}: {columns}")
        return {key: columns}

    def _input(self, m: Metric, given: MetricInput) -> str:
        """The askbi metric an input names, made when it carries a filter or an offset."""
        if given.offset_to_grain:
            raise Skip("offset_to_grain has no askbi equivalent")
        name = given.name
        filters = (*m.filters, *given.filters)
        if filters:
            base = next((x for x in self.project.metrics if x.name == name), None)
            if base is None or base.type != "simple" or base.measure is None:
                raise Skip(f"a filter on input {name}, which is not a simple metric")
            leaf = self._leaf(base.measure, (*base.filters, *filters))
            name = self._helper(f"{m.name}_{given.alias or given.name}", leaf)
        if given.offset_window is not None:
            unit = given.offset_window.granularity
            if unit not in _GRAINS:
                raise Skip(f"offset window in {unit}")
            body = {
                "type": "period_over_period",
                "metric": name,
                "offset": {"n": given.offset_window.count, "unit": unit},
                "calculation": "previous",
            }
            name = self._helper(
                given.alias or f"{name}_{given.offset_window.count}_{unit}_ago", body
            )
        return name

    def _helper(self, wanted: str, body: dict[str, Any]) -> str:
        """A helper metric, shared by every input that needs the same one."""
        same = self._same_leaf(body)
        if same is not None:
            return same
        name = wanted
        while name in self.out or any(x.name == name for x in self.project.metrics):
            name += "_input"
        self._add(name, body)
        self.report.info(f"metric {name}", "a helper metric for a filtered or offset input")
        return name

    def _derived(self, m: Metric) -> dict[str, Any]:
        if not m.expr:
            raise Skip("a derived metric without expr")
        names = {(i.alias or i.name): self._input(m, i) for i in m.metrics}
        tree = parse_metric_formula(m.expr)

        def rename(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column) and node.name in names:
                return exp.column(names[node.name])
            return node

        formula = tree.transform(rename)
        if isinstance(formula, exp.Column):  # `expr: revenue_py`: the input itself
            return {k: v for k, v in self.out[formula.name].items() if k not in _HEAD}
        return {"type": "derived", "expr": formula.sql(dialect=OWNER_DIALECT)}

    def _cumulative(self, m: Metric) -> dict[str, Any]:
        if m.measure is None:
            raise Skip("a cumulative metric without a measure")
        if m.window is not None:
            raise Skip(f"a rolling window of {m.window.count} {m.window.granularity}")
        window = m.grain_to_date or "all"
        if window != "all" and window not in _TO_DATE:
            raise Skip(f"grain_to_date {window}")
        leaf = self._leaf(m.measure, m.filters)
        base = self._same_leaf(leaf) or self._helper(f"{m.name}_base", leaf)
        if (m.period_agg or "first") != "last":
            self.report.lossy(
                f"metric {m.name}",
                f"period_agg {m.period_agg or 'first (the default)'}: askbi reports each "
                "period's value as of its last day (period_agg: last)",
            )
        if m.measure.filters:
            self.report.info(
                f"metric {m.name}",
                "askbi applies the filter on the measure input; MetricFlow 0.213 drops it",
            )
        return {"type": "cumulative", "metric": base, "window": window}

    def _same_leaf(self, leaf: dict[str, Any]) -> str | None:
        for name, existing in self.out.items():
            if {k: v for k, v in existing.items() if k not in _HEAD} == leaf:
                return name
        return None

    def _drop_orphans(self) -> None:
        """Leave out metrics whose inputs were left out, until nothing changes."""
        changed = True
        while changed:
            changed = False
            for name, body in list(self.out.items()):
                missing = [d for d in _uses(body) if d not in self.out]
                if missing:
                    del self.out[name]
                    self.report.lossy(f"metric {name}", f"not imported: needs {', '.join(missing)}")
                    changed = True


_HEAD = {"name", "label", "description", "owner", "status"}


def _uses(body: dict[str, Any]) -> list[str]:
    kind = body["type"]
    if kind == "ratio":
        return [body["numerator"], body["denominator"]]
    if kind in ("cumulative", "period_over_period"):
        return [body["metric"]]
    if kind == "derived":
        return sorted({c.name for c in parse_metric_formula(body["expr"]).find_all(exp.Column)})
    return []
