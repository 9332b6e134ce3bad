"""The one error hierarchy of askbi.

Every library and the application raise subclasses of :class:`AskbiError`, so the CLI and
the UI have a single way to show a failure: what went wrong (``message``), at which stage,
what to do next (``hint``) and, where one fits, the closest valid names (``suggestions``).
:class:`UserError` is something the user can fix (a typo, an impossible combination, a dead
database); :class:`InternalError` is a bug in askbi and says so.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import StrEnum

from kernel.error_codes import ErrorCode


class Stage(StrEnum):
    """The libraries' stages; the application adds its own (``app.stages.AppStage``)."""

    LOAD = "load"
    VALIDATE = "validate"
    COMPILE = "compile"
    CONNECT = "connect"
    EXECUTE = "execute"


class AskbiError(Exception):
    """Base of every error askbi raises on purpose."""

    code: str = ErrorCode.ASKBI_ERROR

    def __init__(
        self,
        message: str,
        *,
        stage: StrEnum,
        hint: str | None = None,
        suggestions: Iterable[str] = (),
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.stage = stage
        self.hint = hint
        self.suggestions = tuple(suggestions)
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the CLI prints: ``{"code", "message", "stage", "hint", ...}``."""
        data: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "stage": str(self.stage),
        }
        if self.hint:
            data["hint"] = self.hint
        if self.suggestions:
            data["suggestions"] = list(self.suggestions)
        return data

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class UserError(AskbiError):
    """Something the user can fix: bad input, unknown names, an unreachable database."""

    code = ErrorCode.USER_ERROR


class InternalError(AskbiError):
    """A bug in askbi: an invariant that should have held did not."""

    code = ErrorCode.INTERNAL_ERROR


def closest(name: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates closest to ``name``, best first, for did-you-mean messages.

    >>> closest("revnue", ["revenue", "refund_amount", "region"])
    ['revenue']
    """
    pool = sorted(set(candidates))
    return difflib.get_close_matches(name, pool, n=limit, cutoff=0.6)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` or an empty string.

    >>> did_you_mean("regoin", ["region", "store"])
    " Did you mean 'region'?"
    """
    matches = closest(name, candidates, limit=1)
    return f" Did you mean '{matches[0]}'?" if matches else ""
