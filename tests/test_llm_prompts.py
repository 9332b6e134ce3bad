"""Prompt templates: one renderer, strict placeholders, versions, and golden files of what is sent.

The goldens are taken from the requests the test server received, so they show exactly what
a model would read for the sample project. A prompt change is a diff here: review it, bump
the template's version when the meaning changed, and run ``pytest --update-golden``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from app.llm.client import LLMClient
from app.llm.context import Example
from app.llm.plan_request import plan_prompt_version, request_plan
from app.llm.plan_tool import PLAN_TOOL
from app.llm.prompts import available, prompt_id, render_prompt
from app.llm.sql_request import SQL_TOOL, request_sql, sql_prompt_version
from app.project.folder import Project
from kernel.errors import InternalError
from metrics.semantic_query import SemanticQuery
from tests.support.golden import assert_golden
from tests.support.openai_server import OpenAIServer, Recorded, tool_call

TODAY = dt.date(2026, 6, 30)
TABLES = ["order_items", "orders", "stores", "regions", "products"]
EXAMPLE = Example(
    "top 5 products by revenue in Seoul last quarter",
    SemanticQuery.model_validate(
        {
            "metrics": ["revenue"],
            "dimensions": ["product"],
            "filters": [{"dimension": "region", "values": ["Seoul"]}],
            "time_range": {"kind": "last", "n": 1, "unit": "quarter"},
            "order_by": [{"field": "revenue", "descending": True}],
            "limit": 5,
        }
    ).canonical_json(),
)


# --- the renderer -----------------------------------------------------------------------


def test_every_template_is_used_by_a_path() -> None:
    used = {*plan_prompt_version().split("+"), *sql_prompt_version().split("+")}
    latest = {f"{name}.v{versions[-1]}" for name, versions in available().items()}
    assert used == latest


def test_a_rendered_prompt_carries_its_version() -> None:
    rendered = render_prompt("repair", tool="write_sql", error="no such table: ordres")
    assert (rendered.name, rendered.version, rendered.id) == ("repair", 1, "repair.v1")
    assert "no such table: ordres" in rendered.text
    assert render_prompt("repair.v1", tool="t", error="e").id == prompt_id("repair")


def test_values_are_not_re_read_as_placeholders() -> None:
    rendered = render_prompt("repair", tool="write_sql", error="$context ${tool} $$")
    assert "$context ${tool} $$" in rendered.text


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"tool": "write_sql"}, "missing ['error']"),
        ({"tool": "write_sql", "error": "e", "extra": "x"}, "unused ['extra']"),
    ],
)
def test_placeholders_and_values_must_match(values: dict[str, Any], problem: str) -> None:
    with pytest.raises(InternalError, match=re.escape(problem)):
        render_prompt("repair", **values)


@pytest.mark.parametrize("name", ["nonexistent", "repair.v99"])
def test_an_unknown_template_is_an_internal_error(name: str) -> None:
    with pytest.raises(InternalError, match="No prompt template"):
        render_prompt(name, tool="t", error="e")


# --- goldens of what is sent ------------------------------------------------------------


def _tools(request: Recorded) -> str:
    return json.dumps(request.body["tools"], indent=2, ensure_ascii=False)


def test_plan_prompts_golden(
    sample: Project, server: OpenAIServer, client: LLMClient, update_golden: bool
) -> None:
    wrong = {"metrics": ["revenue", "aov"], "dimensions": ["regoin"]}
    right = {**wrong, "dimensions": ["region"]}
    server.reply(
        tool_call({"outcome": "plan", "plan": wrong}, name=PLAN_TOOL),
        tool_call({"outcome": "plan", "plan": right}, name=PLAN_TOOL),
    )
    request_plan(
        "revenue and average order value by region last month",
        today=TODAY,
        layer=sample.layer,
        catalog=sample.catalog,
        client=client,
        tables=TABLES,
        metrics=["revenue", "aov"],
        examples=[EXAMPLE],
    )
    first, second = server.requests
    assert_golden("prompts/plan.txt", first.messages[0]["content"], update=update_golden)
    assert_golden("prompts/plan_tool.json", _tools(first), update=update_golden)
    assert_golden("prompts/plan_repair.txt", second.messages[-1]["content"], update=update_golden)


def test_sql_prompts_golden(
    sample: Project, server: OpenAIServer, client: LLMClient, update_golden: bool
) -> None:
    server.reply(
        tool_call({"sql": "SELECT MEDIAN(total) FROM orders GROUP BY regoin"}, name=SQL_TOOL),
        tool_call({"sql": "SELECT 1"}, name=SQL_TOOL),
    )
    errors = iter(['Binder Error: Referenced column "regoin" not found in FROM clause!', None])
    request_sql(
        "median order value by region last month",
        dialect="duckdb",
        today=TODAY,
        layer=sample.layer,
        catalog=sample.catalog,
        client=client,
        tables=TABLES,
        metrics=["revenue", "aov"],
        examples=[EXAMPLE],
        check=lambda sql: next(errors),
    )
    first, second = server.requests
    assert_golden("prompts/sql.txt", first.messages[0]["content"], update=update_golden)
    assert_golden("prompts/sql_tool.json", _tools(first), update=update_golden)
    assert_golden("prompts/repair.txt", second.messages[-1]["content"], update=update_golden)


def test_template_versions_golden(update_golden: bool) -> None:
    lines = [f"{name}.v{v}" for name, versions in available().items() for v in versions]
    assert_golden("prompts/versions.txt", "\n".join(lines), update=update_golden)
