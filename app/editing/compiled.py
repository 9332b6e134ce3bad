"""The SQL a changed metric compiles to, on the saved definition and on the draft's.

Each metric is compiled alone (a plan of just that metric, no breakdown, all time) in the data
source's dialect: the smallest query that shows what its definition means, so the owner sees
the effect of the edit on the SQL itself, side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.catalog_view import error_info
from app.pipeline.records import ErrorInfo
from app.project.folder import Project
from kernel.errors import AskbiError
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery


@dataclass(frozen=True)
class CompiledSql:
    sql: str = ""
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class MetricChange:
    name: str
    label: str
    before_version: int | None
    """The saved version (None: the draft adds the metric)."""
    after_version: int | None
    """The draft's version, before any bump on save (None: the draft removes it)."""
    before: CompiledSql | None
    after: CompiledSql | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


def metric_changes(
    names: Iterable[str], before: Project, after: Project, *, dialect: str, today: dt.date
) -> tuple[MetricChange, ...]:
    """Each of ``names`` (the changed metrics) compiled on both sides."""
    changes = []
    for name in sorted(names):
        old, new = before.catalog.metrics.get(name), after.catalog.metrics.get(name)
        shown = new or old
        assert shown is not None  # a changed metric exists on at least one side
        changes.append(
            MetricChange(
                name=name,
                label=shown.label,
                before_version=old.version if old else None,
                after_version=new.version if new else None,
                before=_compiled(name, before, dialect, today) if old else None,
                after=_compiled(name, after, dialect, today) if new else None,
            )
        )
    return tuple(changes)


def _compiled(name: str, project: Project, dialect: str, today: dt.date) -> CompiledSql:
    plan = SemanticQuery(metrics=(name,))
    try:
        compiled = compile_query(plan, project.layer, project.catalog, dialect=dialect, today=today)
    except AskbiError as e:
        return CompiledSql(error=error_info(e))
    return CompiledSql(sql=compiled.sql)
