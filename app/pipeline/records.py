"""The records the pipeline's stages hand each other, ending in the Answer.

Every stage returns one of these frozen values, and later stages only read them, so a stage
never needs to import a later one: ground → plan (:class:`PlanStep`) → compile
(:class:`SqlCandidate`) → guard → execute (:class:`Execution`) → present (:class:`Answer`).

The Answer is a complete trace: what was asked, how it was understood, where the plan came
from, the SQL that ran, the rows, the chart spec, the narrative, and what each stage cost.
What the UI shows, ``askbi ask --json`` prints and the regression suite compares all come
from this one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.i18n.notes import Note
from app.project.verified_queries import VerifiedQuery
from connectors.base import QueryResult
from metrics.compiler import CompiledQuery
from metrics.model import Format
from metrics.semantic_query import SemanticQuery


class Intent(StrEnum):
    LOOKUP = "lookup"
    CORRELATION = "correlation"
    """Two measures side by side per entity, to see whether they move together."""


@dataclass(frozen=True)
class Option:
    """One way to resolve a clarification: a label for a button, and the question it asks."""

    label: str
    question: str


@dataclass(frozen=True)
class Clarification:
    message: str
    options: tuple[Option, ...] = ()
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation, for follow-ups."""

    question: str
    plan: SemanticQuery | None


@dataclass(frozen=True)
class ChartSpec:
    kind: str
    """``number``, ``line``, ``bar``, ``scatter`` or ``table``"""
    x: str | None
    y: tuple[str, ...]
    color: str | None
    title: str
    x_title: str
    y_title: str
    label: str | None = None
    """For scatters: the column naming each point (the store, the region)."""


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
    labels: dict[str, str] = Field(default_factory=dict)
    """Locale → the column's label in that language (``{"ko": "매출"}``), from the YAML."""


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


@dataclass(frozen=True)
class SqlCandidate:
    """SQL for the guard: compiled from a plan, or written by a model."""

    sql: str
    dialect: str
    source: Source
    columns: tuple[ResultColumn, ...] = ()
    """Known up front for compiled plans; inferred from the result for model-written SQL."""
    start: dt.date | None = None
    end: dt.date | None = None
    metric_versions: dict[str, int] = field(default_factory=dict)
    warnings: tuple[Note, ...] = ()
    compiled: CompiledQuery | None = None
    tokens: TokenUsage = field(default_factory=TokenUsage)
    llm_calls: int = 0
    prompt_version: str | None = None


@dataclass(frozen=True)
class PlanStep:
    """The plan stage's output: a plan, model-written SQL, a question back, or "can't"."""

    source: Source | None
    plan: SemanticQuery | None = None
    intent: Intent = Intent.LOOKUP
    clarification: Clarification | None = None
    cannot_express: str | None = None
    candidate: SqlCandidate | None = None
    """SQL a model wrote because no plan can express the question."""
    notes: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()
    ignored: tuple[str, ...] = ()
    """Words of the question the plan leaves out on purpose ("show", "return")."""
    confidence: float = 0.0
    verified: VerifiedQuery | None = None
    tokens: TokenUsage = field(default_factory=TokenUsage)
    llm_calls: int = 0
    prompt_version: str | None = None


Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Execution:
    """What the database said: the rows, and the dates each asked time dimension covers."""

    result: QueryResult
    spans: Mapping[str, Span | None] = field(default_factory=dict)
    """time dimension → its first and last date (``None``: unknown), for coverage notes."""


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
    warnings: tuple[Note, ...] = ()
    notes: tuple[Note, ...] = ()
    """How the question was read and answered, as typed messages shown in the reader's
    language; a record stored when these were sentences loads them as plain notes."""
    ignored: tuple[str, ...] = ()
    """The question's words the plan left out, which the interpretation names."""
    metric_versions: dict[str, int] = Field(default_factory=dict)
    time_window: TimeWindow | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    tokens: TokenUsage = TokenUsage()
    llm_calls: int = 0
    prompt_version: str | None = None
    verified_query: str | None = None
    value_names: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Column → value → the value's name in the question's language, for display."""
    clarification: Clarification | None = None
    error: ErrorInfo | None = None
    today: dt.date

    @property
    def ok(self) -> bool:
        return self.status is Status.ANSWERED

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
