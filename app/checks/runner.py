"""Run check suites through the real pipeline and say which answers moved, and why.

Every question of every case goes through ``ask`` exactly as a user's would, on the
configured source and planner (offline, or a model). A case fails when any question
misses what the case requires; a paraphrase group whose questions disagree with each
other is reported as inconsistent even when no expectation names the difference.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any

from app.checks.compare import close, plan_diff, rows_diff, sql_diff
from app.checks.snapshots import Snapshot, SnapshotStore, fingerprint
from app.checks.suite import FOLDER, Case, LoadedSuite
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.plan_runs import SharedRuns
from app.pipeline.records import Answer, Status, Turn
from metrics.catalog import MetricCatalog

PASSED, FAILED, INCONSISTENT, NO_SNAPSHOT = "passed", "failed", "inconsistent", "no snapshot"


@dataclass(frozen=True)
class QuestionResult:
    question: str
    status: str
    plan: str | None
    source: str | None
    problems: tuple[str, ...]
    elapsed_ms: float
    llm_calls: int
    tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "plan": self.plan,
            "source": self.source,
            "problems": list(self.problems),
            "elapsed_ms": round(self.elapsed_ms, 1),
            "llm_calls": self.llm_calls,
            "tokens": self.tokens,
        }


@dataclass(frozen=True)
class CaseResult:
    suite: str
    name: str
    outcome: str
    questions: tuple[QuestionResult, ...]
    problems: tuple[str, ...] = ()
    """Problems of the group as a whole: disagreement, snapshot differences."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "case": self.name,
            "outcome": self.outcome,
            "problems": list(self.problems),
            "questions": [q.to_dict() for q in self.questions],
        }


@dataclass(frozen=True)
class CheckReport:
    cases: tuple[CaseResult, ...]
    mode: str
    source: str
    data: str
    """The data fingerprint snapshots are filed under."""
    seconds: float
    updated_snapshots: int = 0

    def count(self, outcome: str) -> int:
        return sum(c.outcome == outcome for c in self.cases)

    @property
    def ok(self) -> bool:
        return self.count(FAILED) == 0 and self.count(INCONSISTENT) == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "mode": self.mode,
            "source": self.source,
            "data": self.data,
            "seconds": round(self.seconds, 2),
            "summary": {o: self.count(o) for o in (PASSED, FAILED, INCONSISTENT, NO_SNAPSHOT)},
            "updated_snapshots": self.updated_snapshots,
            "cases": [c.to_dict() for c in self.cases],
        }

    def to_text(self) -> str:
        lines = []
        for case in self.cases:
            if case.outcome in (PASSED, NO_SNAPSHOT):
                continue  # right answers; "no snapshot" is summed up below
            lines.append(f"{case.outcome.upper():<13} {case.suite}:{case.name}")
            lines += [f"    {p}" for p in case.problems]
            for q in case.questions:
                for problem in q.problems:
                    lines.append(f"    {q.question!r}: {problem}")
        summary = ", ".join(
            f"{self.count(o)} {o}" for o in (PASSED, FAILED, INCONSISTENT, NO_SNAPSHOT)
        )
        questions = sum(len(c.questions) for c in self.cases)
        lines.append(
            f"{len(self.cases)} cases ({questions} questions): {summary} — {self.mode} planner, "
            f"{self.seconds:.1f} s, data {self.data}"
        )
        if self.updated_snapshots:
            lines.append(f"{self.updated_snapshots} snapshots written")
        elif self.count(NO_SNAPSHOT):
            lines.append(
                f"No stored results for this data ({self.data}) to compare numbers with: "
                "`askbi check --update-snapshots` takes a baseline to catch moves from now on."
            )
        return "\n".join(lines)


@dataclass
class _Run:
    env: Environment
    store: SnapshotStore
    update: bool
    shared: SharedRuns = field(default_factory=SharedRuns)
    """Paraphrases that plan alike, in one case or across cases, compile and run once."""
    written: list[str] = field(default_factory=list)


CaseDone = Callable[[CaseResult, int, int], None]
"""Told after each case: its result, how many are done, how many there are."""


def default_workers() -> int:
    """Cases run at once: DuckDB works outside the GIL, and more threads than cores only
    queue behind each other's Python."""
    return max(1, min(4, os.cpu_count() or 1))


def run_checks(
    suites: Sequence[LoadedSuite],
    env: Environment,
    *,
    metrics: Iterable[str] | None = None,
    update_snapshots: bool = False,
    on_case: CaseDone | None = None,
    stop: Callable[[], bool] = lambda: False,
    workers: int = 1,
) -> CheckReport:
    """Run ``suites`` (only the cases that use ``metrics``, when given).

    ``workers`` cases run at once (one keeps a model's scripted replies in order); the
    report lists them in suite order whatever order they finish in. ``on_case`` hears of
    each result as it is known; once ``stop()`` turns true no further case starts, and
    the report holds the cases that ran."""
    began = time.perf_counter()
    data = fingerprint(env)
    run = _Run(env, SnapshotStore.for_data(env.project.root / FOLDER, data), update_snapshots)
    wanted = set(metrics) if metrics is not None else None
    chosen = [
        (suite, case)
        for suite in suites
        for case in suite.cases
        if wanted is None or uses_metrics(case, wanted, env.project.catalog)
    ]
    done: dict[int, CaseResult] = {}

    def check(number: int) -> CaseResult | None:
        if stop():
            return None
        suite, case = chosen[number]
        return _check_case(suite.name, case, replace(run, env=replace(env, today=suite.today)))

    def finished(number: int, result: CaseResult | None) -> None:
        if result is None:
            return
        done[number] = result
        if on_case is not None:
            on_case(result, len(done), len(chosen))

    _in_pool(check, len(chosen), max(1, workers), finished, stop)
    return CheckReport(
        cases=tuple(done[n] for n in sorted(done)),
        mode=env.settings.planner.value if env.llm is not None else "offline",
        source=env.connector.url if env.connector is not None else "",
        data=data,
        seconds=time.perf_counter() - began,
        updated_snapshots=len(run.written),
    )


def _in_pool(
    work: Callable[[int], CaseResult | None],
    count: int,
    workers: int,
    finished: Callable[[int, CaseResult | None], None],
    stop: Callable[[], bool],
) -> None:
    """``work(0 … count-1)`` on ``workers`` threads, each result handed to ``finished`` on
    this thread as it comes; after ``stop()`` the cases not yet started are dropped."""
    if workers == 1:
        for number in range(count):
            finished(number, work(number))
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="askbi-check") as pool:
        pending: dict[Future[CaseResult | None], int] = {
            pool.submit(work, n): n for n in range(count)
        }
        while pending:
            ready, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(ready, key=pending.__getitem__):
                number = pending.pop(future)
                if not future.cancelled():
                    finished(number, future.result())
            if stop():
                for future in pending:
                    future.cancel()  # those already running finish; none starts


def uses_metrics(case: Case, metrics: set[str], catalog: MetricCatalog) -> bool:
    """Whether a case's plan depends, directly or through a formula, on any of ``metrics``."""
    if case.plan is None:
        return False
    for name in case.plan.metrics:
        if name in metrics or metrics & set(catalog.all_dependencies(name)):
            return True
    return False


def _check_case(suite: str, case: Case, run: _Run) -> CaseResult:
    history = _history(case, run.env, run.shared)
    answers: list[Answer] = []
    results: list[QuestionResult] = []
    for question in case.questions:
        began = time.perf_counter()
        answer = ask(question, run.env, history, shared=run.shared)
        answers.append(answer)
        results.append(_question_result(question, answer, case, began))
    group = _disagreements(case, answers)
    outcome = INCONSISTENT if group else PASSED
    if any(r.problems for r in results):
        outcome = FAILED
    snapshot_problems, missing = _snapshot(suite, case, answers, run)
    if snapshot_problems:
        outcome = FAILED
    elif missing and outcome == PASSED:
        outcome = NO_SNAPSHOT
    return CaseResult(suite, case.name, outcome, tuple(results), (*group, *snapshot_problems))


def _history(case: Case, env: Environment, shared: SharedRuns | None = None) -> list[Turn]:
    turns: list[Turn] = []
    for question in case.after:
        turns.append(Turn(question, ask(question, env, turns, shared=shared).plan))
    return turns


def _question_result(question: str, answer: Answer, case: Case, began: float) -> QuestionResult:
    return QuestionResult(
        question=question,
        status=answer.status.value,
        plan=answer.plan.canonical_json() if answer.plan else None,
        source=answer.source.value if answer.source else None,
        problems=tuple(expectation_problems(case, answer)),
        elapsed_ms=(time.perf_counter() - began) * 1000,
        llm_calls=answer.llm_calls,
        tokens=answer.tokens.prompt_tokens + answer.tokens.completion_tokens,
    )


def expectation_problems(case: Case, answer: Answer) -> list[str]:
    """What an answer misses of its case, one readable line each."""
    problems: list[str] = []
    if answer.error is not None and case.expect == "answer":
        problems.append(f"error at {answer.error.stage}: {answer.error.message}")
    if not _status_matches(case.expect, answer.status):
        problems.append(f"expected {case.expect}, got {answer.status.value}")
    if case.expect == "answer" and case.plan is not None and answer.plan != case.plan:
        problems += plan_diff(case.plan, answer.plan)
    if case.source is not None and answer.source is not case.source:
        problems.append(f"source: expected {case.source.value}, got {answer.source}")
    offered = {o.label for o in answer.clarification.options} if answer.clarification else set()
    problems += [f"clarification does not offer '{o}'" for o in case.options if o not in offered]
    if case.sql is not None and answer.sql is not None:
        problems += sql_diff(case.sql, answer.sql)
    problems += _value_problems(case, answer)
    return problems


def _status_matches(expect: str, status: Status) -> bool:
    if expect == "answer":
        return status is Status.ANSWERED
    if expect == "no_answer":
        return status in (Status.CLARIFY, Status.CANNOT_ANSWER, Status.REFUSED)
    return status.value == expect


def _value_problems(case: Case, answer: Answer) -> list[str]:
    names = answer.column_names()
    problems = []
    for expected in case.values:
        keys = {k: v for k, v in expected.items() if isinstance(v, str)}
        row = next(
            (
                r
                for r in answer.rows
                if all(r[names.index(k)] == v for k, v in keys.items() if k in names)
            ),
            None,
        )
        where = ", ".join(f"{k}={v}" for k, v in keys.items()) or "total"
        if row is None:
            problems.append(f"{where}: no such row")
            continue
        for column, value in expected.items():
            if column in keys:
                continue
            if column not in names:
                problems.append(f"{where}: no column '{column}'")
            elif not close(value, row[names.index(column)], case.tolerance):
                problems.append(
                    f"{where}: {column} expected {value}, got {row[names.index(column)]}"
                )
    return problems


def _disagreements(case: Case, answers: list[Answer]) -> list[str]:
    """Paraphrases must agree: one plan, one SQL, one result — whatever was expected."""
    answered = [a for a in answers if a.status is Status.ANSWERED]
    plans = {a.plan.canonical_json() if a.plan else a.sql or "" for a in answered}
    statuses = {a.status for a in answers}
    problems = []
    if len(statuses) > 1 and case.expect != "no_answer":
        problems.append(
            "paraphrases got different outcomes: "
            + "; ".join(f"{a.question!r} → {a.status.value}" for a in answers)
        )
    if len(plans) > 1:
        problems.append(
            f"paraphrases got {len(plans)} different plans: "
            + "; ".join(
                f"{a.question!r} → {a.plan.canonical_json() if a.plan else a.sql}" for a in answered
            )
        )
    elif len({a.rows for a in answered}) > 1:
        problems.append("paraphrases got the same plan but different numbers")
    return problems


def _snapshot(suite: str, case: Case, answers: list[Answer], run: _Run) -> tuple[list[str], bool]:
    answered = next((a for a in answers if a.status is Status.ANSWERED), None)
    if answered is None or not case.snapshot or case.expect != "answer":
        return [], False
    taken = Snapshot(
        tuple(answered.column_names()),
        tuple(tuple(r) for r in answered.rows),
        answered.plan.canonical_json() if answered.plan else answered.sql or "",
    )
    if run.update:
        run.store.save(suite, case.name, taken)
        run.written.append(f"{suite}:{case.name}")
        return [], False
    stored = run.store.load(suite, case.name)
    if stored is None:
        return [], True
    problems = rows_diff(
        stored.columns, stored.rows, taken.columns, taken.rows, tolerance=case.tolerance
    )
    return [f"snapshot: {p}" for p in problems], False
