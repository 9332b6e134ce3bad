"""Answer a question: ground → plan → compile (or write SQL) → guard → execute → present.

``ask`` reads as the pipeline it is; ``explain`` is its twin that stops before execution.
This is one of the two places a broad ``except`` is allowed (the connectors' driver
boundary is the other): any failure becomes an Answer that says which stage failed and
why, so the CLI and the app keep running.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from app.i18n.notes import note
from app.pipeline.compile import compile_plan
from app.pipeline.environment import Environment
from app.pipeline.execute import dry_run, execute
from app.pipeline.ground.definitions import Defined, read_definitions
from app.pipeline.ground.grounding import ground
from app.pipeline.guard import fan_out_warnings, guard
from app.pipeline.plan import plan_question
from app.pipeline.plan.with_model import CheckedSql, SqlCheck
from app.pipeline.plan_runs import PlanRun, SharedRuns
from app.pipeline.present import (
    Presentation,
    present,
    present_error,
    present_explained,
    present_unanswered,
)
from app.pipeline.records import (
    Answer,
    Intent,
    PlanStep,
    Source,
    SqlCandidate,
    Turn,
)
from app.stages import AppStage
from app.time_budget import question_budget
from kernel.error_codes import ErrorCode
from kernel.errors import AskbiError, InternalError, UserError
from metrics.semantic_query import SemanticQuery

MAX_QUESTION_CHARS = 2_000
"""Far above any real question; grounding a pasted document would take minutes."""


@dataclass
class _Stopwatch:
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round((time.perf_counter() - began) * 1000, 3)


def ask(
    question: str,
    env: Environment,
    history: Sequence[Turn] = (),
    *,
    language: str | None = None,
    notes: str = "",
    shared: SharedRuns | None = None,
) -> Answer:
    """``language``: the app's interface language, which an English question's answer follows.

    ``notes``: what the asker wrote beside the question; the terms it defines are read.
    ``shared``: plan runs of a batch of questions (a regression run), so a plan that several
    questions plan to is compiled, guarded and executed once."""
    return _answer(question, env, history, run=True, language=language, notes=notes, shared=shared)


def explain(question: str, env: Environment, history: Sequence[Turn] = ()) -> Answer:
    """Everything ``ask`` does up to and including the guard, without touching data."""
    return _answer(question, env, history, run=False)


def answer_plan(
    plan: SemanticQuery,
    env: Environment,
    *,
    question: str = "",
    source: Source = Source.PLANNER,
    intent: Intent = Intent.LOOKUP,
    language: str | None = None,
) -> Answer:
    """Run a plan someone already holds — an edited interpretation, a dashboard tile, the
    flags of ``askbi query`` — through compile, guard, execute and present, without
    planning (and without any model)."""
    step = PlanStep(source=source, plan=plan, intent=intent, confidence=1.0)
    return _answer(
        question or plan.canonical_json(), env, (), run=True, planned=step, language=language
    )


def answer_sql(sql: str, dialect: str, env: Environment, *, question: str = "") -> Answer:
    """Run SQL someone already holds — a saved model-written tile — through the guard again,
    then execute and present it."""
    candidate = SqlCandidate(sql=sql, dialect=dialect, source=Source.LLM_SQL)
    step = PlanStep(source=Source.LLM_SQL, candidate=candidate, confidence=1.0)
    return _answer(question or sql, env, (), run=True, planned=step)


def _answer(
    question: str,
    env: Environment,
    history: Sequence[Turn],
    *,
    run: bool,
    planned: PlanStep | None = None,
    language: str | None = None,
    notes: str = "",
    shared: SharedRuns | None = None,
) -> Answer:
    # One budget for the whole question: every model call, dry run, repair and query.
    with question_budget(env.settings.question_timeout_s):
        return _answer_within_budget(
            question,
            env,
            history,
            run=run,
            planned=planned,
            language=language,
            notes=notes,
            shared=shared,
        )


def _answer_within_budget(
    question: str,
    env: Environment,
    history: Sequence[Turn],
    *,
    run: bool,
    planned: PlanStep | None = None,
    language: str | None = None,
    notes: str = "",
    shared: SharedRuns | None = None,
) -> Answer:
    clock = _Stopwatch()
    step: PlanStep | None = planned
    candidate: SqlCandidate | None = None
    try:
        if step is None and len(question) > MAX_QUESTION_CHARS:
            raise UserError(
                f"The question is {len(question):,} characters long; askbi reads questions "
                f"of up to {MAX_QUESTION_CHARS:,}. Ask one thing at a time.",
                stage=AppStage.GROUND,
                code=ErrorCode.INVALID_ARGUMENT,
            )
        if step is None:
            with clock.stage("ground"):
                defined = read_definitions(question, notes)
                grounding = ground(defined.question, env.index, env.today)
            with clock.stage("plan"):
                step = plan_question(defined.question, grounding, env, history, _sql_check(env))
            step = _with_definitions(step, defined)
        if step.plan is None and step.candidate is None:
            return present_unanswered(question, step, env, clock.timings)
        if not run:
            candidate = _candidate(step, env, clock)
            with clock.stage("guard"):
                verdict = guard(candidate.sql, candidate.dialect, env)
            return present_explained(question, step, candidate, verdict.sql, env, clock.timings)
        ran = _shared_run(step, env, shared)
        clock.timings.update(ran.timings)
        candidate = ran.candidate
        if ran.error is not None:
            return present_error(
                question, ran.error, env, clock.timings, step=step, candidate=candidate
            )
        assert candidate is not None and ran.verdict is not None and ran.execution is not None
        verdict, execution = ran.verdict, ran.execution
        with clock.stage("present"):
            answer = present(
                Presentation(question, step, candidate, verdict.sql, execution, env, language)
            )
        return answer.model_copy(update={"timings_ms": dict(clock.timings)})
    except AskbiError as e:
        return present_error(question, e, env, clock.timings, step=step, candidate=candidate)
    except Exception as e:  # a bug must not take the app down; it is reported as one
        error = InternalError(
            f"askbi failed unexpectedly: {e!r}",
            stage=AppStage.PRESENT,
            hint="This is a bug; please report it with the question you asked.",
        )
        return present_error(question, error, env, clock.timings, step=step, candidate=candidate)


def _with_definitions(step: PlanStep, defined: Defined) -> PlanStep:
    """The answer says which of the asker's own terms it read, and as what."""
    read = tuple(note("defined", term=d.term, meaning=d.meaning) for d in defined.definitions)
    return dataclasses.replace(step, notes=(*read, *step.notes)) if read else step


def _candidate(step: PlanStep, env: Environment, clock: _Stopwatch) -> SqlCandidate:
    if step.candidate is not None:
        return step.candidate
    assert step.plan is not None
    with clock.stage("compile"):
        return compile_plan(step.plan, step.source or Source.PLANNER, env)


def _shared_run(step: PlanStep, env: Environment, shared: SharedRuns | None) -> PlanRun:
    """The step's plan run, from ``shared`` when another question already ran the plan.
    Model-written SQL is never shared: it is the question's own."""
    if shared is None or step.candidate is not None or step.plan is None:
        return _run(step, env)
    source = step.source or Source.PLANNER
    key = (id(env.project), env.today, source, step.plan.canonical_json())
    return shared.run(key, lambda: _run(step, env))


def _run(step: PlanStep, env: Environment) -> PlanRun:
    """Compile (a plan), guard and execute; an error keeps the SQL it got as far as."""
    clock = _Stopwatch()
    candidate: SqlCandidate | None = None
    try:
        candidate = _candidate(step, env, clock)
        with clock.stage("guard"):
            verdict = guard(candidate.sql, candidate.dialect, env)
        with clock.stage("execute"):
            execution = execute(verdict, env, _time_dimensions(step, env))
    except AskbiError as e:
        return PlanRun(candidate, error=e, timings=clock.timings)
    return PlanRun(candidate, verdict, execution, timings=clock.timings)


def _sql_check(env: Environment) -> SqlCheck:
    """How the plan stage checks model-written SQL: the guard, then a dry run in the
    database — so the model can repair what fails, and nothing returns rows."""

    def check(sql: str) -> CheckedSql:
        verdict = guard(sql, env.dialect, env)
        if not verdict.ok:
            return CheckedSql(None, "The SQL guard refused it: " + "; ".join(verdict.reasons))
        try:
            dry_run(verdict, env)
        except AskbiError as e:
            return CheckedSql(None, f"The database refused it: {e.message}")
        warnings = fan_out_warnings(verdict.sql, dialect=env.dialect, layer=env.project.layer)
        return CheckedSql(verdict.sql, None, tuple(warnings))

    return check


def _time_dimensions(step: PlanStep, env: Environment) -> tuple[str, ...]:
    """The time dimensions whose data coverage the answer should report on."""
    if step.plan is None:
        return ()
    catalog = env.project.catalog
    return tuple(
        dict.fromkeys(
            leaf.time_dimension
            for m in step.plan.measured_metrics
            for leaf in catalog.leaves(m)
            if leaf.time_dimension is not None
        )
    )
