"""The present stage: result rows → the Answer, with chart spec, narrative and warnings.

It reads only what the earlier stages hand it (:class:`Presentation`); it never queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.i18n.notes import Note, note
from app.pipeline.environment import Environment
from app.pipeline.present.coverage import coverage_warnings
from app.pipeline.present.formatting import json_value
from app.pipeline.present.narrative import language_of
from app.pipeline.present.wording import understanding, word
from app.pipeline.records import (
    Answer,
    ErrorInfo,
    Execution,
    PlanStep,
    ResultColumn,
    SqlCandidate,
    Status,
    TimeWindow,
    TokenUsage,
)
from kernel.error_codes import ErrorCode
from kernel.errors import AskbiError
from metrics.model import Format


@dataclass(frozen=True)
class Presentation:
    """Everything the present stage reads: the question, each stage's output, the rows."""

    question: str
    step: PlanStep
    candidate: SqlCandidate
    sql: str
    execution: Execution
    env: Environment
    language: str | None = None
    """The app's interface language, which an English question's answer follows."""


def present(given: Presentation) -> Answer:
    step, candidate, env = given.step, given.candidate, given.env
    result = given.execution.result
    language = reader_language(given.question, given.language)
    raw = candidate.columns or infer_columns(result.column_names, result.rows)
    rows = tuple(tuple(json_value(v) for v in row) for row in result.rows)
    window = TimeWindow(start=candidate.start, end=candidate.end) if candidate.end else None
    plan = step.plan
    worded = word(raw, rows, plan, step.intent, window, env, language, env.today)
    understood = understanding(
        plan,
        candidate.start,
        candidate.end,
        step.ignored,
        candidate,
        env,
        language,
        today=env.today,
        names=worded.value_names,
    )
    return Answer(
        question=given.question,
        status=Status.ANSWERED,
        understood=understood,
        source=candidate.source,
        intent=step.intent,
        plan=plan,
        sql=given.sql,
        dialect=candidate.dialect,
        columns=worded.columns,
        rows=worded.rows,
        row_count=result.row_count,
        truncated=result.truncated,
        chart=worded.chart,
        narrative=worded.narrative,
        value_names=worded.value_names,
        confidence=step.confidence,
        warnings=tuple(dict.fromkeys(_warnings(given))),
        notes=(*step.notes, worded.note) if worded.note else step.notes,
        ignored=step.ignored,
        metric_versions=candidate.metric_versions,
        time_window=window,
        tokens=step.tokens + candidate.tokens,
        llm_calls=step.llm_calls + candidate.llm_calls,
        prompt_version=candidate.prompt_version or step.prompt_version,
        verified_query=step.verified.name if step.verified else None,
        today=env.today,
    )


def reader_language(question: str, interface: str | None) -> str:
    """The answer's language: a question written in Korean is read in Korean whatever the
    interface; any other follows the interface (a Korean one titles it in Korean).

    >>> reader_language("지난달 매출", "en"), reader_language("revenue", "ko")
    ('ko', 'ko')
    >>> reader_language("revenue", None)
    'en'
    """
    asked = language_of(question)
    return asked if asked != "en" or interface is None else interface


def present_explained(
    question: str,
    step: PlanStep,
    candidate: SqlCandidate,
    sql: str,
    env: Environment,
    timings: Mapping[str, float],
) -> Answer:
    """What ``explain`` shows: the interpretation and the guarded SQL, no rows."""
    return Answer(
        question=question,
        status=Status.ANSWERED,
        understood=understood_text(step, candidate, env),
        source=candidate.source,
        intent=step.intent,
        plan=step.plan,
        sql=sql,
        dialect=candidate.dialect,
        columns=candidate.columns,
        confidence=step.confidence,
        warnings=step.warnings + candidate.warnings,
        notes=step.notes,
        metric_versions=candidate.metric_versions,
        timings_ms=dict(timings),
        today=env.today,
    )


MODEL_NOTE = note("model_available")


def present_unanswered(
    question: str, step: PlanStep, env: Environment, timings: Mapping[str, float]
) -> Answer:
    """A clarification, or "the catalog can't express this" when no model took over."""
    notes = step.notes
    if step.clarification is not None:
        status, narrative = Status.CLARIFY, step.clarification.message
    else:
        status = Status.CANNOT_ANSWER
        narrative = step.cannot_express or "This question cannot be answered."
        # How to widen what can be asked is for whoever runs askbi (Settings, the CLI's
        # notes), not for the person asking: their answer says only what is askable.
        if env.llm is None:
            notes = (*notes, MODEL_NOTE)
    return Answer(
        question=question,
        status=status,
        narrative=narrative,
        clarification=step.clarification,
        notes=notes,
        warnings=step.warnings,
        confidence=0.0,
        timings_ms=dict(timings),
        tokens=step.tokens,
        llm_calls=step.llm_calls,
        prompt_version=step.prompt_version,
        today=env.today,
    )


def present_error(
    question: str,
    error: AskbiError,
    env: Environment,
    timings: Mapping[str, float],
    *,
    step: PlanStep | None = None,
    candidate: SqlCandidate | None = None,
) -> Answer:
    """The stage that failed, in words; what is known so far is kept for the trace."""
    status = Status.REFUSED if error.code == ErrorCode.SQL_REFUSED else Status.ERROR
    return Answer(
        question=question,
        status=status,
        narrative=error.message,
        understood=_understood_or_blank(step, candidate, env),
        source=candidate.source if candidate else (step.source if step else None),
        plan=step.plan if step else None,
        sql=candidate.sql if candidate else None,
        dialect=candidate.dialect if candidate else None,
        notes=step.notes if step else (),
        warnings=(step.warnings if step else ()) + (candidate.warnings if candidate else ()),
        error=ErrorInfo(
            code=error.code,
            message=error.message,
            stage=str(error.stage),
            hint=error.hint,
            suggestions=error.suggestions,
        ),
        timings_ms=dict(timings),
        tokens=(step.tokens if step else TokenUsage()),
        llm_calls=step.llm_calls if step else 0,
        today=env.today,
    )


def infer_columns(
    names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> tuple[ResultColumn, ...]:
    """Roles for columns of SQL a model wrote: numbers are measures, dates are time."""
    columns = []
    for index, name in enumerate(names):
        values = [row[index] for row in rows if row[index] is not None]
        if values and all(isinstance(v, dt.date) for v in values):
            role = "time"
        elif values and all(_is_number(v) for v in values):
            role = "metric"
        else:
            role = "dimension"
        label = str(name).replace("_", " ").capitalize()
        columns.append(
            ResultColumn(
                name=str(name),
                role=role,
                label=label,
                format=Format.NUMBER if role == "metric" else None,
                decimals=2 if role == "metric" else 0,
            )
        )
    return tuple(columns)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _understood_or_blank(
    step: PlanStep | None, candidate: SqlCandidate | None, env: Environment
) -> str:
    """The interpretation, unless the plan itself is what failed (a metric since renamed)."""
    if step is None or step.plan is None:
        return ""
    try:
        return understood_text(step, candidate, env)
    except AskbiError:
        return ""


def understood_text(
    step: PlanStep | None,
    candidate: SqlCandidate | None,
    env: Environment,
    language: str = "en",
) -> str:
    return understanding(
        step.plan if step else None,
        candidate.start if candidate else None,
        candidate.end if candidate else None,
        step.ignored if step else (),
        candidate,
        env,
        language,
        today=env.today,
    )


def _warnings(given: Presentation) -> list[Note]:
    step, candidate, result = given.step, given.candidate, given.execution.result
    warnings = [*step.warnings, *candidate.warnings]
    if result.row_count == 0:
        warnings.append(note("no_rows"))
    if result.truncated:
        warnings.append(note("truncated", rows=f"{result.row_count:,}"))
    if result.cut_cells:
        warnings.append(note("cut_cells", cells=f"{result.cut_cells:,}"))
    layer = given.env.project.layer
    warnings += coverage_warnings(given.execution.spans, layer, candidate.start, candidate.end)
    return warnings
