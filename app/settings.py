"""Every setting askbi reads from the environment or a flag, declared once.

Each :class:`Setting` names its environment variable, the CLI flag that overrides it, its
default and what it means. Resolution is always the same: the flag, then the variable, then
the default. The README's configuration table is rendered from :data:`SETTINGS` (a test
keeps them equal), so a setting can't exist in one place and not the other.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError


@dataclass(frozen=True)
class Setting:
    variable: str
    flag: str | None
    default: str
    meaning: str


PROJECT = Setting(
    "ASKBI_PROJECT",
    "--project",
    "`sample_db/project`",
    "the project folder: `semantic_layer/`, `metrics/`, optional `askbi.yaml`",
)
SOURCE = Setting(
    "ASKBI_SOURCE",
    "--source",
    "the project's `askbi.yaml` `source`, else `duckdb:///sample_db/retail.duckdb`",
    "database URL",
)
TODAY = Setting(
    "ASKBI_TODAY",
    "--today",
    "the clock",
    'the date relative ranges ("last month") resolve against, `YYYY-MM-DD`',
)
PLANNER = Setting(
    "ASKBI_PLANNER",
    "--planner",
    "`auto`",
    "`auto`: the offline planner, a model only for what it can't express; `offline`; "
    "`llm`: the model plans every question",
)
MAX_ROWS = Setting("ASKBI_MAX_ROWS", "--max-rows", "`10000`", "rows kept of any result")
QUERY_TIMEOUT = Setting(
    "ASKBI_QUERY_TIMEOUT", "--timeout", "`60`", "seconds a database query may run"
)
QUESTION_TIMEOUT = Setting(
    "ASKBI_QUESTION_TIMEOUT",
    "--question-timeout",
    "`90`",
    "seconds one question may take in all: every model call, check, repair and query",
)
OPENAI_API_KEY = Setting(
    "OPENAI_API_KEY",
    None,
    "none",
    "the model server's key; with `OPENAI_BASE_URL`, either one turns the model on",
)
OPENAI_BASE_URL = Setting(
    "OPENAI_BASE_URL",
    None,
    "none: offline planner only",
    "an OpenAI-compatible model server (OpenAI, Azure, Ollama, vLLM, llama.cpp)",
)
LLM_MODEL = Setting("ASKBI_LLM_MODEL", None, "none", "the model's name")
LLM_TIMEOUT = Setting("ASKBI_LLM_TIMEOUT", None, "`20`", "seconds per model request")

SETTINGS: tuple[Setting, ...] = (
    PROJECT,
    SOURCE,
    TODAY,
    PLANNER,
    MAX_ROWS,
    QUERY_TIMEOUT,
    QUESTION_TIMEOUT,
    OPENAI_API_KEY,
    OPENAI_BASE_URL,
    LLM_MODEL,
    LLM_TIMEOUT,
)


def value_of(
    setting: Setting, flag_value: str | None = None, env: Mapping[str, str] = os.environ
) -> str | None:
    """The flag's value, else the variable's (blank counts as unset), else ``None``."""
    if flag_value not in (None, ""):
        return flag_value
    return env.get(setting.variable) or None


def resolve_today(
    flag_value: dt.date | None = None, env: Mapping[str, str] = os.environ
) -> dt.date:
    """The one "today": ``--today``, else ``ASKBI_TODAY``, else the clock.

    >>> resolve_today(None, {"ASKBI_TODAY": "2024-01-15"})
    datetime.date(2024, 1, 15)
    >>> resolve_today(dt.date(2025, 3, 1), {"ASKBI_TODAY": "2024-01-15"})
    datetime.date(2025, 3, 1)
    """
    if flag_value is not None:
        return flag_value
    text = value_of(TODAY, None, env)
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise _invalid(TODAY, text, "Write YYYY-MM-DD.") from e


class PlannerMode(StrEnum):
    AUTO = "auto"
    """The offline planner first; a configured model for what it cannot express."""
    OFFLINE = "offline"
    LLM = "llm"
    """The model plans every question not answered by a verified query."""


@dataclass(frozen=True)
class Settings:
    """The limits and choices every answer runs under."""

    max_rows: int = 10_000
    timeout_s: float = 60.0
    planner: PlannerMode = PlannerMode.AUTO
    allow_pii: bool = False
    question_timeout_s: float = 90.0

    @classmethod
    def resolve(
        cls,
        *,
        planner: str | None = None,
        max_rows: int | None = None,
        timeout_s: float | None = None,
        question_timeout_s: float | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> Settings:
        """Flags first, then ``ASKBI_*`` variables, then the defaults."""
        return cls(
            max_rows=_positive_int(MAX_ROWS, max_rows, env) or cls.max_rows,
            timeout_s=_positive_seconds(QUERY_TIMEOUT, timeout_s, env) or cls.timeout_s,
            planner=_planner(planner, env),
            question_timeout_s=_positive_seconds(QUESTION_TIMEOUT, question_timeout_s, env)
            or cls.question_timeout_s,
        )


def _planner(flag_value: str | None, env: Mapping[str, str]) -> PlannerMode:
    text = value_of(PLANNER, flag_value, env) or PlannerMode.AUTO.value
    try:
        return PlannerMode(text)
    except ValueError as e:
        raise _invalid(PLANNER, text, "Use auto, offline or llm.") from e


def _positive_int(setting: Setting, flag_value: int | None, env: Mapping[str, str]) -> int | None:
    text = value_of(setting, None if flag_value is None else str(flag_value), env)
    if text is None:
        return None
    try:
        number = int(text)
    except ValueError as e:
        raise _invalid(setting, text, "Give a whole number above 0.") from e
    if number < 1:
        raise _invalid(setting, text, "Give a whole number above 0.")
    return number


def _positive_seconds(
    setting: Setting, flag_value: float | None, env: Mapping[str, str]
) -> float | None:
    text = value_of(setting, None if flag_value is None else str(flag_value), env)
    if text is None:
        return None
    try:
        seconds = float(text)
    except ValueError as e:
        raise _invalid(setting, text, "Give a number of seconds above 0.") from e
    if not (math.isfinite(seconds) and seconds > 0):
        raise _invalid(setting, text, "Give a number of seconds above 0.")
    return seconds


def _invalid(setting: Setting, text: str, hint: str) -> UserError:
    where = f"{setting.flag} / {setting.variable}" if setting.flag else setting.variable
    return UserError(
        f"{where} is {text!r}.", stage=Stage.LOAD, hint=hint, code=ErrorCode.INVALID_SETTING
    )


def markdown_table() -> str:
    """The README's configuration table."""
    lines = ["| variable | flag | meaning | default |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        flag = f"`{s.flag}`" if s.flag else ""
        lines.append(f"| `{s.variable}` | {flag} | {s.meaning} | {s.default} |")
    return "\n".join(lines)
