"""Compile a plan and run it: the shared path of the CLI, the app and the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.project import Project
from connectors.base import Connector, QueryResult
from metrics.compiler import CompiledQuery, compile_query
from metrics.plan import SemanticQuery


@dataclass(frozen=True)
class PlanResult:
    compiled: CompiledQuery
    result: QueryResult


def run_plan(
    project: Project,
    plan: SemanticQuery,
    connector: Connector,
    *,
    today: dt.date | None = None,
    timeout_s: float = 60,
    max_rows: int = 10_000,
) -> PlanResult:
    compiled = compile_query(
        plan, project.layer, project.catalog, dialect=connector.dialect, today=today
    )
    result = connector.query(compiled.sql, timeout_s=timeout_s, max_rows=max_rows)
    return PlanResult(compiled, result)
