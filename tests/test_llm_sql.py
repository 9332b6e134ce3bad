"""The SQL path over HTTP: SQL as a tool argument, the caller's check, at most two repairs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.llm.client import LLMClient
from app.llm.errors import LLMBadOutput
from app.llm.messages import TokenUsage
from app.llm.sql_request import SQL_TOOL, SqlAttempt, request_sql, sql_prompt_version
from app.llm.tokens import estimate_tokens
from app.project.folder import Project
from metrics.catalog import MetricCatalog
from sample_db.wide_schema import build_wide_schema
from tests.support.openai_server import OpenAIServer, text_reply, tool_call

TODAY = dt.date(2026, 6, 30)
QUESTION = "median order value by region last month"
BAD = "SELECT region, MEDIAN(order_total) FROM orders GROUP BY regoin"
GOOD = (
    "SELECT r.region_name, COUNT(*) AS orders FROM orders o JOIN stores s USING (store_id) "
    "JOIN regions r USING (region_id) GROUP BY 1 ORDER BY 1"
)


class Check:
    """The caller's guard + database check: rejects what it was told to, records the rest."""

    def __init__(self, *errors: str | None) -> None:
        self.errors = list(errors)
        self.seen: list[str] = []

    def __call__(self, sql: str) -> str | None:
        self.seen.append(sql)
        return self.errors.pop(0) if self.errors else None


def write(sample: Project, client: LLMClient, check: Check, **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "dialect": "duckdb",
        "today": TODAY,
        "layer": sample.layer,
        "catalog": sample.catalog,
        "client": client,
        "tables": ["orders", "stores", "regions"],
        "metrics": ["aov"],
        "examples": [],
        "check": check,
        **kwargs,
    }
    return request_sql(QUESTION, **values)


def test_one_repair_round(sample: Project, server: OpenAIServer, client: LLMClient) -> None:
    error = 'Binder Error: Referenced column "regoin" not found in FROM clause!'
    server.reply(
        tool_call({"sql": BAD}, name=SQL_TOOL, call_id="call_1"),
        tool_call({"sql": GOOD}, name=SQL_TOOL, call_id="call_2"),
    )
    check = Check(error)
    outcome = write(sample, client, check)
    assert outcome.sql == GOOD
    assert outcome.attempts == (SqlAttempt(BAD, error), SqlAttempt(GOOD, None))
    assert check.seen == [BAD, GOOD]
    second = server.requests[1].messages
    assert second[-2]["tool_calls"][0]["function"]["arguments"] == f'{{"sql": "{BAD}"}}'
    assert second[-1]["role"] == "tool" and second[-1]["tool_call_id"] == "call_1"
    assert error in second[-1]["content"]
    assert outcome.prompt_version == "sql.v1+context.v1+sql_tool.v1+repair.v1"


def test_repairs_stop_after_two(sample: Project, server: OpenAIServer, client: LLMClient) -> None:
    server.reply(*[tool_call({"sql": BAD}, name=SQL_TOOL)] * 4)
    outcome = write(sample, client, Check("e1", "e2", "e3", "e4"))
    assert outcome.sql is None
    assert [a.error for a in outcome.attempts] == ["e1", "e2", "e3"]
    assert len(server.requests) == 3
    assert server.pending == 1


def test_usage_adds_up_across_repairs(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        tool_call({"sql": BAD}, name=SQL_TOOL, usage=(1200, 40)),
        tool_call({"sql": BAD}, name=SQL_TOOL, usage=(1300, 45)),
        tool_call({"sql": GOOD}, name=SQL_TOOL, usage=(1400, 50)),
    )
    outcome = write(sample, client, Check("e1", "e2"))
    assert outcome.sql == GOOD
    assert outcome.usage == TokenUsage(3900, 135)
    assert outcome.latency_ms > 0


def test_the_prompt_names_dialect_date_and_the_forced_tool(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call({"sql": GOOD}, name=SQL_TOOL))
    write(sample, client, Check(), dialect="postgres")
    body = server.requests[0].body
    assert server.requests[0].headers["x-askbi-prompt-version"] == sql_prompt_version()
    system, user = body["messages"]
    assert "read-only postgres SQL query" in system["content"]
    assert "Today is 2026-06-30." in system["content"]
    assert "orders (baskets, transactions, 주문)" in system["content"]
    assert user == {"role": "user", "content": QUESTION}
    assert body["tool_choice"]["function"]["name"] == SQL_TOOL
    assert body["tools"][0]["function"]["parameters"]["required"] == ["sql"]
    assert (body["temperature"], body["seed"]) == (0, 7)


def test_sql_in_prose_is_never_picked_out(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(text_reply(f"Here you go:\n```sql\n{GOOD}\n```"))
    check = Check()
    with pytest.raises(LLMBadOutput) as caught:
        write(sample, client, check)
    assert caught.value.code == "llm_no_tool_call"
    assert check.seen == []


def test_arguments_without_sql_are_repaired_like_a_rejected_query(
    sample: Project, server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        tool_call({"query": GOOD}, name=SQL_TOOL), tool_call({"sql": GOOD + ";\n"}, name=SQL_TOOL)
    )
    check = Check()
    outcome = write(sample, client, check)
    assert outcome.sql == GOOD  # the trailing semicolon is dropped before the check
    assert check.seen == [GOOD]
    assert "sql: Field required" in (outcome.attempts[0].error or "")
    assert "query: Extra inputs are not permitted" in server.requests[1].messages[-1]["content"]


def test_a_500_table_schema_request_stays_under_4000_tokens(
    server: OpenAIServer, client: LLMClient
) -> None:
    wide = build_wide_schema()
    seed = wide.cases[0].tables[0]
    neighbours = [
        r.to_table if r.from_table == seed else r.from_table
        for r in wide.layer.relationships
        if seed in (r.from_table, r.to_table)
    ]
    tables = list(dict.fromkeys([seed, *neighbours, *sorted(wide.layer.tables)]))[:8]
    server.reply(tool_call({"sql": "SELECT 1"}, name=SQL_TOOL))
    outcome = request_sql(
        wide.cases[0].question,
        dialect="postgres",
        today=TODAY,
        layer=wide.layer,
        catalog=MetricCatalog({}),
        client=client,
        tables=tables,
        metrics=[],
        examples=[],
        check=Check(),
    )
    assert outcome.context.tables == tuple(tables)
    body = server.requests[0].body
    sent = [m["content"] for m in body["messages"]] + [str(body["tools"])]
    assert sum(estimate_tokens(text) for text in sent) < 4000
