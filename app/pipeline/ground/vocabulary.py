"""Every phrase a question may use, and what it refers to.

Phrases come from the semantic layer and the catalog — names, labels, synonyms in any
language, glossary terms — and from dimension values: the YAML's allowed values and value
synonyms, plus the distinct values of low-cardinality columns read from the database. Each
phrase is stored as a tuple of word stems, so "categories" finds "category".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.pipeline.ground.text import normalise, tokenize
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ScalarValue


class Kind(StrEnum):
    METRIC = "metric"
    DIMENSION = "dimension"
    VALUE = "value"
    TIME_DIMENSION = "time_dimension"
    GLOSSARY = "glossary"
    TABLE = "table"


@dataclass(frozen=True, order=True)
class Target:
    """What a phrase refers to: a metric, a dimension, one value of a dimension, …"""

    kind: Kind
    name: str
    value: str | None = None
    """For values: the value as stored in the database, as text."""

    @property
    def key(self) -> str:
        """``metric:revenue``, ``value:region=Seoul``: a stable id for signatures and logs.

        >>> Target(Kind.VALUE, "region", "Seoul").key
        'value:region=Seoul'
        """
        suffix = f"={self.value}" if self.value is not None else ""
        return f"{self.kind.value}:{self.name}{suffix}"


Phrase = tuple[str, ...]


def stem(word: str) -> str:
    """A light English stem, applied to vocabulary and questions alike (Korean unchanged).

    >>> [stem(w) for w in ["categories", "sales", "orders", "business", "매출"]]
    ['category', 'sale', 'order', 'business', '매출']
    """
    if not word.isascii():
        return word
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def phrase_of(text: str) -> Phrase:
    """``"Average order value"`` → ``('average', 'order', 'value')``; snake_case splits too."""
    return tuple(stem(t.text) for t in tokenize(normalise(text.replace("_", " "))))


def vocabulary(
    layer: SemanticLayer,
    catalog: MetricCatalog,
    values: Mapping[str, Iterable[ScalarValue]] | None = None,
) -> dict[Phrase, set[Target]]:
    """Phrase → targets for a project; ``values`` adds database values per dimension."""
    found: dict[Phrase, set[Target]] = {}
    for phrase, target in _entries(layer, catalog, values or {}):
        if phrase:
            found.setdefault(phrase, set()).add(target)
    return found


def _entries(
    layer: SemanticLayer,
    catalog: MetricCatalog,
    values: Mapping[str, Iterable[ScalarValue]],
) -> Iterator[tuple[Phrase, Target]]:
    for metric in catalog.metrics.values():
        # Deprecated metrics stay findable by their own words: the answer then says they
        # are deprecated and what replaces them, which beats "unknown term".
        target = Target(Kind.METRIC, metric.name)
        for text in (metric.name, metric.label, *metric.synonyms):
            yield phrase_of(text), target
    for ref in layer.dimensions.values():
        d = ref.definition
        target = Target(Kind.DIMENSION, d.name)
        for text in (d.name, d.label, *d.synonyms):
            yield phrase_of(text), target
        yield from _value_entries(layer, ref.name, values.get(ref.name, ()))
    for time_ref in layer.time_dimensions.values():
        t = time_ref.definition
        target = Target(Kind.TIME_DIMENSION, t.name)
        for text in (t.name, t.label, *t.synonyms):
            yield phrase_of(text), target
    for term in layer.glossary:
        target = Target(Kind.GLOSSARY, term.term)
        for text in (term.term, *term.synonyms):
            yield phrase_of(text), target
    for table in layer.tables.values():
        target = Target(Kind.TABLE, table.name)
        for text in (table.name, table.label, *table.synonyms):
            yield phrase_of(text), target


def _value_entries(
    layer: SemanticLayer, dimension: str, extra: Iterable[ScalarValue]
) -> Iterator[tuple[Phrase, Target]]:
    ref = layer.dimensions[dimension]
    column = layer.column(ref.table, ref.definition.column)
    if column.pii:
        return  # personal data never becomes vocabulary
    known = [*column.allowed_values, *extra, *ref.definition.value_synonyms]
    for value in dict.fromkeys(str(v) for v in known):
        target = Target(Kind.VALUE, dimension, value)
        yield phrase_of(value), target
        for alias in ref.definition.value_synonyms.get(value, ()):
            yield phrase_of(alias), target


def distinctive_suffixes(values: Iterable[str]) -> dict[Phrase, str]:
    """Short names for long values: the last word(s) that only one value ends with.

    "Maeil Mart Gangnam" can be asked about as "Gangnam"; a suffix shared by two values
    ("… Seoul" for two stores) is left out so it never picks one of them by chance.

    >>> distinctive_suffixes(["Maeil Mart Gangnam", "Maeil Mart Online Seoul"])
    {('gangnam',): 'Maeil Mart Gangnam', ('mart', 'gangnam'): 'Maeil Mart Gangnam', \
('seoul',): 'Maeil Mart Online Seoul', ('online', 'seoul'): 'Maeil Mart Online Seoul', \
('mart', 'online', 'seoul'): 'Maeil Mart Online Seoul'}
    """
    owners: dict[Phrase, set[str]] = {}
    for value in values:
        words = phrase_of(value)
        for size in range(1, len(words)):
            owners.setdefault(words[-size:], set()).add(value)
    return {
        phrase: next(iter(owner))
        for phrase, owner in owners.items()
        if len(owner) == 1 and len("".join(phrase)) >= 3
    }
