"""The slow half of a review, run in a thread the page can watch and stop.

The definition check is shown at once; the affected tiles and regression cases then run
here, the cases on as many threads as the machine has cores (``default_workers``). The
page polls :class:`ReviewJob` for the count and the results so far (in the order they
finish; the finished review lists them in suite order), and "Cancel" ends the run once the
cases in progress finish: none starts after it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from app.checks.runner import CaseResult
from app.editing.review import Review, numbers_review
from connectors.base import Connector
from kernel.errors import AskbiError


@dataclass
class ReviewJob:
    quick: Review
    step: str = "Starting"
    total: int = 0
    cases: list[CaseResult] = field(default_factory=list)
    review: Review | None = None
    """The full review, once finished (with the cases that ran, if cancelled)."""
    error: AskbiError | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def cancel(self, *, wait_s: float = 0.0) -> None:
        """Start no further case; with ``wait_s``, also wait (that long at most) for the
        cases in progress, before the connection they use is closed (a save re-opens it)."""
        self.cancelled.set()
        if wait_s and self._thread is not None:
            self._thread.join(wait_s)

    @property
    def finished(self) -> bool:
        return self.review is not None or self.error is not None

    def snapshot(self) -> tuple[str, int, list[CaseResult]]:
        """(step, total cases, the cases done so far), read consistently."""
        with self._lock:
            return self.step, self.total, list(self.cases)

    def _case_done(self, result: CaseResult, done: int, total: int) -> None:
        with self._lock:
            self.cases.append(result)
            self.total = total

    def _step(self, step: str) -> None:
        with self._lock:
            self.step = step


def start_numbers_review(quick: Review, connector: Connector, *, today: dt.date) -> ReviewJob:
    """Start the tiles and regression cases of ``quick`` in a daemon thread."""
    job = ReviewJob(quick)

    def run() -> None:
        try:
            job.review = numbers_review(
                quick,
                connector,
                today=today,
                progress=job._step,
                on_case=job._case_done,
                stop=job.cancelled.is_set,
            )
        except AskbiError as e:  # e.g. the database went away mid-run
            job.error = e

    job._thread = threading.Thread(target=run, name="askbi-review", daemon=True)
    job._thread.start()
    return job
