"""An answer on screen follows the interface language: written again from its record, in
English or Korean, with no sentence, label or title left in the other language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.answers.history import StoredTurn, latest_conversation, record_turn
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.present.wording import restate
from app.pipeline.records import Answer
from app.pipeline.startup import open_environment
from app.project.folder import Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
QUESTIONS = (
    "revenue by region last month",  # bars
    "monthly revenue this year by channel",  # lines, one per channel
    "revenue and revenue growth mom this month",  # a metric beside its previous period
    "how does customer satisfaction affect revenue",  # a scatter over stores
    "revenue by channel in Busan in the first half of this year",  # a filter, a half-year
    "지난 3개월 지역별 ROAS",  # asked in Korean
)


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


def written(answer: Answer) -> list[str]:
    """Every piece of text the answer shows about its result."""
    assert answer.chart is not None
    chart = answer.chart
    labels = [c.label for c in answer.columns]
    return [answer.narrative, answer.understood, chart.title, chart.x_title, *labels]


def korean_names(env: Environment) -> set[str]:
    """Latin words the sample YAML itself uses in its Korean names ("광고 수익률(ROAS)")."""
    layer, catalog = env.project.layer, env.project.catalog
    names = [m.labels.get("ko", "") for m in catalog.metrics.values()]
    names += [d.definition.labels.get("ko", "") for d in layer.dimensions.values()]
    return {word for name in names for word in LATIN_WORD.findall(name)}


@pytest.mark.parametrize("question", QUESTIONS)
def test_an_answer_is_written_again_wholly_in_either_language(
    env: Environment, question: str
) -> None:
    asked = ask(question, env, language="en")
    assert asked.ok, asked.narrative
    english, korean = restate(asked, env, "en"), restate(asked, env, "ko")
    assert english.rows == korean.rows == asked.rows  # the numbers are the record's
    for text in written(english):
        assert not HANGUL.search(text), text
    allowed = korean_names(env) | {"r"}  # "r = 0.72"
    for text in written(korean):
        # Versions ("v2") are codes, not words; values the YAML names only in English
        # (product names) do not occur in these questions' answers.
        words = set(LATIN_WORD.findall(re.sub(r"\(v\d+\)", "", text))) - allowed
        assert not words, text
    # The interface's language names things with the YAML's Korean names.
    revenue = env.project.catalog.get("revenue").labels["ko"]
    assert any(revenue in text for text in written(korean)) or "ROAS" in question


@pytest.mark.parametrize("question", QUESTIONS)
def test_writing_again_is_what_presenting_in_that_language_gives(
    env: Environment, question: str
) -> None:
    korean_ui = ask(question, env, language="ko")
    english_ui = ask(question, env, language="en")
    there_and_back = restate(restate(korean_ui, env, "en"), env, "ko")
    for field in ("narrative", "understood", "chart", "columns", "notes", "rows"):
        assert getattr(there_and_back, field) == getattr(korean_ui, field), field
    if HANGUL.search(question) is None:  # an English question is answered in the UI's language
        switched = restate(korean_ui, env, "en")
        for field in ("narrative", "understood", "chart", "notes", "rows"):
            assert getattr(switched, field) == getattr(english_ui, field), field
        assert [c.label for c in switched.columns] == [c.label for c in english_ui.columns]


def test_a_stored_answer_is_written_again_after_a_reload(env: Environment, tmp_path: Path) -> None:
    asked = ask("지난달 지역별 매출", env)
    turn = StoredTurn(asked.question, asked, edited=False)
    record_turn(tmp_path, "b" * 16, "c" * 16, turn, at=dt.datetime(2026, 6, 30, 9))
    found = latest_conversation(tmp_path, "b" * 16)
    assert found is not None
    stored = found[1][0].answer
    english = restate(stored, env, "en")
    assert english.understood == "Revenue (v2) by Region, last month (May 2026)"
    assert english.narrative.startswith("Revenue by region in May 2026: Gyeonggi was highest")
    assert restate(english, env, "ko").narrative == asked.narrative


def test_an_answer_whose_metric_is_gone_is_shown_as_it_was_written(env: Environment) -> None:
    asked = ask("revenue by region last month", env)
    assert asked.plan is not None
    gone = asked.plan.model_copy(update={"metrics": ("revenue_before_the_rename",)})
    stored = asked.model_copy(update={"plan": gone})
    assert restate(stored, env, "ko") == stored
