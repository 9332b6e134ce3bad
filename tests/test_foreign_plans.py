"""The foreign development questions, answered by hand-written plans on rewritten projects.

``eval/foreign/plans.yaml`` holds one plan per question of ``../shared/eval/foreign_dev``
(or why it stays out); each runs through ``answer_plan``, the path of ``askbi query``, on
``eval/foreign/projects/<database>`` and must give the gold rows. The projects must also
validate against the real databases: no fake relationship, no view in the customer's
database. Skipped, with the reason, where ``../shared`` is not beside the repository.
"""

from __future__ import annotations

import pytest

from app.project.folder import load_project
from app.project.live_check import compare_with_database
from connectors.registry import open_connector
from tests.support.foreign import FOREIGN, SHARED, plans, run_database

pytestmark = pytest.mark.skipif(
    not (SHARED / "questions.yaml").is_file(),
    reason=f"the foreign development set is not at {SHARED} (it lives in ../shared)",
)

DATABASES = ("broker", "car_dealership")


@pytest.mark.parametrize("database", DATABASES)
def test_every_planned_question_gives_the_gold_rows(database: str) -> None:
    outcomes = list(run_database(database))
    wrong = [o for o in outcomes if o.verdict not in ("correct", "out")]
    assert not wrong, "\n".join(f"{o.id}: {o.verdict} {o.detail}" for o in wrong)
    assert sum(o.verdict == "correct" for o in outcomes) >= 0.85 * len(outcomes)


def test_at_least_nine_in_ten_questions_have_a_plan() -> None:
    entries = plans()
    planned = [qid for qid, entry in entries.items() if "plan" in entry]
    assert len(entries) == 62
    assert len(planned) / len(entries) >= 0.9


@pytest.mark.parametrize("database", DATABASES)
def test_the_project_validates_against_its_database(database: str) -> None:
    project = load_project(FOREIGN / "projects" / database)
    assert not any(r.name.endswith("placeholder") for r in project.layer.relationships)
    with open_connector(project.source_url) as connector:
        tables = connector.list_tables(project.layer.schemas())
        assert compare_with_database(project.layer, tables) == []
