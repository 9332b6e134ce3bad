"""The loaded metric catalog: metrics by name, their dependencies, and what they allow."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlglot import exp

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, closest
from metrics.expressions import parse_metric_formula
from metrics.model import (
    CumulativeMetric,
    DerivedMetric,
    Metric,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    TargetMetric,
)
from semantic_layer.join_graph import JoinPathError
from semantic_layer.layer import DimensionRef, SemanticLayer, UnknownName


def dependencies(metric: Metric) -> tuple[str, ...]:
    """Names of the metrics ``metric`` is computed from, in a stable order."""
    if isinstance(metric, RatioMetric):
        return (metric.numerator, metric.denominator)
    if isinstance(metric, DerivedMetric):
        names = (c.name for c in parse_metric_formula(metric.expr).find_all(exp.Column))
        return tuple(dict.fromkeys(names))
    if isinstance(metric, CumulativeMetric | PeriodOverPeriodMetric):
        return (metric.metric,)
    if isinstance(metric, TargetMetric):
        return (metric.actual, metric.target)
    return ()


@dataclass(frozen=True)
class MetricCatalog:
    metrics: dict[str, Metric]
    # Keyed by the layer's identity too: one catalog may be asked about two layers (a review
    # of an edit), and a name alone answered for whichever layer came first. The weak
    # reference makes an ``id`` reused by a later layer a miss.
    _allowed: dict[tuple[str, int], tuple[weakref.ref[SemanticLayer], frozenset[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def get(self, name: str) -> Metric:
        if name not in self.metrics:
            suggestions = closest(name, self.metrics)
            raise UnknownName(
                f"Unknown metric '{name}'.",
                stage=Stage.COMPILE,
                hint=f"Did you mean '{suggestions[0]}'?" if suggestions else "See `askbi metrics`.",
                suggestions=suggestions,
                code=ErrorCode.UNKNOWN_METRIC,
            )
        return self.metrics[name]

    def leaves(self, name: str) -> tuple[SimpleMetric, ...]:
        """The simple metrics a metric is ultimately aggregated from, without repeats."""
        found: dict[str, SimpleMetric] = {}
        for leaf in self._walk_leaves(name, depth=0):
            found.setdefault(leaf.name, leaf)
        return tuple(found.values())

    def _walk_leaves(self, name: str, depth: int) -> Iterator[SimpleMetric]:
        if depth > len(self.metrics):
            return  # a cycle; validation reports it, the walk must not hang
        metric = self.get(name)
        if isinstance(metric, SimpleMetric):
            yield metric
        for dep in dependencies(metric):
            yield from self._walk_leaves(dep, depth + 1)

    def all_dependencies(self, name: str) -> list[str]:
        """Every metric ``name`` depends on, directly or not, in first-seen order."""
        seen: list[str] = []
        stack = list(reversed(dependencies(self.get(name))))
        while stack:
            dep = stack.pop()
            if dep not in seen:
                seen.append(dep)
                stack.extend(reversed(dependencies(self.get(dep))))
        return seen

    def allowed_dimensions(self, name: str, layer: SemanticLayer) -> frozenset[str]:
        """Dimensions every leaf can reach by a many-to-one path, within declared limits."""
        key = (name, id(layer))
        cached = self._allowed.get(key)
        if cached is None or cached[0]() is not layer:
            cached = (weakref.ref(layer), self._compute_allowed(name, layer))
            self._allowed[key] = cached
        return cached[1]

    def allows(self, name: str, dimension: DimensionRef, layer: SemanticLayer) -> bool:
        """Whether metric ``name`` can be broken down or filtered by ``dimension``, including
        the built-in parts of time dimensions and keys (which are not in ``layer.dimensions``)."""
        if not dimension.implicit:
            return dimension.name in self.allowed_dimensions(name, layer)
        for m in (name, *self.all_dependencies(name)):
            listed = self.get(m).dimensions
            if listed is not None and dimension.name not in listed:
                return False
        return all(_reaches(layer, leaf.table, dimension) for leaf in self.leaves(name))

    def _compute_allowed(self, name: str, layer: SemanticLayer) -> frozenset[str]:
        metric = self.get(name)
        allowed = set(layer.dimensions)
        if metric.dimensions is not None:
            allowed &= set(metric.dimensions)
        for dep in dependencies(metric):
            allowed &= self.allowed_dimensions(dep, layer)
        if isinstance(metric, SimpleMetric):
            allowed = {d for d in allowed if _reachable(layer, metric.table, d)}
        return frozenset(allowed)


def _reachable(layer: SemanticLayer, table: str, dimension: str) -> bool:
    return _reaches(layer, table, layer.dimension(dimension))


def _reaches(layer: SemanticLayer, table: str, dimension: DimensionRef) -> bool:
    try:
        layer.path_to_dimension(table, dimension)
    except JoinPathError:
        return False
    return True
