"""A real HTTP server speaking the OpenAI Chat Completions API, scripted per test.

It answers ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) from a queue of
:class:`Reply` values: a tool call, malformed arguments, a plain text answer, an error
status with headers (429 with ``Retry-After``, 500), a delay longer than the client's
timeout, a body trickled in slow chunks, or a connection closed without an answer. Every
request is recorded (headers and decoded JSON body) so tests can assert what was sent.

The real ``openai`` client talks to it over a socket, so retries, timeouts and error
mapping are exercised as they run against a real server, with nothing patched. A request
with no scripted reply left gets HTTP 400 with a message saying so, which fails the test
loudly rather than hanging it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    """Wait this long before sending anything (to outlast the client's timeout)."""
    chunk_s: float = 0.0
    """Send the body in small chunks this far apart (a slow stream)."""
    hang_up: bool = False
    """Close the connection without any answer."""


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float = field(default_factory=time.monotonic)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def text(self) -> str:
        """The whole body as JSON text, for "never contains" assertions."""
        return json.dumps(self.body, ensure_ascii=False)


def completion(
    message: dict[str, Any], *, finish_reason: str, model: str, usage: tuple[int, int]
) -> Reply:
    prompt, completion_tokens = usage
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_782_777_600,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
        },
    }
    return json_reply(body)


def tool_call(
    arguments: dict[str, Any] | str,
    *,
    name: str,
    usage: tuple[int, int] = (100, 20),
    model: str = "test-model",
    call_id: str = "call_1",
    finish_reason: str = "tool_calls",
) -> Reply:
    """The model calls ``name``; a ``str`` is sent as the raw arguments (e.g. broken JSON)."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": raw}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return completion(message, finish_reason=finish_reason, model=model, usage=usage)


def text_reply(content: str, *, usage: tuple[int, int] = (100, 20)) -> Reply:
    """The model answers in prose instead of calling the tool."""
    message = {"role": "assistant", "content": content}
    return completion(message, finish_reason="stop", model="test-model", usage=usage)


def error(status: int, message: str, *, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"message": message, "type": "test_error", "code": None}}
    return replace(json_reply(body, status=status), headers=tuple((headers or {}).items()))


def json_reply(body: object, *, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(body).encode())


def hang_up() -> Reply:
    return Reply(hang_up=True)


def delayed(reply: Reply, seconds: float) -> Reply:
    return replace(reply, delay_s=seconds)


def trickled(reply: Reply, chunk_s: float) -> Reply:
    return replace(reply, chunk_s=chunk_s)


class OpenAIServer:
    """Start with ``with OpenAIServer() as server:``; script with :meth:`reply`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._requests: list[Recorded] = []
        self._stopping = threading.Event()
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._http.owner = self
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    @property
    def url(self) -> str:
        """The ``base_url`` for an OpenAI client."""
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(self, *replies: Reply) -> None:
        """Queue answers for the next requests, in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._requests)

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._queue)

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()  # wakes handlers that are sleeping out a delay
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def _next(self) -> Reply | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self._requests.append(recorded)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: OpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The client hanging up on a slow reply is what several tests provoke on purpose.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        body = json.loads(raw) if raw else {}
        recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        owner = self.server.owner
        if self.path != COMPLETIONS_PATH:
            reply: Reply | None = error(404, f"test server: no route {self.path}")
        elif body.get("stream"):
            reply = error(400, "test server: streamed completions are not scripted")
        else:
            reply = owner._next()
        owner._record(recorded)
        self._send(reply or error(400, "test server: no scripted reply left"), owner._stopping)

    def _send(self, reply: Reply, stopping: threading.Event) -> None:
        if reply.delay_s and stopping.wait(reply.delay_s):
            return
        if reply.hang_up:
            return  # the server closes the socket: the client sees no response at all
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if not reply.chunk_s:
            self.wfile.write(reply.body)
            return
        for start in range(0, len(reply.body), 16):
            self.wfile.write(reply.body[start : start + 16])
            self.wfile.flush()
            if stopping.wait(reply.chunk_s):
                return
