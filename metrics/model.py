"""The metric catalog's YAML format, as frozen pydantic models.

One central definition per KPI. The ``type`` key selects the kind of metric:

- ``simple``: one aggregation over one table, with the metric's own default filter;
- ``ratio``: numerator metric ÷ denominator metric (each aggregated on its own table);
- ``derived``: arithmetic over other metrics;
- ``cumulative``: running total, or to-date within a month/quarter/year;
- ``period_over_period``: change or growth against the same measure shifted in time;
- ``target``: an actual metric against a target metric (attainment = actual ÷ target).

``docs/metric-catalog.md`` documents every key.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from metrics.semantic_query import Filter
from semantic_layer.model import Frozen, Grain, Labels, Name, SqlName, TableName


class Status(StrEnum):
    DRAFT = "draft"
    CERTIFIED = "certified"
    DEPRECATED = "deprecated"


class Aggregation(StrEnum):
    SUM = "sum"
    COUNT = "count"
    COUNT_DISTINCT = "count_distinct"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    MEDIAN = "median"
    PERCENTILE = "percentile"


class Format(StrEnum):
    CURRENCY = "currency"
    NUMBER = "number"
    INTEGER = "integer"
    PERCENT = "percent"
    RATIO = "ratio"
    SCORE = "score"


class Calculation(StrEnum):
    GROWTH = "growth"  # (current - previous) / previous
    CHANGE = "change"  # current - previous
    PREVIOUS = "previous"  # previous value itself


class CumulativeWindow(StrEnum):
    ALL = "all"  # running total from the first row
    MONTH = "month"  # month to date
    QUARTER = "quarter"
    YEAR = "year"  # year to date


class ChangelogEntry(Frozen):
    version: int = Field(ge=1)
    date: dt.date
    author: str
    change: str


class Offset(Frozen):
    n: int = Field(ge=1, le=100)
    unit: Grain


class MetricBase(Frozen):
    name: Name
    label: str
    labels: Labels = Field(default_factory=dict)
    description: str
    synonyms: tuple[str, ...] = ()
    owner: str
    status: Status = Status.DRAFT
    version: int = Field(default=1, ge=1)
    changelog: tuple[ChangelogEntry, ...] = ()
    unit: str = ""
    format: Format = Format.NUMBER
    decimals: int = Field(default=0, ge=0, le=6)
    dimensions: tuple[Name, ...] | None = None
    """Allowed dimensions; ``None`` allows every dimension reachable from the metric's tables."""
    replaced_by: Name | None = None

    def __hash__(self) -> int:
        # Coarser than equality, which is allowed: equal metrics share these. The default
        # hash would fail on the ``labels`` mapping, and metrics are dictionary keys.
        return hash((type(self).__name__, self.name, self.version))


class SimpleMetric(MetricBase):
    type: Literal["simple"]
    table: TableName
    agg: Aggregation
    expr: str = Field(
        description="SQL expression over the table's columns, e.g. `quantity * unit_price`"
    )
    percentile: float | None = Field(default=None, gt=0, lt=1)
    """For ``agg: percentile``: which one, as a fraction (0.9 is the 90th percentile)."""
    filter: str | None = None
    filters: tuple[Filter, ...] = ()
    """Conditions on dimensions, as in a plan: a conditional aggregate such as the
    transactions made on weekends (``{dimension: created_at__is_weekend, value: true}``)."""
    time_dimension: Name | None = None
    """``None`` for a table without dates (doctors, products): the metric then can't be
    asked with a time range or a grain."""
    latest_per: tuple[SqlName, ...] | None = None
    """Semi-additive: aggregate only each entity's latest row in the period (balances,
    inventory); the columns name the entity, ``[]`` takes the latest snapshot overall."""
    earliest_per: tuple[SqlName, ...] | None = None
    """The same with each entity's earliest row (the first purchase, the first status)."""

    @model_validator(mode="after")
    def _consistent(self) -> SimpleMetric:
        if (self.agg is Aggregation.PERCENTILE) != (self.percentile is not None):
            raise ValueError("`agg: percentile` and `percentile: 0.9` go together")
        if self.latest_per is not None and self.earliest_per is not None:
            raise ValueError("give `latest_per` or `earliest_per`, not both")
        return self

    @property
    def per_entity(self) -> tuple[str, tuple[str, ...]] | None:
        """``("latest" | "earliest", entity columns)`` for a semi-additive metric."""
        if self.latest_per is not None:
            return "latest", self.latest_per
        if self.earliest_per is not None:
            return "earliest", self.earliest_per
        return None


class RatioMetric(MetricBase):
    type: Literal["ratio"]
    numerator: Name
    denominator: Name
    scale: float = 1.0


class DerivedMetric(MetricBase):
    type: Literal["derived"]
    expr: str = Field(description="arithmetic over other metrics' names")


class CumulativeMetric(MetricBase):
    type: Literal["cumulative"]
    metric: Name
    window: CumulativeWindow = CumulativeWindow.ALL


class PeriodOverPeriodMetric(MetricBase):
    type: Literal["period_over_period"]
    metric: Name
    offset: Offset
    calculation: Calculation = Calculation.GROWTH


class TargetMetric(MetricBase):
    type: Literal["target"]
    actual: Name
    target: Name


Metric = Annotated[
    SimpleMetric
    | RatioMetric
    | DerivedMetric
    | CumulativeMetric
    | PeriodOverPeriodMetric
    | TargetMetric,
    Field(discriminator="type"),
]


class MetricFile(Frozen):
    """One YAML file of the catalog; group metrics by domain (sales.yaml, marketing.yaml)."""

    description: str = ""
    metrics: tuple[Metric, ...] = ()
