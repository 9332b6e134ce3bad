"""The vocabulary of a conversation with a model, independent of any SDK.

Planners build a list of these messages and name one tool the model must call; the client
turns them into the wire format and the model's answer into a :class:`ToolReply`. Keeping
this module free of ``openai`` lets everything but ``app.llm.client`` be imported (and
tested) without the SDK, and lets a test or another transport stand in for the client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class SystemMessage:
    text: str


@dataclass(frozen=True)
class UserMessage:
    text: str


@dataclass(frozen=True)
class AssistantMessage:
    """An earlier answer in plain text, e.g. a previous turn's plan as JSON."""

    text: str


@dataclass(frozen=True)
class AssistantToolCall:
    """The model's earlier call of a tool, replayed so a repair can refer to it."""

    call_id: str
    name: str
    arguments_json: str


@dataclass(frozen=True)
class ToolResult:
    """What came of a tool call (for a repair: why it was rejected)."""

    call_id: str
    text: str


Message = SystemMessage | UserMessage | AssistantMessage | AssistantToolCall | ToolResult


@dataclass(frozen=True)
class ToolSpec:
    """One function the model must call; ``parameters`` is its arguments' JSON schema."""

    name: str
    description: str
    parameters: Mapping[str, Any]


@dataclass(frozen=True)
class TokenUsage:
    """Tokens the server counted; adds up across calls (a plan and its repairs).

    >>> TokenUsage(100, 20) + TokenUsage(50, 5)
    TokenUsage(prompt_tokens=150, completion_tokens=25)
    >>> sum([TokenUsage(1, 2), TokenUsage(3, 4)], TokenUsage()).total
    10
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
        )

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class ToolReply:
    """The arguments of the model's call of the forced tool, and what the call cost.

    ``arguments`` is a decoded JSON object, not yet validated against the tool's schema:
    the caller parses it into its own types. ``attempts`` counts HTTP requests, retries
    included; ``latency_ms`` covers all of them and the waits between them.
    """

    arguments: Mapping[str, Any]
    usage: TokenUsage
    model: str
    latency_ms: float
    attempts: int
    call_id: str
    tool: str

    def replay(self, result: str) -> tuple[AssistantToolCall, ToolResult]:
        """This call and its ``result``, to append to the conversation for a repair."""
        arguments = json.dumps(self.arguments, ensure_ascii=False, sort_keys=True)
        return (
            AssistantToolCall(self.call_id, self.tool, arguments),
            ToolResult(self.call_id, result),
        )


class ToolCaller(Protocol):
    """What planners need from a client: send messages, force one tool, get its arguments.

    ``prompt_version`` names the templates the messages came from, so a proxy or the
    server's logs can tell prompt versions apart.
    """

    def call_tool(
        self, messages: Sequence[Message], tool: ToolSpec, *, prompt_version: str = ""
    ) -> ToolReply: ...
