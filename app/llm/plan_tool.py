"""The plan tool: a JSON schema of the whole plan model, and the strict parser of its replies.

The schema (:mod:`app.llm.plan_schema`) lists what exists as enums (metric names that are
not deprecated, dimension and time dimension names, grains, operators), so a model that
honours it can only pick real names; the parser checks every name again, wherever in the
plan it stands, because not every server enforces a schema. Besides a plan, the
model may answer that the catalog cannot express the question (askbi then tries SQL) or
that the question is ambiguous between named candidates (askbi then asks the user).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.llm.errors import LLMBadOutput
from app.llm.messages import ToolSpec
from app.llm.plan_schema import plan_schema
from app.llm.prompts import render_prompt
from kernel.error_codes import ErrorCode
from kernel.errors import UserError, closest
from metrics.catalog import MetricCatalog
from metrics.model import Status
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer
from semantic_layer.time_parts import SEPARATOR, TimePart

PLAN_TOOL = "plan_query"
OUTCOMES = ("plan", "cannot_express", "clarify")


@dataclass(frozen=True)
class CannotExpress:
    """The catalog has no way to say what was asked; the SQL path may still answer."""

    reason: str


@dataclass(frozen=True)
class Clarification:
    """The question fits several catalog entries; ask the user which one."""

    question: str
    candidates: tuple[str, ...]


PlanReply = SemanticQuery | CannotExpress | Clarification


def plan_tool(layer: SemanticLayer, catalog: MetricCatalog, scope: Scope | None = None) -> ToolSpec:
    """The tool the planner forces: its name, its description (a prompt file) and schema."""
    description = render_prompt("plan_tool").text
    return ToolSpec(PLAN_TOOL, description, plan_tool_schema(layer, catalog, scope))


def usable_metrics(catalog: MetricCatalog) -> list[str]:
    """Metric names a plan may use: every one that is not deprecated, sorted."""
    return sorted(n for n, m in catalog.metrics.items() if m.status is not Status.DEPRECATED)


@dataclass(frozen=True)
class Scope:
    """What grounding found relevant: the tables and metrics a large catalog's enums keep."""

    tables: tuple[str, ...]
    metrics: tuple[str, ...]


ENUM_LIMIT = 300
"""Names the schema lists in full; a larger catalog lists only its scope's. Every name costs
prompt tokens on every call: a 500-table layer's 1,490 dimensions alone are about 24,000
estimated tokens, five times the whole plan budget."""


def catalog_names(
    layer: SemanticLayer, catalog: MetricCatalog, scope: Scope | None = None
) -> dict[str, list[str]]:
    """Each kind of name the plan refers to → the names its schema lists, sorted.

    The parser accepts any name of the catalog whatever the enums list, so a scoped schema
    narrows what a model is steered to, never what a plan may say.
    """
    metrics = usable_metrics(catalog)
    dimensions = {n: d.table for n, d in layer.dimensions.items()}
    times = {n: t.table for n, t in layer.time_dimensions.items()}
    if scope is not None and len(metrics) + len(dimensions) + len(times) > ENUM_LIMIT:
        tables = set(scope.tables)
        for name in scope.metrics:
            tables.update(leaf.table for leaf in catalog.leaves(name))
        metrics = [
            m
            for m in metrics
            if m in scope.metrics or {leaf.table for leaf in catalog.leaves(m)} <= tables
        ]
        dimensions = {n: t for n, t in dimensions.items() if t in tables}
        times = {n: t for n, t in times.items() if t in tables}
    return {
        "metric": metrics,
        "dimension": sorted(dimensions),
        "time_dimension": sorted(times),
    }


def plan_tool_schema(
    layer: SemanticLayer, catalog: MetricCatalog, scope: Scope | None = None
) -> dict[str, Any]:
    """The tool's arguments as JSON schema: the whole plan model, generated from its pydantic
    models, with the catalog's names as enums (see :mod:`app.llm.plan_schema`)."""
    names = catalog_names(layer, catalog, scope)
    plan, defs = plan_schema(names)
    if names["time_dimension"]:
        defs["dimension"] = {"anyOf": [defs["dimension"], _parts(names["time_dimension"])]}
    return {
        "type": "object",
        "properties": {
            "outcome": {"type": "string", "enum": list(OUTCOMES)},
            "plan": plan,
            "reason": {"type": "string"},
            "question": {"type": "string"},
            # Free strings, checked by the parser: repeating every name here would cost
            # hundreds of prompt tokens for no gain in what the model may say.
            "candidates": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        },
        "required": ["outcome"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _parts(time_dimensions: list[str]) -> dict[str, Any]:
    """Built-in parts of dates as dimensions (``order_date__day_of_week``): one pattern,
    rather than every time dimension times every part in the enum.

    >>> _parts(["order_date"])["pattern"]
    '^(order_date)__(day_of_week|is_weekend|hour|day|week|month|quarter|year)$'
    """
    parts = "|".join(p.value for p in TimePart)
    return {"type": "string", "pattern": f"^({'|'.join(time_dimensions)}){SEPARATOR}({parts})$"}


# --- parsing ----------------------------------------------------------------------------


class _Arguments(BaseModel):
    """The tool's arguments as sent; checked field by field below."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    outcome: Literal["plan", "cannot_express", "clarify"]
    plan: dict[str, Any] | None = None
    reason: str | None = None
    question: str | None = None
    candidates: tuple[str, ...] | None = None


def parse_plan_reply(
    arguments: Mapping[str, Any], layer: SemanticLayer, catalog: MetricCatalog
) -> PlanReply:
    """The reply as our types, or :class:`LLMBadOutput` naming every problem found."""
    try:
        args = _Arguments.model_validate(dict(arguments))
    except ValidationError as e:
        raise _invalid(_pydantic_problems(e)) from e
    if args.outcome == "cannot_express":
        if not args.reason:
            raise _invalid(["outcome 'cannot_express' needs a 'reason'"])
        return CannotExpress(reason=args.reason)
    if args.outcome == "clarify":
        return _clarification(args, layer, catalog)
    if args.plan is None:
        raise _invalid(["outcome 'plan' needs a 'plan'"])
    return _query(args.plan, layer, catalog)


def _clarification(args: _Arguments, layer: SemanticLayer, catalog: MetricCatalog) -> Clarification:
    known = {*usable_metrics(catalog), *layer.dimensions}
    candidates = tuple(dict.fromkeys(args.candidates or ()))
    problems = [_unknown("candidate", c, known) for c in candidates if c not in known]
    if len(candidates) < 2:
        problems.append("outcome 'clarify' needs at least two 'candidates'")
    if not args.question:
        problems.append("outcome 'clarify' needs a 'question' for the user")
    if problems or not args.question:
        raise _invalid(problems)
    return Clarification(question=args.question, candidates=candidates)


def _query(plan: dict[str, Any], layer: SemanticLayer, catalog: MetricCatalog) -> SemanticQuery:
    try:
        query = SemanticQuery.model_validate(_given(plan))
    except ValidationError as e:
        raise _invalid(_pydantic_problems(e, prefix="plan")) from e
    problems = _name_problems(query, layer, catalog)
    if problems:
        raise _invalid(problems)
    return query


def _given(value: Any) -> Any:
    """Models often spell "not given" as null, at any depth; for a plan both mean the default.

    >>> _given({"grain": None, "rank": {"metric": "revenue", "dense": None}, "limit": 5})
    {'rank': {'metric': 'revenue'}, 'limit': 5}
    """
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_given(v) for v in value]
    return value


def _name_problems(query: SemanticQuery, layer: SemanticLayer, catalog: MetricCatalog) -> list[str]:
    problems = [_name_problem(kind, name, layer, catalog) for kind, name in query.references()]
    fields = {*query.measures, *query.dimensions, *([query.grain.value] if query.grain else [])}
    if query.rank is not None:
        fields.add(query.rank.column)
    for item in query.order_by:
        if item.field not in fields:
            problems.append(
                f"order_by field '{item.field}' is not a metric, dimension, grain or rank of"
                " the plan"
            )
    return list(dict.fromkeys(p for p in problems if p))


def _name_problem(kind: str, name: str, layer: SemanticLayer, catalog: MetricCatalog) -> str:
    """Why ``name`` is no usable ``kind`` of the catalog, or ``""`` when it is."""
    if kind == "metric":
        metric = catalog.metrics.get(name)
        if metric is None:
            return _unknown("metric", name, usable_metrics(catalog))
        if metric.status is Status.DEPRECATED:
            instead = f"; use '{metric.replaced_by}'" if metric.replaced_by else ""
            return f"metric '{name}' is deprecated{instead}"
        return ""
    if kind == "time_dimension":
        known = name in layer.time_dimensions
        return "" if known else _unknown("time dimension", name, layer.time_dimensions)
    try:
        layer.dimension(name)  # built-in parts of dates too: order_date__day_of_week
    except UserError:
        return _unknown("dimension", name, layer.dimensions)
    return ""


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    """
    >>> _unknown("metric", "revnue", ["revenue", "aov"])
    "unknown metric 'revnue' (did you mean 'revenue'?)"
    """
    matches = closest(name, known, limit=1)
    suggestion = f" (did you mean '{matches[0]}'?)" if matches else ""
    return f"unknown {kind} '{name}'{suggestion}"


def _pydantic_problems(error: ValidationError, prefix: str = "") -> list[str]:
    problems = []
    for item in error.errors()[:8]:
        where = ".".join(str(p) for p in (prefix, *item["loc"]) if p != "")
        problems.append(f"{where or 'arguments'}: {item['msg']}")
    return problems


def _invalid(problems: list[str]) -> LLMBadOutput:
    detail = "; ".join(problems)
    return LLMBadOutput(
        f"The model's plan is invalid: {detail}.",
        hint="Ask again or rephrase the question.",
        code=ErrorCode.LLM_INVALID_PLAN,
        detail=f"{detail}.",
    )
