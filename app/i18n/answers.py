"""An answer shown in the reader's language: column labels and dimension values from the
YAML's names in that language, axis titles to match. The numbers are untouched."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from app.i18n.catalog import Language
from app.i18n.names import localized
from app.pipeline.records import Answer

ValueNames = Mapping[str, Mapping[str, str]]
"""dimension → value → its name in the reader's language."""


def localized_answer(answer: Answer, language: Language, value_names: ValueNames) -> Answer:
    """``answer`` with labels and dimension values in ``language`` where the YAML has them.

    >>> import datetime as dt
    >>> from app.pipeline.records import ResultColumn, Status
    >>> a = Answer(question="q", status=Status.ANSWERED, today=dt.date(2026, 1, 1),
    ...     columns=(ResultColumn(name="region", role="dimension", label="Region",
    ...                           labels={"ko": "지역"}),),
    ...     rows=(("Seoul",), ("Mars",)))
    >>> k = localized_answer(a, Language.KO, {"region": {"Seoul": "서울"}})
    >>> k.columns[0].label, k.rows
    ('지역', (('서울',), ('Mars',)))
    """
    if language is Language.EN or not answer.columns:
        return answer
    names = {**value_names, **answer.value_names}
    columns = tuple(
        c.model_copy(update={"label": localized(c.label, c.labels, language)})
        for c in answer.columns
    )
    mapping = [names.get(c.name) if c.role != "metric" else None for c in answer.columns]
    rows = tuple(
        tuple(m.get(str(v), v) if m else v for v, m in zip(row, mapping, strict=False))
        for row in answer.rows
    )
    chart = answer.chart
    if chart is not None:
        label = {c.name: c.label for c in columns}
        chart = replace(
            chart,
            x_title=label.get(chart.x or "", chart.x_title),
            y_title=label.get(chart.y[0], chart.y_title) if chart.y else chart.y_title,
        )
    return answer.model_copy(update={"columns": columns, "rows": rows, "chart": chart})
