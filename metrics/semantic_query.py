"""The semantic query: what to compute, independent of SQL and of how it was asked.

A plan has one canonical form. Paraphrases ("revenue and AOV by region" and "AOV and revenue
per region") normalise to equal plans, equal plans serialise to identical JSON, and the
compiler turns equal plans into byte-identical SQL.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from metrics.timeframe import TimeRange
from semantic_layer.model import Frozen, Grain, Name, ScalarValue

PLAN_FORMAT_VERSION = 1

NAME_OF = "x-name-of"
"""The JSON-schema key that marks a string as the name of a catalog entry, so a schema made
from these models (the LLM's plan tool) can list the names that exist there."""

MetricName = Annotated[Name, Field(json_schema_extra={NAME_OF: "metric"})]
DimensionName = Annotated[Name, Field(json_schema_extra={NAME_OF: "dimension"})]
TimeDimensionName = Annotated[Name, Field(json_schema_extra={NAME_OF: "time_dimension"})]


class FilterOp(StrEnum):
    EQ = "="
    NE = "!="
    IN = "in"
    NOT_IN = "not in"
    GT = ">"
    GTE = ">="
    LT = "<"
    LTE = "<="
    CONTAINS = "contains"
    STARTS_WITH = "starts with"
    ENDS_WITH = "ends with"


TEXT_OPS = frozenset({FilterOp.CONTAINS, FilterOp.STARTS_WITH, FilterOp.ENDS_WITH})
"""Operators that match part of a text; with several values, any one may match."""

_SET_OPS = {FilterOp.EQ: FilterOp.IN, FilterOp.NE: FilterOp.NOT_IN}
_MANY_VALUES = frozenset({*_SET_OPS.values(), *TEXT_OPS})


class Filter(Frozen):
    """Keep rows whose ``dimension`` matches; ``ignore_case`` compares text case-blind.

    ``or`` lists alternatives: a row passes if it matches this filter or any of them ("name
    starts with J or ends with ez", "make contains Ford or model contains Mustang").
    """

    model_config = ConfigDict(populate_by_name=True)

    dimension: DimensionName
    op: FilterOp = FilterOp.EQ
    values: tuple[ScalarValue, ...] = Field(min_length=1)
    ignore_case: bool = False
    alternatives: tuple[Filter, ...] = Field(default=(), alias="or")

    @field_validator("alternatives", mode="after")
    @classmethod
    def _flat_and_sorted(cls, alternatives: tuple[Filter, ...]) -> tuple[Filter, ...]:
        if any(a.alternatives for a in alternatives):
            raise ValueError("alternatives are one level deep: list them all in one `or`")
        unique = {a.model_dump_json(by_alias=True): a for a in alternatives}
        return tuple(unique[k] for k in sorted(unique))

    @model_validator(mode="before")
    @classmethod
    def _canonical(cls, data: Any) -> Any:
        """``=`` with several values is ``in``; ``in`` with one is ``=``; values sorted."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "value" in data and "values" not in data:
            data["values"] = [data.pop("value")]
        op = FilterOp(data.get("op", FilterOp.EQ))
        values = _sorted_unique(data.get("values", ()))
        if op in _SET_OPS and len(values) > 1:
            op = _SET_OPS[op]
        elif op in _SET_OPS.values() and len(values) == 1:
            op = next(k for k, v in _SET_OPS.items() if v is op)
        elif op not in _SET_OPS and op not in _MANY_VALUES and len(values) != 1:
            raise ValueError(f"operator '{op.value}' takes exactly one value")
        data["op"], data["values"] = op, values
        return data

    @model_serializer(mode="wrap")
    def _without_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Plans saved before ``ignore_case`` and ``or`` existed keep their exact JSON.
        data: dict[str, Any] = handler(self)
        if not self.ignore_case:
            data.pop("ignore_case", None)
        if not self.alternatives:
            data.pop("alternatives", None)
            data.pop("or", None)
        return data

    def all_filters(self) -> tuple[Filter, ...]:
        """This filter and its alternatives."""
        return (self, *self.alternatives)


class Comparison(StrEnum):
    EQ = "="
    NE = "!="
    GT = ">"
    GTE = ">="
    LT = "<"
    LTE = "<="


class MetricCondition(Frozen):
    """A condition on a metric's value in each result row: ``order_count > 1000``.

    It is applied after aggregation (SQL's HAVING), so it keeps or drops whole rows of the
    result: the stores with more than 1,000 orders, the months whose revenue fell.
    """

    metric: MetricName
    op: Comparison
    value: int | float

    @model_validator(mode="before")
    @classmethod
    def _one_value(cls, data: Any) -> Any:
        if isinstance(data, dict) and "values" in data and "value" not in data:
            data = dict(data)
            values = data.pop("values")
            data["value"] = values[0] if isinstance(values, list) and len(values) == 1 else values
        return data


class TimeFilter(Frozen):
    """Keep facts whose ``time_dimension``, a second date of theirs, is in ``time_range``.

    Such as the customer's signup date when revenue is dated by the order."""

    time_dimension: TimeDimensionName
    time_range: TimeRange


class OrderBy(Frozen):
    field: str
    descending: bool = False


class Rank(Frozen):
    """A column ``<metric>_rank`` numbering rows by a metric, 1 the highest (``descending``)
    or lowest; ``dense``: no gap after ties."""

    metric: MetricName
    descending: bool = True
    dense: bool = False

    @property
    def column(self) -> str:
        return f"{self.metric}_rank"


class Without(Frozen):
    """Keep only the entities with no facts of ``metric`` (in ``time_range``, if given,
    meeting ``where``, if given).

    Customers without transactions, cars never sold, members with no lost loan."""

    metric: MetricName
    time_range: TimeRange | None = None
    where: tuple[Filter, ...] = ()
    """Conditions on the facts: dimensions their table reaches, not the entities'."""


class WithFacts(Frozen):
    """Keep only the entities with facts of ``metric`` (in ``time_range``, meeting
    ``where``).

    Customers who ordered last month, each once; tenants with a late payment."""

    metric: MetricName
    time_range: TimeRange | None = None
    where: tuple[Filter, ...] = ()
    """Conditions on the facts: dimensions their table reaches, not the entities'."""


class Share(Frozen):
    """Percent of ``metric`` meeting ``where``.

    The metric (a count or sum) under the condition ÷ the metric, per row ("what share of
    orders were returned"): the condition narrows the numerator only; the plan's filters
    narrow both.
    """

    metric: MetricName
    where: Filter

    @property
    def column(self) -> str:
        """The result column: the metric, the condition's dimension and values, as a name.

        >>> Share(metric="order_count", where=Filter(dimension="status", value="Returned")).column
        'order_count_share_status_returned'
        """
        values = "_".join(str(v) for v in self.where.values)
        words = re.findall(r"[a-z0-9]+", f"{self.where.dimension} {values}".lower())
        return f"{self.metric}_share_{'_'.join(words)}"[:63].rstrip("_")


class SemanticQuery(Frozen):
    """Metrics by dimensions, over a time range at a grain, filtered, ordered and limited.

    With no metrics, a plan lists rows: the distinct values of its dimensions (ids, names,
    dates), filtered, ordered and capped, never aggregated.
    """

    metrics: tuple[MetricName, ...] = ()
    dimensions: tuple[DimensionName, ...] = ()
    grain: Grain | None = None
    time_range: TimeRange | None = None
    filters: tuple[Filter, ...] = ()
    time_filters: tuple[TimeFilter, ...] = ()
    having: tuple[MetricCondition, ...] = ()
    without: tuple[Without, ...] = ()
    with_facts: tuple[WithFacts, ...] = ()
    shares: tuple[Share, ...] = ()
    rank: Rank | None = None
    fill: bool = False
    """Every value of the dimensions and every period of the range gets a row, with 0 for
    counts and sums where there are no facts."""
    order_by: tuple[OrderBy, ...] = ()
    limit: int | None = Field(default=None, ge=1, le=1_000_000)

    @model_validator(mode="after")
    def _something_to_show(self) -> SemanticQuery:
        if not self.measures and not self.dimensions:
            raise ValueError("a plan needs metrics, or dimensions to list")
        if not self.measures:
            measured = [
                k for k in ("time_range", "grain", "having", "rank", "fill") if getattr(self, k)
            ]
            if measured:
                raise ValueError(
                    f"a listing (a plan without metrics) has no {', '.join(measured)}: "
                    "add a metric, or filter the rows on a date with time_filters"
                )
        return self

    @model_serializer(mode="wrap")
    def _without_default_fill(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if not self.fill:
            data.pop("fill", None)
        return data

    @field_validator("metrics", "dimensions", mode="before")
    @classmethod
    def _sorted_names(cls, names: Any) -> Any:
        # Order of mention carries no meaning ("AOV and revenue" = "revenue and AOV").
        return tuple(sorted(set(names))) if isinstance(names, list | tuple) else names

    @field_validator(
        "filters", "time_filters", "having", "without", "with_facts", "shares", mode="after"
    )
    @classmethod
    def _sorted_conditions(cls, items: tuple[Frozen, ...]) -> tuple[Frozen, ...]:
        # Conditions are ANDed, so their order carries no meaning either.
        unique = {item.model_dump_json(by_alias=True): item for item in items}
        return tuple(unique[k] for k in sorted(unique))

    @property
    def measures(self) -> tuple[str, ...]:
        """The result's measured columns: the metrics, then the shares.

        >>> share = Share(metric="order_count", where=Filter(dimension="status", value="x"))
        >>> SemanticQuery(metrics=("revenue",), shares=(share,)).measures
        ('revenue', 'order_count_share_status_x')
        """
        return (*self.metrics, *(s.column for s in self.shares))

    @property
    def measured_metrics(self) -> tuple[str, ...]:
        """The catalog's metrics the plan measures: its own, then those its shares are of."""
        return tuple(dict.fromkeys([*self.metrics, *(s.metric for s in self.shares)]))

    @property
    def ranks_groups(self) -> bool:
        """The plan ranks the groups of its dimensions by a metric: a rank column, or a
        limit on rows ordered first by a metric ("the top 5 stores by revenue"). Without an
        ``order_by``, a plan with no grain is ordered by its first metric, descending.

        >>> SemanticQuery(metrics=("revenue",), dimensions=("store",), limit=5).ranks_groups
        True
        >>> SemanticQuery(metrics=("revenue",), dimensions=("store",)).ranks_groups
        False
        """
        if not self.measures or not self.dimensions:
            return False
        if self.rank is not None:
            return True
        if self.limit is None:
            return False
        if self.order_by:
            return self.order_by[0].field in self.measures
        return self.grain is None

    @property
    def picks_groups(self) -> bool:
        """The plan picks some of its groups, as things: it ranks them, or keeps those whose
        metric meets a condition ("which plants have a scrap rate above 3%"). A group with no
        value of a dimension is no such thing, and is left out.

        >>> having = MetricCondition(metric="revenue", op=">", value=100)
        >>> plan = SemanticQuery(metrics=("revenue",), dimensions=("store",), having=(having,))
        >>> plan.picks_groups
        True
        >>> SemanticQuery(metrics=("revenue",), having=(having,)).picks_groups
        False
        """
        return self.ranks_groups or bool(self.having and self.dimensions)

    def references(self) -> tuple[tuple[str, str], ...]:
        """Every catalog name the plan uses, as ``(kind, name)``, kinds as in :data:`NAME_OF`.

        >>> SemanticQuery(metrics=("revenue",), rank=Rank(metric="revenue")).references()
        (('metric', 'revenue'), ('metric', 'revenue'))
        """
        conditions = (*self.filters, *(s.where for s in self.shares))
        filters = [each for f in conditions for each in f.all_filters()]
        return (
            *(("metric", m) for m in self.metrics),
            *(("dimension", d) for d in self.dimensions),
            *(("dimension", f.dimension) for f in filters),
            *(("time_dimension", t.time_dimension) for t in self.time_filters),
            *(("metric", c.metric) for c in self.having),
            *(("metric", w.metric) for w in self.without),
            *(("metric", w.metric) for w in self.with_facts),
            *(("metric", s.metric) for s in self.shares),
            *((("metric", self.rank.metric),) if self.rank else ()),
        )

    def canonical_json(self) -> str:
        """Identical for equal plans; the key of caches, snapshots and consistency checks."""
        data = self.model_dump(mode="json", exclude_none=True, by_alias=True)
        data = {k: v for k, v in data.items() if v != []}
        for facts in (*data.get("without", ()), *data.get("with_facts", ())):
            if facts.get("where") == []:
                del facts["where"]  # plans from before ``where`` keep their keys
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SemanticQuery:
        return cls.model_validate_json(text)


def _sorted_unique(values: Any) -> tuple[ScalarValue, ...]:
    if not isinstance(values, list | tuple):
        values = [values]
    unique = {(type(v).__name__, v): v for v in values}
    return tuple(unique[k] for k in sorted(unique, key=lambda k: (k[0], str(k[1]))))
