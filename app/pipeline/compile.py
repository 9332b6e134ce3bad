"""The compile stage: a plan becomes SQL in the warehouse's dialect, with what it promises.

Model-written SQL (see ``app/pipeline/plan/with_model.py``) arrives as the same
:class:`SqlCandidate`, so the guard, execution and presentation never care who wrote it.
"""

from __future__ import annotations

from app.pipeline.environment import Environment
from app.pipeline.records import ResultColumn, Source, SqlCandidate
from metrics.compiler import OutputColumn, compile_query
from metrics.semantic_query import SemanticQuery


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
        labels=dict(column.labels),
    )
