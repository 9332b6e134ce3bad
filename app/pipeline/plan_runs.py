"""A plan's compile, guard and execution, done once for every question that plans to it.

A regression run asks each paraphrase of a case, and most of them plan to the same plan:
the SQL, its check and its rows are then the same too, and only the planning and the
presentation belong to the question. :class:`SharedRuns` keeps each plan's run for the
batch; threads that want a run in progress wait for it instead of starting a second one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field

from app.pipeline.guard.verdict import GuardVerdict
from app.pipeline.records import Execution, SqlCandidate
from kernel.errors import AskbiError


@dataclass(frozen=True)
class PlanRun:
    """What a plan became: its SQL, the guard's verdict and the rows, or the error that
    stopped it (with the SQL, when it got that far)."""

    candidate: SqlCandidate | None = None
    verdict: GuardVerdict | None = None
    execution: Execution | None = None
    error: AskbiError | None = None
    timings: Mapping[str, float] = field(default_factory=dict)


@dataclass
class SharedRuns:
    """Plan runs of one batch of questions, each computed once, safe to share between
    threads. Keep one for as long as the project, data and day stay the same."""

    _runs: dict[Hashable, Future[PlanRun]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, key: Hashable, compute: Callable[[], PlanRun]) -> PlanRun:
        """The run filed under ``key``, computing it here if no thread has started it."""
        with self._lock:
            running = self._runs.get(key)
            mine = running is None
            if running is None:
                running = self._runs[key] = Future()
        if not mine:
            return running.result()
        try:
            running.set_result(compute())
        except BaseException as e:  # the waiting threads hear of it too, then it goes on up
            running.set_exception(e)
            raise
        return running.result()

    def __len__(self) -> int:
        return len(self._runs)
