"""The words for what a plan restricts: its filters and its conditions, in the answer's language.

Every sentence, chart title and interpretation names every filter it applied, so a number is
never shown without what it is a number of. Labels and values are the layer's own, in the
question's language when the layer has them ("판매 채널: 온라인", "지역: 서울 제외").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.pipeline.present.formatting import format_value
from app.pipeline.records import ResultColumn
from metrics.catalog import MetricCatalog
from metrics.semantic_query import Filter, FilterOp, MetricCondition, SemanticQuery
from metrics.timeframe import describe
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
    """The columns with their labels in the answer's language, where the layer has one."""
    return tuple(
        c.model_copy(update={"label": c.labels[language]}) if language in c.labels else c
        for c in columns
    )


def scope(
    plan: SemanticQuery,
    layer: SemanticLayer,
    catalog: MetricCatalog,
    language: str,
    names: ValueNames,
) -> str:
    """ " for store channel online, with orders above 1,000" or " (판매 채널: 온라인 · …)"."""
    parts = [filter_phrase(f, layer, language, names) for f in plan.filters]
    parts += [
        _time_filter(t.time_dimension, describe(t.time_range), layer, language)
        for t in plan.time_filters
    ]
    parts += [_condition(c, catalog, language) for c in plan.having]
    if not parts:
        return ""
    if language == "ko":
        return f" ({' · '.join(parts)})"
    return " for " + ", ".join(parts)


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
