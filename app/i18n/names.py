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


def plural(noun: str) -> str:
    """English plural of a label, good enough for names of things; a label that already
    names several ("Web sessions") stays as it is.

    >>> plural("store"), plural("category"), plural("sales channel"), plural("status")
    ('stores', 'categories', 'sales channels', 'statuses')
    >>> plural("Work order"), plural("Web sessions")
    ('Work orders', 'Web sessions')
    """
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def thing_name(label: str) -> str:
    """A label as a noun inside a sentence: its capital lowered unless it is an acronym.

    >>> thing_name("Production line"), thing_name("SKU"), thing_name("store")
    ('production line', 'SKU', 'store')
    """
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label
