"""The shipped question cases, end to end on the sample warehouse, offline.

Every question of a paraphrase group must produce the case's plan — and so identical SQL
and identical numbers — and those numbers must equal what the expected plan computes.
Clarifications must offer what the case lists, and nothing that was not answered may run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.checks.suite import Case, LoadedSuite, load_suites
from app.pipeline.ask import answer_plan, ask
from app.pipeline.environment import Environment
from app.pipeline.records import Answer, Source, Status, Turn
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

_STATIC = load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")
SUITES = load_suites(_STATIC.root, _STATIC.layer, _STATIC.catalog)
CASES = [(suite, case) for suite in SUITES for case in suite.cases]


def test_the_sample_ships_at_least_150_questions() -> None:
    questions = [q for _, case in CASES for q in case.questions]
    korean = [q for q in questions if any("가" <= ch <= "힣" for ch in q)]
    assert len(questions) >= 150 and len(korean) >= 50
    assert all(suite.today == TODAY for suite in SUITES), "cases are pinned to the test warehouse"


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


def _history(case: Case, env: Environment) -> list[Turn]:
    turns: list[Turn] = []
    for question in case.after:
        answer = ask(question, env, turns)
        turns.append(Turn(question, answer.plan))
    return turns


def _describe(answer: Answer) -> str:
    if answer.plan is not None:
        return answer.plan.canonical_json()
    return f"{answer.status.value}: {answer.narrative}"


@pytest.mark.parametrize(("suite", "case"), CASES, ids=[f"{s.name}:{c.name}" for s, c in CASES])
def test_paraphrase_group(suite: LoadedSuite, case: Case, env: Environment) -> None:
    history = _history(case, env)
    answers = [ask(question, env, history) for question in case.questions]
    for question, answer in zip(case.questions, answers, strict=True):
        assert answer.error is None or case.expect != "answer", (question, answer.error)
        if case.expect == "answer":
            assert answer.status is Status.ANSWERED, (question, _describe(answer))
            assert answer.plan == case.plan, (question, _describe(answer))
            if case.source is not None:
                assert answer.source is case.source
        else:
            assert answer.status is not Status.ANSWERED, (question, _describe(answer))
            assert answer.sql is None, "nothing runs for an unanswered question"
            if case.expect != "no_answer":
                assert answer.status.value == case.expect, (question, _describe(answer))
            offered = (
                {o.label for o in answer.clarification.options} if answer.clarification else set()
            )
            assert set(case.options) <= offered, (question, offered)
    if case.expect != "answer" or case.plan is None:
        return
    first = answers[0]
    for answer in answers[1:]:
        assert answer.sql == first.sql and answer.rows == first.rows, "paraphrases must agree"
    expected = answer_plan(case.plan, env)
    assert first.row_count == expected.row_count
    assert first.rows == expected.rows
    assert first.narrative and first.chart is not None
    assert first.source in (Source.PLANNER, Source.VERIFIED)
