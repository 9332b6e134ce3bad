"""Properties of understanding, over every answered question the sample ships.

- Filler never changes what a question means: wrapped in "please", "could you tell me",
  "Return …", "…알려주세요" or "…인가요?", an answered question plans exactly as before.
- An operator the planner does not understand is never dropped: with "not", "median",
  "never" or "except" added, the question is either planned differently or not answered.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.checks.suite import load_suites
from app.pipeline.ground.grounding import ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.pipeline.plan.outcome import PlanningResult
from app.project.folder import SAMPLE_PROJECT, load_project

PROJECT = load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")
VALUES = {
    "store": ["Maeil Mart Gangnam", "Maeil Mart Haeundae", "Maeil Mart Online Seoul"],
    "store_channel": ["online", "offline"],
    "payment_method": ["card", "cash", "mobile", "transfer"],
}
INDEX = GroundingIndex.build(PROJECT.layer, PROJECT.catalog, VALUES)
SUITES = load_suites(PROJECT.root, PROJECT.layer, PROJECT.catalog)
TODAY = SUITES[0].today


def _plan(question: str) -> PlanningResult:
    context = PlanningContext(PROJECT.layer, PROJECT.catalog, TODAY)
    return plan_offline(ground(question, INDEX, TODAY), context)


def _korean(question: str) -> bool:
    return any("가" <= ch <= "힣" for ch in question)


ANSWERED = [
    question
    for suite in SUITES
    for case in suite.cases
    if case.expect == "answer" and not case.after
    for question in case.questions
    if _plan(question).plan is not None
]
ENGLISH = [q for q in ANSWERED if not _korean(q)]
KOREAN = [q for q in ANSWERED if _korean(q)]

ENGLISH_FILLERS = (
    "please {q}",
    "could you tell me {q}?",
    "Return {q}.",
    "show me {q}, please",
    "I'd like to know {q}",
    "can you calculate {q} for me?",
    "hi! {q}",
)
KOREAN_FILLERS = ("{q} 알려주세요", "{q} 얼마인가요?", "{q} 좀 보여줄래?", "{q} 확인 부탁드립니다")


def test_there_are_enough_answered_questions_to_draw_from() -> None:
    assert len(ENGLISH) >= 100 and len(KOREAN) >= 40


@settings(max_examples=150, deadline=None)
@given(question=st.sampled_from(ENGLISH), filler=st.sampled_from(ENGLISH_FILLERS))
def test_english_filler_never_changes_the_plan(question: str, filler: str) -> None:
    wrapped = filler.format(q=question.rstrip("?."))
    assert _plan(wrapped).plan == _plan(question).plan, wrapped


@settings(max_examples=100, deadline=None)
@given(question=st.sampled_from(KOREAN), filler=st.sampled_from(KOREAN_FILLERS))
def test_korean_filler_never_changes_the_plan(question: str, filler: str) -> None:
    wrapped = filler.format(q=question.rstrip("?."))
    assert _plan(wrapped).plan == _plan(question).plan, wrapped


OPERATORS = ("not", "never", "median", "except", "without", "fewer")
KOREAN_OPERATORS = ("아닌", "중앙값", "제외", "빼고")


@settings(max_examples=150, deadline=None)
@given(
    question=st.sampled_from(ENGLISH),
    operator=st.sampled_from(OPERATORS),
    where=st.floats(min_value=0, max_value=1),
)
def test_an_operator_not_understood_is_never_dropped(
    question: str, operator: str, where: float
) -> None:
    words = question.rstrip("?.").split()
    at = round(where * len(words))
    changed = " ".join([*words[:at], operator, *words[at:]])
    assert _plan(changed).plan != _plan(question).plan, changed


@settings(max_examples=80, deadline=None)
@given(
    question=st.sampled_from(KOREAN),
    operator=st.sampled_from(KOREAN_OPERATORS),
    where=st.floats(min_value=0, max_value=1),
)
def test_a_korean_operator_not_understood_is_never_dropped(
    question: str, operator: str, where: float
) -> None:
    words = question.rstrip("?.").split()
    at = round(where * len(words))
    changed = " ".join([*words[:at], operator, *words[at:]])
    assert _plan(changed).plan != _plan(question).plan, changed
