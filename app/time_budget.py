"""One time budget per question, shared by every model call, check and query it makes.

Each database query has its own timeout and each model request its own, but a question may
make several of each: a model's SQL, its dry run, a repair and its dry run, another repair,
then the real run. Bounded one by one, three attempts at a 60 s limit take three minutes.
The orchestrator opens a budget for the whole question (:func:`question_budget`); the places
that wait — the model client and the execute stage — ask :func:`remaining` how long they
may, which is their own limit or what the question has left, whichever is less.

A context variable rather than a parameter: the budget crosses the model client's retry
loop and every repair of the plan stage without each prompt builder passing it along, and
each thread (each app session) has its own.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("askbi_question_deadline", default=None)


@contextlib.contextmanager
def question_budget(seconds: float) -> Iterator[None]:
    """Everything inside shares ``seconds``, from now.

    >>> with question_budget(30):
    ...     0 < remaining(60) <= 30
    True
    >>> remaining(60)
    60
    """
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining(limit: float) -> float:
    """``limit``, or what is left of the question's budget when that is less (then it may
    be zero or below: the budget is spent)."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return limit
    return min(limit, deadline - time.monotonic())


def budget_binds(limit: float) -> bool:
    """Whether the question's budget, not ``limit``, is what bounds the next wait."""
    return remaining(limit) < limit
