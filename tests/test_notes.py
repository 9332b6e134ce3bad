"""What an answer says about how it was reached reads in the reader's language: notes and
warnings are typed messages, rendered in English or Korean with the YAML's Korean names;
downloads and tile titles follow the answer as it reads on screen."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.answers.export import to_csv, to_excel
from app.answers.history import StoredTurn, latest_conversation, record_turn
from app.dashboards.refresh import DashboardFilters, apply_filters
from app.dashboards.tiles import default_title
from app.i18n.catalog import CATALOGS, Language
from app.i18n.notes import PLAIN, Note, note
from app.i18n.particles import with_particles
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.present.wording import shown_in
from app.pipeline.records import Answer
from app.pipeline.startup import open_environment
from app.project.folder import Project
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from metrics.semantic_query import Filter, SemanticQuery
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def env(project: Project, duckdb_connector: Connector) -> Iterator[Environment]:
    yield open_environment(
        project, duckdb_connector, settings=Settings(planner=PlannerMode.OFFLINE), today=TODAY
    )


@pytest.mark.parametrize(
    ("question", "korean", "english"),
    [
        (
            "지난달 지역별 주문은 몇 건",
            "'주문'을 '주문 수'로 셌습니다.",
            "Counted 주문 with 'Orders'.",
        ),
        (
            "지난달 매출 당 주문 수",
            "'… 당 …'을 '평균 주문 금액'으로 읽었습니다.",
            "Read '… per …' as 'Average order value'.",
        ),
        ("지난달 매추", "'매추'를 '매출'로 읽었습니다.", "Read '매추' as '매출'."),
    ],
)
def test_a_korean_question_gets_its_notes_in_korean(
    env: Environment, question: str, korean: str, english: str
) -> None:
    answer = ask(question, env)
    assert answer.ok, answer.narrative
    assert [n.render(Language.KO) for n in answer.notes] == [korean]
    assert not LATIN_WORD.search(korean)
    # The same record in English reads as the planner's sentence always did.
    assert [str(n) for n in answer.notes] == [english]


def test_an_english_answer_shown_in_korean_has_korean_notes(env: Environment) -> None:
    answer = ask("revenue per order last month", env)
    assert [str(n) for n in answer.notes] == ["Read '… per …' as 'Average order value'."]
    shown = shown_in(answer, env, Language.KO)
    assert [n.render(Language.KO) for n in shown.notes] == [
        "'… 당 …'을 '평균 주문 금액'으로 읽었습니다."
    ]


def test_warnings_about_the_data_read_in_korean_with_korean_dates(env: Environment) -> None:
    answer = ask("revenue by month in Q3 2026", env)
    english = [str(w) for w in answer.warnings]
    assert "The query returned no rows." in english
    assert any("There is no data for 2026-07-01 to 2026-09-30" in w for w in english)
    korean = [w.render(Language.KO) for w in answer.warnings]
    assert korean[0] == "조회 결과가 없습니다."
    assert "2026년 7월 1일~2026년 9월 30일에는 데이터가 없습니다." in korean[1]
    for sentence in korean:
        assert HANGUL.search(sentence) and not LATIN_WORD.search(sentence), sentence


def test_a_record_stored_with_sentences_still_loads_and_shows(
    env: Environment, tmp_path: Path
) -> None:
    asked = ask("revenue in Seoul by channel last month", env)
    assert asked.notes
    old = json.loads(asked.model_dump_json())
    old["notes"] = ["Read 'channel' as 'Sales channel'."]
    old["warnings"] = ["The query returned no rows."]
    stored = Answer.model_validate_json(json.dumps(old))  # as the history store reads it
    assert stored.notes == (Note(code=PLAIN, params={"text": old["notes"][0]}),)
    assert stored.notes[0].render(Language.KO) == "Read 'channel' as 'Sales channel'."
    assert str(stored.warnings[0]) == "The query returned no rows."
    # A typed record survives the history store whole.
    record_turn(
        tmp_path, "b1", "c1", StoredTurn(asked.question, asked, False), at=dt.datetime(2026, 6, 30)
    )
    found = latest_conversation(tmp_path, "b1")
    assert found is not None and found[1][0].answer.notes == asked.notes


def test_downloads_and_the_tile_title_follow_the_korean_interface(env: Environment) -> None:
    answer = ask("revenue in Seoul by channel last month", env)
    shown = shown_in(answer, env, Language.KO)
    layer, catalog = env.project.layer, env.project.catalog
    title = default_title(shown, layer, catalog, Language.KO)
    assert title == "판매 채널별 매출 · 서울 · 2026년 5월", title
    header = to_csv(shown).decode("utf-8-sig").splitlines()[0]
    assert header == "판매 채널,매출", header
    book = openpyxl.load_workbook(io.BytesIO(to_excel(shown, Language.KO)))
    assert book.sheetnames == ["답변", "정보"]
    assert [c.value for c in book["답변"][1]] == ["판매 채널", "매출"]
    assert book["정보"]["A1"].value == "질문"
    # The English interface is as before.
    assert default_title(answer, layer, catalog, Language.EN).startswith("Revenue by Sales channel")
    assert openpyxl.load_workbook(io.BytesIO(to_excel(answer))).sheetnames == ["Answer", "About"]


def test_particles_follow_the_word_they_attach_to() -> None:
    assert with_particles("'매출'을(를) '지역'(으)로 '고객'이(가) '월'(으)로") == (
        "'매출'을 '지역'으로 '고객'이 '월'로"
    )
    assert note("read_as", word="ROAS", name="광고 수익률").render("ko") == (
        "'ROAS'을(를) '광고 수익률'로 읽었습니다."
    )


def test_a_deprecated_metric_is_named_in_korean_in_its_warning(env: Environment) -> None:
    answer = ask("지난달 지역별 legacy sales", env)
    assert [w.render(Language.KO) for w in answer.warnings] == [
        "'판매액(구)' 지표는 더 이상 쓰지 않는 지표입니다. 대신 '매출'을 쓰세요."
    ]
    assert [str(w) for w in answer.warnings] == [
        "Metric 'legacy_sales' is deprecated. Use 'revenue' instead."
    ]


def test_a_dashboard_filter_that_does_not_apply_says_so_in_korean(env: Environment) -> None:
    plan = SemanticQuery(metrics=("revenue",), dimensions=("region",))
    wanted = Filter(dimension="return_reason", values=("defective",))
    _, notes = apply_filters(plan, DashboardFilters(filter=wanted), env)
    assert [n.render(Language.KO) for n in notes] == [
        "반품 사유 필터는 적용되지 않습니다: 이 지표들에는 반품 사유가 없습니다."
    ]


APP = Path(__file__).parents[1] / "app"
CODE = re.compile(r'\bnote\(\s*f?"([\w.{}()]+)"')


def test_every_note_the_code_writes_has_a_sentence_in_both_languages() -> None:
    """A typo in a code would show a KeyError to the reader, in one language or both."""
    written = {m for path in APP.rglob("*.py") for m in CODE.findall(path.read_text())}
    codes = {c for c in written if "{" not in c}
    codes |= {f"literal.{op}" for op in ("eq", "contains", "starts_with", "ends_with")}
    assert len(codes) > 30
    for code in codes:
        for language in Language:
            template = CATALOGS[language][f"note.{code}"]
            blanks = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            sentence = note(code, **{b: "x" for b in blanks}).render(language)
            assert sentence and "{" not in sentence, (code, language)
