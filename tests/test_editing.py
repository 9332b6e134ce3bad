"""Editing the project's YAML: review a draft, save it safely, roll it back.

Every test edits a private copy of the sample project; the warehouse is the small test one.
The running example doubles ``sessions``: it moves the conversion rate on the weekly review
dashboard, four regression cases and one verified query, and nothing about revenue.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import os
import shutil
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.checks.runner import FAILED
from app.editing.bump import apply_bumps, plan_bumps
from app.editing.draft import Draft, NotEditable, editable_files, open_draft
from app.editing.review import Review, review_draft
from app.editing.save import EditConflict, EditIncomplete, Saved, rollback, save_draft
from app.editing.validate import validate_draft
from app.project.atomic_files import content_hash
from app.project.folder import SAMPLE_PROJECT, load_project
from app.project.history import metric_events, versions
from connectors.base import Connector
from kernel.problems import ValidationFailed
from metrics.catalog import MetricCatalog
from metrics.model import SimpleMetric
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

FILE = "metrics/marketing.yaml"
SESSIONS = "    expr: sessions\n"
DOUBLED = "    expr: sessions * 2\n"
SAVED_ON = dt.date(2026, 7, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE_PROJECT, tmp_path / "project"))


@pytest.fixture
def source(sample_warehouse: Path) -> str:
    return f"duckdb:///{sample_warehouse}"


def edited(root: Path, old: str = SESSIONS, new: str = DOUBLED) -> Draft:
    draft = open_draft(root, FILE)
    assert old in draft.text
    return draft.with_text(draft.text.replace(old, new, 1))


def review(root: Path, draft: Draft, connector: Connector, source: str) -> Review:
    return review_draft(root, draft, connector, today=TODAY, source_url=source)


def line_changes(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    """The lines that differ: (``replace``/``insert``/``delete``, old lines, new lines)."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        (tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_changed_expression_is_validated_diffed_compiled_and_assessed(
    root: Path, duckdb_connector: Connector, source: str
) -> None:
    result = review(root, edited(root), duckdb_connector, source)
    assert result.valid and not result.validation.problems
    assert "-    expr: sessions\n+    expr: sessions * 2" in result.diff
    assert result.diff.startswith(f"--- saved/{FILE}\n+++ draft/{FILE}")
    (change,) = result.metrics
    assert change.name == "sessions" and change.kind == "changed"
    assert change.before and "SUM(web_sessions.sessions) AS sessions" in change.before.sql
    assert change.after and "SUM(web_sessions.sessions * 2) AS sessions" in change.after.sql
    assert result.affected == ("conversion_rate", "sessions")

    (tile,) = result.tiles  # only the tile showing conversion rate; revenue tiles don't run
    assert (tile.dashboard, tile.tile.id) == ("weekly-review", "online-health") and tile.moved
    rate = tile.before.column_names().index("conversion_rate")
    for old, new in zip(tile.before.rows, tile.after.rows, strict=True):
        assert new[rate] == pytest.approx(old[rate] / 2)
        assert new[:rate] == old[:rate], "AOV, on the same tile, does not move"

    assert result.impact is not None and not result.impact.ok
    cases = {c.name: c.outcome for c in result.impact.checks.cases}
    assert cases == {
        "sessions_by_region_quarterly": FAILED,
        "conversion_rate_by_region_quarterly": FAILED,
        "conversion_rate_weekly": FAILED,
        "sessions_by_store_last_month": FAILED,
    }, "exactly the cases that use sessions run, and fail"
    (verified,) = result.impact.verified
    assert verified.name == "online_health" and verified.moved
    assert any("conversion_rate expected" in d and "(-50.00%)" in d for d in verified.differences)


def test_saving_bumps_the_version_and_changelog_and_keeps_every_comment(
    root: Path, duckdb_connector: Connector, source: str
) -> None:
    path = root / FILE
    entry = "      - {version: 1, date: 2024-03-01, author: Jung Haneul, change: First certified "
    block = f"    version: 1\n    changelog:\n{entry}definition.}}\n    format: integer\n"
    block += "    type: simple\n    table: web_sessions\n"
    text = path.read_text(encoding="utf-8")
    assert text.count(block) == 1
    commented = text.replace(
        block,
        block.replace("version: 1\n", "version: 1  # bump on every change of meaning\n", 1).replace(
            "definition.}\n", "definition.}\n      # newest last\n"
        ),
    ).replace("  - name: sessions\n", "  # From the web analytics export.\n  - name: sessions\n")
    path.write_text(commented, encoding="utf-8")
    draft = edited(root)
    result = review(root, draft, duckdb_connector, source)

    saved = save_draft(
        root,
        draft,
        author="Jung Haneul",
        change="Count bot sessions twice.",
        on=SAVED_ON,
        impact=result.impact,
        source_url=source,
    )

    text = path.read_text(encoding="utf-8")
    assert saved.text == text and saved.version == content_hash(path.read_bytes())
    assert [(b.metric, b.previous, b.version) for b in saved.bumps] == [("sessions", 1, 2)]
    changes = line_changes(draft.text, text)
    assert changes == [
        (
            "replace",
            ["    version: 1  # bump on every change of meaning"],
            ["    version: 2  # bump on every change of meaning"],
        ),
        (
            "insert",
            [],
            [
                "      - {version: 2, date: 2026-07-01, author: Jung Haneul, "
                "change: Count bot sessions twice.}"
            ],
        ),
    ], "only the version value changes and one changelog line is added"
    sessions = load_project(root, source=source).catalog.get("sessions")
    assert isinstance(sessions, SimpleMetric) and sessions.expr == "sessions * 2"
    assert sessions.version == 2 and sessions.changelog[-1].author == "Jung Haneul"

    (kept,) = versions(root, FILE)
    assert kept.path.read_text(encoding="utf-8") == draft.text.replace(DOUBLED, SESSIONS)
    edit, check = metric_events(root, "sessions")
    assert edit["event"] == "edited" and edit["author"] == "Jung Haneul"
    assert (edit["previous_version"], edit["version"]) == (1, 2)
    assert edit["change"] == "Count bot sessions twice."
    assert check["event"] == "checked" and check["version"] == 2 and not check["ok"]
    assert check["checks"]["failed"] == 4 and check["verified_moved"] == ["online_health"]
    assert metric_events(root, "conversion_rate") == [], "its definition did not change"


def test_a_rollback_restores_the_previous_text_as_a_new_recorded_save(
    root: Path, source: str
) -> None:
    original = (root / FILE).read_text(encoding="utf-8")
    first = save_draft(
        root, edited(root), author="Jung Haneul", change="Double.", on=SAVED_ON, source_url=source
    )
    (kept,) = versions(root, FILE)
    assert kept.path.read_text(encoding="utf-8") == original

    back = rollback(
        root, kept, based_on=first.version, author="Kim Jiwoo", on=SAVED_ON, source_url=source
    )

    sessions = load_project(root, source=source).catalog.get("sessions")
    assert isinstance(sessions, SimpleMetric) and sessions.expr == "sessions"
    assert sessions.version == 3, "versions only go up: the rollback is a change of meaning"
    assert [(e.version, e.author) for e in sessions.changelog] == [
        (1, "Jung Haneul"),
        (2, "Jung Haneul"),
        (3, "Kim Jiwoo"),
    ], "the changelog keeps the version rolled back from"
    assert sessions.changelog[-1].change.startswith("Rolled back to the version saved")
    version, entries = line_changes(original, back.text)
    assert version == ("replace", ["    version: 1"], ["    version: 3"])
    assert entries[0] == "insert" and [line.split(", change:")[0] for line in entries[2]] == [
        "      - {version: 2, date: 2026-07-01, author: Jung Haneul",
        "      - {version: 3, date: 2026-07-01, author: Kim Jiwoo",
    ], "the old text comes back whole, with the version and changelog moved forward"
    newest, oldest = versions(root, FILE)
    assert newest.path.read_text(encoding="utf-8") == first.text and oldest == kept
    events = [(e["event"], e["author"], e["version"]) for e in metric_events(root, "sessions")]
    assert events == [("edited", "Jung Haneul", 2), ("rolled back", "Kim Jiwoo", 3)]


@pytest.mark.parametrize(
    ("old", "new", "fragment", "key", "message"),
    [
        (SESSIONS, "    expr: [sessions\n", "time_dimension: session_date", "", "invalid YAML"),
        (
            SESSIONS,
            SESSIONS + "    colour: blue\n",
            "colour: blue",
            "metrics[sessions].colour",
            "unknown key 'colour'",
        ),
        (
            "    denominator: sessions\n",
            "    denominator: sesions\n",
            "denominator: sesions",
            "metrics[conversion_rate].denominator",
            "sessions",
        ),
    ],
    ids=["yaml-syntax", "unknown-key", "unknown-metric"],
)
def test_an_invalid_draft_is_refused_with_line_and_key_and_nothing_is_written(
    root: Path, source: str, old: str, new: str, fragment: str, key: str, message: str
) -> None:
    before = (root / FILE).read_bytes()
    draft = edited(root, old, new)
    problems = validate_draft(root, draft, source_url=source).problems
    assert any(p.file == FILE and p.key == key and message in p.message for p in problems), problems
    syntax_error_line = line_of(draft.text, fragment)
    if key:
        assert next(p for p in problems if p.key == key).line == line_of(draft.text, fragment)
    else:  # a syntax error is reported where the parser notices it: the next line
        assert problems[0].line in (syntax_error_line - 1, syntax_error_line)

    with pytest.raises(ValidationFailed) as refused:
        save_draft(root, draft, author="Jung Haneul", change="Broken.", source_url=source)

    assert f"{FILE}:" in refused.value.message
    assert (root / FILE).read_bytes() == before
    assert not (root / "history").exists()


def test_a_draft_that_breaks_a_verified_query_is_invalid(root: Path, source: str) -> None:
    draft = edited(root, "  - name: conversion_rate\n", "  - name: web_conversion_rate\n")
    problems = validate_draft(root, draft, source_url=source).problems
    assert any(
        p.file == "verified_queries/leadership.yaml" and p.key.endswith("plan") for p in problems
    ), problems
    assert any(p.file == "checks/metrics.yaml" for p in problems)


def test_a_file_changed_on_disk_after_opening_is_a_conflict(root: Path, source: str) -> None:
    draft = edited(root)
    theirs = (root / FILE).read_text(encoding="utf-8") + "# someone else's change\n"
    (root / FILE).write_text(theirs, encoding="utf-8")

    with pytest.raises(EditConflict) as refused:
        save_draft(root, draft, author="Jung Haneul", change="Double.", source_url=source)

    assert FILE in refused.value.message and "changed on disk" in refused.value.message
    assert (root / FILE).read_text(encoding="utf-8") == theirs
    assert not (root / "history").exists()


def _edit_while_the_save_holds_its_lock(folder: Path, path: Path, text: str) -> threading.Thread:
    """An outside editor: it ignores askbi's lock, and writes while a save holds it."""

    def editor() -> None:
        while True:
            handle = os.open(folder, os.O_RDONLY)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
            except BlockingIOError:
                path.write_text(text, encoding="utf-8")  # a save is under way: now
                return
            finally:
                os.close(handle)
            time.sleep(0.0005)

    thread = threading.Thread(target=editor, daemon=True)
    thread.start()
    return thread


def test_an_outside_edit_during_validation_is_never_overwritten(root: Path, source: str) -> None:
    draft = edited(root)
    path = root / FILE
    theirs = path.read_text(encoding="utf-8") + "# written by a text editor\n"
    editor = _edit_while_the_save_holds_its_lock(path.parent, path, theirs)

    with pytest.raises(EditConflict) as refused:
        save_draft(root, draft, author="Jung Haneul", change="Double.", source_url=source)
    editor.join(timeout=5)

    assert path.read_text(encoding="utf-8") == theirs, "the outside edit must survive"
    kept = sorted((root / "history" / "drafts" / FILE).glob("*.yaml"))
    if kept:  # the edit landed after the first check: the draft is kept in the history
        assert kept[0].read_text(encoding="utf-8") == draft.text
        assert str(kept[0].relative_to(root)) in refused.value.message


def test_a_save_keeps_the_file_mode(root: Path, source: str) -> None:
    path = root / FILE
    path.chmod(0o640)
    save_draft(root, edited(root), author="Jung Haneul", change="Double.", source_url=source)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not list(path.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_of_two_owners_saving_at_once_one_wins_and_one_gets_a_conflict(
    root: Path, source: str
) -> None:
    drafts = [
        edited(root),
        edited(root, "    agg: sum\n    expr: sessions\n", "    agg: max\n    expr: sessions\n"),
    ]
    barrier = threading.Barrier(len(drafts))

    def attempt(draft: Draft) -> Saved | EditConflict:
        barrier.wait()
        try:
            return save_draft(root, draft, author="Owner", change="Mine.", source_url=source)
        except EditConflict as e:
            return e

    with ThreadPoolExecutor(len(drafts)) as pool:
        outcomes = list(pool.map(attempt, drafts))

    (won,) = [o for o in outcomes if isinstance(o, Saved)]
    assert sum(isinstance(o, EditConflict) for o in outcomes) == 1
    assert (root / FILE).read_text(encoding="utf-8") == won.text
    assert len(versions(root, FILE)) == 1


def test_a_wording_only_edit_changes_no_version(
    root: Path, duckdb_connector: Connector, source: str
) -> None:
    draft = edited(
        root,
        "    label: Web sessions\n    description: Visits to the online stores.\n",
        "    label: Web visits\n    description: Visits to the online stores, bots excluded.\n",
    )
    draft = draft.with_text(draft.text.replace("traffic, 세션 수", "traffic, site visits, 세션 수"))
    result = review(root, draft, duckdb_connector, source)
    assert result.valid and not result.metrics and not result.tiles and result.impact is None
    assert "No metric's computation changed" in result.notes[0]

    saved = save_draft(
        root, draft, author="Jung Haneul", change="Clearer label.", source_url=source
    )

    assert saved.bumps == () and saved.text == draft.text
    sessions = load_project(root, source=source).catalog.get("sessions")
    assert sessions.label == "Web visits" and sessions.version == 1
    (event,) = metric_events(root, "sessions")
    assert (event["previous_version"], event["version"]) == (1, 1)


def test_a_save_needs_an_author_a_note_and_a_change(root: Path, source: str) -> None:
    with pytest.raises(EditIncomplete):
        save_draft(root, edited(root), author=" ", change="Double.", source_url=source)
    with pytest.raises(EditIncomplete, match="Nothing to save"):
        save_draft(root, open_draft(root, FILE), author="A", change="B", source_url=source)
    assert not (root / "history").exists()


def test_only_the_catalog_and_the_semantic_layer_are_editable(root: Path) -> None:
    files = editable_files(root)
    assert FILE in files and "semantic_layer/sales.yaml" in files
    assert not any(f.startswith(("checks/", "dashboards/")) for f in files)
    with pytest.raises(NotEditable):
        open_draft(root, "../askbi.yaml")


def test_a_semantic_layer_draft_is_validated_with_the_catalog_over_it(
    root: Path, source: str
) -> None:
    draft = open_draft(root, "semantic_layer/marketing.yaml")
    assert "{name: sessions, type: integer" in draft.text
    broken = draft.with_text(draft.text.replace("{name: sessions,", "{name: visits,", 1))
    problems = validate_draft(root, broken, source_url=source).problems
    assert any(p.file == FILE and "sessions" in p.message for p in problems), problems

    reworded = draft.with_text(draft.text.replace("description:", "description: (web)", 1))
    saved = save_draft(root, reworded, author="Lee", change="Wording.", source_url=source)
    assert (
        saved.bumps == ()
        and (root / "semantic_layer/marketing.yaml").read_text(encoding="utf-8") == reworded.text
    )


CATALOG_TEXT = """\
metrics:
  # units, counted per line
  - name: units
    label: Units
    description: Units sold.
    owner: ops
    type: simple
    table: order_items
    agg: sum
    expr: quantity  # the raw column
    time_dimension: order_date
  - name: orders
    label: Orders
    description: Orders.
    owner: ops
    version: 4
    changelog: [{version: 4, date: 2024-01-01, author: A, change: Four.}]
    type: simple
    table: order_items
    agg: count_distinct
    expr: order_id
    time_dimension: order_date
"""


def test_a_bump_adds_a_missing_version_and_changelog_and_extends_a_flow_list() -> None:
    before = _catalog(CATALOG_TEXT)
    after_text = CATALOG_TEXT.replace("expr: quantity ", "expr: quantity * 2 ").replace(
        "expr: order_id", "expr: order_line_id"
    )
    bumps = plan_bumps(
        ["units", "orders"], before, _catalog(after_text), author="Kim", change="x: y", on=TODAY
    )
    assert [(b.metric, b.previous, b.version) for b in bumps] == [("orders", 4, 5), ("units", 1, 2)]

    text = apply_bumps(after_text, bumps, file="m.yaml")

    assert text == after_text.replace(
        "    time_dimension: order_date\n  - name: orders",
        "    time_dimension: order_date\n    version: 2\n    changelog:\n"
        "      - {version: 2, date: 2026-06-30, author: Kim, change: 'x: y'}\n  - name: orders",
    ).replace(
        "    version: 4\n    changelog: [{version: 4, date: 2024-01-01, author: A, change: Four.}]",
        "    version: 5\n    changelog: [{version: 4, date: 2024-01-01, author: A, change: Four.}, "
        "{version: 5, date: 2026-06-30, author: Kim, change: 'x: y'}]",
    )
    bumped = _catalog(text)
    assert bumped.get("units").version == 2 and bumped.get("orders").version == 5


def _catalog(text: str) -> MetricCatalog:
    import yaml

    from metrics.model import MetricFile

    data = MetricFile.model_validate(yaml.safe_load(text))
    return MetricCatalog({m.name: m for m in data.metrics})


BLOCK_TEXT = """\
metrics:
  - name: units
    label: Units
    description: Units sold.
    owner: ops
    version: 1
    changelog:
      - version: 1
        date: 2024-01-01
        author: A
        change: >
          First.
    type: simple
    table: order_items
    agg: sum
    expr: quantity
    time_dimension: order_date
    dimensions:
      - region
    # the next metric is about orders
  - name: orders
    label: Orders
    description: Orders.
    owner: ops
    type: simple
    table: order_items
    agg: count_distinct
    expr: order_id
    time_dimension: order_date
    dimensions:
      - region
"""


def test_a_bump_finds_the_end_of_block_lists_and_block_text() -> None:
    after_text = BLOCK_TEXT.replace("expr: quantity", "expr: quantity * 2").replace(
        "expr: order_id", "expr: order_line_id"
    )
    bumps = plan_bumps(
        ["units", "orders"],
        _catalog(BLOCK_TEXT),
        _catalog(after_text),
        author="K",
        change="c",
        on=TODAY,
    )
    text = apply_bumps(after_text, bumps, file="m.yaml")
    entry = "{version: 2, date: 2026-06-30, author: K, change: c}"
    units, orders = after_text.split("    # the next metric is about orders\n")
    assert text == (
        units.replace("    version: 1\n", "    version: 2\n").replace(
            "          First.\n", f"          First.\n      - {entry}\n"
        )
        + "    # the next metric is about orders\n"
        + orders
        + f"    version: 2\n    changelog:\n      - {entry}\n"
    ), "entries go after the block text; new keys after the block list, not past the comment"
    assert _catalog(text).get("orders").version == 2
