"""Evaluation datasets: questions with gold SQL, grouped by paraphrase.

``docs/evaluation.md`` documents the format. Gold SQL is written by the team for its own
warehouse and dialect; it passes the same guard as everything else before it runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import parse_file
from semantic_layer.model import Frozen


class EvalQuestion(Frozen):
    id: str
    question: str
    gold_sql: str
    group: str | None = None
    """Questions sharing a group are paraphrases: their answers must agree."""
    ordered: bool = False
    """Compare rows in order (the gold SQL's ORDER BY matters, e.g. a top-N)."""


class EvalDataset(Frozen):
    description: str = ""
    today: dt.date
    dialect: str = "duckdb"
    questions: tuple[EvalQuestion, ...] = Field(min_length=1)


def load_dataset(path: Path) -> EvalDataset:
    """Parse a dataset file; raises ``ValidationFailed`` with every problem and its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ValidationFailed([Problem(str(path), None, "", f"cannot read: {e.strerror}")]) from e
    parsed, problems = parse_file(text, str(path), EvalDataset)
    if parsed is not None:
        seen: set[str] = set()
        for i, question in enumerate(parsed.model.questions):
            if question.id in seen:
                problems.append(
                    parsed.at("questions", i, "id").problem(f"id '{question.id}' is used twice")
                )
            seen.add(question.id)
    if problems or parsed is None:
        raise ValidationFailed(problems, what="evaluation dataset")
    return parsed.model
