"""The question history: a browser's conversation comes back whole after a reload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.answers.history import (
    KEEP_PER_BROWSER,
    StoredTurn,
    latest_conversation,
    past_questions,
    record_turn,
)
from app.pipeline.ask import ask
from app.pipeline.records import Answer, Status
from app.pipeline.startup import open_environment
from app.project.folder import Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")
AT = dt.datetime(2026, 6, 30, 9, 0)


def test_a_conversation_comes_back_with_its_answers(
    tmp_path: Path, project: Project, duckdb_connector: Connector
) -> None:
    env = open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )
    answers = [ask(q, env) for q in ("revenue by region last month", "고객 수")]
    for answer in answers:
        record_turn(tmp_path, "b1", "c1", StoredTurn(answer.question, answer, False), at=AT)
    record_turn(tmp_path, "b2", "c9", StoredTurn("other", answers[0], False), at=AT)
    found = latest_conversation(tmp_path, "b1")
    assert found is not None and found[0] == "c1"
    restored = [t.answer for t in found[1]]
    assert [a.question for a in restored] == ["revenue by region last month", "고객 수"]
    assert restored[0].plan == answers[0].plan and restored[0].narrative == answers[0].narrative
    assert restored[0].chart == answers[0].chart and len(restored[0].rows) == 8
    assert [p.question for p in past_questions(tmp_path, "b1")] == [
        "고객 수",
        "revenue by region last month",
    ]


def test_a_new_conversation_is_the_one_restored_and_history_is_capped(tmp_path: Path) -> None:
    assert latest_conversation(tmp_path, "b1") is None and past_questions(tmp_path, "b1") == []
    answer = Answer(question="q", status=Status.CANNOT_ANSWER, today=TODAY)
    for i in range(KEEP_PER_BROWSER + 5):
        record_turn(tmp_path, "b1", f"c{i // 100}", StoredTurn(f"q{i}", answer, False), at=AT)
    found = latest_conversation(tmp_path, "b1")
    assert found is not None and found[0] == f"c{(KEEP_PER_BROWSER + 4) // 100}"
    assert len(past_questions(tmp_path, "b1", limit=1000)) == KEEP_PER_BROWSER
