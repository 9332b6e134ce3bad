"""The words for what a plan restricts: its filters and its conditions, in the answer's language.

Every sentence, chart title and interpretation names every filter it applied, so a number is
never shown without what it is a number of. Labels and values are the layer's own, in the
question's language when the layer has them ("판매 채널: 온라인", "지역: 서울 제외").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from app.i18n.catalog import Language, text
from app.i18n.formatting import GRAINS, span
from app.pipeline.present.formatting import format_value
from app.pipeline.records import ResultColumn
from metrics.catalog import MetricCatalog
from metrics.semantic_query import Filter, FilterOp, MetricCondition, SemanticQuery
from metrics.timeframe import Between, Since, TimeRange, Until, describe, resolve
from semantic_layer.layer import SemanticLayer

ValueNames = Mapping[str, Mapping[str, str]]
"""dimension → value → its name in the answer's language"""

_EN = {
    FilterOp.EQ: "{d} {v}",
    FilterOp.IN: "{d} {v}",
    FilterOp.NE: "{d} other than {v}",
    FilterOp.NOT_IN: "{d} other than {v}",
    FilterOp.GT: "{d} above {v}",
    FilterOp.GTE: "{d} at least {v}",
    FilterOp.LT: "{d} below {v}",
    FilterOp.LTE: "{d} at most {v}",
    FilterOp.CONTAINS: "{d} containing {v}",
    FilterOp.STARTS_WITH: "{d} starting with {v}",
    FilterOp.ENDS_WITH: "{d} ending with {v}",
}
_KO = {
    FilterOp.EQ: "{d}: {v}",
    FilterOp.IN: "{d}: {v}",
    FilterOp.NE: "{d}: {v} 제외",
    FilterOp.NOT_IN: "{d}: {v} 제외",
    FilterOp.GT: "{d} {v} 초과",
    FilterOp.GTE: "{d} {v} 이상",
    FilterOp.LT: "{d} {v} 미만",
    FilterOp.LTE: "{d} {v} 이하",
    FilterOp.CONTAINS: "{d}에 {v} 포함",
    FilterOp.STARTS_WITH: "{d}: {v}(으)로 시작",
    FilterOp.ENDS_WITH: "{d}: {v}(으)로 끝남",
}
_CONDITIONS = {
    "en": {">": "above", ">=": "at least", "<": "below", "<=": "at most", "=": "equal to",
           "!=": "other than"},
    "ko": {">": "초과", ">=": "이상", "<": "미만", "<=": "이하", "=": "", "!=": "아님"},
}  # fmt: skip


def localized_columns(columns: Sequence[ResultColumn], language: str) -> tuple[ResultColumn, ...]:
    """The columns with their labels in the answer's language, where the layer has one; the
    English label is kept among the labels, so the answer can be written again in English."""
    if language == "en":
        return tuple(columns)
    return tuple(
        c.model_copy(update={"label": label, "labels": {"en": c.label, **c.labels}})
        if (label := c.labels.get(language) or _grain_name(c, language))
        else c
        for c in columns
    )


def _grain_name(column: ResultColumn, language: str) -> str:
    """A period column's name ("월" for month), which the layer does not label."""
    if column.role != "time" or column.name not in GRAINS:
        return ""
    return text(f"grain.{column.name}", Language(language))


def scope(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    language: str,
    names: ValueNames,
    today: dt.date | None = None,
) -> str:
    """ " for store channel online, with orders above 1,000" or " (판매 채널: 온라인 · …)"."""
    parts = [filter_phrase(f, layer, language, names) for f in plan.filters]
    parts += [
        _time_filter(t.time_dimension, dated(t.time_range, today, language), layer, language)
        for t in plan.time_filters
    ]
    parts += [_condition(c, catalog, language) for c in plan.having]
    if not parts:
        return ""
    if language == "ko":
        return f" ({' · '.join(parts)})"
    return " for " + ", ".join(parts)


def when(time_range: TimeRange | None, start: dt.date, last: dt.date, language: str) -> str:
    """A plan's dates as the reader names them: the days in words ("May 2026", "2026년 5월"),
    after the plan's own relative words in English ("last month (May 2026)").

    >>> from metrics.timeframe import Last
    >>> from semantic_layer.model import Grain
    >>> may = dt.date(2026, 5, 1), dt.date(2026, 5, 31)
    >>> when(Last(n=1, unit=Grain.MONTH), *may, "en"), when(Last(n=1, unit=Grain.MONTH), *may, "ko")
    ('last month (May 2026)', '2026년 5월')
    """
    days = span(start, last, Language(language))
    if language == "ko" or time_range is None or isinstance(time_range, Between | Since | Until):
        return days
    return f"{describe(time_range)} ({days})"


def dated(time_range: TimeRange, today: dt.date | None, language: str) -> str:
    """:func:`when` for a range resolved against ``today``; its plain words without one."""
    if today is None:
        return describe(time_range)
    return when(time_range, *resolve(time_range, today), language)


def dimension_label(name: str, layer: SemanticLayer, language: str) -> str:
    definition = layer.dimension(name).definition
    return definition.labels.get(language) or definition.label or name


def metric_label(name: str, catalog: MetricCatalog, language: str) -> str:
    metric = catalog.get(name)
    return metric.labels.get(language) or metric.label


def filter_phrase(f: Filter, layer: SemanticLayer, language: str, names: ValueNames) -> str:
    dimension = dimension_label(f.dimension, layer, language)
    shown = [names.get(f.dimension, {}).get(str(v), str(v)) for v in f.values]
    joiner = ", " if language == "ko" else " and "
    if f.op is FilterOp.NOT_IN:
        joiner = joiner.replace("and", "or")
    values = joiner.join(shown)
    templates = _KO if language == "ko" else _EN
    text = templates[f.op].format(d=dimension if language == "ko" else dimension.lower(), v=values)
    return text + (" (ignoring case)" if f.ignore_case and language != "ko" else "")


def _time_filter(name: str, when: str, layer: SemanticLayer, language: str) -> str:
    ref = layer.time_dimension(name).definition
    label = ref.labels.get(language) or ref.label or name
    return f"{label}: {when}" if language == "ko" else f"{label.lower()} {when}"


def _condition(c: MetricCondition, catalog: MetricCatalog, language: str) -> str:
    metric = catalog.get(c.metric)
    label = metric.labels.get(language) or metric.label
    value = format_value(c.value, metric.format, metric.decimals, metric.unit)
    word = _CONDITIONS[language if language in _CONDITIONS else "en"][c.op.value]
    if language == "ko":
        return f"{label} {value} {word}".strip()
    return f"{label.lower()} {word} {value}"
