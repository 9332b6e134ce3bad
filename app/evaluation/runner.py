"""``askbi eval``: how well the configured planner (offline or a model) answers a dataset.

Each question runs through ``ask`` as a user's would; its result is graded against the gold
SQL's result. The report gives execution accuracy, why each miss missed, how often
paraphrases agree, how much was answered, latency and the model's calls and tokens.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from app.evaluation.dataset import EvalDataset, EvalQuestion
from app.evaluation.grade import CORRECT, ERROR, REASONS, REFUSED, grade, normal
from app.evaluation.latency import percentile
from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.execute import Refused, run_guarded
from app.pipeline.records import Answer, Status
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError

GOLD_MAX_ROWS = 100_000


@dataclass(frozen=True)
class QuestionOutcome:
    id: str
    question: str
    group: str | None
    grade: str
    status: str
    source: str | None
    latency_ms: float
    llm_calls: int
    tokens: int
    detail: str = ""
    result: str = ""
    """A fingerprint of the normalised result, for paraphrase agreement."""


@dataclass(frozen=True)
class EvalReport:
    dataset: str
    mode: str
    questions: int
    execution_accuracy: float
    answered: float
    refused: float
    consistency: float
    """Share of paraphrase groups whose questions all got the same result (or all refused)."""
    failures: dict[str, int]
    latency_p50_ms: float
    latency_p95_ms: float
    llm_calls_per_question: float
    tokens_per_question: float
    outcomes: tuple[QuestionOutcome, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcomes"] = [asdict(o) for o in self.outcomes]
        return {"benchmark": "eval", **data}

    def to_text(self) -> str:
        rows = [
            ("dataset", self.dataset),
            ("planner", self.mode),
            ("questions", f"{self.questions}"),
            ("execution accuracy", f"{self.execution_accuracy:.1%}"),
            ("answered", f"{self.answered:.1%}"),
            ("refused", f"{self.refused:.1%}"),
            ("paraphrase consistency", f"{self.consistency:.1%}"),
            ("latency p50", f"{self.latency_p50_ms:.0f} ms"),
            ("latency p95", f"{self.latency_p95_ms:.0f} ms"),
            ("LLM calls / question", f"{self.llm_calls_per_question:.2f}"),
            ("tokens / question", f"{self.tokens_per_question:.0f}"),
        ]
        rows += [(f"  {reason}", f"{count}") for reason, count in self.failures.items() if count]
        lines = [f"{k:<26}{v:>20}" for k, v in rows]
        misses = [o for o in self.outcomes if o.grade != CORRECT]
        if misses:
            lines.append("")
            width = max(len(o.id) for o in misses) + 2
            lines += [f"{o.id:<{width}}{o.grade:<16}{o.question}" for o in misses]
        return "\n".join(lines)


def run_eval(dataset: EvalDataset, env: Environment, *, name: str = "") -> EvalReport:
    env = replace(env, today=dataset.today)
    if dataset.dialect != env.dialect:
        raise UserError(
            f"The dataset's gold SQL is written for {dataset.dialect}; the source speaks "
            f"{env.dialect}.",
            stage=AppStage.CLI,
            hint="Evaluate against a source of the dataset's dialect.",
            code=ErrorCode.DIALECT_MISMATCH,
        )
    outcomes = tuple(_evaluate(question, env) for question in dataset.questions)
    return _report(name, env, outcomes)


def _evaluate(item: EvalQuestion, env: Environment) -> QuestionOutcome:
    gold_columns, gold_rows = _gold(item, env)
    began = time.perf_counter()
    answer = ask(item.question, env)
    latency = (time.perf_counter() - began) * 1000
    verdict, detail = _grade(answer, gold_columns, gold_rows, item.ordered)
    result = (
        json.dumps(sorted(str(tuple(normal(v) for v in r)) for r in answer.rows))
        if answer.ok
        else answer.status.value
    )
    return QuestionOutcome(
        id=item.id,
        question=item.question,
        group=item.group,
        grade=verdict,
        status=answer.status.value,
        source=answer.source.value if answer.source else None,
        latency_ms=latency,
        llm_calls=answer.llm_calls,
        tokens=answer.tokens.prompt_tokens + answer.tokens.completion_tokens,
        detail=detail,
        result=result,
    )


def _gold(item: EvalQuestion, env: Environment) -> tuple[list[str], list[tuple[Any, ...]]]:
    try:
        result = run_guarded(item.gold_sql, env, max_rows=GOLD_MAX_ROWS)
    except Refused as e:
        raise UserError(
            f"The gold SQL of '{item.id}' was refused: {'; '.join(e.verdict.reasons)}",
            stage=AppStage.GUARD,
            code=ErrorCode.INVALID_DATASET,
        ) from e
    rows = list(result.rows)
    return result.columns, rows


def _grade(
    answer: Answer, gold_columns: Sequence[str], gold_rows: Sequence[tuple[Any, ...]], ordered: bool
) -> tuple[str, str]:
    if answer.status is Status.ERROR:
        return ERROR, answer.error.message if answer.error else ""
    if answer.status is not Status.ANSWERED:
        return REFUSED, answer.narrative
    verdict = grade(gold_columns, gold_rows, answer.column_names(), answer.rows, ordered=ordered)
    return (
        verdict,
        "" if verdict == CORRECT else f"{answer.row_count} rows vs {len(gold_rows)} gold",
    )


def _report(name: str, env: Environment, outcomes: tuple[QuestionOutcome, ...]) -> EvalReport:
    count = len(outcomes)
    failures = Counter(o.grade for o in outcomes if o.grade != CORRECT)
    latencies = [o.latency_ms for o in outcomes]
    return EvalReport(
        dataset=name,
        mode=env.settings.planner.value if env.llm is not None else "offline",
        questions=count,
        execution_accuracy=sum(o.grade == CORRECT for o in outcomes) / count,
        answered=sum(o.status == Status.ANSWERED.value for o in outcomes) / count,
        refused=sum(o.grade == REFUSED for o in outcomes) / count,
        consistency=_consistency(outcomes),
        failures={reason: failures.get(reason, 0) for reason in REASONS},
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p95_ms=percentile(latencies, 0.95),
        llm_calls_per_question=sum(o.llm_calls for o in outcomes) / count,
        tokens_per_question=sum(o.tokens for o in outcomes) / count,
        outcomes=outcomes,
    )


def _consistency(outcomes: Sequence[QuestionOutcome]) -> float:
    groups: dict[str, list[str]] = {}
    for o in outcomes:
        if o.group is not None:
            groups.setdefault(o.group, []).append(o.result)
    paraphrased = [set(results) for results in groups.values() if len(results) > 1]
    if not paraphrased:
        return 1.0
    return sum(len(results) == 1 for results in paraphrased) / len(paraphrased)
