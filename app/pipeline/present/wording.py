"""An answer's words — labels, chart titles, sentence, interpretation — in one language.

What a result *is* (columns with their English labels, rows, plan, dates) does not depend on
a language; everything written about it does, and is made here. The present stage words a
new answer; :func:`restate` words a stored one again, so an answer already on screen follows
the interface when the reader switches it to another language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n.answers import localized_answer
from app.i18n.catalog import Language
from app.i18n.notes import Note, plain
from app.pipeline.environment import Environment
from app.pipeline.present.charts import choose_chart, titled
from app.pipeline.present.comparison import side_by_side, without_previous
from app.pipeline.present.narrative import language_of, narrate
from app.pipeline.present.scope import ValueNames, localized_columns, scope
from app.pipeline.present.understanding import describe_plan, describe_sql
from app.pipeline.records import (
    Answer,
    ChartSpec,
    Intent,
    ResultColumn,
    Source,
    SqlCandidate,
    TimeWindow,
)
from kernel.errors import AskbiError
from metrics.model import Aggregation, SimpleMetric
from metrics.semantic_query import SemanticQuery

WRITTEN = ("en", "ko")
"""The languages answers are written in."""


def shown_in(answer: Answer, env: Environment, language: Language) -> Answer:
    """``answer`` as a reader of ``language`` sees it — on screen, in a download, as a
    tile's title: :func:`restate`, then the YAML's names for its labels and values."""
    names = env.values.in_locale(language.value) if env.values is not None else {}
    return localized_answer(restate(answer, env, language.value), language, names)


def restate(answer: Answer, env: Environment, language: str) -> Answer:
    """``answer`` written again in ``language`` from its record: the same rows and numbers,
    every word in that language. Answers without rows (a clarification, an error) keep
    theirs: they hold the planner's message, not words made here. So does an answer whose
    plan names what the project no longer has (a metric renamed since it was stored)."""
    if not answer.ok:
        return answer
    try:
        return _restated(answer, env, language)
    except AskbiError:
        return answer


def _restated(answer: Answer, env: Environment, language: str) -> Answer:
    columns, rows = without_previous(answer.columns, answer.rows)
    raw = tuple(c.model_copy(update={"label": c.labels.get("en", c.label)}) for c in columns)
    window = answer.time_window
    plan, intent, today = answer.plan, answer.intent, answer.today
    # The note a comparison added, in whichever language it was written, gives way to the
    # new one; the planner's own notes stay. (Wording every language costs a millisecond,
    # so only an answer with notes pays it.)
    wanted = language if language in WRITTEN else "en"
    each = {
        o: word(raw, rows, plan, intent, window, env, o, today)
        for o in (WRITTEN if answer.notes else (wanted,))
    }
    worded = each[wanted]
    notes = tuple(n for n in answer.notes if n not in {w.note for w in each.values()})
    return answer.model_copy(
        update={
            "understood": understanding(
                plan,
                window.start if window else None,
                window.end if window else None,
                answer.ignored,
                answer,
                env,
                language,
                today=today,
                names=worded.value_names,
            ),
            "columns": worded.columns,
            "rows": worded.rows,
            "chart": worded.chart,
            "narrative": worded.narrative,
            "value_names": worded.value_names,
            "notes": (*notes, worded.note) if worded.note else notes,
        }
    )


@dataclass(frozen=True)
class Worded:
    """Everything about a result that is written in a language: labels, chart, sentence."""

    columns: tuple[ResultColumn, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: ChartSpec
    narrative: str
    value_names: dict[str, dict[str, str]]
    note: Note | None
    """Why the current period is compared with part of the previous one, when it is."""


def word(
    raw: Sequence[ResultColumn],
    rows: tuple[tuple[Any, ...], ...],
    plan: SemanticQuery | None,
    intent: Intent,
    window: TimeWindow | None,
    env: Environment,
    language: str,
    today: dt.date,
) -> Worded:
    """The result in ``language``, from what does not depend on one: the columns with their
    English labels, the rows, the plan and the dates."""
    columns = localized_columns(raw, language)
    filtered = [g.dimension for f in plan.filters for g in (f, *f.alternatives)] if plan else []
    names = _value_names([*(c.name for c in columns), *filtered], env, language)
    restricted = (
        scope(plan, env.project.layer, env.project.catalog, language, names, today) if plan else ""
    )
    compared = side_by_side(columns, rows, env.project.catalog, window, language)
    if compared is not None:
        columns, rows = compared.columns, compared.rows
    chart = titled(choose_chart(columns, len(rows), intent), columns, restricted, window, language)
    if compared is not None:
        note = plain(compared.note) if compared.note else None
        return Worded(columns, rows, chart, compared.sentence, names, note)
    narrative = narrate(
        columns,
        rows,
        chart,
        window,
        limit=plan.limit if plan else None,
        additive=_additive(plan.metrics if plan else (), env),
        language=language,
        scope=restricted,
        value_names=names,
    )
    return Worded(columns, rows, chart, narrative, names, None)


def _value_names(
    dimensions: Sequence[str], env: Environment, language: str
) -> dict[str, dict[str, str]]:
    """Dimension → value → its name in the answer's language (서울 for Seoul), for the result's
    columns and the plan's filters: from the dimension's ``localized_values`` column, else
    its first value synonym in that script."""
    if language != "ko":
        return {}
    by_dimension = env.values.in_locale(language) if env.values is not None else {}
    layer = env.project.layer
    names: dict[str, dict[str, str]] = {}
    for dimension in dict.fromkeys(dimensions):
        if dimension in by_dimension:
            names[dimension] = dict(by_dimension[dimension])
        elif dimension in layer.dimensions:
            synonyms = layer.dimensions[dimension].definition.value_synonyms
            korean = {
                str(value): next((a for a in aliases if language_of(a) == language), "")
                for value, aliases in synonyms.items()
            }
            if any(korean.values()):
                names[dimension] = {v: k for v, k in korean.items() if k}
    return names


def understanding(
    plan: SemanticQuery | None,
    start: dt.date | None,
    end: dt.date | None,
    ignored: tuple[str, ...],
    written: SqlCandidate | Answer | None,
    env: Environment,
    language: str,
    *,
    today: dt.date | None = None,
    names: ValueNames | None = None,
) -> str:
    """How the question was understood: the plan in words, or what the model's SQL reads."""
    if plan is not None:
        return describe_plan(
            plan,
            env.project.layer,
            env.project.catalog,
            start,
            end,
            language=language,
            ignored=ignored,
            today=today,
            names=names,
        )
    if written is not None and written.source is Source.LLM_SQL and written.sql:
        return f"SQL written by the model. {describe_sql(written.sql, written.dialect or '')}."
    return ""


def _additive(metrics: tuple[str, ...], env: Environment) -> frozenset[str]:
    catalog = env.project.catalog
    return frozenset(
        name
        for name in metrics
        if isinstance(m := catalog.get(name), SimpleMetric)
        and m.agg in (Aggregation.SUM, Aggregation.COUNT)
    )
