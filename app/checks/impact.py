"""What a change to the metric catalog does, before anyone sees a dashboard.

Given the project before and after a change, find the metrics whose definition changed (and
everything computed from them), run just the check cases that use them, and re-run every
verified query that uses them on both definitions: a verified answer that moved is flagged,
because its owner certified the old number. The result goes into each metric's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.checks.compare import rows_diff
from app.checks.runner import CaseDone, CheckReport, run_checks
from app.checks.suite import load_suites
from app.llm.settings import LLMSettings
from app.pipeline.ask import answer_plan
from app.pipeline.environment import Environment
from app.pipeline.startup import open_environment
from app.project.folder import Project
from app.project.history import log_metric_event
from app.project.verified_queries import VerifiedQuery, load_verified_queries
from app.settings import PlannerMode, Settings
from connectors.base import Connector
from metrics.catalog import MetricCatalog

MEANINGLESS = {"version", "changelog", "description", "label", "labels", "synonyms", "owner"}
"""Fields whose change does not move a number."""


def changed_metrics(before: MetricCatalog, after: MetricCatalog) -> set[str]:
    """Metrics added, removed, or whose computation changed (not just their wording)."""
    names = set(before.metrics) | set(after.metrics)
    changed = set()
    for name in names:
        old, new = before.metrics.get(name), after.metrics.get(name)
        if old is None or new is None or _meaning(old) != _meaning(new):
            changed.add(name)
    return changed


def _meaning(metric: Any) -> dict[str, Any]:
    data: dict[str, Any] = metric.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in MEANINGLESS}


def affected(changed: set[str], catalog: MetricCatalog) -> set[str]:
    """The changed metrics and every metric computed from them."""
    return changed | {
        name for name in catalog.metrics if changed & set(catalog.all_dependencies(name))
    }


@dataclass(frozen=True)
class VerifiedCheck:
    name: str
    question: str
    moved: bool
    differences: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "question": self.question,
            "moved": self.moved,
            "differences": list(self.differences),
        }


@dataclass(frozen=True)
class ChangeImpact:
    changed: tuple[str, ...]
    affected: tuple[str, ...]
    checks: CheckReport
    verified: tuple[VerifiedCheck, ...]

    @property
    def ok(self) -> bool:
        return self.checks.ok and not any(v.moved for v in self.verified)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "changed": list(self.changed),
            "affected": list(self.affected),
            "checks": self.checks.to_dict(),
            "verified": [v.to_dict() for v in self.verified],
        }

    def to_text(self) -> str:
        lines = [f"changed: {', '.join(self.changed) or 'nothing'}"]
        lines.append(f"affected: {', '.join(self.affected) or 'nothing'}")
        for check in self.verified:
            state = "MOVED" if check.moved else "same"
            lines.append(f"verified {state:<5} {check.name}: {check.question}")
            lines += [f"    {d}" for d in check.differences]
        lines.append(self.checks.to_text())
        return "\n".join(lines)


def assess_change(
    before: Project,
    after: Project,
    connector: Connector,
    *,
    today: dt.date | None = None,
    on_case: CaseDone | None = None,
    stop: Callable[[], bool] = lambda: False,
    workers: int = 1,
) -> ChangeImpact:
    """``today`` pins the verified queries' relative ranges (suites pin their own);
    ``on_case``, ``stop`` and ``workers`` follow, end and spread the regression run (see
    :func:`run_checks`)."""
    sides = change_environments(before, after, connector, today=today)
    return assess_between(*sides, on_case=on_case, stop=stop, workers=workers)


def change_environments(
    before: Project, after: Project, connector: Connector, *, today: dt.date | None = None
) -> tuple[Environment, Environment]:
    """An environment of each side, on the same connection.

    Offline on purpose: a change is judged by what the catalog computes, and a model
    setting (or an unreachable model) must not stop the review."""
    settings, offline = Settings(planner=PlannerMode.OFFLINE), LLMSettings(None, None, None)
    return tuple(  # type: ignore[return-value]
        open_environment(side, connector, settings=settings, today=today, llm_settings=offline)
        for side in (before, after)
    )


def assess_between(
    env_before: Environment,
    env_after: Environment,
    *,
    on_case: CaseDone | None = None,
    stop: Callable[[], bool] = lambda: False,
    workers: int = 1,
) -> ChangeImpact:
    """:func:`assess_change` on environments already open (a review opens them once for
    the tiles and the cases alike)."""
    before, after = env_before.project, env_after.project
    changed = changed_metrics(before.catalog, after.catalog)
    touched = affected(changed, after.catalog) | affected(changed, before.catalog)
    suites = load_suites(after.root, after.layer, after.catalog)
    report = run_checks(
        suites, env_after, metrics=changed, on_case=on_case, stop=stop, workers=workers
    )
    queries = load_verified_queries(after.root, after.layer, after.catalog, env_after.today)
    verified = tuple(
        _recheck(q, env_before, env_after) for q in queries if set(q.plan.metrics) & touched
    )
    return ChangeImpact(tuple(sorted(changed)), tuple(sorted(touched)), report, verified)


def _recheck(query: VerifiedQuery, before: Environment, after: Environment) -> VerifiedCheck:
    old = answer_plan(query.plan, before, question=query.question)
    new = answer_plan(query.plan, after, question=query.question)
    error = new.error or old.error
    if error is not None:
        return VerifiedCheck(query.name, query.question, True, (f"error: {error.message}",))
    differences = rows_diff(
        old.column_names(), old.rows, new.column_names(), new.rows, tolerance=1e-9
    )
    return VerifiedCheck(query.name, query.question, bool(differences), tuple(differences))


def record_impact(project: Project, impact: ChangeImpact, *, author: str = "") -> None:
    """One event in the history of each changed metric."""
    summary = impact.checks.to_dict()["summary"]
    for name in impact.changed:
        metric = project.catalog.metrics.get(name)
        log_metric_event(
            project.root,
            name,
            {
                "event": "checked",
                "author": author,
                "version": metric.version if metric else None,
                "ok": impact.ok,
                "checks": summary,
                "verified_moved": [v.name for v in impact.verified if v.moved],
            },
        )
