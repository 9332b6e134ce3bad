"""Question → SQL with a model, for what no plan can express; checked and repaired at most twice.

The SQL arrives as the ``sql`` argument of a forced tool call, never cut out of prose. The
caller's ``check`` decides whether it is acceptable (its guard, then an EXPLAIN or LIMIT 0
run); a rejection's text goes back to the model as the tool's result, and the model tries
again, up to ``max_repairs`` times. Nothing the model wrote is executed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.llm.context import Example, PromptContext, build_context
from app.llm.messages import (
    Message,
    SystemMessage,
    TokenUsage,
    ToolCaller,
    ToolReply,
    ToolSpec,
    UserMessage,
)
from app.llm.prompts import prompt_id, render_prompt
from app.llm.tokens import SQL_BUDGET_TOKENS, estimate_request_tokens
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer

SQL_TOOL = "write_sql"
SQL_SCHEMA = {
    "type": "object",
    "properties": {"sql": {"type": "string", "minLength": 1}},
    "required": ["sql"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class SqlAttempt:
    """One query the model wrote, and why it was rejected (``None``: accepted)."""

    sql: str
    error: str | None


@dataclass(frozen=True)
class LLMSqlOutcome:
    sql: str | None
    """The accepted query, or ``None`` when every attempt was rejected."""
    attempts: tuple[SqlAttempt, ...]
    usage: TokenUsage
    """Summed over every call, repairs included."""
    prompt_version: str
    latency_ms: float
    """Time spent waiting for the model, summed over calls (the checks are the caller's)."""
    context: PromptContext


class _SqlArguments(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    sql: str = Field(min_length=1)


def sql_tool() -> ToolSpec:
    return ToolSpec(SQL_TOOL, render_prompt("sql_tool").text, SQL_SCHEMA)


def sql_prompt_version() -> str:
    """The templates :func:`request_sql` renders, main prompt first.

    >>> sql_prompt_version()
    'sql.v1+context.v1+sql_tool.v1+repair.v1'
    """
    return "+".join(prompt_id(n) for n in ("sql", "context", "sql_tool", "repair"))


def request_sql(
    question: str,
    *,
    dialect: str,
    today: dt.date,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    client: ToolCaller,
    tables: Sequence[str],
    metrics: Sequence[str],
    examples: Sequence[Example],
    check: Callable[[str], str | None],
    max_repairs: int = 2,
    budget_tokens: int = SQL_BUDGET_TOKENS,
) -> LLMSqlOutcome:
    """Ask the model for SQL answering ``question``; at most ``1 + max_repairs`` calls.

    ``check(sql)`` returns ``None`` to accept the query or the error text to send back.
    The error text must describe the problem, never carry result rows. Raises the
    client's errors as they are.
    """
    tool = sql_tool()
    values = {"tool": SQL_TOOL, "dialect": dialect, "today": today.isoformat()}
    bare = render_prompt("sql", **values, context="").text
    overhead = estimate_request_tokens([bare, question], tool)
    context = build_context(
        layer,
        catalog,
        tables=tables,
        metrics=metrics,
        examples=examples,
        budget_tokens=max(budget_tokens - overhead, 0),
        dialect=dialect,
    )
    system = render_prompt("sql", **values, context=context.text)
    messages: list[Message] = [SystemMessage(system.text), UserMessage(question)]
    replies: list[ToolReply] = []
    attempts: list[SqlAttempt] = []
    for _ in range(1 + max_repairs):
        reply = client.call_tool(messages, tool, prompt_version=sql_prompt_version())
        replies.append(reply)
        sql, error = _sql(reply)
        if error is None:
            error = check(sql)
        attempts.append(SqlAttempt(sql, error))
        if error is None:
            break
        repair = render_prompt("repair", tool=SQL_TOOL, error=error)
        messages.extend(reply.replay(repair.text))
    accepted = attempts[-1].sql if attempts[-1].error is None else None
    return LLMSqlOutcome(
        sql=accepted,
        attempts=tuple(attempts),
        usage=sum((r.usage for r in replies), TokenUsage()),
        prompt_version=sql_prompt_version(),
        latency_ms=sum(r.latency_ms for r in replies),
        context=context,
    )


def _sql(reply: ToolReply) -> tuple[str, str | None]:
    """The query from the tool's arguments, or why the arguments are unusable."""
    try:
        args = _SqlArguments.model_validate(dict(reply.arguments))
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, i['loc']))}: {i['msg']}" for i in e.errors())
        return "", f"The tool arguments are invalid: {problems}."
    # A trailing semicolon is harmless in SQL but breaks wrapping the query (EXPLAIN, LIMIT).
    return args.sql.rstrip(";").rstrip(), None
