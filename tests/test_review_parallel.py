"""The Edit page's review runs regression cases side by side and shares their plans.

Running cases at once and answering a plan once for all the questions that plan to it are
speed-ups only: every case result must be the one a one-at-a-time run gives, reported in
the same order, and Cancel must still stop the cases not yet started.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.checks.impact import assess_between, change_environments
from app.checks.runner import CaseResult, run_checks, uses_metrics
from app.checks.suite import load_suites
from app.cli.review_bench import doubled_metric
from app.editing.background import start_numbers_review
from app.editing.review import Review, quick_review
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.plan_runs import SharedRuns
from app.pipeline.records import Answer
from app.project.folder import SAMPLE_PROJECT, load_project
from connectors.base import Connector
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

SPEND = "marketing_spend"
"""Its cases (spend by channel, ROAS, …) fail once its expression is doubled: results with
problems to compare, not only passes."""
WAITING_S = 120
"""How long a test waits for the background review before calling it hung (not a timing
assertion: a correct run finishes far sooner)."""


@pytest.fixture
def source(sample_warehouse: Path) -> str:
    return f"duckdb:///{sample_warehouse}"


def reviewed(tmp_path: Path, source: str, connector: Connector, metric: str) -> Review:
    """The quick review of a draft that doubles ``metric``, on a copy of the sample."""
    root = Path(shutil.copytree(SAMPLE_PROJECT, tmp_path / "project"))
    draft = doubled_metric(load_project(root, source=source), metric)
    review = quick_review(root, draft, connector, today=TODAY, source_url=source)
    assert review.valid and review.metrics, review.notes
    return review


def sides(review: Review, connector: Connector) -> tuple[Environment, Environment]:
    before, after = review.validation.before, review.validation.after
    assert before is not None and after is not None
    return change_environments(before, after, connector, today=TODAY)


def without_times(case: CaseResult) -> dict[str, Any]:
    data = case.to_dict()
    for question in data["questions"]:
        question.pop("elapsed_ms")
    return data


def test_cases_run_at_once_give_the_sequential_results_in_the_same_order(
    tmp_path: Path, source: str, duckdb_connector: Connector
) -> None:
    env_before, env_after = sides(
        reviewed(tmp_path, source, duckdb_connector, SPEND), duckdb_connector
    )
    heard: list[str] = []
    one_by_one = assess_between(env_before, env_after, workers=1)
    at_once = assess_between(
        env_before, env_after, workers=3, on_case=lambda c, done, total: heard.append(c.name)
    )
    expected = [without_times(c) for c in one_by_one.checks.cases]
    assert len(expected) >= 4 and any(c["outcome"] == "failed" for c in expected)
    assert [without_times(c) for c in at_once.checks.cases] == expected
    assert sorted(heard) == sorted(c["case"] for c in expected), "each case reported once"
    assert at_once.verified == one_by_one.verified


def test_a_shared_plan_answers_each_question_as_its_own_run_would(
    tmp_path: Path, source: str, duckdb_connector: Connector
) -> None:
    env_after = sides(reviewed(tmp_path, source, duckdb_connector, SPEND), duckdb_connector)[1]
    project = env_after.project
    suites = load_suites(project.root, project.layer, project.catalog)
    cases = [
        (suite, case)
        for suite in suites
        for case in suite.cases
        if uses_metrics(case, {SPEND}, project.catalog)
    ]
    shared = SharedRuns()
    questions = 0
    for suite, case in cases:
        env = replace(env_after, today=suite.today)
        for question in case.questions:
            alone, together = ask(question, env), ask(question, env, shared=shared)
            assert comparable(together) == comparable(alone), question
            questions += 1
    assert 0 < len(shared) < questions, "paraphrases that plan alike ran their plan once"


def comparable(answer: Answer) -> dict[str, Any]:
    return answer.model_dump(exclude={"timings_ms"})


def test_cancel_stops_the_cases_not_yet_started(
    tmp_path: Path, source: str, duckdb_connector: Connector
) -> None:
    env_after = sides(reviewed(tmp_path, source, duckdb_connector, "revenue"), duckdb_connector)[1]
    project = env_after.project
    suites = load_suites(project.root, project.layer, project.catalog)
    total = sum(uses_metrics(c, {"revenue"}, project.catalog) for s in suites for c in s.cases)
    cancelled = threading.Event()
    report = run_checks(
        suites,
        env_after,
        metrics={"revenue"},
        workers=2,
        on_case=lambda *_: cancelled.set(),
        stop=cancelled.is_set,
    )
    assert total > 20 and 1 <= len(report.cases) < total
    unstopped = run_checks(suites, env_after, metrics={"revenue"}, workers=1)
    order = [c.name for c in unstopped.cases]
    names = [c.name for c in report.cases]
    assert names == sorted(names, key=order.index), "the cases that ran, in suite order"


def test_cancel_on_the_page_ends_the_background_review_early(
    tmp_path: Path, source: str, duckdb_connector: Connector
) -> None:
    review = reviewed(tmp_path, source, duckdb_connector, "revenue")
    job = start_numbers_review(review, duckdb_connector, today=TODAY)
    wait_until(lambda: bool(job.snapshot()[2]) or job.finished)
    job.cancelled.set()
    wait_until(lambda: job.finished)
    assert job.error is None and job.review is not None and job.review.impact is not None
    ran = job.review.impact.checks.cases
    assert job.total > 20 and 1 <= len(ran) < job.total
    assert sorted(c.name for c in job.cases) == sorted(c.name for c in ran), "shown as they ran"


def wait_until(condition: Any) -> None:
    deadline = time.monotonic() + WAITING_S
    while not condition():
        assert time.monotonic() < deadline, "the background review hung"
        time.sleep(0.05)
