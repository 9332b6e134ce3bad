"""Everything a metric owner sees before saving a draft, computed in one pass.

validate → diff → changed metrics and their SQL → affected tiles before/after → affected
regression cases and verified queries (``assess_change``). Only what the change touches
runs: a one-metric edit re-runs a handful of cases, not the whole suite.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.checks.impact import (
    ChangeImpact,
    affected,
    assess_between,
    change_environments,
    changed_metrics,
)
from app.checks.runner import CaseDone, default_workers
from app.editing.compiled import MetricChange, metric_changes
from app.editing.draft import Draft, saved_text
from app.editing.tiles import TileChange, tile_changes
from app.editing.validate import Validation, validate_draft
from connectors.base import Connector

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Review:
    validation: Validation
    diff: str
    """Unified diff of the saved file against the draft; empty when they are equal."""
    metrics: tuple[MetricChange, ...] = ()
    affected: tuple[str, ...] = ()
    """The changed metrics and every metric computed from them."""
    tiles: tuple[TileChange, ...] = ()
    impact: ChangeImpact | None = None
    """The affected regression cases and verified queries; None when nothing could run."""
    notes: tuple[str, ...] = ()
    """What the review could not check, and why."""

    @property
    def draft(self) -> Draft:
        return self.validation.draft

    @property
    def valid(self) -> bool:
        return self.validation.ok


def unified_diff(file: str, saved: str, draft: str, *, label: str = "draft") -> str:
    """The draft (or an earlier version, ``label``-led) against the saved file, as ``diff -u``.

    >>> print(unified_diff("m.yaml", "a: 1\\n", "a: 2\\n"))
    --- saved/m.yaml
    +++ draft/m.yaml
    @@ -1 +1 @@
    -a: 1
    +a: 2
    """
    lines = difflib.unified_diff(
        saved.splitlines(keepends=True),
        draft.splitlines(keepends=True),
        f"saved/{file}",
        f"{label}/{file}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines).rstrip("\n")


def review_draft(
    root: Path,
    draft: Draft,
    connector: Connector | None,
    *,
    today: dt.date,
    source_url: str = "",
    progress: Progress = lambda _: None,
) -> Review:
    """Validate ``draft`` and, when it is valid, assess what saving it would change."""
    quick = quick_review(root, draft, connector, today=today, source_url=source_url)
    if not needs_numbers(quick, connector):
        return quick
    assert connector is not None
    return numbers_review(quick, connector, today=today, progress=progress)


def quick_review(
    root: Path, draft: Draft, connector: Connector | None, *, today: dt.date, source_url: str = ""
) -> Review:
    """What is known at once: every problem, the diff and the changed metrics' SQL."""
    validation = validate_draft(root, draft, source_url=source_url)
    diff = unified_diff(draft.file, saved_text(root, draft.file), draft.text)
    before, after = validation.before, validation.after
    if not validation.ok or after is None:
        return Review(validation, diff)
    if before is None:
        note = "The saved project does not load, so only validation ran: save to fix it."
        return Review(validation, diff, notes=(note,))
    changed = changed_metrics(before.catalog, after.catalog)
    touched = affected(changed, after.catalog) | affected(changed, before.catalog)
    dialect = connector.dialect if connector is not None else "duckdb"
    changes = metric_changes(changed, before, after, dialect=dialect, today=today)
    base = Review(validation, diff, changes, tuple(sorted(touched)))
    if not changed:
        return _with_note(base, _unchanged_note(draft))
    if connector is None:
        return _with_note(base, "The database is not reachable: numbers were not re-checked.")
    return base


def needs_numbers(review: Review, connector: Connector | None) -> bool:
    """Whether the numbers part (tiles, regression cases) has anything to run."""
    return connector is not None and review.valid and bool(review.metrics) and not review.notes


def numbers_review(
    quick: Review,
    connector: Connector,
    *,
    today: dt.date,
    progress: Progress = lambda _: None,
    on_case: CaseDone | None = None,
    stop: Callable[[], bool] = lambda: False,
    workers: int | None = None,
) -> Review:
    """The slow part: affected tiles before and after, then the affected regression cases
    (``workers`` at once, as many as the machine's cores by default) and verified queries,
    each case reported to ``on_case`` as it finishes."""
    before, after = quick.validation.before, quick.validation.after
    assert before is not None and after is not None
    env_before, env_after = change_environments(before, after, connector, today=today)
    progress("Running the affected dashboard tiles before and after")
    tiles = tile_changes(after.root, set(quick.affected), env_before, env_after)
    progress("Running the affected regression cases and verified queries")
    impact = assess_between(
        env_before, env_after, on_case=on_case, stop=stop, workers=workers or default_workers()
    )
    return replace(quick, tiles=tiles, impact=impact)


def _unchanged_note(draft: Draft) -> str:
    if draft.is_metrics:
        return "No metric's computation changed: no version is bumped and no number moves."
    return (
        "No metric definition changed. Semantic layer edits are validated but not traced to "
        "numbers: run `askbi check` to re-run the whole suite."
    )


def _with_note(review: Review, note: str) -> Review:
    return replace(review, notes=(*review.notes, note))
