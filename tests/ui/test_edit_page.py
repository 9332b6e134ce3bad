"""The Edit page, driven through AppTest: a metric owner changes a definition end to end.

The project is a private copy (``app_project``); the change doubles ``sessions``, which moves
the conversion-rate tile of the weekly review and a handful of regression cases.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.project.history import metric_events, versions
from tests.ui.conftest import MAIN

pytestmark = [pytest.mark.xdist_group("warehouse")]

FILE = "metrics/marketing.yaml"
TEXT = "edit-text"
JOB = "askbi_edit_job"


def open_editor(file: str = FILE) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    at.switch_page("edit_page.py").run()
    at.toggle(key="askbi_plain_editor").set_value(True).run()  # AppTest can't type into Ace
    at.selectbox(key="edit-file").set_value(file).run()
    assert not at.exception, at.exception
    return at


def edit(at: AppTest, old: str, new: str, *, wait: bool = True) -> AppTest:
    """Change the text and validate; ``wait`` for the background run of affected cases."""
    text = at.text_area(key=TEXT).value
    assert text is not None and old in text
    at.text_area(key=TEXT).set_value(text.replace(old, new, 1))
    at.button(key="edit-check").click().run()
    assert not at.exception, at.exception
    if wait:
        finish_background(at)
    return at


def finish_background(at: AppTest) -> None:
    try:
        job = at.session_state[JOB]
    except KeyError:
        return  # nothing was started
    if job is None:
        return
    deadline = time.monotonic() + 120
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
    at.run()  # the progress panel sees the run finished and redraws the page with it
    assert not at.exception, at.exception


def save(at: AppTest, author: str = "Jung Haneul", note: str = "Count sessions twice.") -> AppTest:
    at.text_input(key="edit-author").set_value(author)
    at.text_input(key="edit-note").set_value(note)
    at.button(key="edit-save").click().run()
    assert not at.exception, at.exception
    return at


def test_a_metric_is_edited_end_to_end(app_project: Path) -> None:
    at = open_editor()
    assert at.button(key="edit-save").disabled, "nothing validated yet"
    edit(at, "    expr: sessions\n", "    expr: sessions * 2\n")

    codes = [c.value for c in at.code]
    assert any("-    expr: sessions\n+    expr: sessions * 2" in c for c in codes), "the diff"
    assert any("SUM(web_sessions.sessions) AS sessions" in c for c in codes), "saved SQL"
    assert any("SUM(web_sessions.sessions * 2) AS sessions" in c for c in codes), "draft SQL"
    headings = [m.value for m in at.markdown]
    assert "**Weekly business review › AOV and conversion** (numbers moved)" in headings
    captions = [c.value for c in at.caption]
    assert captions.count("As saved") == captions.count("With the draft") == 2, "SQL and tile"
    before, after = (t.value for t in at.dataframe[:2])
    assert list(before.columns) == list(after.columns) and not before.equals(after)
    cases = at.dataframe[2].value
    assert set(cases["Case"]) >= {"sessions_by_region_quarterly", "conversion_rate_weekly"}
    assert set(cases["Outcome"]) == {"failed"}
    assert any("online_health: the answer moved" in w.value for w in at.warning)
    assert at.status[0].label == "Definition checked: see what it changes"

    save(at)

    assert any("sessions v1 → v2" in s.value for s in at.success), [s.value for s in at.success]
    text = at.text_area(key=TEXT).value
    assert text is not None and "expr: sessions * 2" in text
    assert "author: Jung Haneul, change: Count sessions twice.}" in text
    saved = (app_project / FILE).read_text(encoding="utf-8")
    assert saved == text and "    version: 2\n" in saved.split("- name: sessions")[1][:400]
    assert [e["event"] for e in metric_events(app_project, "sessions")] == ["edited", "checked"]
    assert len(versions(app_project, FILE)) == 1
    assert at.button(key="edit-save").disabled, "the saved text is a new, unvalidated draft"


def test_the_definition_check_shows_at_once_and_the_cases_run_in_the_background(
    app_project: Path,
) -> None:
    at = edit(open_editor(), "    expr: sessions\n", "    expr: sessions * 2\n", wait=False)
    codes = [c.value for c in at.code]
    assert any("SUM(web_sessions.sessions * 2) AS sessions" in c for c in codes), "draft SQL"
    job = at.session_state[JOB]
    assert job is not None
    job.cancelled.set()  # "Cancel": no case starts after it
    finish_background(at)
    assert at.session_state[JOB] is None
    review = at.session_state["askbi_edit_review"]
    assert review.impact is not None and len(review.impact.checks.cases) < 10


def test_a_save_over_a_file_changed_on_disk_is_refused(app_project: Path) -> None:
    at = edit(open_editor(), "    expr: sessions\n", "    expr: sessions * 2\n")
    path = app_project / FILE
    theirs = path.read_text(encoding="utf-8").replace("Visits to the online stores.", "Visits.")
    path.write_text(theirs, encoding="utf-8")

    save(at)

    assert any("metrics/marketing.yaml was changed on disk" in e.value for e in at.error)
    assert path.read_text(encoding="utf-8") == theirs
    assert not versions(app_project, FILE) and not metric_events(app_project, "sessions")
    next(b for b in at.button if b.label.startswith("Discard my edits")).click().run()
    assert at.text_area(key=TEXT).value == theirs


def test_an_invalid_draft_shows_line_and_key_and_cannot_be_saved(app_project: Path) -> None:
    before = (app_project / FILE).read_bytes()
    at = edit(open_editor(), "    expr: sessions\n", "    expr: sessions\n    colour: blue\n")

    (problem,) = at.error
    assert "metrics/marketing.yaml:71: metrics[sessions].colour: unknown key 'colour'" in (
        problem.value
    )
    assert at.status[0].label == "The draft is invalid"
    assert at.button(key="edit-save").disabled
    assert (app_project / FILE).read_bytes() == before


def test_a_previous_version_can_be_viewed_and_rolled_back(app_project: Path) -> None:
    original = (app_project / FILE).read_text(encoding="utf-8")
    at = save(edit(open_editor(), "    expr: sessions\n", "    expr: sessions * 2\n"))
    history = next(c.value for c in at.code if "+++ earlier/metrics/marketing.yaml" in c.value)
    assert "-    expr: sessions * 2\n+    expr: sessions\n" in history
    at.button(key="edit-restore").click().run()
    assert at.text_area(key=TEXT).value == original
    assert at.text_input(key="edit-note").value.startswith("Rolled back to the version saved")
    at.button(key="edit-check").click().run()
    at.button(key="edit-save").click().run()
    assert not at.exception, at.exception

    text = (app_project / FILE).read_text(encoding="utf-8")
    assert "    expr: sessions\n" in text and "    version: 3\n" in text
    assert len(versions(app_project, FILE)) == 2


def test_a_project_broken_on_disk_is_fixed_in_the_editor(app_project: Path) -> None:
    path = app_project / FILE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("    agg: sum\n    expr: sessions\n", "    agg: total\n"), "utf-8")
    at = open_editor()
    assert any("metrics/marketing.yaml" in e.value and "total" in e.value for e in at.error)
    assert any("The project does not load" in i.value for i in at.info)

    at.text_area(key=TEXT).set_value(good)
    at.button(key="edit-check").click().run()
    assert len(at.error) == 1, "the project on disk is still broken; the draft is not"
    assert "only validation ran" in at.info[-1].value
    save(at, note="Fix the sessions metric.")

    assert path.read_text(encoding="utf-8") == good and not at.error
    assert any("Saved metrics/marketing.yaml" in s.value for s in at.success)
    at.switch_page("metrics_page.py").run()
    assert not at.error, "the project loads again everywhere"


def test_a_file_that_does_not_parse_shows_its_own_error_first(app_project: Path) -> None:
    at = open_editor("metrics/sales.yaml")
    edit(at, "  - name: revenue\n", "  - name: revenue\n   bad_indent: [\n")
    (problem,) = at.error
    assert "metrics/sales.yaml" in problem.value
    others = [e for e in at.expander if "other files" in e.label]
    assert others, "the problems it causes elsewhere are folded under it"
    assert "metrics/sales.yaml" not in "".join(c.value for c in others[0].code)
