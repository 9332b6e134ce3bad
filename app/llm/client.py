"""The one module that talks to a model server, through the official ``openai`` SDK.

:class:`LLMClient` sends a conversation plus exactly one tool and forces the model to call it
(``tool_choice``), so what comes back is JSON arguments, never prose to pick SQL out of. It
sets what the SDK leaves open: a timeout of seconds instead of ten minutes, temperature 0 and
a fixed seed, and its own retry loop (see :mod:`app.llm.retry` for why not the SDK's).
Every SDK or decoding exception is wrapped here, once, into :mod:`app.llm.errors`.

One limit to know: socket timeouts bound each read, so a server that trickles a response
body byte by byte could outlast ``timeout_s``; real servers send a non-streamed completion
in one piece once it is generated, which the timeout does bound.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import openai
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionFunctionToolParam,
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionMessageParam,
    ChatCompletionNamedToolChoiceParam,
)

from app.llm.errors import LLMBadOutput, LLMError, LLMNotConfigured, LLMRejected, LLMUnavailable
from app.llm.messages import (
    AssistantMessage,
    AssistantToolCall,
    Message,
    SystemMessage,
    TokenUsage,
    ToolReply,
    ToolSpec,
    UserMessage,
)
from app.llm.retry import backoff_s, is_retryable_status, retry_after_s
from app.llm.settings import LLMSettings
from app.time_budget import remaining
from kernel.error_codes import ErrorCode

log = logging.getLogger(__name__)

OPENAI_BASE_URL = "https://api.openai.com/v1"
PROMPT_VERSION_HEADER = "X-Askbi-Prompt-Version"
NO_KEY = "askbi-no-key"
"""Sent to keyless local servers (Ollama, llama.cpp), which ignore it; the SDK insists on one."""


class LLMClient:
    """A configured model: ``call_tool`` is the only way in. Close it (or use ``with``)."""

    def __init__(self, settings: LLMSettings) -> None:
        if not settings.configured:
            raise LLMNotConfigured(
                "No language model is configured.",
                hint="Set ASKBI_LLM_MODEL and OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL "
                "(Ollama, vLLM, llama.cpp, Azure).",
            )
        self.settings = settings
        # The SDK would otherwise read OPENAI_BASE_URL from the environment behind our back.
        self._sdk = openai.OpenAI(
            api_key=settings.api_key or NO_KEY,
            base_url=settings.base_url or OPENAI_BASE_URL,
            timeout=settings.timeout_s,
            max_retries=0,
        )

    def close(self) -> None:
        self._sdk.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def call_tool(
        self, messages: Sequence[Message], tool: ToolSpec, *, prompt_version: str = ""
    ) -> ToolReply:
        """Send ``messages``, force ``tool``, return its decoded arguments.

        ``prompt_version`` goes along as the ``X-Askbi-Prompt-Version`` header.

        Raises :class:`LLMUnavailable` (unreachable, timed out, retries exhausted),
        :class:`LLMRejected` (bad key, unknown model, unsupported request) or
        :class:`LLMBadOutput` (no tool call, arguments that are not a JSON object).
        """
        started = time.perf_counter()
        # The request's own limit, or what the question has left of its budget.
        seconds = remaining(self.settings.timeout_s)
        if seconds <= 0:
            raise LLMUnavailable(
                "The question used up its time budget before the model could be asked.",
                hint="Ask something narrower, or raise ASKBI_QUESTION_TIMEOUT.",
                code=ErrorCode.LLM_TIMEOUT,
                attempts=0,
            )
        deadline = started + seconds
        headers = {PROMPT_VERSION_HEADER: prompt_version} if prompt_version else {}
        try:
            completion, attempts = self._complete(messages, tool, headers, deadline=deadline)
        except LLMUnavailable as e:
            if e.code != ErrorCode.LLM_TIMEOUT or seconds >= self.settings.timeout_s:
                raise
            raise LLMUnavailable(
                f"The model server at {self.settings.host} did not answer in the {seconds:.1f} s"
                " the question had left of its time budget.",
                hint="Ask something narrower, or raise ASKBI_QUESTION_TIMEOUT.",
                code=ErrorCode.LLM_TIMEOUT,
                attempts=e.attempts,
            ) from e
        latency_ms = (time.perf_counter() - started) * 1000
        return _tool_reply(completion, tool, self.settings, attempts, latency_ms)

    def _complete(
        self,
        messages: Sequence[Message],
        tool: ToolSpec,
        headers: dict[str, str],
        *,
        deadline: float,
    ) -> tuple[ChatCompletion, int]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._create(messages, tool, headers, deadline), attempt
            except openai.APIError as error:
                wait = self._wait_before_retry(error, attempt, deadline)
                if wait is None:
                    raise _wrap(error, self.settings, attempt) from error
                # The class name only: a server's message may echo the key.
                failure = type(error).__name__
                log.info("LLM attempt %d failed (%s); retry in %.2f s", attempt, failure, wait)
                time.sleep(wait)

    def _create(
        self, messages: Sequence[Message], tool: ToolSpec, headers: dict[str, str], deadline: float
    ) -> ChatCompletion:
        s = self.settings
        assert s.model is not None  # guaranteed by `configured`
        return self._sdk.chat.completions.create(
            model=s.model,
            messages=[_wire(m) for m in messages],
            tools=[_tool_param(tool)],
            tool_choice=_forced(tool),
            temperature=s.temperature,
            seed=s.seed,
            extra_headers=headers,
            # Each attempt gets what is left of the call's budget, so retries cannot add up.
            timeout=max(deadline - time.perf_counter(), 0.001),
        )

    def _wait_before_retry(
        self, error: openai.APIError, attempt: int, deadline: float
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up now."""
        if attempt > self.settings.max_retries or isinstance(error, openai.APITimeoutError):
            return None
        if isinstance(error, openai.APIStatusError):
            if not is_retryable_status(error.status_code):
                return None
            wait = retry_after_s(error.response.headers, now=time.time())
        elif isinstance(error, openai.APIConnectionError):
            wait = None
        else:
            return None
        if wait is None:
            wait = backoff_s(attempt, self.settings.backoff_s, jitter=random.random())
        # A wait that would end past the deadline cannot lead to an answer in time.
        return wait if time.perf_counter() + wait < deadline else None


def _wire(message: Message) -> ChatCompletionMessageParam:
    """Our message types in the Chat Completions wire format."""
    if isinstance(message, SystemMessage):
        return {"role": "system", "content": message.text}
    if isinstance(message, UserMessage):
        return {"role": "user", "content": message.text}
    if isinstance(message, AssistantMessage):
        return {"role": "assistant", "content": message.text}
    if isinstance(message, AssistantToolCall):
        # content null, as the server itself sends it: some chat templates need the key.
        return {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": message.call_id,
                    "type": "function",
                    "function": {"name": message.name, "arguments": message.arguments_json},
                }
            ],
        }
    return {"role": "tool", "tool_call_id": message.call_id, "content": message.text}


def _tool_param(tool: ToolSpec) -> ChatCompletionFunctionToolParam:
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": dict(tool.parameters),
        },
    }


def _forced(tool: ToolSpec) -> ChatCompletionNamedToolChoiceParam:
    return {"type": "function", "function": {"name": tool.name}}


def _tool_reply(
    completion: object, tool: ToolSpec, settings: LLMSettings, attempts: int, latency_ms: float
) -> ToolReply:
    # A server that answers 200 with something else (an HTML page, an error object) makes
    # the SDK hand back text or a partial model; neither has a usable choice.
    choices = completion.choices if isinstance(completion, ChatCompletion) else None
    if not isinstance(completion, ChatCompletion) or not choices:
        raise LLMBadOutput(
            f"The model server at {settings.host} answered without a chat completion.",
            hint="Check that OPENAI_BASE_URL points at an OpenAI-compatible API (often …/v1).",
            code=ErrorCode.LLM_BAD_REPLY,
            attempts=attempts,
        )
    choice = choices[0]
    calls = [
        c
        for c in choice.message.tool_calls or ()
        if isinstance(c, ChatCompletionMessageFunctionToolCall) and c.function.name == tool.name
    ]
    if not calls:
        raise LLMBadOutput(
            f"The model answered without calling the tool '{tool.name}' "
            f"(finish reason: {choice.finish_reason}).",
            hint=f"Use a model that supports tool (function) calling; '{settings.model}' may not.",
            code=ErrorCode.LLM_NO_TOOL_CALL,
            attempts=attempts,
        )
    usage = completion.usage
    return ToolReply(
        arguments=_arguments(calls[0].function.arguments, tool, choice.finish_reason, attempts),
        usage=TokenUsage(usage.prompt_tokens, usage.completion_tokens) if usage else TokenUsage(),
        model=completion.model or str(settings.model),
        latency_ms=latency_ms,
        attempts=attempts,
        call_id=calls[0].id,
        tool=tool.name,
    )


def _arguments(text: str, tool: ToolSpec, finish_reason: str, attempts: int) -> dict[str, Any]:
    cut_off = " The reply was cut off at the token limit." if finish_reason == "length" else ""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise LLMBadOutput(
            f"The model's arguments for '{tool.name}' are not valid JSON "
            f"(line {e.lineno} column {e.colno}: {e.msg}).{cut_off}",
            hint="Ask again; if it keeps happening, use a model that is better at tool calling.",
            code=ErrorCode.LLM_BAD_JSON,
            attempts=attempts,
        ) from e
    if not isinstance(value, dict):
        raise LLMBadOutput(
            f"The model's arguments for '{tool.name}' are a JSON {type(value).__name__}, "
            "not an object.",
            hint="Ask again; if it keeps happening, use a model that is better at tool calling.",
            code=ErrorCode.LLM_BAD_JSON,
            attempts=attempts,
        )
    return value


def _wrap(error: openai.APIError, settings: LLMSettings, attempts: int) -> LLMError:
    """The SDK's exception as one of ours; the key is redacted from anything the server said."""
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    where = f"The model server at {settings.host}"
    if isinstance(error, openai.APITimeoutError):
        return LLMUnavailable(
            f"{where} did not answer within {settings.timeout_s:g} s ({tries}).",
            hint="Ask again, use a faster model, or raise ASKBI_LLM_TIMEOUT.",
            code=ErrorCode.LLM_TIMEOUT,
            attempts=attempts,
        )
    if isinstance(error, openai.APIConnectionError):
        return LLMUnavailable(
            f"Could not connect to the model server at {settings.host} ({tries}).",
            hint="Check OPENAI_BASE_URL and that the server is running.",
            code=ErrorCode.LLM_UNREACHABLE,
            attempts=attempts,
        )
    if isinstance(error, openai.APIStatusError):
        return _wrap_status(error, settings, attempts, where, tries)
    return LLMUnavailable(
        f"{where} failed: {_redact(str(error), settings)}",
        code=ErrorCode.LLM_FAILED,
        attempts=attempts,
    )


def _wrap_status(
    error: openai.APIStatusError, settings: LLMSettings, attempts: int, where: str, tries: str
) -> LLMError:
    status = error.status_code
    said = _server_message(error, settings)
    if status == 429:
        wait = retry_after_s(error.response.headers, now=time.time())
        asks = f" It asks to wait {wait:g} s." if wait else ""
        return LLMUnavailable(
            f"{where} is rate-limiting requests (HTTP 429, {tries}).{asks}{said}",
            hint="Wait a little and ask again, or use a deployment with a higher rate limit.",
            code=ErrorCode.LLM_RATE_LIMITED,
            attempts=attempts,
        )
    if is_retryable_status(status):
        return LLMUnavailable(
            f"{where} failed with HTTP {status} ({tries}).{said}",
            hint="The server has a problem; ask again later or check its logs.",
            code=ErrorCode.LLM_SERVER_ERROR,
            attempts=attempts,
        )
    hints = {
        401: ("llm_auth", "Check OPENAI_API_KEY."),
        403: ("llm_auth", "Check that OPENAI_API_KEY may use this model."),
        404: ("llm_not_found", "Check ASKBI_LLM_MODEL and OPENAI_BASE_URL (often ends in /v1)."),
    }
    code, hint = hints.get(
        status,
        (
            "llm_rejected",
            "The model may not support tool calling, temperature or seed; "
            "try a model with function calling.",
        ),
    )
    return LLMRejected(
        f"{where} rejected the request for model '{settings.model}' (HTTP {status}).{said}",
        hint=hint,
        code=code,
        attempts=attempts,
    )


def _server_message(error: openai.APIStatusError, settings: LLMSettings) -> str:
    body = error.body
    text = body.get("message") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return ""
    text = _redact(" ".join(text.split()), settings)[:300].rstrip(".")
    return f" The server said: {text}."


def _redact(text: str, settings: LLMSettings) -> str:
    # Some servers echo the credential they rejected; it must not reach a message or log.
    return text.replace(settings.api_key, "***") if settings.api_key else text
