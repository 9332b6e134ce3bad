"""Business names in the reader's language: the YAML's ``labels: {ko: …}`` where present."""

from __future__ import annotations

from app.i18n.catalog import Language
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Labels


def localized(label: str, labels: Labels, language: Language) -> str:
    """``labels[language]`` when the YAML gives one, else the English ``label``.

    >>> localized("Revenue", {"ko": "매출"}, Language.KO), localized("Revenue", {}, Language.KO)
    ('매출', 'Revenue')
    """
    return labels.get(language.value) or label


def metric_name(catalog: MetricCatalog, name: str, language: Language) -> str:
    metric = catalog.metrics.get(name)
    if metric is None:
        return name
    return localized(metric.label, metric.labels, language)


def dimension_name(layer: SemanticLayer, name: str, language: Language) -> str:
    try:
        definition = layer.dimension(name).definition
    except Exception:  # an unknown name is shown as itself
        return name
    return localized(definition.label or name, definition.labels, language)
