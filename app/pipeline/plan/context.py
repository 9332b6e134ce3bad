"""What every part of the offline planner reads, and how it stops early."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.outcome import PlanningResult
from app.pipeline.records import Clarification, Option
from metrics.catalog import MetricCatalog
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer


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


class Stop(Exception):
    """Planning ends early with a clarification or a cannot-express verdict."""

    def __init__(self, result: PlanningResult) -> None:
        self.result = result


def clarify(message: str, options: tuple[Option, ...] = (), unknown: tuple[str, ...] = ()) -> Stop:
    """A question back to the user; the options are whole questions, none repeated."""
    unique = tuple(dict.fromkeys(o for o in options if o.question.strip()))
    seen: set[str] = set()
    distinct = []
    for option in unique:
        if option.question not in seen:
            seen.add(option.question)
            distinct.append(option)
    return Stop(PlanningResult(clarification=Clarification(message, tuple(distinct[:6]), unknown)))


def cannot_express(reason: str) -> Stop:
    return Stop(PlanningResult(cannot_express=reason, confidence=0.0))


def label(target: Target, ctx: PlanningContext, language: str = "en") -> str:
    """What the owner calls it, in ``language`` where the YAML names it so."""
    if target.kind is Kind.METRIC:
        metric = ctx.catalog.get(target.name)
        return metric.labels.get(language) or metric.label
    if target.kind is Kind.DIMENSION:
        definition = ctx.layer.dimension(target.name).definition
        return definition.labels.get(language) or dimension_label(target.name, ctx)
    if target.kind is Kind.TIME_DIMENSION:
        td = ctx.layer.time_dimension(target.name).definition
        return td.labels.get(language) or td.label or target.name
    if target.kind is Kind.TABLE:
        table = ctx.layer.tables[target.name]
        return table.labels.get(language) or table.label or target.name
    return target.value or target.name


def dimension_label(name: str, ctx: PlanningContext) -> str:
    return ctx.layer.dimension(name).definition.label or name.replace("_", " ")


def words_between(g: Grounding, first: int, last: int) -> str:
    return " ".join(w.text for w in g.words[first:last])
