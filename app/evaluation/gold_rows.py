"""Evaluating against stored gold results: a public benchmark's questions on a warehouse.

Each question carries the rows its gold SQL returned (the first gold, when a benchmark gives
several) and names its database, so one file can hold questions about several warehouses;
the run keeps those of the database asked for. Rows are compared as ``grade`` does (numbers
to 4 decimals, column names free, extra columns allowed); their order counts only when the
question asks for one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pydantic import Field, RootModel

from app.evaluation.grade import CORRECT, grade
from app.evaluation.verdicts import Graded, SetReport, Verdict, verdict_of_status
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.records import Answer
from semantic_layer.model import Frozen

# "ordered by", "in descending order": the question orders the rows. "Ordered quantity" is a
# measure's name and orders nothing.
_ORDERED = re.compile(
    r"\b(?:order(?:ed)? by|in (?:\w+ )?order|sort(?:ed)?|ascending|descending|rank(?:ed)?"
    r"|starting (?:from|with)|from (?:the )?(?:highest|lowest|most|least))\b|순서|순으로|정렬",
    re.IGNORECASE,
)


class GoldResult(Frozen):
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


class GoldQuestion(Frozen):
    id: str
    database: str
    question: str
    instructions: str | None = ""
    gold_sql: tuple[str, ...] = ()
    gold: tuple[GoldResult, ...] = Field(min_length=1)


class GoldQuestions(RootModel[tuple[GoldQuestion, ...]]):
    pass


def databases(questions: Sequence[GoldQuestion]) -> list[str]:
    return sorted({q.database for q in questions})


def run_gold_rows(
    questions: Sequence[GoldQuestion], env: Environment, *, database: str, today: dt.date
) -> SetReport:
    env = replace(env, today=today)
    graded = []
    for item in (q for q in questions if q.database == database):
        answer = ask(item.question, env, notes=item.instructions or "")
        verdict = verdict_of_status(answer)
        detail = answer.clarification.message if answer.clarification else answer.narrative
        if verdict is Verdict.CORRECT:
            gold = item.gold[0]
            ordered = bool(_ORDERED.search(item.question))
            verdict, detail = _graded(gold, answer, ordered)
        graded.append(Graded(item.id, item.question, verdict, detail))
    return SetReport(database, tuple(graded))


def _graded(gold: GoldResult, answer: Answer, ordered: bool) -> tuple[Verdict, str]:
    """Rows against gold; a percentage may be stored as a fraction (0.6) or as the number a
    person reads (60.0), and either is the same answer."""
    columns = answer.column_names()
    for rows in (list(answer.rows), _as_percentages(answer)):
        got = grade(gold.columns, gold.rows, columns, rows, ordered=ordered)
        if got == CORRECT:
            return Verdict.CORRECT, ""
    return Verdict.WRONG, f"{got}: {answer.understood}"


def _as_percentages(answer: Answer) -> list[tuple[Any, ...]]:
    percent = [c.format is not None and c.format.value == "percent" for c in answer.columns]
    return [
        tuple(
            v * 100 if p and isinstance(v, int | float) else v
            for v, p in zip(row, percent, strict=True)
        )
        for row in answer.rows
    ]
