"""Which model askbi talks to, where, and within which limits.

Any OpenAI-compatible server works (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp): set
``ASKBI_LLM_MODEL`` plus ``OPENAI_API_KEY`` and/or ``OPENAI_BASE_URL``. Without a model askbi
uses its offline planner only. The key is kept out of ``repr`` and of :meth:`describe`, so it
never reaches a log, a trace or the UI.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.llm.errors import LLMNotConfigured
from app.settings import LLM_MODEL, LLM_TIMEOUT, OPENAI_API_KEY, OPENAI_BASE_URL, Setting
from kernel.error_codes import ErrorCode

OPENAI_HOST = "api.openai.com"


@dataclass(frozen=True, repr=False)
class LLMSettings:
    """Connection and sampling settings of one model.

    ``timeout_s`` bounds one tool call as a whole, retries and their waits included: an
    interactive question must fail fast and clearly rather than hang (the SDK's default is
    ten minutes per request). ``backoff_s`` is the first retry's wait; it doubles each time.
    """

    api_key: str | None
    base_url: str | None
    model: str | None
    timeout_s: float = 20.0
    max_retries: int = 2
    seed: int = 7
    temperature: float = 0.0
    backoff_s: float = 0.5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.timeout_s) and self.timeout_s > 0):
            raise LLMNotConfigured(
                f"The LLM timeout must be a positive number of seconds, not {self.timeout_s}.",
                hint="Set ASKBI_LLM_TIMEOUT to e.g. 20.",
                code=ErrorCode.LLM_BAD_SETTING,
            )
        if self.max_retries < 0:
            raise LLMNotConfigured(
                f"max_retries must be 0 or more, not {self.max_retries}.",
                code=ErrorCode.LLM_BAD_SETTING,
            )
        if self.base_url is not None and not _usable_url(self.base_url):
            raise LLMNotConfigured(
                "OPENAI_BASE_URL is not an http(s) URL with a host.",
                hint="Set it like http://localhost:11434/v1 (Ollama) or https://host/v1.",
                code=ErrorCode.LLM_BAD_SETTING,
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> LLMSettings:
        """Read ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``ASKBI_LLM_MODEL``, ``ASKBI_LLM_TIMEOUT``.

        >>> env = {"ASKBI_LLM_MODEL": "qwen2.5", "ASKBI_LLM_TIMEOUT": "30"}
        >>> LLMSettings.from_env(env).timeout_s
        30.0
        """
        timeout = _value(env, LLM_TIMEOUT)
        return cls(
            api_key=_value(env, OPENAI_API_KEY),
            base_url=_value(env, OPENAI_BASE_URL),
            model=_value(env, LLM_MODEL),
            timeout_s=_seconds(timeout) if timeout is not None else cls.timeout_s,
        )

    @property
    def configured(self) -> bool:
        """A model is named and there is somewhere to send it: a key (OpenAI) or a server URL.

        >>> ollama = "http://localhost:11434/v1"
        >>> LLMSettings(api_key=None, base_url=ollama, model="llama3.1").configured
        True
        >>> LLMSettings(api_key="sk-test", base_url=None, model=None).configured
        False
        """
        return bool(self.model) and bool(self.api_key or self.base_url)

    @property
    def host(self) -> str:
        """The server's host (and port), without scheme, path or any credentials in the URL.

        >>> LLMSettings(api_key=None, base_url="http://user:pw@127.0.0.1:8080/v1", model="m").host
        '127.0.0.1:8080'
        """
        if not self.base_url:
            return OPENAI_HOST
        parts = urlsplit(self.base_url)
        host = parts.hostname or self.base_url
        return f"{host}:{parts.port}" if parts.port else host

    def __repr__(self) -> str:
        # A base URL may carry credentials (https://user:secret@host/v1): show the host only.
        return (
            f"LLMSettings(model={self.model!r}, host={self.host!r}, "
            f"key={'set' if self.api_key else 'unset'}, timeout_s={self.timeout_s}, "
            f"max_retries={self.max_retries}, seed={self.seed}, temperature={self.temperature})"
        )

    def describe(self) -> str:
        """One line for the UI and traces; never the key.

        >>> LLMSettings(api_key="sk-secret", base_url=None, model="gpt-4o-mini").describe()
        'gpt-4o-mini at api.openai.com'
        >>> LLMSettings(api_key=None, base_url=None, model=None).describe()
        'offline planner only'
        """
        if not self.configured:
            return "offline planner only"
        return f"{self.model} at {self.host}"


def _value(env: Mapping[str, str], setting: Setting) -> str | None:
    """An environment value with blanks treated as unset (``export X=`` is a common reset)."""
    value = env.get(setting.variable, "").strip()
    return value or None


def _usable_url(url: str) -> bool:
    """
    >>> [_usable_url(u) for u in ("http://localhost:8000/v1", "localhost:8000", "http://[::1")]
    [True, False, False]
    """
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise LLMNotConfigured(
            f"ASKBI_LLM_TIMEOUT={text!r} is not a number of seconds.",
            hint="Set it to e.g. 20, or unset it for the default.",
            code=ErrorCode.LLM_BAD_SETTING,
        ) from None
