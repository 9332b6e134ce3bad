"""The offline planner: a grounded question → one canonical plan, with no model and no network.

Deterministic rules over the grounding: metrics from their names and synonyms, breakdowns
from dimensions ("by region", "지역별"), filters from values ("in Seoul", "서울"), time
from time phrases, top-N from "top 5"/"상위 3개", comparisons from "vs last year"/"전년 대비".
Paraphrases ground to the same targets, so they plan to the same canonical plan. Whatever
the rules cannot place is never guessed: an unknown word becomes a clarification, and a
question the catalog cannot express says so (and the LLM path may take over).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding, Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.outcome import PlanningResult
from app.pipeline.records import Clarification, Intent, Option
from metrics.catalog import MetricCatalog
from metrics.model import Calculation, Metric, PeriodOverPeriodMetric, Status
from metrics.semantic_query import Filter, FilterOp, OrderBy, SemanticQuery
from metrics.timeframe import Last, TimeRange
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain, ScalarValue

DEFAULT_TREND_GRAIN = Grain.MONTH
CORRELATION_RANGE = Last(n=12, unit=Grain.MONTH)


@dataclass(frozen=True)
class PlanningContext:
    layer: SemanticLayer
    catalog: MetricCatalog
    today: dt.date
    suggested_metrics: tuple[str, ...] = ()
    """Offered when a question names no measure (the project's ``askbi.yaml``)."""
    previous: SemanticQuery | None = None
    """The plan of the conversation's last answer, for follow-ups."""
    value_counts: Mapping[str, int] = field(default_factory=dict)
    """Distinct values per dimension, to pick the finest breakdown for correlations."""


class _Stop(Exception):
    """Planning ends early with a clarification or a cannot-express verdict."""

    def __init__(self, result: PlanningResult) -> None:
        self.result = result


def plan_offline(grounding: Grounding, context: PlanningContext) -> PlanningResult:
    began = time.perf_counter()
    try:
        result = _plan(grounding, context)
    except _Stop as stop:
        result = stop.result
    return PlanningResult(
        plan=result.plan,
        clarification=result.clarification,
        cannot_express=result.cannot_express,
        intent=result.intent,
        notes=result.notes,
        confidence=result.confidence,
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


def _plan(g: Grounding, ctx: PlanningContext) -> PlanningResult:
    metrics = _metrics(g, ctx)
    g, resolved, notes = _resolve_by_metric(g, ctx, metrics or _previous_metrics(ctx))
    _refuse_unknown_words(g, ctx)
    filters = _filters(g, ctx)
    dimensions = list(dict.fromkeys([*_dimensions(g, filters), *resolved]))
    time_range = _time_range(g)
    grain = _grain(g)
    top = _one_cue(g, CueKind.TOP)
    intent = Intent.CORRELATION if _has(g, CueKind.CORRELATE) else Intent.LOOKUP
    follow_up = ctx.previous is not None and (
        _has(g, CueKind.FOLLOW_UP) or not metrics or _asks_what_about(g)
    )
    if follow_up and ctx.previous is not None:
        if _has(g, CueKind.COMPARE):
            metrics = _compare(metrics or list(ctx.previous.metrics), g, ctx)
        plan = _merge(ctx.previous, metrics, dimensions, filters, time_range, grain, top)
    else:
        if not metrics:
            raise _Stop(_which_metric(g, ctx))
        metrics = _compare(metrics, g, ctx)
        if intent is Intent.CORRELATION:
            dimensions = dimensions or _correlation_dimension(metrics, ctx)
            metrics = _with_growth(metrics, ctx)
            # Growth over "all time" compares the data with itself: look at the last year.
            time_range = time_range or CORRELATION_RANGE
        plan = _build(metrics, dimensions, filters, time_range, grain, top, g)
    notes = tuple(f"Read '{wrong}' as '{right}'." for wrong, right in g.corrections) + notes
    confidence = max(0.5, 0.95 - 0.1 * len(notes))
    return PlanningResult(plan=plan, intent=intent, notes=notes, confidence=confidence)


_WHAT_ABOUT_KO = re.compile(r"^\S+(?:은|는)\s*\?*$")


def _asks_what_about(g: Grounding) -> bool:
    """ "객단가는?": a lone topic with 은/는 asks the last question about something else."""
    return bool(_WHAT_ABOUT_KO.match(g.text))


def _previous_metrics(ctx: PlanningContext) -> list[str]:
    return list(ctx.previous.metrics) if ctx.previous is not None else []


def _resolve_by_metric(
    g: Grounding, ctx: PlanningContext, metrics: list[str]
) -> tuple[Grounding, list[str], tuple[str, ...]]:
    """An unknown word that is part of exactly one dimension the metrics allow is that one.

    "marketing spend by channel": of the two channel dimensions only the marketing channel
    applies to marketing spend, so this is reading the catalog, not guessing.
    """
    if not metrics or not g.unknown:
        return g, [], ()
    allowed = set.intersection(
        *(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in metrics)
    )
    resolved: list[str] = []
    notes: list[str] = []
    still_unknown: list[str] = []
    valued = {t.name for t in g.targets(Kind.VALUE)}
    for word in g.unknown:
        dims = {t.name for t in g.suggestions.get(word, ()) if t.kind is Kind.DIMENSION} & allowed
        if dims and dims <= valued:
            continue  # "카드 결제": the word names the column of a value already given
        if len(dims) == 1:
            name = dims.pop()
            resolved.append(name)
            notes.append(f"Read '{word}' as '{_label(Target(Kind.DIMENSION, name), ctx)}'.")
        else:
            still_unknown.append(word)
    return replace(g, unknown=tuple(still_unknown)), resolved, tuple(notes)


# --- words ---------------------------------------------------------------------------------


def _refuse_unknown_words(g: Grounding, ctx: PlanningContext) -> None:
    if not g.unknown:
        return
    named_metric = any(m.of_kind(Kind.METRIC) for m in g.mentions)
    if not named_metric and _mentions_tables(g):
        raise _Stop(
            PlanningResult(
                cannot_express="The question asks about data the metric catalog does not "
                f"define ({', '.join(repr(w) for w in g.unknown)}).",
                confidence=0.0,
            )
        )
    words = ", ".join(f"'{w}'" for w in g.unknown)
    options = _options_for_unknown(g, ctx)
    raise _Stop(
        PlanningResult(
            clarification=Clarification(
                message=f"I don't know {words} in this project's metrics and dimensions."
                + (" Did you mean one of these?" if options else ""),
                options=options,
                unknown=g.unknown,
            )
        )
    )


def _options_for_unknown(g: Grounding, ctx: PlanningContext) -> tuple[Option, ...]:
    options: list[Option] = []
    for word, targets in g.suggestions.items():
        for target in targets:
            label = _label(target, ctx)
            options.append(Option(label, _replace_word(g.text, word, label.lower())))
    return tuple(dict.fromkeys(options))[:6]


def _replace_word(text: str, word: str, replacement: str) -> str:
    return " ".join(replacement if w == word else w for w in text.split(" "))


def _mentions_tables(g: Grounding) -> bool:
    return any(t.kind in (Kind.TABLE, Kind.TIME_DIMENSION) for m in g.mentions for t in m.targets)


def _label(target: Target, ctx: PlanningContext) -> str:
    if target.kind is Kind.METRIC:
        return ctx.catalog.get(target.name).label
    if target.kind is Kind.DIMENSION:
        return ctx.layer.dimension(target.name).definition.label or target.name
    return target.value or target.name


# --- metrics -------------------------------------------------------------------------------


def _metrics(g: Grounding, ctx: PlanningContext) -> list[str]:
    """Metric names in order of mention; a glossary term stands for its single metric."""
    found: list[str] = []
    for mention in g.mentions:
        metrics = [t.name for t in mention.of_kind(Kind.METRIC)]
        if not metrics:
            metrics = _glossary_metrics(mention, ctx)
        if len(set(metrics)) > 1:
            raise _Stop(_choose_metric(mention.text, metrics, g, ctx))
        found.extend(metrics)
    return list(dict.fromkeys(found))


def _glossary_metrics(mention: Mention, ctx: PlanningContext) -> list[str]:
    if mention.of_kind(Kind.DIMENSION) or mention.of_kind(Kind.VALUE):
        return []
    names = {t.name for t in mention.of_kind(Kind.GLOSSARY)}
    return [m for term in ctx.layer.glossary if term.term in names for m in term.metrics]


def _choose_metric(
    text: str, metrics: Sequence[str], g: Grounding, ctx: PlanningContext
) -> PlanningResult:
    options = tuple(
        Option(
            ctx.catalog.get(m).label, _replace_word(g.text, text, ctx.catalog.get(m).label.lower())
        )
        for m in sorted(set(metrics))
    )
    return PlanningResult(
        clarification=Clarification(f"'{text}' can mean several metrics. Which one?", options)
    )


def _which_metric(g: Grounding, ctx: PlanningContext) -> PlanningResult:
    """No metric named: offer the metrics the mentioned tables and words point to."""
    candidates = [t.name for ts in g.suggestions.values() for t in ts if t.kind is Kind.METRIC]
    tables = {t.name for m in g.mentions for t in m.targets if t.kind is Kind.TABLE}
    for metric in ctx.catalog.metrics.values():
        if metric.status is Status.CERTIFIED and tables & {
            leaf.table for leaf in ctx.catalog.leaves(metric.name)
        }:
            candidates.append(metric.name)
    if not candidates:
        candidates = list(ctx.suggested_metrics)
    table_mention = next((m for m in g.mentions if m.of_kind(Kind.TABLE)), None)
    options = tuple(
        Option(label, _rephrase(g, table_mention, label.lower()))
        for label in (ctx.catalog.get(m).label for m in list(dict.fromkeys(candidates))[:6])
    )
    return PlanningResult(clarification=Clarification("Which measure do you want to see?", options))


def _rephrase(g: Grounding, mention: Mention | None, metric_words: str) -> str:
    """The question with a metric in it: in place of the table it named, or in front."""
    if mention is not None:
        words = [t.text for t in g.tokens]
        return " ".join([*words[: mention.first], metric_words, *words[mention.last :]])
    return f"{metric_words} {g.text}".strip()


def _compare(metrics: list[str], g: Grounding, ctx: PlanningContext) -> list[str]:
    """ "vs last year" adds the growth metric; "growth" replaces the metric by it."""
    cue = _one_cue(g, CueKind.COMPARE)
    if cue is None or cue.offset is None:
        return metrics
    result: list[str] = []
    for name in metrics:
        metric = ctx.catalog.get(name)
        if isinstance(metric, PeriodOverPeriodMetric):
            # "month over month revenue growth": the phrase named YoY growth, the cue says MoM.
            base = ctx.catalog.get(metric.metric)
            result.append(_period_metric(base, cue.offset, ctx.catalog) or name)
            continue
        growth = _period_metric(metric, cue.offset, ctx.catalog)
        if growth is None:
            raise _Stop(
                PlanningResult(
                    cannot_express=f"The catalog has no {cue.offset.value}-over-"
                    f"{cue.offset.value} comparison of '{metric.label}'."
                )
            )
        result += [growth] if cue.calculation is Calculation.GROWTH else [name, growth]
    return list(dict.fromkeys(result))


def _period_metric(metric: Metric, unit: Grain, catalog: MetricCatalog) -> str | None:
    for candidate in sorted(catalog.metrics.values(), key=lambda m: m.name):
        if (
            isinstance(candidate, PeriodOverPeriodMetric)
            and candidate.metric == metric.name
            and candidate.offset.unit is unit
            and candidate.offset.n == 1
            and candidate.calculation is Calculation.GROWTH
            and candidate.status is not Status.DEPRECATED
        ):
            return candidate.name
    return None


# --- dimensions and filters ----------------------------------------------------------------


def _filters(g: Grounding, ctx: PlanningContext) -> list[Filter]:
    negated = _negated_mentions(g)
    by_dimension: dict[tuple[str, bool], list[ScalarValue]] = {}
    for mention in g.mentions:
        values = mention.of_kind(Kind.VALUE)
        if not values:
            continue
        target = _one_value(mention, values, g, ctx)
        key = (target.name, mention.first in negated)
        by_dimension.setdefault(key, []).append(_typed(target, ctx))
    return [
        Filter(dimension=dim, op=FilterOp.NOT_IN if neg else FilterOp.IN, values=tuple(values))
        for (dim, neg), values in sorted(by_dimension.items())
    ]


def _one_value(
    mention: Mention, values: tuple[Target, ...], g: Grounding, ctx: PlanningContext
) -> Target:
    """One dimension for a value; role-playing twins (customer_region) yield to the default."""
    if len({t.name for t in values}) == 1:
        return values[0]
    defaults = [t for t in values if not ctx.layer.dimension(t.name).definition.through]
    if len({t.name for t in defaults}) == 1:
        return defaults[0]
    options = tuple(
        Option(
            f"{_label(Target(Kind.DIMENSION, t.name), ctx)} = {t.value}",
            _replace_word(
                g.text,
                mention.text,
                f"{t.value} {_label(Target(Kind.DIMENSION, t.name), ctx).lower()}",
            ),
        )
        for t in values
    )
    raise _Stop(
        PlanningResult(
            clarification=Clarification(
                f"'{mention.text}' appears in several columns. Which?", options
            )
        )
    )


def _typed(target: Target, ctx: PlanningContext) -> ScalarValue:
    """The value as the plan should carry it: numbers stay numbers."""
    value = target.value or ""
    ref = ctx.layer.dimension(target.name)
    column = ctx.layer.column(ref.table, ref.definition.column)
    if column.type.value == "integer" and value.lstrip("-").isdigit():
        return int(value)
    return value


def _negated_mentions(g: Grounding) -> set[int]:
    """Token starts of value mentions under "excluding …" or before "… 제외"."""
    negated: set[int] = set()
    values = [m for m in g.mentions if m.of_kind(Kind.VALUE)]
    for cue in (c for c in g.cues if c.kind is CueKind.NEGATE):
        korean = cue.text[0] >= "가"
        position = next(i for i, t in enumerate(g.tokens) if t.start >= cue.start)
        if korean:
            before = [m for m in values if m.last <= position]
            if before:
                negated.add(before[-1].first)
        else:
            for m in (m for m in values if m.first > position):
                if any(
                    other.first in range(position, m.first)
                    for other in g.mentions
                    if other not in values
                ):
                    break
                negated.add(m.first)
    return negated


def _dimensions(g: Grounding, filters: list[Filter]) -> list[str]:
    """Dimensions named as breakdowns; "region Seoul" names a filter's column, not a breakdown."""
    valued = {(t.name, m.first, m.last) for m in g.mentions for t in m.of_kind(Kind.VALUE)}
    found: list[str] = []
    for mention in g.mentions:
        dims = mention.of_kind(Kind.DIMENSION)
        if not dims or mention.of_kind(Kind.METRIC):
            continue
        name = dims[0].name
        next_to_value = any(
            dim == name and (first == mention.last or last == mention.first)
            for dim, first, last in valued
        )
        if not next_to_value:
            found.append(name)
    return list(dict.fromkeys(found))


def _correlation_dimension(metrics: list[str], ctx: PlanningContext) -> list[str]:
    """The finest breakdown both measures share: most distinct values, then name."""
    if len(metrics) < 2:
        raise _Stop(
            PlanningResult(
                cannot_express="Asking what drives a measure needs two measures to relate."
            )
        )
    shared = set.intersection(*(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in metrics))
    if not shared:
        raise _Stop(
            PlanningResult(
                cannot_express=f"{' and '.join(metrics)} share no dimension to compare them by."
            )
        )
    return [min(sorted(shared), key=lambda d: _closed_vocabulary_size(d, ctx))]


def _with_growth(metrics: list[str], ctx: PlanningContext) -> list[str]:
    """Asking what affects a measure is also asking what affects its growth.

    A level (revenue) mostly reflects size — a big store sells more whatever its service —
    while a driver (satisfaction) shows in how fast it grows; so each measure that has a
    year-over-year growth metric brings it along, and the answer relates the driver to both.
    """
    extra = []
    for name in metrics:
        metric = ctx.catalog.get(name)
        if not isinstance(metric, PeriodOverPeriodMetric):
            growth = _period_metric(metric, Grain.YEAR, ctx.catalog)
            if growth is not None:
                extra.append(growth)
    return list(dict.fromkeys([*metrics, *extra]))


def _closed_vocabulary_size(dimension: str, ctx: PlanningContext) -> float:
    """How few values a dimension has by definition; open-ended ones (stores) come first.

    Read from the YAML only, so the choice never depends on what a database holds.
    """
    ref = ctx.layer.dimension(dimension)
    allowed = ctx.layer.column(ref.table, ref.definition.column).allowed_values
    return -math.inf if not allowed else -len(allowed)


# --- time, order ---------------------------------------------------------------------------


def _time_range(g: Grounding) -> TimeRange | None:
    ranges = list(dict.fromkeys(c.time_range for c in g.cues if c.time_range is not None))
    if len(ranges) > 1:
        raise _Stop(
            PlanningResult(
                cannot_express="The question names several time ranges; a plan covers one."
            )
        )
    return ranges[0] if ranges else None


def _grain(g: Grounding) -> Grain | None:
    cues = [c for c in g.cues if c.kind is CueKind.GRAIN]
    explicit = list(dict.fromkeys(c.grain for c in cues if c.grain is not None))
    if len(explicit) > 1:
        raise _Stop(
            PlanningResult(
                clarification=Clarification(
                    f"Which grain: {' or '.join(g.value for g in explicit)}?",
                    tuple(Option(grain.value, f"{g.text} ({grain.value})") for grain in explicit),
                )
            )
        )
    if explicit:
        return explicit[0]
    return DEFAULT_TREND_GRAIN if cues else None


def _one_cue(g: Grounding, kind: CueKind) -> Cue | None:
    return next((c for c in g.cues if c.kind is kind), None)


def _has(g: Grounding, kind: CueKind) -> bool:
    return any(c.kind is kind for c in g.cues)


def _ordering(metrics: Sequence[str], top: Cue | None) -> tuple[tuple[OrderBy, ...], int | None]:
    if top is None or not metrics:
        return (), None
    return (OrderBy(field=metrics[0], descending=top.descending),), top.limit


def _build(
    metrics: list[str],
    dimensions: list[str],
    filters: list[Filter],
    time_range: TimeRange | None,
    grain: Grain | None,
    top: Cue | None,
    g: Grounding,
) -> SemanticQuery:
    order_by, limit = _ordering(metrics, top)
    if top is not None and not dimensions and grain is None:
        raise _Stop(
            PlanningResult(
                clarification=Clarification(
                    f"'{top.text}' of what? Name what to rank, e.g. stores, products or regions."
                )
            )
        )
    return SemanticQuery(
        metrics=tuple(metrics),
        dimensions=tuple(dimensions),
        grain=grain,
        time_range=time_range,
        filters=tuple(filters),
        order_by=order_by,
        limit=limit,
    )


def _merge(
    previous: SemanticQuery,
    metrics: list[str],
    dimensions: list[str],
    filters: list[Filter],
    time_range: TimeRange | None,
    grain: Grain | None,
    top: Cue | None,
) -> SemanticQuery:
    """A follow-up changes what it names and keeps the rest of the previous plan."""
    kept = [f for f in previous.filters if f.dimension not in {n.dimension for n in filters}]
    chosen_metrics = metrics or list(previous.metrics)
    order_by, limit = _ordering(chosen_metrics, top)
    if top is None:
        valid = set(chosen_metrics) | set(dimensions or previous.dimensions)
        order_by = tuple(o for o in previous.order_by if o.field in valid)
        limit = previous.limit if order_by else None
    return SemanticQuery(
        metrics=tuple(chosen_metrics),
        dimensions=tuple(dimensions) if dimensions else previous.dimensions,
        grain=grain if grain is not None else previous.grain,
        time_range=time_range if time_range is not None else previous.time_range,
        filters=(*kept, *filters),
        order_by=order_by,
        limit=limit,
    )
