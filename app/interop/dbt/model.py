"""A dbt project's semantic models and metrics, as typed values.

The YAML a dbt user writes and the ``manifest.json`` that ``dbt parse`` writes spell the same
things differently (``filter: "..."`` against ``filter: {where_filters: [...]}``, ``offset_window:
1 year`` against ``{count: 1, granularity: year}``); :mod:`app.interop.dbt.reading` turns both
into these values. Unknown keys are kept (``extra="allow"``) so the mapping can report them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Loose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    def unknown_keys(self) -> list[str]:
        return sorted(self.model_extra or {})


class Entity(Loose):
    name: str
    type: str
    expr: str | None = None

    @property
    def column(self) -> str:
        return self.expr or self.name


class TypeParams(Loose):
    time_granularity: str | None = None


class Dimension(Loose):
    name: str
    type: str
    expr: str | None = None
    type_params: TypeParams | None = None
    label: str | None = None
    description: str | None = None

    @property
    def sql(self) -> str:
        return self.expr or self.name


class AggParams(Loose):
    percentile: float | None = None
    use_discrete_percentile: bool = False


class NonAdditive(Loose):
    name: str
    window_choice: str = "max"
    window_groupings: tuple[str, ...] = ()


class Measure(Loose):
    name: str
    agg: str
    expr: str | None = None
    agg_params: AggParams | None = None
    agg_time_dimension: str | None = None
    non_additive_dimension: NonAdditive | None = None
    create_metric: bool = False
    label: str | None = None
    description: str | None = None

    @property
    def sql(self) -> str:
        return str(self.expr) if self.expr is not None else self.name


class Defaults(Loose):
    agg_time_dimension: str | None = None


class SemanticModel(Loose):
    name: str
    model: str
    description: str | None = None
    label: str | None = None
    defaults: Defaults | None = None
    entities: tuple[Entity, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    measures: tuple[Measure, ...] = ()

    def time_dimension_of(self, measure: Measure) -> str | None:
        if measure.agg_time_dimension:
            return measure.agg_time_dimension
        return self.defaults.agg_time_dimension if self.defaults else None


class Offset(Loose):
    count: int
    granularity: str


class MetricInput(Loose):
    """A metric's input: a measure, or another metric, with its own filter and alias."""

    name: str
    filters: tuple[str, ...] = ()
    alias: str | None = None
    offset_window: Offset | None = None
    offset_to_grain: str | None = None


class Metric(Loose):
    name: str
    type: str
    label: str | None = None
    description: str | None = None
    filters: tuple[str, ...] = ()
    measure: MetricInput | None = None
    numerator: MetricInput | None = None
    denominator: MetricInput | None = None
    expr: str | None = None
    metrics: tuple[MetricInput, ...] = ()
    window: Offset | None = None
    grain_to_date: str | None = None
    period_agg: str | None = None
    unknown_params: tuple[str, ...] = Field(default=())
    """``type_params`` keys the reader did not map (conversion settings, fill_nulls_with, …)."""


class Source(Loose):
    """One table of a dbt source: how the warehouse spells it."""

    source: str
    name: str
    schema_name: str | None = None
    identifier: str | None = None


class DbtProject(Loose):
    name: str
    semantic_models: tuple[SemanticModel, ...] = ()
    metrics: tuple[Metric, ...] = ()
    model_sql: dict[str, str] = Field(default_factory=dict)
    """dbt model name → its SQL as written (Jinja included)."""
    sources: tuple[Source, ...] = ()
    from_manifest: bool = False
