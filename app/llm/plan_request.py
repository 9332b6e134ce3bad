"""Question → plan with a model: the plan tool, forced, parsed strictly, repaired once.

The model only picks from the catalog (the tool's enums) and its answer is data: a
:class:`~metrics.plan.SemanticQuery` that askbi's own compiler turns into SQL, a "cannot
express" that sends the question down the SQL path, or a clarification for the user. A
plan that names something unknown or does not compile is sent back once with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.llm.context import Example, PromptContext, build_context
from app.llm.errors import LLMBadOutput
from app.llm.messages import (
    AssistantMessage,
    Message,
    SystemMessage,
    TokenUsage,
    ToolCaller,
    ToolReply,
    UserMessage,
)
from app.llm.plan_tool import PLAN_TOOL, PlanReply, Scope, parse_plan_reply, plan_tool
from app.llm.prompts import prompt_id, render_prompt
from app.llm.tokens import PLAN_BUDGET_TOKENS, estimate_request_tokens
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from metrics.catalog import MetricCatalog
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer


@dataclass(frozen=True)
class LLMPlanOutcome:
    reply: PlanReply
    usage: TokenUsage
    """Summed over every call, repairs included."""
    prompt_version: str
    """Ids of every template this planner renders, e.g. ``plan.v1+context.v1+…``."""
    calls: int
    latency_ms: float
    """Time spent waiting for the model, summed over calls."""
    attempts: int
    """HTTP requests, retries included."""
    context: PromptContext


def request_plan(
    question: str,
    *,
    today: dt.date,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    client: ToolCaller,
    tables: Sequence[str],
    metrics: Sequence[str],
    examples: Sequence[Example],
    history: Sequence[tuple[str, str]] = (),
    max_repairs: int = 1,
    budget_tokens: int = PLAN_BUDGET_TOKENS,
) -> LLMPlanOutcome:
    """Ask the model for a plan of ``question``.

    ``tables`` and ``metrics`` are what grounding found relevant, best first; ``history`` is
    earlier (question, plan JSON) turns, so "and by category?" can follow up. Raises
    :class:`~app.llm.errors.LLMBadOutput` when the plan is still invalid after
    ``max_repairs`` corrections, and the client's errors as they are.
    """
    tool = plan_tool(layer, catalog, Scope(tuple(tables), tuple(metrics)))
    turns = _history(history)
    bare = render_prompt("plan", tool=PLAN_TOOL, today=today.isoformat(), context="").text
    texts = [bare, question, *(text for turn in history for text in turn)]
    overhead = estimate_request_tokens(texts, tool)
    context = build_context(
        layer,
        catalog,
        tables=tables,
        metrics=metrics,
        examples=examples,
        budget_tokens=max(budget_tokens - overhead, 0),
    )
    system = render_prompt("plan", tool=PLAN_TOOL, today=today.isoformat(), context=context.text)
    messages: list[Message] = [SystemMessage(system.text), *turns, UserMessage(question)]
    replies: list[ToolReply] = []
    while True:
        reply = client.call_tool(messages, tool, prompt_version=plan_prompt_version())
        replies.append(reply)
        result = _parse(reply, layer, catalog, today)
        if not isinstance(result, LLMBadOutput):
            return _outcome(result, replies, context)
        if len(replies) > max_repairs:
            result.attempts = sum(r.attempts for r in replies)
            raise result
        repair = render_prompt("plan_repair", tool=PLAN_TOOL, error=result.detail)
        messages.extend(reply.replay(repair.text))


def plan_prompt_version() -> str:
    """The templates :func:`request_plan` renders, main prompt first: for traces and cache keys.

    >>> plan_prompt_version()
    'plan.v2+context.v1+plan_tool.v1+plan_repair.v1'
    """
    return "+".join(prompt_id(n) for n in ("plan", "context", "plan_tool", "plan_repair"))


def _history(history: Sequence[tuple[str, str]]) -> list[Message]:
    """Earlier turns as the user's question and the plan the assistant gave for it."""
    turns: list[Message] = []
    for question, plan_json in history:
        turns.extend((UserMessage(question), AssistantMessage(plan_json)))
    return turns


def _parse(
    reply: ToolReply, layer: SemanticLayer, catalog: MetricCatalog, today: dt.date
) -> PlanReply | LLMBadOutput:
    """The parsed reply, or why it cannot be used: unknown names, or a plan that won't compile."""
    try:
        parsed = parse_plan_reply(reply.arguments, layer, catalog)
    except LLMBadOutput as e:
        return e
    if isinstance(parsed, SemanticQuery):
        try:
            compile_query(parsed, layer, catalog, today=today)
        except UserError as e:
            return LLMBadOutput(
                f"The model's plan does not compile: {e}",
                hint="Ask again or rephrase the question.",
                code=ErrorCode.LLM_INVALID_PLAN,
                detail=str(e),
            )
    return parsed


def _outcome(
    reply: PlanReply, replies: Sequence[ToolReply], context: PromptContext
) -> LLMPlanOutcome:
    return LLMPlanOutcome(
        reply=reply,
        usage=sum((r.usage for r in replies), TokenUsage()),
        prompt_version=plan_prompt_version(),
        calls=len(replies),
        latency_ms=sum(r.latency_ms for r in replies),
        attempts=sum(r.attempts for r in replies),
        context=context,
    )
