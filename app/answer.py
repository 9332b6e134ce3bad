"""The answer to a question: one typed record for the CLI, the app, dashboards and tests.

It is a complete trace: what was asked, how it was understood, where the plan came from,
the SQL that ran, the rows, the chart spec, the narrative, and what each stage cost. What
the UI shows, ``askbi ask --json`` prints and the regression suite compares all come from
this one record.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.charts import ChartSpec
from app.planning.outcome import Clarification, Intent
from metrics.model import Format
from metrics.plan import SemanticQuery


class Source(StrEnum):
    VERIFIED = "verified"
    PLANNER = "planner"
    LLM_PLAN = "llm-plan"
    LLM_SQL = "llm-sql"


class Status(StrEnum):
    ANSWERED = "answered"
    CLARIFY = "clarify"
    """The question needs a choice from the user; nothing ran."""
    CANNOT_ANSWER = "cannot_answer"
    """The catalog can't express it and no model is configured (or it declined)."""
    REFUSED = "refused"
    """SQL was written but the guard refused it."""
    ERROR = "error"


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResultColumn(Record):
    name: str
    role: str
    """``dimension``, ``time``, ``metric`` or ``column`` (LLM-written SQL)"""
    label: str
    format: Format | None = None
    decimals: int = 0
    unit: str = ""


class TokenUsage(Record):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class ErrorInfo(Record):
    code: str
    message: str
    stage: str
    hint: str | None = None
    suggestions: tuple[str, ...] = ()


class TimeWindow(Record):
    start: dt.date | None
    end: dt.date | None


class Answer(Record):
    question: str
    status: Status
    understood: str = ""
    """How the question was read, generated from the plan or the SQL — never model prose."""
    source: Source | None = None
    intent: Intent = Intent.LOOKUP
    plan: SemanticQuery | None = None
    sql: str | None = None
    dialect: str | None = None
    columns: tuple[ResultColumn, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    row_count: int = 0
    truncated: bool = False
    chart: ChartSpec | None = None
    narrative: str = ""
    confidence: float = 0.0
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    metric_versions: dict[str, int] = Field(default_factory=dict)
    time_window: TimeWindow | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    tokens: TokenUsage = TokenUsage()
    llm_calls: int = 0
    prompt_version: str | None = None
    verified_query: str | None = None
    clarification: Clarification | None = None
    error: ErrorInfo | None = None
    today: dt.date

    @property
    def ok(self) -> bool:
        return self.status is Status.ANSWERED

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
