"""Edit page: metric owners change the YAML, see what the change does, and save it safely."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from app.checks.impact import ChangeImpact
from app.checks.runner import NO_SNAPSHOT, CaseResult
from app.editing.background import ReviewJob, start_numbers_review
from app.editing.compiled import CompiledSql
from app.editing.draft import Draft, editable_files, open_draft, saved_text
from app.editing.review import Review, needs_numbers, quick_review, unified_diff
from app.editing.save import EditConflict, Saved, restore, rollback_note, save_draft
from app.pipeline.environment import Environment
from app.pipeline.records import Answer
from app.project.history import versions
from app.settings import resolve_today
from app.ui import cache, layout, render
from app.ui.lang import t
from app.ui.yaml_editor import reload_text, yaml_editor
from kernel.errors import AskbiError
from kernel.problems import ValidationFailed

TEXT, AUTHOR, NOTE = "edit-text", "edit-author", "edit-note"
DRAFT, REVIEW, OUTCOME = "askbi_edit_draft", "askbi_edit_review", "askbi_edit_outcome"
JOB = "askbi_edit_job"
CASES_FINISHING_S = 10.0
"""How long a save waits for the review's cases in progress (each takes well under that)."""
SIDES = ("As saved", "With the draft")
T = TypeVar("T")


def open_file(root: Path, file: str, outcome: Saved | None = None) -> None:
    """Callback: the file as saved now, replacing the editor's text and any review."""
    draft = open_draft(root, file)
    _cancel_running()
    reload_text()
    st.session_state.update(
        {DRAFT: draft, TEXT: draft.text, REVIEW: None, OUTCOME: outcome, JOB: None}
    )


def _cancel_running(*, wait_s: float = 0.0) -> None:
    job: ReviewJob | None = st.session_state.get(JOB)
    if job is not None:
        job.cancel(wait_s=wait_s)


def check(root: Path, env: Environment | None, draft: Draft) -> None:
    """Validate at once; the numbers it moves (tiles, regression cases) run in the
    background, watched by :func:`numbers_progress`. Without a project: validate only."""
    with st.spinner(t("edit.checking")):
        try:
            review = quick_review(
                root,
                draft,
                env.connector if env else None,
                today=env.today if env else resolve_today(),
                source_url=env.project.source_url if env else "",
            )
        except AskbiError as e:  # e.g. a database that went away mid-check
            st.session_state.update({REVIEW: None, OUTCOME: e, JOB: None})
            return
    job = None
    if env is not None and env.connector is not None and needs_numbers(review, env.connector):
        job = start_numbers_review(review, env.connector, today=env.today)
    st.session_state.update({REVIEW: review, OUTCOME: None, JOB: job})


@st.fragment(run_every=1.0)
def numbers_progress() -> None:
    """The background run's count and results so far; the whole page redraws when done."""
    job: ReviewJob | None = st.session_state.get(JOB)
    if job is None:
        return
    if job.finished:
        st.session_state.update({JOB: None, REVIEW: job.review or job.quick})
        if job.error is not None:
            st.session_state[OUTCOME] = job.error
        st.rerun(scope="app")
    step, total, cases = job.snapshot()
    with st.container(border=True):
        count = t("edit.cases_count", done=len(cases), total=total or "…")
        st.markdown(f"**{t('edit.running')}** — {count}")
        st.progress(len(cases) / total if total else 0.0, text=step)
        if cases:
            case_table(cases)
        st.button(
            t("edit.cancel"),
            key="edit-cancel",
            icon=":material/stop_circle:",
            on_click=job.cancelled.set,
            disabled=job.cancelled.is_set(),
        )


def case_table(cases: Sequence[CaseResult]) -> None:
    rows = [(c.suite, c.name, t(f"outcome.{c.outcome}"), "; ".join(c.problems[:1])) for c in cases]
    columns = [t("edit.suite"), t("edit.case"), t("edit.outcome"), t("edit.first_difference")]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True)


def save(root: Path, review: Review) -> None:
    """Callback: save exactly the reviewed draft; a refusal is shown, nothing is written."""
    try:
        saved = save_draft(
            root,
            review.draft,
            author=st.session_state[AUTHOR],
            change=st.session_state[NOTE],
            impact=review.impact,
        )
    except AskbiError as e:
        st.session_state[OUTCOME] = e
        return
    _cancel_running(wait_s=CASES_FINISHING_S)  # re-opening the project closes their connection
    cache.definitions_changed()
    open_file(root, saved.file, saved)
    st.session_state[NOTE] = ""


def show_review(review: Review) -> None:
    label = t("edit.invalid") if not review.valid else t("edit.checked")
    st.status(label, state="complete" if review.valid else "error", expanded=False)
    if not review.valid:
        own, elsewhere = review.validation.split()
        render.error(ValidationFailed(own, what=t("edit.draft_of", file=review.draft.file)))
        if elsewhere:
            with st.expander(t("edit.follow_on", count=len(elsewhere))):
                st.code("\n".join(str(p) for p in elsewhere), language=None)
    st.code(review.diff or "No changes against the saved file.", language="diff")
    for note in review.notes:
        st.info(note, icon=":material/info:")
    for change in review.metrics:
        st.markdown(f"**{change.label}** (`{change.name}`, {change.kind}): its SQL, alone")
        side_by_side(change.before, change.after, compiled)
    for tile in review.tiles:
        moved = "numbers moved" if tile.moved else "unchanged"
        st.markdown(f"**{tile.dashboard_title} › {tile.tile.title}** ({moved})")
        side_by_side(tile.before, tile.after, numbers)
    if review.impact is not None:
        regression(review.impact)


def side_by_side(before: T, after: T, show: Callable[[T], None]) -> None:
    for column, value, side in zip(st.columns(2), (before, after), SIDES, strict=True):
        with column:
            st.caption(side)
            show(value)


def compiled(sql: CompiledSql | None) -> None:
    if sql is None:
        st.caption("— (not defined on this side)")
    elif sql.error is not None:
        render.error(sql.error)
    else:
        st.code(sql.sql, language="sql")


def numbers(answer: Answer) -> None:
    if answer.ok:
        render.table(answer)
    else:
        render.error(answer)


def regression(impact: ChangeImpact) -> None:
    st.markdown("**Regression cases that use the changed metrics**")
    if impact.checks.cases:
        case_table(impact.checks.cases)
        if any(c.outcome == NO_SNAPSHOT for c in impact.checks.cases):
            st.caption(t("edit.no_snapshot_explained"))
    else:
        st.caption("No case uses them.")
    st.markdown("**Verified queries that use them** (their owners certified the old answer)")
    for v in impact.verified:
        if v.moved:
            st.warning(
                f"{v.name}: the answer moved — {v.question}  \n" + "  \n".join(v.differences[:3])
            )
        else:
            st.success(f"{v.name}: same answer — {v.question}")


def history(root: Path, draft: Draft) -> None:
    kept = versions(root, draft.file)
    count = f"{len(kept)} earlier version{'' if len(kept) == 1 else 's'}"
    with st.expander(f"History of {draft.file} ({count})"):
        if not kept:
            st.caption("No earlier versions yet: every save keeps the one it replaces.")
            return
        labels = {v.path.name: f"{v.saved_at:%Y-%m-%d %H:%M:%S} UTC" for v in kept}
        chosen = st.selectbox("Earlier version", list(labels), format_func=labels.__getitem__)
        version = next(v for v in kept if v.path.name == chosen)
        old = restore(version, based_on=draft.based_on)
        current = saved_text(root, draft.file)
        diff = unified_diff(draft.file, current, old.text, label="earlier")
        st.code(diff or "Same as saved.", language="diff")
        st.button(
            "Roll back: put this version in the editor",
            key="edit-restore",
            on_click=put_in_editor,
            args=(old.text, rollback_note(version)),
        )


def put_in_editor(text: str, note: str) -> None:
    """Callback: an old version becomes the draft; validating and saving it is the rollback."""
    reload_text()
    st.session_state.update({TEXT: text, NOTE: note, REVIEW: None, OUTCOME: None})


opened = layout.page_of_any_project(t("page.edit"), t("edit.intro"))
env = opened if isinstance(opened, Environment) else None
if isinstance(opened, AskbiError):
    render.error(opened)
    if opened.code == "project_not_found":
        st.stop()
    st.info("The project does not load: fix the file named above here, validate and save.")
root = Path(cache.location()[0])
files = editable_files(root)
file = st.selectbox(t("edit.file"), files, key="edit-file")
current: Draft | None = st.session_state.get(DRAFT)
if current is None or current.file != file:
    open_file(root, file)
elif TEXT not in st.session_state:  # the editor was off screen: keep the draft's edits
    st.session_state[TEXT] = current.text
text = yaml_editor(TEXT, label=t("edit.yaml_of", file=file))
draft: Draft = st.session_state[DRAFT].with_text(text)
st.session_state[DRAFT] = draft
if st.button(t("edit.validate"), key="edit-check", icon=":material/fact_check:", type="primary"):
    check(root, env, draft)
review: Review | None = st.session_state.get(REVIEW)
if review is not None:
    show_review(review)
    numbers_progress()
    if review.draft != draft:
        st.warning("The text changed since it was validated: validate again before saving.")
outcome = st.session_state.get(OUTCOME)
if isinstance(outcome, Saved):
    bumped = ", ".join(f"{b.metric} v{b.previous} → v{b.version}" for b in outcome.bumps)
    kept = "The text it replaced is in the history."
    st.success(f"Saved {outcome.file}: {bumped or 'no version bumped'}. {kept}")
elif isinstance(outcome, AskbiError):
    render.error(outcome)
    if isinstance(outcome, EditConflict):
        st.button("Discard my edits and reopen the file", on_click=open_file, args=(root, file))
author, note = st.columns(2)
author.text_input("Your name", key=AUTHOR)
note.text_input("What changed and why (goes into the changelog)", key=NOTE)
ready = review is not None and review.valid and review.draft == draft and bool(review.diff)
st.button(
    "Save", key="edit-save", disabled=not ready, on_click=save, args=(root, review), type="primary"
)
history(root, draft)
