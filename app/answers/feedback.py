"""Thumbs up / down on answers, kept as JSON lines in the project's ``feedback/`` folder.

Feedback is a signal for metric owners to review, never training data: nothing reads it
back into planning (auto-learning from answers lets one bad answer poison later ones).
Each entry carries the plan and SQL that were judged, so a reviewer sees what was rated.
"""

from __future__ import annotations

import datetime as dt
import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field

from app.pipeline.records import Answer, Source
from app.project.atomic_files import folder_lock
from metrics.semantic_query import SemanticQuery
from semantic_layer.model import Frozen

FOLDER = "feedback"
FILE = "answers.jsonl"


class Rating(StrEnum):
    UP = "up"
    DOWN = "down"


class FeedbackEntry(Frozen):
    at: dt.datetime
    rating: Rating
    question: str
    understood: str = ""
    source: Source | None = None
    plan: SemanticQuery | None = None
    sql: str | None = None
    metric_versions: dict[str, int] = Field(default_factory=dict)
    comment: str = ""


def feedback_path(root: Path) -> Path:
    return root / FOLDER / FILE


def record_feedback(
    root: Path,
    answer: Answer,
    rating: Rating,
    *,
    comment: str = "",
    now: dt.datetime | None = None,
) -> FeedbackEntry:
    """Append one entry (one line, written whole under the folder lock) and return it."""
    entry = FeedbackEntry(
        at=now or dt.datetime.now().astimezone(),
        rating=rating,
        question=answer.question,
        understood=answer.understood,
        source=answer.source,
        plan=answer.plan,
        sql=answer.sql,
        metric_versions=answer.metric_versions,
        comment=comment,
    )
    path = feedback_path(root)
    line = (entry.model_dump_json(exclude_none=True) + "\n").encode("utf-8")
    with folder_lock(path.parent), open(path, "ab") as out:
        out.write(line)
        out.flush()
        os.fsync(out.fileno())
    return entry


def read_feedback(root: Path) -> list[FeedbackEntry]:
    """Every entry, oldest first."""
    path = feedback_path(root)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [FeedbackEntry.model_validate_json(line) for line in lines if line.strip()]
