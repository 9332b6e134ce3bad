"""The plan tool: a JSON schema generated from the catalog, and the strict parser of its replies.

The schema lists what exists as enums (metric names that are not deprecated, dimension
names, grains, operators), so a model that honours it can only pick real names; the parser
checks the same again, because not every server enforces a schema. Besides a plan, the
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
from app.llm.prompts import render_prompt
from kernel.error_codes import ErrorCode
from kernel.errors import closest
from metrics.catalog import MetricCatalog
from metrics.model import Status
from metrics.semantic_query import FilterOp, SemanticQuery
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain

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


def plan_tool(layer: SemanticLayer, catalog: MetricCatalog) -> ToolSpec:
    """The tool the planner forces: its name, its description (a prompt file) and schema."""
    description = render_prompt("plan_tool").text
    return ToolSpec(PLAN_TOOL, description, plan_tool_schema(layer, catalog))


def usable_metrics(catalog: MetricCatalog) -> list[str]:
    """Metric names a plan may use: every one that is not deprecated, sorted."""
    return sorted(n for n, m in catalog.metrics.items() if m.status is not Status.DEPRECATED)


def plan_tool_schema(layer: SemanticLayer, catalog: MetricCatalog) -> dict[str, Any]:
    """The tool's arguments as JSON schema, with the catalog's names as enums."""
    metrics, dimensions = usable_metrics(catalog), sorted(layer.dimensions)
    return {
        "type": "object",
        "properties": {
            "outcome": {"type": "string", "enum": list(OUTCOMES)},
            "plan": _query_schema(metrics, dimensions),
            "reason": {"type": "string"},
            "question": {"type": "string"},
            # Free strings, checked by the parser: repeating every name here would cost
            # hundreds of prompt tokens for no gain in what the model may say.
            "candidates": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        },
        "required": ["outcome"],
        "additionalProperties": False,
    }


def _query_schema(metrics: list[str], dimensions: list[str]) -> dict[str, Any]:
    grains = [g.value for g in Grain]
    return {
        "type": "object",
        "properties": {
            "metrics": {**_names(metrics), "minItems": 1},
            "dimensions": _names(dimensions),
            "grain": {"type": "string", "enum": grains},
            "time_range": _time_range_schema(grains),
            "filters": {"type": "array", "items": _filter_schema(dimensions)},
            "order_by": {
                "type": "array",
                "items": _object(
                    {
                        "field": {"type": "string"},  # a name of this plan; see the parser
                        "descending": {"type": "boolean"},
                    },
                    required=["field"],
                ),
            },
            "limit": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        },
        "required": ["metrics"],
        "additionalProperties": False,
    }


def _time_range_schema(grains: list[str]) -> dict[str, Any]:
    """The union of :mod:`metrics.timeframe`'s kinds, each tagged by a one-value ``kind``."""
    date = {"type": "string", "format": "date"}
    unit = {"type": "string", "enum": grains}

    def kind(name: str, **fields: Any) -> dict[str, Any]:
        properties = {"kind": {"type": "string", "enum": [name]}, **fields}
        return _object(properties, required=list(properties))

    count = {"type": "integer", "minimum": 1, "maximum": 1000}
    return {
        "anyOf": [
            kind("last", n=count, unit=unit),
            kind("to_date", unit=unit),
            kind("between", start=date, end=date),
            kind("since", start=date),
            kind("rolling", n=count, unit=unit),
            kind("since_ago", n=count, unit=unit),
            kind("ago", n=count, unit=unit),
        ]
    }


def _filter_schema(dimensions: list[str]) -> dict[str, Any]:
    value = {"type": ["string", "number", "boolean"]}
    return _object(
        {
            "dimension": _name(dimensions),
            "op": {"type": "string", "enum": [op.value for op in FilterOp]},
            "values": {"type": "array", "items": value, "minItems": 1},
        },
        required=["dimension", "values"],  # op defaults to "=", as in the plan format
    )


def _object(properties: dict[str, Any], *, required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _name(names: list[str]) -> dict[str, Any]:
    # JSON Schema forbids an empty enum; a layer without dimensions allows none instead.
    return {"type": "string", "enum": names} if names else {"type": "string", "maxLength": 0}


def _names(names: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": _name(names), "uniqueItems": True}
    return schema if names else {**schema, "maxItems": 0}


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
    # Models often spell "not given" as null; for the plan both mean the default.
    present = {k: v for k, v in plan.items() if v is not None}
    try:
        query = SemanticQuery.model_validate(present)
    except ValidationError as e:
        raise _invalid(_pydantic_problems(e, prefix="plan")) from e
    problems = _name_problems(query, layer, catalog)
    if problems:
        raise _invalid(problems)
    return query


def _name_problems(query: SemanticQuery, layer: SemanticLayer, catalog: MetricCatalog) -> list[str]:
    problems = []
    for name in query.metrics:
        metric = catalog.metrics.get(name)
        if metric is None:
            problems.append(_unknown("metric", name, usable_metrics(catalog)))
        elif metric.status is Status.DEPRECATED:
            instead = f"; use '{metric.replaced_by}'" if metric.replaced_by else ""
            problems.append(f"metric '{name}' is deprecated{instead}")
    for name in (*query.dimensions, *(f.dimension for f in query.filters)):
        if name not in layer.dimensions:
            problems.append(_unknown("dimension", name, layer.dimensions))
    fields = {*query.metrics, *query.dimensions, *([query.grain.value] if query.grain else [])}
    for item in query.order_by:
        if item.field not in fields:
            problems.append(
                f"order_by field '{item.field}' is not a metric, dimension or grain of the plan"
            )
    return list(dict.fromkeys(problems))


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
