"""The LLM client against a real HTTP server speaking the OpenAI API.

Nothing is patched: the real ``openai`` SDK sends real requests to
``tests/support/openai_server.py``, which answers from a script and records what it got.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.llm.client import LLMClient
from app.llm.errors import LLMBadOutput, LLMRejected, LLMUnavailable
from app.llm.messages import (
    AssistantToolCall,
    SystemMessage,
    TokenUsage,
    ToolResult,
    ToolSpec,
    UserMessage,
)
from app.llm.settings import LLMSettings
from tests.support.openai_server import (
    OpenAIServer,
    delayed,
    error,
    hang_up,
    json_reply,
    text_reply,
    tool_call,
    trickled,
)

KEY = "sk-test-secret-0123456789"
TOOL = ToolSpec(
    name="pick",
    description="Pick a number.",
    parameters={
        "type": "object",
        "properties": {"n": {"type": "integer"}},
        "required": ["n"],
        "additionalProperties": False,
    },
)
MESSAGES = (SystemMessage("You pick numbers."), UserMessage("pick one"))


def settings_for(url: str, **overrides: Any) -> LLMSettings:
    values = {"timeout_s": 5.0, "backoff_s": 0.01, **overrides}
    return LLMSettings(api_key=KEY, base_url=url, model="test-model", **values)


@pytest.fixture
def client(server: OpenAIServer) -> Iterator[LLMClient]:
    with LLMClient(settings_for(server.url)) as llm:
        yield llm


def test_a_tool_call_comes_back_as_typed_arguments(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(tool_call({"n": 4}, name="pick", usage=(321, 12), model="served-model"))
    reply = client.call_tool(MESSAGES, TOOL)
    assert reply.arguments == {"n": 4}
    assert reply.usage == TokenUsage(321, 12)
    assert (reply.model, reply.attempts, reply.tool, reply.call_id) == (
        "served-model",
        1,
        "pick",
        "call_1",
    )
    assert reply.latency_ms > 0


def test_the_request_is_deterministic_and_forces_the_tool(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call({"n": 4}, name="pick"))
    client.call_tool(MESSAGES, TOOL, prompt_version="pick.v3")
    (request,) = server.requests
    body = request.body
    assert request.headers["x-askbi-prompt-version"] == "pick.v3"
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body["model"] == "test-model"
    assert body["temperature"] == 0
    assert body["seed"] == 7
    assert body["tool_choice"] == {"type": "function", "function": {"name": "pick"}}
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "pick",
                "description": "Pick a number.",
                "parameters": dict(TOOL.parameters),
            },
        }
    ]
    assert body["messages"] == [
        {"role": "system", "content": "You pick numbers."},
        {"role": "user", "content": "pick one"},
    ]
    assert not body.get("stream")


def test_a_replayed_tool_call_uses_the_wire_format_for_repairs(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        tool_call({"n": 4}, name="pick", call_id="call_abc"), tool_call({"n": 5}, name="pick")
    )
    first = client.call_tool(MESSAGES, TOOL)
    call, result = first.replay("4 is taken; pick another")
    assert call == AssistantToolCall("call_abc", "pick", '{"n": 4}')
    assert result == ToolResult("call_abc", "4 is taken; pick another")
    client.call_tool([*MESSAGES, call, result], TOOL)
    assert server.requests[1].messages[2:] == [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_abc",
                    "type": "function",
                    "function": {"name": "pick", "arguments": '{"n": 4}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_abc", "content": "4 is taken; pick another"},
    ]


def test_malformed_json_arguments_are_bad_output(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(tool_call('{"n": 4,', name="pick"))
    with pytest.raises(LLMBadOutput) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_bad_json"
    assert "not valid JSON" in caught.value.message
    assert len(server.requests) == 1  # bad output is not a transport failure: no retry


def test_arguments_cut_off_at_the_token_limit_say_so(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call('{"n": 4', name="pick", finish_reason="length"))
    with pytest.raises(LLMBadOutput, match="cut off at the token limit"):
        client.call_tool(MESSAGES, TOOL)


def test_arguments_that_are_not_an_object_are_bad_output(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call("[4]", name="pick"))
    with pytest.raises(LLMBadOutput, match="JSON list, not an object"):
        client.call_tool(MESSAGES, TOOL)


def test_a_prose_answer_is_bad_output_not_parsed(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(text_reply("Sure! I pick 4."))
    with pytest.raises(LLMBadOutput) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_no_tool_call"
    assert "supports tool (function) calling" in str(caught.value)


def test_a_call_of_another_tool_is_not_a_call_of_ours(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(tool_call({"n": 4}, name="something_else"))
    with pytest.raises(LLMBadOutput, match="without calling the tool 'pick'"):
        client.call_tool(MESSAGES, TOOL)


def test_a_reply_that_is_not_a_completion_is_bad_output(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(json_reply({"object": "chat.completion", "choices": []}))
    with pytest.raises(LLMBadOutput) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_bad_reply"


def test_429_is_retried_after_the_wait_the_server_asks_for(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(
        error(429, "Rate limit reached", headers={"Retry-After": "0.4"}),
        tool_call({"n": 4}, name="pick"),
    )
    reply = client.call_tool(MESSAGES, TOOL)
    assert reply.attempts == 2
    first, second = server.requests
    assert second.received_at - first.received_at >= 0.4
    assert reply.latency_ms >= 400


def test_5xx_is_retried_with_backoff(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(
        error(500, "upstream exploded"), error(503, "overloaded"), tool_call({"n": 4}, name="pick")
    )
    reply = client.call_tool(MESSAGES, TOOL)
    assert reply.attempts == 3
    assert len(server.requests) == 3


def test_retries_are_bounded_and_counted(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(*[error(500, "still broken")] * 4)
    with pytest.raises(LLMUnavailable) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_server_error"
    assert caught.value.attempts == 3  # max_retries=2: one try and two retries
    assert len(server.requests) == 3
    assert "HTTP 500 (3 attempts)" in caught.value.message
    assert "still broken" in caught.value.message


def test_max_retries_zero_sends_one_request(server: OpenAIServer) -> None:
    server.reply(error(502, "bad gateway"), tool_call({"n": 4}, name="pick"))
    with (
        LLMClient(settings_for(server.url, max_retries=0)) as llm,
        pytest.raises(LLMUnavailable),
    ):
        llm.call_tool(MESSAGES, TOOL)
    assert len(server.requests) == 1


def test_a_retry_after_beyond_the_budget_fails_at_once(server: OpenAIServer) -> None:
    server.reply(error(429, "Rate limit reached", headers={"Retry-After": "30"}))
    started = time.monotonic()
    with (
        LLMClient(settings_for(server.url, timeout_s=2)) as llm,
        pytest.raises(LLMUnavailable) as caught,
    ):
        llm.call_tool(MESSAGES, TOOL)
    assert time.monotonic() - started < 1.5
    assert caught.value.code == "llm_rate_limited"
    assert "asks to wait 30 s" in caught.value.message
    assert len(server.requests) == 1


def test_a_rejected_key_is_not_retried_and_never_echoed(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(error(401, f"Incorrect API key provided: {KEY}"))
    with pytest.raises(LLMRejected) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_auth"
    assert "OPENAI_API_KEY" in str(caught.value)
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value.to_dict())
    assert len(server.requests) == 1


def test_an_unknown_model_points_at_the_model_setting(
    server: OpenAIServer, client: LLMClient
) -> None:
    server.reply(error(404, "The model `test-model` does not exist"))
    with pytest.raises(LLMRejected) as caught:
        client.call_tool(MESSAGES, TOOL)
    assert caught.value.code == "llm_not_found"
    assert "ASKBI_LLM_MODEL" in str(caught.value)


def test_a_slow_server_times_out_quickly_and_is_not_retried(server: OpenAIServer) -> None:
    server.reply(delayed(tool_call({"n": 4}, name="pick"), 10), tool_call({"n": 5}, name="pick"))
    started = time.monotonic()
    with (
        LLMClient(settings_for(server.url, timeout_s=1)) as llm,
        pytest.raises(LLMUnavailable) as caught,
    ):
        llm.call_tool(MESSAGES, TOOL)
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 3
    assert caught.value.code == "llm_timeout"
    assert "within 1 s" in caught.value.message
    assert "ASKBI_LLM_TIMEOUT" in str(caught.value)
    assert len(server.requests) == 1


def test_a_dropped_connection_is_retried(server: OpenAIServer, client: LLMClient) -> None:
    server.reply(hang_up(), tool_call({"n": 4}, name="pick"))
    reply = client.call_tool(MESSAGES, TOOL)
    assert reply.attempts == 2
    assert reply.arguments == {"n": 4}


def test_a_closed_port_is_unavailable_after_the_retries() -> None:
    with socket.socket() as probe:  # a port nothing listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with (
        LLMClient(settings_for(f"http://127.0.0.1:{port}/v1")) as llm,
        pytest.raises(LLMUnavailable) as caught,
    ):
        llm.call_tool(MESSAGES, TOOL)
    assert time.monotonic() - started < 2
    assert caught.value.code == "llm_unreachable"
    assert caught.value.attempts == 3
    assert f"127.0.0.1:{port}" in caught.value.message
    assert "OPENAI_BASE_URL" in str(caught.value)


def test_a_slow_but_steady_body_is_read_to_the_end(server: OpenAIServer) -> None:
    # Socket timeouts bound each read, not the whole body: a reply that is already arriving
    # is finished rather than thrown away, even past timeout_s (see app/llm/client.py).
    server.reply(trickled(tool_call({"n": 4}, name="pick"), 0.03))
    started = time.monotonic()
    with LLMClient(settings_for(server.url, timeout_s=0.5)) as llm:
        reply = llm.call_tool(MESSAGES, TOOL)
    assert reply.arguments == {"n": 4}
    assert time.monotonic() - started > 0.5


def test_the_client_is_the_only_module_that_imports_openai() -> None:
    root = Path(__file__).resolve().parent.parent
    importers = sorted(
        str(path.relative_to(root))
        for package in ("app", "semantic_layer", "metrics", "connectors", "sample_db")
        for path in (root / package).rglob("*.py")
        if re.search(r"^\s*(import openai|from openai\b)", path.read_text("utf-8"), re.M)
    )
    assert importers == ["app/llm/client.py"]


def test_the_llm_path_imports_without_the_sdk() -> None:
    # The orchestrator and the UI can use plans, prompts and contexts without loading openai.
    code = (
        "import sys, app.llm.plan_request, app.llm.sql_request, app.llm.settings; "
        "print('openai' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
