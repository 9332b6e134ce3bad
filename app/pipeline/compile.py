"""The compile stage: a plan becomes SQL in the warehouse's dialect, with what it promises.

Model-written SQL (see ``app/pipeline/plan/with_model.py``) arrives as the same
:class:`SqlCandidate`, so the guard, execution and presentation never care who wrote it.
"""

from __future__ import annotations

from app.i18n.names import plural, thing_name
from app.i18n.notes import Note, by_language, note
from app.pipeline.environment import Environment
from app.pipeline.records import ResultColumn, Source, SqlCandidate
from metrics.catalog import MetricCatalog
from metrics.compiler import OutputColumn, Unmatched, compile_query
from metrics.model import Status
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer


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
        warnings=(
            *status_notes(plan, project.catalog),
            *(unmatched_note(u, project.layer) for u in compiled.unmatched),
        ),
        compiled=compiled,
    )


def status_notes(plan: SemanticQuery, catalog: MetricCatalog) -> tuple[Note, ...]:
    """What the compiler warns of a deprecated or draft metric, as notes the reader can
    read in their language (the metric by its name in the YAML there)."""
    notes = []
    for name in plan.measured_metrics:
        metric = catalog.get(name)
        shown = by_language(name, metric.labels)
        if metric.status is Status.DEPRECATED and metric.replaced_by:
            instead = catalog.metrics.get(metric.replaced_by)
            labels = instead.labels if instead is not None else {}
            replaced = by_language(metric.replaced_by, labels)
            notes.append(note("deprecated_instead", metric=shown, instead=replaced))
        elif metric.status is Status.DEPRECATED:
            notes.append(note("deprecated", metric=shown))
        elif metric.status is Status.DRAFT:
            notes.append(note("draft", metric=shown))
    return tuple(notes)


def unmatched_note(unmatched: Unmatched, layer: SemanticLayer) -> Note:
    """What a breakdown by another table's dimension leaves out, in business words: "Work
    orders with no production line are left out." The tables by their labels, in the
    reader's language where the YAML gives one."""
    facts, reached = layer.table(unmatched.facts), layer.table(unmatched.reached)
    facts_en = plural(facts.label or unmatched.facts.rpartition(".")[2].replace("_", " "))
    reached_en = thing_name(reached.label or unmatched.reached.rpartition(".")[2].replace("_", " "))
    return note(
        "unmatched",
        facts=by_language(facts_en[:1].upper() + facts_en[1:], facts.labels),
        reached=by_language(reached_en, reached.labels),
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
