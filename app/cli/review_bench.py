"""``askbi bench review``: the Edit page's review of a change to one metric, end to end.

The draft doubles the metric's expression in its YAML file, which moves every number
computed from it: the review validates and diffs it (the part shown at once), then runs the
affected tiles before and after, the regression cases that use the metric and the verified
queries (the part that runs in the background). Nothing is saved. The first round pays for
a fresh process (imports, the database's first reads); the app's reviews are the later ones.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import asdict, dataclass

from app.checks.runner import default_workers
from app.editing.draft import Draft, editable_files, open_draft
from app.editing.review import Review, numbers_review, quick_review
from app.evaluation.latency import percentile
from app.project.folder import Project
from app.stages import AppStage
from connectors.base import Connector
from kernel.error_codes import ErrorCode
from kernel.errors import UserError


@dataclass(frozen=True)
class ReviewBenchmark:
    metric: str
    file: str
    rounds: int
    workers: int
    tiles: int
    cases: int
    questions: int
    distinct_plans: int
    """Plans the cases' questions planned to: each is compiled and run once per review."""
    verified: int
    quick_ms: float
    """Validation, diff and the changed metric's SQL (p50): what the page shows at once."""
    first_ms: float
    """The whole review in a fresh process."""
    p50_ms: float
    """The whole review in a warm process (the rounds after the first), as the app runs it."""

    def to_dict(self) -> dict[str, object]:
        return {"benchmark": "review", **asdict(self)}

    def to_text(self) -> str:
        rows = [
            ("changed metric", f"{self.metric} ({self.file})"),
            ("rounds", f"{self.rounds}"),
            ("cases at once", f"{self.workers}"),
            ("affected tiles", f"{self.tiles}"),
            ("regression cases", f"{self.cases}"),
            ("their questions", f"{self.questions}"),
            ("distinct plans", f"{self.distinct_plans}"),
            ("verified queries", f"{self.verified}"),
            ("shown at once, p50", f"{self.quick_ms:,.0f} ms"),
            ("whole review, 1st", f"{self.first_ms:,.0f} ms"),
            ("whole review, p50", f"{self.p50_ms:,.0f} ms"),
        ]
        return "\n".join(f"{k:<22}{v:>24}" for k, v in rows)


def review_benchmark(
    project: Project, connector: Connector, *, metric: str, rounds: int, today: dt.date
) -> ReviewBenchmark:
    draft = doubled_metric(project, metric)
    quick_times, totals, review = [], [], None
    for _ in range(rounds):
        began = time.perf_counter()
        quick = quick_review(
            project.root, draft, connector, today=today, source_url=project.source_url
        )
        quick_times.append((time.perf_counter() - began) * 1000)
        review = numbers_review(quick, connector, today=today)
        totals.append((time.perf_counter() - began) * 1000)
    assert review is not None and review.impact is not None
    return _summary(review, metric, rounds, quick_times, totals)


def _summary(
    review: Review, metric: str, rounds: int, quick: list[float], totals: list[float]
) -> ReviewBenchmark:
    assert review.impact is not None
    cases = review.impact.checks.cases
    plans = {q.plan for c in cases for q in c.questions if q.plan is not None}
    return ReviewBenchmark(
        metric=metric,
        file=review.draft.file,
        rounds=rounds,
        workers=default_workers(),
        tiles=len(review.tiles),
        cases=len(cases),
        questions=sum(len(c.questions) for c in cases),
        distinct_plans=len(plans),
        verified=len(review.impact.verified),
        quick_ms=percentile(quick, 0.5),
        first_ms=totals[0],
        p50_ms=percentile(totals[1:] or totals, 0.5),
    )


def doubled_metric(project: Project, metric: str) -> Draft:
    """A draft of the metric's file with its ``expr`` doubled: a change of meaning that
    moves every number computed from it, and leaves the file valid."""
    entry = re.compile(rf"^(\s*)- name: {re.escape(metric)}\s*$", re.MULTILINE)
    for file in editable_files(project.root):
        draft = open_draft(project.root, file)
        found = entry.search(draft.text) if draft.is_metrics else None
        if found is None:
            continue
        block_end = re.compile(rf"^{found.group(1)}- name:", re.MULTILINE)
        end = block_end.search(draft.text, found.end())
        block = draft.text[found.end() : end.start() if end else len(draft.text)]
        expr = re.search(r"^(\s+expr: )(.+)$", block, re.MULTILINE)
        if expr is not None:
            doubled = block.replace(expr.group(0), f"{expr.group(1)}({expr.group(2)}) * 2", 1)
            text = draft.text[: found.end()] + doubled + draft.text[found.end() + len(block) :]
            return draft.with_text(text)
    raise UserError(
        f"No metric '{metric}' with an `expr:` in {project.root / 'metrics'}.",
        stage=AppStage.CLI,
        hint="Pick a simple metric (one with an expression) with --metric.",
        code=ErrorCode.UNKNOWN_METRIC,
    )
