"""Save a draft: valid, not stale, atomic, with the previous version kept and the bump logged.

Under the lock of the file's folder: the file must still be the version the draft was opened
at (otherwise someone else saved meanwhile: a conflict, never an overwrite), and is read once
more immediately before the new text replaces it, because a text editor or ``git pull`` does
not take askbi's lock and validating takes a while; on a conflict the draft is kept in the
history (``history/drafts/``) as well as in the editor. The draft must
validate as part of the whole project; changed metrics get their version and changelog
bumped in the text, which is validated again; the replaced text goes to the history; the new
text replaces the file in one step. Then each edited metric's history gets an event, and the
regression result the owner saw before saving is recorded with it.

A rollback is a save like any other, of an old version's text: the same checks apply, the
version it replaces is kept, and versions only ever go up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.checks.impact import ChangeImpact, record_impact
from app.editing.bump import Bump, apply_bumps, metric_names, plan_bumps
from app.editing.draft import Draft, path_of
from app.editing.validate import Validation, validate_draft
from app.project.atomic_files import ChangedOnDisk, content_hash, folder_lock, write_atomically
from app.project.folder import Project
from app.project.history import FileVersion, keep_draft, keep_version, log_metric_event
from kernel.error_codes import ErrorCode
from kernel.errors import InternalError, Stage, UserError


class EditConflict(UserError):
    code = ErrorCode.EDIT_CONFLICT


class EditIncomplete(UserError):
    code = ErrorCode.EDIT_INCOMPLETE


@dataclass(frozen=True)
class Saved:
    file: str
    version: str
    """The new content hash: a draft opened now is based on it."""
    text: str
    """What was written: the draft with its bumps."""
    kept: FileVersion
    """The text it replaced, in the history."""
    bumps: tuple[Bump, ...]
    edited: tuple[str, ...]
    """Metrics of the file whose definition changed in any way (wording included)."""


def save_draft(
    root: Path,
    draft: Draft,
    *,
    author: str,
    change: str,
    on: dt.date | None = None,
    impact: ChangeImpact | None = None,
    source_url: str = "",
    event: str = "edited",
) -> Saved:
    """Write ``draft``; raises ``ValidationFailed`` (invalid) or :class:`EditConflict` (stale).

    ``change`` is the changelog's "what changed and why"; ``on`` its date (default today).
    ``impact`` is the review's regression result for this same draft, recorded with the edit.
    Nothing is written when anything is refused.
    """
    author, change = _required(author, change)
    path = path_of(root, draft.file)
    with folder_lock(path.parent):
        current = path.read_bytes()
        if content_hash(current) != draft.based_on:
            raise _conflict(draft.file)
        if current.decode("utf-8") == draft.text:
            raise EditIncomplete(
                f"Nothing to save: the draft is the same as {draft.file}.", stage=Stage.VALIDATE
            )
        validation = validate_draft(root, draft, source_url=source_url)
        if not validation.ok:
            raise validation.error()
        final, bumps = _bumped(root, validation, author, change, on or dt.date.today())
        kept = keep_version(root, draft.file, current.decode("utf-8"))
        try:
            version = write_atomically(path, final.draft.text, expected=draft.based_on)
        except ChangedOnDisk as e:
            kept_draft = keep_draft(root, draft.file, draft.text)
            raise _conflict(draft.file, str(kept_draft.relative_to(root))) from e
    assert final.after is not None  # validated
    edited = _log_edits(root, validation.before, final.after, draft, author, change, event)
    if impact is not None:
        record_impact(final.after, impact, author=author)
    return Saved(draft.file, version, final.draft.text, kept, bumps, edited)


def restore(version: FileVersion, *, based_on: str) -> Draft:
    """An old version of a file as a draft over the version it would replace."""
    return Draft(version.file, version.path.read_bytes().decode("utf-8"), based_on)


def rollback_note(version: FileVersion) -> str:
    return f"Rolled back to the version saved {version.saved_at:%Y-%m-%d %H:%M:%S} UTC."


def rollback(
    root: Path,
    version: FileVersion,
    *,
    based_on: str,
    author: str,
    on: dt.date | None = None,
    impact: ChangeImpact | None = None,
    source_url: str = "",
) -> Saved:
    """Restore ``version`` as a new save over the file's version ``based_on``."""
    return save_draft(
        root,
        restore(version, based_on=based_on),
        author=author,
        change=rollback_note(version),
        on=on,
        impact=impact,
        source_url=source_url,
        event="rolled back",
    )


def _required(author: str, change: str) -> tuple[str, str]:
    if not author.strip() or not change.strip():
        raise EditIncomplete(
            "Say who you are and what changed: both go into the changelog and the history.",
            stage=Stage.VALIDATE,
            hint="Fill in your name and a one-line note, then save again.",
        )
    return author.strip(), change.strip()


def _bumped(
    root: Path, validation: Validation, author: str, change: str, on: dt.date
) -> tuple[Validation, tuple[Bump, ...]]:
    """The draft with its bumps written, validated again (a bump must never break a file)."""
    before, after, draft = validation.before, validation.after, validation.draft
    if before is None or after is None:  # the saved project did not load: nothing to compare
        return validation, ()
    names = metric_names(draft.text) if draft.is_metrics else []
    bumps = plan_bumps(names, before.catalog, after.catalog, author=author, change=change, on=on)
    if not bumps:
        return validation, ()
    bumped = draft.with_text(apply_bumps(draft.text, bumps, file=draft.file))
    final = validate_draft(root, bumped, source_url=after.source_url)
    wrong = [
        b.metric
        for b in bumps
        if final.after is None or final.after.catalog.get(b.metric).version != b.version
    ]
    if not final.ok or wrong:
        raise InternalError(
            f"Bumping the versions of {', '.join(b.metric for b in bumps)} broke "
            f"{draft.file}; nothing was saved.",
            stage=Stage.VALIDATE,
            hint="This is a bug; raise the versions and add the changelog entries by hand. "
            + "; ".join(str(p) for p in final.problems),
        )
    return final, bumps


def _log_edits(
    root: Path,
    before: Project | None,
    after: Project,
    draft: Draft,
    author: str,
    change: str,
    event: str,
) -> tuple[str, ...]:
    """One event per metric of the file whose definition changed, wording included.

    When the saved project did not load there is nothing reliable to compare with: the file's
    history still keeps the text replaced, but no metric gets an event.
    """
    if before is None or not draft.is_metrics:
        return ()
    old, new = before.catalog.metrics, after.catalog.metrics
    names = set(metric_names(draft.text)) | (set(old) - set(new))  # removed by this draft
    edited = sorted(n for n in names if old.get(n) != new.get(n))
    for name in edited:
        log_metric_event(
            root,
            name,
            {
                "event": event,
                "author": author,
                "change": change,
                "file": draft.file,
                "previous_version": old[name].version if name in old else None,
                "version": new[name].version if name in new else None,
            },
        )
    return tuple(edited)


def _conflict(file: str, kept: str = "") -> EditConflict:
    where = f" Your draft is kept in {kept}." if kept else ""
    return EditConflict(
        f"{file} was changed on disk since you opened it; your draft was not saved.{where}",
        stage=Stage.VALIDATE,
        hint="Copy your edits, reopen the file to see the other change, then make yours again.",
    )
