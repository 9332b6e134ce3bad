"""Evaluation datasets: questions with gold SQL, grouped by paraphrase.

``docs/evaluation.md`` documents the format. Gold SQL is written by the team for its own
warehouse and dialect; it passes the same guard as everything else before it runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field, ValidationError

from app.evaluation.gold_rows import GoldQuestion, GoldQuestions
from app.evaluation.intents import IntentDataset
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import parse_file, parse_path, read_file
from kernel.yaml_source import YamlSyntaxError, parse_yaml
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


AnyDataset = EvalDataset | IntentDataset | tuple[GoldQuestion, ...]


def load_any(path: Path) -> AnyDataset:
    """Any of the three formats: gold SQL (``questions:``), intended meanings (``groups:``)
    or a benchmark's stored gold rows (a list of questions with ``gold:``)."""
    text, unreadable = read_file(path, str(path))
    if text is None:
        raise ValidationFailed(unreadable, what="evaluation dataset")
    try:
        data = parse_yaml(text, str(path)).data
    except YamlSyntaxError as e:
        raise ValidationFailed([Problem(e.file, e.line, "", e.message)]) from e
    if isinstance(data, list):
        return _gold_questions(data, path)
    if isinstance(data, dict) and "groups" in data:
        parsed, problems = parse_file(text, str(path), IntentDataset)
        if problems or parsed is None:
            raise ValidationFailed(problems, what="evaluation dataset")
        return parsed.model
    return load_dataset(path)


def _gold_questions(data: list[object], path: Path) -> tuple[GoldQuestion, ...]:
    try:
        return GoldQuestions.model_validate(data).root
    except ValidationError as e:
        problems = [
            Problem(str(path), None, ".".join(str(p) for p in err["loc"]), err["msg"])
            for err in e.errors()
        ]
        raise ValidationFailed(problems, what="evaluation dataset") from e


def load_dataset(path: Path) -> EvalDataset:
    """Parse a dataset file; raises ``ValidationFailed`` with every problem and its line."""
    parsed, problems = parse_path(path, str(path), EvalDataset)
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
