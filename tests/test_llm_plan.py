"""The plan path: a catalog-generated tool schema, strict parsing, and request_plan over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from app.llm.client import LLMClient
from app.llm.context import Example
from app.llm.errors import LLMBadOutput
from app.llm.messages import TokenUsage
from app.llm.plan_request import plan_prompt_version, request_plan
from app.llm.plan_tool import (
    PLAN_TOOL,
    CannotExpress,
    Clarification,
    Scope,
    parse_plan_reply,
    plan_tool,
    plan_tool_schema,
)
from app.llm.tokens import estimate_request_tokens
from app.project.folder import Project
from metrics.catalog import MetricCatalog
from metrics.compiler import compile_query
from metrics.model import Status
from metrics.semantic_query import FilterOp, SemanticQuery
from metrics.timeframe import TimeRange
from sample_db.wide_schema import build_wide_schema
from semantic_layer.model import Grain
from tests.support.openai_server import OpenAIServer, tool_call

TODAY = dt.date(2026, 6, 30)
CASES = Path(__file__).parent / "cases" / "plans"
QUESTION = "revenue and average order value by region last month"
REVENUE_BY_REGION = {
    "metrics": ["revenue", "aov"],
    "dimensions": ["region"],
    "time_range": {"kind": "last", "n": 1, "unit": "month"},
}


def plan(sample: Project, client: LLMClient, question: str = QUESTION, **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "today": TODAY,
        "layer": sample.layer,
        "catalog": sample.catalog,
        "client": client,
        "tables": ["order_items", "orders", "stores", "regions"],
        "metrics": ["revenue", "aov"],
        "examples": [],
        **kwargs,
    }
    return request_plan(question, **values)


# --- the schema -------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a ``$ref`` into the schema's ``$defs`` followed."""
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rpartition("/")[2]]
    return node


def test_the_schema_enums_are_the_catalogs_names(sample: Project) -> None:
    schema = plan_tool_schema(sample.layer, sample.catalog)
    query = schema["properties"]["plan"]["properties"]
    usable = sorted(
        n for n, m in sample.catalog.metrics.items() if m.status is not Status.DEPRECATED
    )
    deprecated = {n for n, m in sample.catalog.metrics.items() if m.status is Status.DEPRECATED}
    assert deprecated  # the sample keeps one, so this test means something

    def enum(node: dict[str, Any]) -> list[str]:
        resolved = _resolve(schema, node)
        return list(resolved.get("enum") or resolved["anyOf"][0]["enum"])

    assert enum(query["metrics"]["items"]) == usable
    assert not deprecated & set(enum(query["metrics"]["items"]))
    assert enum(query["dimensions"]["items"]) == sorted(sample.layer.dimensions)
    filter_ = _resolve(schema, query["filters"]["items"])["properties"]
    assert enum(filter_["dimension"]) == sorted(sample.layer.dimensions)
    assert enum(filter_["op"]) == [op.value for op in FilterOp]
    assert enum(query["grain"]) == [g.value for g in Grain]
    for field in ("having", "without"):
        assert enum(_resolve(schema, query[field]["items"])["properties"]["metric"]) == usable
    assert enum(_resolve(schema, query["rank"])["properties"]["metric"]) == usable
    second = _resolve(schema, query["time_filters"]["items"])["properties"]["time_dimension"]
    assert enum(second) == sorted(sample.layer.time_dimensions)
    assert schema["properties"]["outcome"]["enum"] == ["plan", "cannot_express", "clarify"]
    # Each list of names is sent once, however many fields use it.
    assert json.dumps(schema).count('"aov"') == 1


def test_the_time_range_schema_is_the_union_of_the_plan_kinds(sample: Project) -> None:
    schema = plan_tool_schema(sample.layer, sample.catalog)
    union = _resolve(schema, schema["properties"]["plan"]["properties"]["time_range"])
    variants = [_resolve(schema, v) for v in union["anyOf"]]
    kinds = {v["properties"]["kind"]["enum"][0]: set(v["properties"]) for v in variants}
    members = typing.get_args(typing.get_args(TimeRange)[0])
    expected = {m.model_fields["kind"].default: set(m.model_fields) for m in members}
    assert kinds == expected
    assert all("kind" in v["required"] for v in variants)  # what tells them apart


def _models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every pydantic model the plan model is made of, by class name."""
    found = {model.__name__: model}
    for field in model.model_fields.values():
        for kind in _types(field.annotation):
            if (
                isinstance(kind, type)
                and issubclass(kind, BaseModel)
                and kind.__name__ not in found
            ):
                found.update(_models(kind))
    return found


def _types(annotation: Any) -> list[Any]:
    args = typing.get_args(annotation)
    return [annotation] if not args else [t for a in args for t in _types(a)]


def test_the_schema_describes_every_field_of_the_plan_model(sample: Project) -> None:
    schema = plan_tool_schema(sample.layer, sample.catalog)
    models = _models(SemanticQuery)
    assert {"Filter", "MetricCondition", "TimeFilter", "Rank", "Without", "Rolling"} <= set(models)
    for name, model in models.items():
        node = schema["properties"]["plan"] if model is SemanticQuery else schema["$defs"][name]
        fields = {f.alias or n for n, f in model.model_fields.items()}
        assert set(node["properties"]) == fields, name
        assert node["additionalProperties"] is False, name
    text = json.dumps(schema)
    assert '"title"' not in text and '"oneOf"' not in text and '"null"' not in text


def test_the_schema_is_compact(sample: Project) -> None:
    """Per-call prompt text: about 1,500 estimated tokens before the plan's newer parts
    were described; every part now, each list of names once. Raised from 2,600 to 2,700
    for ``with_facts``, ``shares`` and ``until``, and to 2,800 for the facts' own ``where``
    ("members with a lost loan"): each a question class the model could not express
    before."""
    assert estimate_request_tokens([], plan_tool(sample.layer, sample.catalog)) < 2800


def test_a_large_catalog_lists_only_what_grounding_found(sample: Project) -> None:
    wide = build_wide_schema(500, 40, cases=1)
    catalog = MetricCatalog({})
    whole = estimate_request_tokens([], plan_tool(wide.layer, catalog))
    tables = tuple(sorted(wide.layer.tables))[:8]
    scoped = plan_tool(wide.layer, catalog, Scope(tables, ()))
    assert estimate_request_tokens([], scoped) < 2600 < whole
    dimension = scoped.parameters["$defs"]["dimension"]
    listed = (dimension.get("anyOf") or [dimension])[0]["enum"]
    assert listed and {wide.layer.dimensions[d].table for d in listed} <= set(tables)
    # The parser still takes any name of the layer: the enums steer, they do not decide.
    other = next(n for n, d in wide.layer.dimensions.items() if d.table not in tables)
    assert other not in listed
    parsed = parse_plan_reply(
        {"outcome": "plan", "plan": {"dimensions": [other]}}, wide.layer, catalog
    )
    assert parsed == SemanticQuery(dimensions=(other,))
    # The sample is small enough to list in full.
    full = plan_tool_schema(sample.layer, sample.catalog)
    assert plan_tool_schema(sample.layer, sample.catalog, Scope(("stores",), ())) == full


@pytest.mark.parametrize(
    "case",
    sorted([*CASES.glob("*.json"), *(CASES.parent / "capability_plans").glob("*.json")]),
    ids=lambda p: p.stem,
)
def test_every_known_good_plan_fits_the_schema_and_parses_back(sample: Project, case: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    arguments = {"outcome": "plan", "plan": json.loads(case.read_text(encoding="utf-8"))}
    jsonschema.validate(arguments, plan_tool_schema(sample.layer, sample.catalog))
    parsed = parse_plan_reply(arguments, sample.layer, sample.catalog)
    assert parsed == SemanticQuery.from_json(case.read_text(encoding="utf-8"))


# --- parsing ----------------------------------------------------------------------------


def test_cannot_express_and_clarify_replies(sample: Project) -> None:
    cannot = parse_plan_reply(
        {"outcome": "cannot_express", "reason": "No metric measures delivery times."},
        sample.layer,
        sample.catalog,
    )
    assert cannot == CannotExpress("No metric measures delivery times.")
    ask = parse_plan_reply(
        {
            "outcome": "clarify",
            "question": "Net revenue or gross revenue?",
            "candidates": ["revenue", "gross_revenue"],
        },
        sample.layer,
        sample.catalog,
    )
    assert ask == Clarification("Net revenue or gross revenue?", ("revenue", "gross_revenue"))


def test_nulls_mean_not_given(sample: Project) -> None:
    parsed = parse_plan_reply(
        {"outcome": "plan", "plan": {**REVENUE_BY_REGION, "grain": None, "filters": None}},
        sample.layer,
        sample.catalog,
    )
    assert parsed == SemanticQuery.model_validate(REVENUE_BY_REGION)


def test_nulls_mean_not_given_at_any_depth(sample: Project) -> None:
    having = {"metric": "revenue", "op": ">", "value": 5}
    parsed = parse_plan_reply(
        {
            "outcome": "plan",
            "plan": {
                **REVENUE_BY_REGION,
                "rank": {"metric": "revenue", "dense": None},
                "having": [having],
                "filters": [{"dimension": "region", "values": ["Seoul"], "or": None}],
            },
        },
        sample.layer,
        sample.catalog,
    )
    assert isinstance(parsed, SemanticQuery)
    assert parsed.rank is not None and parsed.rank.dense is False
    assert parsed.filters[0].alternatives == ()


def test_every_name_of_the_newer_plan_parts_is_checked(sample: Project) -> None:
    arguments = {
        "outcome": "plan",
        "plan": {
            "metrics": ["revenue"],
            "time_filters": [
                {
                    "time_dimension": "signup_day",
                    "time_range": {"kind": "ago", "n": 1, "unit": "year"},
                }
            ],
            "having": [{"metric": "revnue", "op": ">", "value": 1}],
            "without": [{"metric": "legacy_sales"}],
            "rank": {"metric": "ordr_count"},
            "filters": [
                {
                    "dimension": "region",
                    "values": ["Seoul"],
                    "or": [{"dimension": "regoin", "values": ["Busan"]}],
                }
            ],
        },
    }
    with pytest.raises(LLMBadOutput) as caught:
        parse_plan_reply(arguments, sample.layer, sample.catalog)
    message = caught.value.message
    assert "unknown time dimension 'signup_day' (did you mean 'signup_date'?)" in message
    assert "unknown metric 'revnue' (did you mean 'revenue'?)" in message
    assert "metric 'legacy_sales' is deprecated" in message
    assert "unknown metric 'ordr_count' (did you mean 'order_count'?)" in message
    assert "unknown dimension 'regoin' (did you mean 'region'?)" in message


def test_parts_of_dates_and_the_rank_column_are_names_of_the_plan(sample: Project) -> None:
    plan = {
        "metrics": ["revenue"],
        "dimensions": ["order_date__day_of_week"],
        "rank": {"metric": "revenue"},
        "order_by": [{"field": "revenue_rank"}],
    }
    parsed = parse_plan_reply({"outcome": "plan", "plan": plan}, sample.layer, sample.catalog)
    assert parsed == SemanticQuery.model_validate(plan)


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (
            {
                "outcome": "plan",
                "plan": {
                    "metrics": ["revenue"],
                    "having": [{"metric": "revenue", "op": ">", "value": "lots"}],
                },
            },
            "plan.having.0.value",
        ),
        (
            {
                "outcome": "plan",
                "plan": {"metrics": ["revenue"], "time_range": {"kind": "fortnight", "n": 2}},
            },
            "plan.time_range",
        ),
        (
            {"outcome": "plan", "plan": {"metrics": ["revnue"]}},
            "unknown metric 'revnue' (did you mean 'revenue'?)",
        ),
        (
            {"outcome": "plan", "plan": {"metrics": ["legacy_sales"]}},
            "metric 'legacy_sales' is deprecated; use 'revenue'",
        ),
        (
            {"outcome": "plan", "plan": {"metrics": ["revenue"], "dimensions": ["regoin"]}},
            "unknown dimension 'regoin' (did you mean 'region'?)",
        ),
        (
            {
                "outcome": "plan",
                "plan": {
                    "metrics": ["revenue"],
                    "filters": [{"dimension": "category", "op": "like", "values": ["x"]}],
                },
            },
            "plan.filters.0",
        ),
        (
            {"outcome": "plan", "plan": {"metrics": ["revenue"], "order_by": [{"field": "aov"}]}},
            "order_by field 'aov' is not a metric, dimension, grain or rank of the plan",
        ),
        ({"outcome": "plan", "plan": {"metrics": []}}, "a plan needs metrics, or dimensions"),
        ({"outcome": "plan", "plan": {"metrics": ["revenue"], "sql": "DROP"}}, "plan.sql"),
        ({"outcome": "plan"}, "outcome 'plan' needs a 'plan'"),
        ({"outcome": "guess"}, "outcome"),
        ({"outcome": "cannot_express", "reason": " "}, "needs a 'reason'"),
        (
            {"outcome": "clarify", "question": "Which?", "candidates": ["revenue"]},
            "at least two 'candidates'",
        ),
        (
            {"outcome": "clarify", "question": "Which?", "candidates": ["revenue", "salez"]},
            "unknown candidate 'salez'",
        ),
        ({"outcome": "cannot_express", "reason": "x", "mood": "sad"}, "mood"),
    ],
)
def test_invalid_arguments_are_bad_output_naming_the_problem(
    sample: Project, arguments: dict[str, Any], problem: str
) -> None:
    with pytest.raises(LLMBadOutput) as caught:
        parse_plan_reply(arguments, sample.layer, sample.catalog)
    assert caught.value.code == "llm_invalid_plan"
    assert problem in caught.value.message


# --- request_plan over HTTP -----------------------------------------------------------------


def test_a_tool_call_becomes_a_semantic_query(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        tool_call({"outcome": "plan", "plan": REVENUE_BY_REGION}, name=PLAN_TOOL, usage=(900, 40))
    )
    outcome = plan(sample, client)
    assert outcome.reply == SemanticQuery.model_validate(REVENUE_BY_REGION)
    assert (outcome.calls, outcome.attempts, outcome.usage) == (1, 1, TokenUsage(900, 40))
    assert outcome.prompt_version == "plan.v2+context.v1+plan_tool.v1+plan_repair.v1"
    assert outcome.latency_ms > 0
    assert outcome.context.tables == ("order_items", "orders", "stores", "regions")


def test_the_request_carries_the_catalog_schema_and_the_question(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call({"outcome": "plan", "plan": REVENUE_BY_REGION}, name=PLAN_TOOL))
    plan(sample, client)
    (request,) = server.requests
    body = request.body
    assert request.headers["x-askbi-prompt-version"] == plan_prompt_version()
    assert (body["temperature"], body["seed"]) == (0, 7)
    assert body["tool_choice"]["function"]["name"] == PLAN_TOOL
    assert body["tools"][0]["function"]["parameters"] == plan_tool_schema(
        sample.layer, sample.catalog
    )
    system, user = body["messages"]
    assert system["role"] == "system" and "Today is 2026-06-30." in system["content"]
    assert "revenue (Revenue, KRW)" in system["content"]
    assert user == {"role": "user", "content": QUESTION}


def test_cannot_express_and_clarify_come_back_as_such(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        tool_call({"outcome": "cannot_express", "reason": "No median."}, name=PLAN_TOOL),
        tool_call(
            {
                "outcome": "clarify",
                "question": "Which sales figure?",
                "candidates": ["revenue", "gross_revenue"],
            },
            name=PLAN_TOOL,
        ),
    )
    assert plan(sample, client, "median basket by region").reply == CannotExpress("No median.")
    assert plan(sample, client, "sales by region").reply == Clarification(
        "Which sales figure?", ("revenue", "gross_revenue")
    )


def test_history_turns_precede_the_follow_up(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    earlier = SemanticQuery.model_validate(REVENUE_BY_REGION).canonical_json()
    follow_up = {**REVENUE_BY_REGION, "dimensions": ["category"]}
    server.reply(tool_call({"outcome": "plan", "plan": follow_up}, name=PLAN_TOOL))
    outcome = plan(sample, client, "and by category?", history=[(QUESTION, earlier)])
    assert outcome.reply == SemanticQuery.model_validate(follow_up)
    assert server.requests[0].messages[1:] == [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": earlier},
        {"role": "user", "content": "and by category?"},
    ]


def test_an_invalid_plan_is_sent_back_once_with_the_reason(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    wrong = {**REVENUE_BY_REGION, "dimensions": ["regoin"]}
    server.reply(
        tool_call({"outcome": "plan", "plan": wrong}, name=PLAN_TOOL, usage=(800, 30)),
        tool_call({"outcome": "plan", "plan": REVENUE_BY_REGION}, name=PLAN_TOOL, usage=(950, 25)),
    )
    outcome = plan(sample, client)
    assert outcome.reply == SemanticQuery.model_validate(REVENUE_BY_REGION)
    assert outcome.calls == 2
    assert outcome.usage == TokenUsage(1750, 55)
    repair = server.requests[1].messages[-1]
    assert repair["role"] == "tool"
    assert "unknown dimension 'regoin' (did you mean 'region'?)" in repair["content"]


def test_a_plan_that_does_not_compile_is_sent_back_too(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    # Marketing spend has no path to product categories, so ROAS cannot be split by them.
    roas_by_category = {"metrics": ["roas"], "dimensions": ["category"]}
    server.reply(
        tool_call({"outcome": "plan", "plan": roas_by_category}, name=PLAN_TOOL),
        tool_call({"outcome": "cannot_express", "reason": "ROAS has no category."}, name=PLAN_TOOL),
    )
    outcome = plan(sample, client, "roas by category", metrics=["roas"])
    assert outcome.reply == CannotExpress("ROAS has no category.")
    repair = server.requests[1].messages[-1]["content"]
    assert "can't be broken down by 'category'" in repair


def test_repairs_run_out(sample: Project, server: OpenAIServer, client: LLMClient) -> None:
    wrong = {"outcome": "plan", "plan": {"metrics": ["revnue"]}}
    server.reply(tool_call(wrong, name=PLAN_TOOL), tool_call(wrong, name=PLAN_TOOL))
    with pytest.raises(LLMBadOutput, match="unknown metric 'revnue'"):
        plan(sample, client)
    assert len(server.requests) == 2


def test_malformed_json_is_bad_output_without_a_repair(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call('{"outcome": "plan", "plan": {"metrics": ["revenue"]', name=PLAN_TOOL))
    with pytest.raises(LLMBadOutput) as caught:
        plan(sample, client)
    assert caught.value.code == "llm_bad_json"
    assert len(server.requests) == 1


def test_examples_reach_the_prompt(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    example = Example(
        "지난달 지역별 매출",
        SemanticQuery.model_validate(
            {**REVENUE_BY_REGION, "metrics": ["revenue"]}
        ).canonical_json(),
    )
    server.reply(tool_call({"outcome": "plan", "plan": REVENUE_BY_REGION}, name=PLAN_TOOL))
    outcome = plan(sample, client, examples=[example])
    assert outcome.context.examples == 1
    system = server.requests[0].messages[0]["content"]
    assert f"Q: {example.question}\nplan: {example.plan_json}" in system


# --- the newer plan parts over HTTP ------------------------------------------------------

NEWER_PARTS = {
    "metrics": ["revenue", "order_count"],
    "dimensions": ["store"],
    "time_range": {"kind": "rolling", "n": 90, "unit": "day"},
    "time_filters": [
        {
            "time_dimension": "signup_date",
            "time_range": {"kind": "since_ago", "n": 2, "unit": "year"},
        }
    ],
    "having": [{"metric": "order_count", "op": ">=", "value": 20}],
    "without": [{"metric": "refund_amount"}],
    "rank": {"metric": "revenue"},
    "order_by": [{"field": "revenue_rank"}],
    "limit": 5,
}


def test_a_tool_call_with_the_newer_parts_compiles_to_their_sql(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call({"outcome": "plan", "plan": NEWER_PARTS}, name=PLAN_TOOL))
    outcome = plan(sample, client, "top 5 stores by revenue, 20+ orders, no refunds")
    expected = SemanticQuery.model_validate(NEWER_PARTS)
    assert outcome.reply == expected
    assert outcome.calls == 1
    sql = compile_query(outcome.reply, sample.layer, sample.catalog, today=TODAY).sql
    assert sql == compile_query(expected, sample.layer, sample.catalog, today=TODAY).sql
    assert "NOT EXISTS" in sql  # without
    assert "RANK() OVER (ORDER BY" in sql and "AS revenue_rank" in sql  # rank
    assert "signup_date >= CAST('2024-06-30' AS DATE)" in sql  # the second date, since_ago
    assert "order_count >= 20" in sql  # having, on the aggregated rows
    assert "order_ts >= CAST('2026-04-02 00:00:00' AS TIMESTAMP)" in sql  # rolling 90 days


def test_a_plan_the_compiler_refuses_is_sent_back_not_raised(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    itself = {
        "metrics": ["order_count"],
        "dimensions": ["store"],
        "without": [{"metric": "order_count"}],
    }
    server.reply(
        tool_call({"outcome": "plan", "plan": itself}, name=PLAN_TOOL),
        tool_call({"outcome": "plan", "plan": REVENUE_BY_REGION}, name=PLAN_TOOL),
    )
    outcome = plan(sample, client, "stores without orders")
    assert outcome.reply == SemanticQuery.model_validate(REVENUE_BY_REGION)
    repair = server.requests[1].messages[-1]["content"]
    assert "can't be measured without 'order_count'" in repair


def test_arguments_of_the_wrong_shape_are_sent_back_with_where(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    wrong = {**REVENUE_BY_REGION, "rank": {"metric": "revenue", "dense": "sometimes"}}
    server.reply(
        tool_call({"outcome": "plan", "plan": wrong}, name=PLAN_TOOL),
        tool_call({"outcome": "plan", "plan": wrong}, name=PLAN_TOOL),
    )
    with pytest.raises(LLMBadOutput) as caught:
        plan(sample, client)
    assert caught.value.code == "llm_invalid_plan"
    assert "plan.rank.dense" in caught.value.message
    assert "plan.rank.dense" in server.requests[1].messages[-1]["content"]


def test_every_wallet_plan_fits_the_schema_and_parses_back() -> None:
    """Listings, alternatives, text operators, fill, rank and a second date, on another layer."""
    jsonschema = pytest.importorskip("jsonschema")
    from app.project.folder import load_project
    from tests.connectors.test_wallet_layer import PLANS
    from tests.support.wallet import PROJECT

    wallet = load_project(PROJECT, source="duckdb:///unused.duckdb")
    schema = plan_tool_schema(wallet.layer, wallet.catalog)
    for name, written in PLANS.items():
        query = SemanticQuery.model_validate(written)  # shorthands ("value") made canonical
        arguments = {"outcome": "plan", "plan": json.loads(query.canonical_json())}
        jsonschema.validate(arguments, schema)
        assert parse_plan_reply(arguments, wallet.layer, wallet.catalog) == query, name


def test_a_share_is_a_plan_the_model_may_order_by(sample: Project) -> None:
    share = {"metric": "order_count", "where": {"dimension": "payment_method", "value": "card"}}
    column = "order_count_share_payment_method_card"
    arguments = {
        "outcome": "plan",
        "plan": {
            "dimensions": ["store_channel"],
            "shares": [share],
            "order_by": [{"field": column, "descending": True}],
        },
    }
    query = parse_plan_reply(arguments, sample.layer, sample.catalog)
    assert isinstance(query, SemanticQuery) and query.measures == (column,)
