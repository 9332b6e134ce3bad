"""The questions a browser asked, kept in a small SQLite file in the project folder.

A reload starts a new Streamlit session; the browser keeps an id (a cookie), and its latest
conversation is read back from here, answers included, so nothing has to be asked again.
The history panel lists past questions from the same file. Answers are stored as JSON:
rows come back with ISO strings where dates were, which the table and charts show alike.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.pipeline.records import Answer

FOLDER = ".askbi"
FILE = "history.sqlite"
KEEP_PER_BROWSER = 500
SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    browser TEXT NOT NULL,
    conversation TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    edited INTEGER NOT NULL DEFAULT 0,
    ok INTEGER NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_by_browser ON turns (browser, id);
"""


@dataclass(frozen=True)
class StoredTurn:
    question: str
    answer: Answer
    edited: bool


@dataclass(frozen=True)
class PastQuestion:
    question: str
    asked_at: dt.datetime
    ok: bool


def history_path(root: Path) -> Path:
    return root / FOLDER / FILE


@contextmanager
def _connection(root: Path) -> Iterator[sqlite3.Connection]:
    path = history_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=5)) as db:
        db.executescript(SCHEMA)
        with db:  # one transaction, committed on success
            yield db


def record_turn(
    root: Path, browser: str, conversation: str, turn: StoredTurn, *, at: dt.datetime
) -> None:
    """Append one question and its answer; old turns beyond the cap are forgotten."""
    with _connection(root) as db:
        db.execute(
            "INSERT INTO turns (browser, conversation, asked_at, question, edited, ok, answer)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                browser,
                conversation,
                at.isoformat(timespec="seconds"),
                turn.question,
                int(turn.edited),
                int(turn.answer.ok),
                turn.answer.model_dump_json(),
            ),
        )
        db.execute(
            "DELETE FROM turns WHERE browser = ? AND id NOT IN"
            " (SELECT id FROM turns WHERE browser = ? ORDER BY id DESC LIMIT ?)",
            (browser, browser, KEEP_PER_BROWSER),
        )


def latest_conversation(root: Path, browser: str) -> tuple[str, list[StoredTurn]] | None:
    """The browser's most recent conversation (its id and turns, oldest first), if any."""
    if not history_path(root).exists():
        return None
    with _connection(root) as db:
        row = db.execute(
            "SELECT conversation FROM turns WHERE browser = ? ORDER BY id DESC LIMIT 1",
            (browser,),
        ).fetchone()
        if row is None:
            return None
        rows = db.execute(
            "SELECT question, answer, edited FROM turns"
            " WHERE browser = ? AND conversation = ? ORDER BY id",
            (browser, row[0]),
        ).fetchall()
    turns = [StoredTurn(q, Answer.model_validate_json(a), bool(e)) for q, a, e in rows]
    return row[0], turns


def past_questions(root: Path, browser: str, *, limit: int = 30) -> list[PastQuestion]:
    """The browser's distinct questions, newest first (edited re-runs are not questions)."""
    if not history_path(root).exists():
        return []
    with _connection(root) as db:
        rows = db.execute(
            "SELECT question, MAX(asked_at), MAX(ok) FROM turns"
            " WHERE browser = ? AND edited = 0 GROUP BY question"
            " ORDER BY MAX(id) DESC LIMIT ?",
            (browser, limit),
        ).fetchall()
    return [PastQuestion(q, dt.datetime.fromisoformat(at), bool(ok)) for q, at, ok in rows]
