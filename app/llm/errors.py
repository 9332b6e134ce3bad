"""What can go wrong on the LLM path, as user errors of stage ``llm``.

Every foreign exception (the ``openai`` SDK's, a JSON decoder's, pydantic's) is wrapped once,
at the boundary that caught it, into one of these. Each says what happened and what to do
next, and none ever contains the API key.
"""

from __future__ import annotations

from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError


class LLMError(UserError):
    """Base of the LLM stage's errors; the orchestrator can fall back to the offline planner."""

    code = ErrorCode.LLM_ERROR

    def __init__(
        self, message: str, *, hint: str | None = None, code: str | None = None, attempts: int = 1
    ) -> None:
        super().__init__(message, stage=AppStage.LLM, hint=hint, code=code)
        self.attempts = attempts
        """HTTP requests made before giving up (retries included), for traces."""


class LLMNotConfigured(LLMError):
    """No model is configured, or a setting is unusable."""

    code = ErrorCode.LLM_NOT_CONFIGURED


class LLMUnavailable(LLMError):
    """The model server could not be reached, was too slow, or kept failing after retries."""

    code = ErrorCode.LLM_UNAVAILABLE


class LLMRejected(LLMError):
    """The server refused the request (bad key, unknown model, unsupported parameter)."""

    code = ErrorCode.LLM_REJECTED


class LLMBadOutput(LLMError):
    """The model answered, but not with a usable tool call: no call, bad JSON, invalid plan."""

    code = ErrorCode.LLM_BAD_OUTPUT

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        code: str | None = None,
        attempts: int = 1,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, code=code, attempts=attempts)
        self.detail = detail or message
        """Just what is wrong, worded for the model when its answer is sent back to repair."""
