"""Validation rules for the metric catalog, checked against the semantic layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kernel.error_codes import ErrorCode
from kernel.errors import did_you_mean
from kernel.problems import Located, Problem
from kernel.yaml_models import ParsedFile
from metrics.catalog import dependencies
from metrics.expressions import ExpressionError, parse_owner_sql, referenced_columns
from metrics.model import (
    Aggregation,
    CumulativeMetric,
    Metric,
    MetricFile,
    PeriodOverPeriodMetric,
    SimpleMetric,
    Status,
)
from semantic_layer.join_graph import JoinPathError
from semantic_layer.layer import SemanticLayer, UnknownName

Files = list[ParsedFile[MetricFile]]


@dataclass(frozen=True)
class MetricAt:
    metric: Metric
    at: Located


@dataclass(frozen=True)
class Context:
    files: Files
    layer: SemanticLayer

    def metrics(self) -> Iterator[MetricAt]:
        for f in self.files:
            for i, metric in enumerate(f.model.metrics):
                yield MetricAt(metric, f.at("metrics", i))

    def names(self) -> dict[str, Metric]:
        return {m.metric.name: m.metric for m in self.metrics()}

    def broken(self) -> set[str]:
        """Metrics left out because their own definition is invalid (already reported)."""
        return {name for f in self.files for name in f.dropped.get("metrics", ())}


def duplicate_names(ctx: Context) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for m in ctx.metrics():
        if m.metric.name in seen:
            yield m.at.child("name").problem(
                f"metric '{m.metric.name}' is already defined in {seen[m.metric.name]}",
                code=ErrorCode.DUPLICATE_NAME,
            )
        seen.setdefault(m.metric.name, m.at.index.file)


def references_exist(ctx: Context) -> Iterator[Problem]:
    names = ctx.names()
    broken = ctx.broken()
    for m in ctx.metrics():
        try:
            deps = dependencies(m.metric)
        except ExpressionError as e:
            yield m.at.child("expr").problem(str(e), code=ErrorCode.INVALID_EXPRESSION)
            continue
        for dep in deps:
            if dep not in names and dep not in broken:
                yield m.at.child(_reference_key(m.metric, dep)).problem(
                    f"unknown metric '{dep}'.{did_you_mean(dep, names)}",
                    code=ErrorCode.UNKNOWN_METRIC,
                )
        if m.metric.replaced_by and m.metric.replaced_by not in names:
            yield m.at.child("replaced_by").problem(
                f"unknown metric '{m.metric.replaced_by}'."
                f"{did_you_mean(m.metric.replaced_by, names)}",
                code=ErrorCode.UNKNOWN_METRIC,
            )


def _reference_key(metric: Metric, dependency: str) -> str:
    """The YAML key that names ``dependency``, so the message points at the right line."""
    for key in ("numerator", "denominator", "actual", "target", "metric"):
        if getattr(metric, key, None) == dependency:
            return key
    return "expr" if metric.type == "derived" else "name"


def no_cycles(ctx: Context) -> Iterator[Problem]:
    names = ctx.names()
    for m in ctx.metrics():
        path = _cycle_from(m.metric.name, names)
        if path:
            yield m.at.child("name").problem(
                f"metric '{m.metric.name}' depends on itself: {' → '.join(path)}",
                code=ErrorCode.CYCLE,
            )


def _cycle_from(start: str, names: dict[str, Metric]) -> list[str]:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        name, path = stack.pop()
        metric = names.get(name)
        if metric is None:
            continue
        try:
            deps = dependencies(metric)
        except ExpressionError:
            continue
        for dep in deps:
            if dep == start:
                return [*path, dep]
            if dep not in path:
                stack.append((dep, [*path, dep]))
    return []


def simple_metrics_resolve(ctx: Context) -> Iterator[Problem]:
    for m in ctx.metrics():
        if isinstance(m.metric, SimpleMetric):
            yield from _simple(m.metric, m.at, ctx.layer)


def _simple(metric: SimpleMetric, at: Located, layer: SemanticLayer) -> Iterator[Problem]:
    if metric.table not in layer.tables:
        yield at.child("table").problem(
            f"unknown table '{metric.table}'.{did_you_mean(metric.table, layer.tables)}",
            code=ErrorCode.UNKNOWN_TABLE,
        )
        return
    yield from _time_dimension(metric, at, layer)
    for key in ("expr", "filter"):
        text = getattr(metric, key)
        if text is not None:
            yield from _owner_sql(text, metric.table, at.child(key), layer)
    yield from _dimension_filters(metric, at, layer)
    yield from _per_entity(metric, at, layer)


def _dimension_filters(
    metric: SimpleMetric, at: Located, layer: SemanticLayer
) -> Iterator[Problem]:
    """A metric's own ``filters`` name dimensions its table reaches."""
    for i, f in enumerate(metric.filters):
        for each in f.all_filters():
            try:
                layer.path_to_dimension(metric.table, layer.dimension(each.dimension))
            except UnknownName:
                yield at.child("filters", i).problem(
                    f"unknown dimension '{each.dimension}'."
                    f"{did_you_mean(each.dimension, layer.dimensions)}",
                    code=ErrorCode.UNKNOWN_DIMENSION,
                )
            except JoinPathError as e:
                yield at.child("filters", i).problem(e.message, code=e.code)


def _per_entity(metric: SimpleMetric, at: Located, layer: SemanticLayer) -> Iterator[Problem]:
    """``latest_per`` needs the metric's own dated table and columns of it."""
    if metric.per_entity is None:
        return
    key = "latest_per" if metric.latest_per is not None else "earliest_per"
    ref = layer.time_dimensions.get(metric.time_dimension or "")
    if ref is None or ref.table != metric.table:
        yield at.child(key).problem(
            f"'{key}' picks rows by date, so the metric needs a time_dimension of its own "
            f"table '{metric.table}'",
            code=ErrorCode.NO_TIME_DIMENSION,
        )
    names = [c.name for c in layer.tables[metric.table].columns]
    for i, column in enumerate(metric.per_entity[1]):
        if column not in names:
            yield at.child(key, i).problem(
                f"unknown column '{column}' in table '{metric.table}'."
                f"{did_you_mean(column, names)}",
                code=ErrorCode.UNKNOWN_COLUMN,
            )


def _time_dimension(metric: SimpleMetric, at: Located, layer: SemanticLayer) -> Iterator[Problem]:
    if metric.time_dimension is None:
        return  # a count of doctors, a catalogue: no date, and it is asked without one
    ref = layer.time_dimensions.get(metric.time_dimension)
    if ref is None:
        yield at.child("time_dimension").problem(
            f"unknown time dimension '{metric.time_dimension}'."
            f"{did_you_mean(metric.time_dimension, layer.time_dimensions)}",
            code=ErrorCode.UNKNOWN_DIMENSION,
        )
        return
    try:
        layer.path(metric.table, ref.table)
    except JoinPathError as e:
        yield at.child("time_dimension").problem(e.message, code=e.code)


def _owner_sql(text: str, table: str, at: Located, layer: SemanticLayer) -> Iterator[Problem]:
    try:
        tree = parse_owner_sql(text)
    except ExpressionError as e:
        yield at.problem(str(e), code=ErrorCode.INVALID_EXPRESSION)
        return
    for column in referenced_columns(tree):
        owner = column[0] or table
        if owner not in layer.tables:
            yield at.problem(
                f"unknown table '{owner}' in {text!r}.{did_you_mean(owner, layer.tables)}",
                code=ErrorCode.UNKNOWN_TABLE,
            )
            continue
        names = [c.name for c in layer.tables[owner].columns]
        if column[1] not in names:
            yield at.problem(
                f"unknown column '{owner}.{column[1]}' in {text!r}."
                f"{did_you_mean(column[1], names)}",
                code=ErrorCode.UNKNOWN_COLUMN,
            )
        elif owner != table:
            try:
                layer.path(table, owner)
            except JoinPathError as e:
                yield at.problem(e.message, code=e.code)


def cumulative_is_additive(ctx: Context) -> Iterator[Problem]:
    """A running total of a distinct count or an average would be wrong, so refuse it."""
    names = ctx.names()
    for m in ctx.metrics():
        if not isinstance(m.metric, CumulativeMetric | PeriodOverPeriodMetric):
            continue
        base = names.get(m.metric.metric)
        if isinstance(base, CumulativeMetric | PeriodOverPeriodMetric):
            yield m.at.child("metric").problem(
                f"'{base.name}' is itself a {base.type} metric; build on its base metric instead",
                code=ErrorCode.UNSUPPORTED_NESTING,
            )
        if isinstance(base, SimpleMetric) and base.time_dimension is None:
            yield m.at.child("metric").problem(
                f"a {m.metric.type} metric works along dates; '{base.name}' has no time_dimension",
                code=ErrorCode.NO_TIME_DIMENSION,
            )
        if isinstance(m.metric, CumulativeMetric) and isinstance(base, SimpleMetric):
            if base.agg not in (Aggregation.SUM, Aggregation.COUNT):
                yield m.at.child("metric").problem(
                    f"a cumulative metric needs an additive base (sum or count); "
                    f"'{base.name}' is {base.agg.value}",
                    code=ErrorCode.NOT_ADDITIVE,
                )
        elif isinstance(m.metric, CumulativeMetric) and base is not None:
            yield m.at.child("metric").problem(
                f"a cumulative metric needs a simple sum or count; '{base.name}' is {base.type}",
                code=ErrorCode.NOT_ADDITIVE,
            )


def dimensions_reachable(ctx: Context) -> Iterator[Problem]:
    for m in ctx.metrics():
        for i, name in enumerate(m.metric.dimensions or ()):
            try:
                ref = ctx.layer.dimension(name)
            except UnknownName:
                yield m.at.child("dimensions", i).problem(
                    f"unknown dimension '{name}'.{did_you_mean(name, ctx.layer.dimensions)}",
                    code=ErrorCode.UNKNOWN_DIMENSION,
                )
                continue
            if isinstance(m.metric, SimpleMetric) and m.metric.table in ctx.layer.tables:
                try:
                    ctx.layer.path_to_dimension(m.metric.table, ref)
                except JoinPathError as e:
                    yield m.at.child("dimensions", i).problem(e.message, code=e.code)


def synonyms_unique(ctx: Context) -> Iterator[Problem]:
    """A metric synonym may not also mean another metric or a dimension."""
    taken: dict[str, str] = {}
    for ref in ctx.layer.dimensions.values():
        for word in (ref.name, *ref.definition.synonyms):
            taken[word.casefold()] = f"dimension '{ref.name}'"
    for m in ctx.metrics():
        taken.setdefault(m.metric.name.casefold(), f"metric '{m.metric.name}'")
    for m in ctx.metrics():
        for j, word in enumerate(m.metric.synonyms):
            owner = taken.setdefault(word.casefold(), f"metric '{m.metric.name}'")
            if owner != f"metric '{m.metric.name}'":
                yield m.at.child("synonyms", j).problem(
                    f"synonym '{word}' already means {owner}", code=ErrorCode.SYNONYM_CLASH
                )


def versions_match_changelog(ctx: Context) -> Iterator[Problem]:
    for m in ctx.metrics():
        log = m.metric.changelog
        if not log:
            if m.metric.status is Status.CERTIFIED:
                yield m.at.child("changelog").problem(
                    "a certified metric needs a changelog entry for its version",
                    code=ErrorCode.MISSING_CHANGELOG,
                )
            continue
        latest = max(entry.version for entry in log)
        if latest != m.metric.version:
            yield m.at.child("version").problem(
                f"version is {m.metric.version} but the newest changelog entry is {latest}",
                code=ErrorCode.VERSION_MISMATCH,
            )


RULES: tuple[Callable[[Context], Iterator[Problem]], ...] = (
    duplicate_names,
    references_exist,
    no_cycles,
    simple_metrics_resolve,
    cumulative_is_additive,
    dimensions_reachable,
    synonyms_unique,
    versions_match_changelog,
)


def validate(files: Files, layer: SemanticLayer) -> list[Problem]:
    ctx = Context(files, layer)
    return [problem for rule in RULES for problem in rule(ctx)]
