"""The compile stage: a plan becomes SQL in the warehouse's dialect, with what it promises.

LLM-written SQL (see ``app/llm_plan.py``) arrives as the same :class:`SqlCandidate`, so the
guard, execution and presentation never care who wrote the SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.answer import ResultColumn, Source, TokenUsage
from app.environment import Environment
from connectors.base import QueryResult
from metrics.compiler import CompiledQuery, OutputColumn, compile_query
from metrics.plan import SemanticQuery


@dataclass(frozen=True)
class SqlCandidate:
    sql: str
    dialect: str
    source: Source
    columns: tuple[ResultColumn, ...] = ()
    """Known up front for compiled plans; inferred from the result for model-written SQL."""
    start: dt.date | None = None
    end: dt.date | None = None
    metric_versions: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    compiled: CompiledQuery | None = None
    prefetched: QueryResult | None = None
    """The model path already ran the guarded SQL to check it; no need to run it again."""
    tokens: TokenUsage = field(default_factory=TokenUsage)
    llm_calls: int = 0
    prompt_version: str | None = None


def compile_plan(plan: SemanticQuery, source: Source, env: Environment) -> SqlCandidate:
    project = env.project
    compiled = compile_query(
        plan, project.layer, project.catalog, dialect=env.dialect, today=env.today
    )
    return SqlCandidate(
        sql=compiled.sql,
        dialect=compiled.dialect,
        source=source,
        columns=tuple(result_column(c) for c in compiled.columns),
        start=compiled.start,
        end=compiled.end,
        metric_versions=dict(compiled.metric_versions),
        warnings=compiled.warnings,
        compiled=compiled,
    )


def result_column(column: OutputColumn) -> ResultColumn:
    return ResultColumn(
        name=column.name,
        role=column.role,
        label=column.label,
        format=column.format,
        decimals=column.decimals,
        unit=column.unit,
    )
