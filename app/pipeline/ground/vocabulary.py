"""Every phrase a question may use, and what it refers to.

Phrases come from the semantic layer and the catalog — names, labels, synonyms in any
language, glossary terms — and from dimension values: the YAML's allowed values and value
synonyms, plus the distinct values of low-cardinality columns read from the database. An
English phrase is stored as a tuple of word stems, so "categories" finds "category"; a
phrase with Korean in it as one string without spaces, which the grounding compares with
runs of Korean content words however they were spaced ("매출 총이익률", "매출총이익률이").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.pipeline.ground.analysis import normalise, stem
from app.pipeline.ground.korean import has_hangul
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


_WORD = re.compile(r"[a-z][a-z0-9]*|\d+(?:\.\d+)?|%")


def phrase_of(text: str, *, identifier: bool = False) -> Phrase:
    """``"Average order value"`` → ``('average', 'order', 'value')``; snake_case splits,
    and an identifier's camelCase too; a phrase with Korean is one string without spaces.

    >>> phrase_of("Average order value"), phrase_of("매출 총이익률")
    (('average', 'order', 'value'), ('매출총이익률',))
    >>> phrase_of("sbCustName", identifier=True), phrase_of("YoY growth")
    (('sb', 'cust', 'name'), ('yoy', 'growth'))
    """
    if has_hangul(text):
        return (compact(text),)
    spaced = _CAMEL.sub(" ", text) if identifier else text
    spaced = spaced.replace("_", " ").replace("-", " ")
    return tuple(stem(w) for w in _WORD.findall(normalise(spaced)))


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def compact(text: str) -> str:
    """Korean (or mixed) text as one key: normalised, without spaces.

    >>> compact("VIP 고객")
    'vip고객'
    """
    return normalise(text).replace(" ", "")


Aliases = Mapping[str, Mapping[str, Iterable[str]]]
"""dimension → value → other names of the value (its name in another language)"""


def vocabulary(
    layer: SemanticLayer,
    catalog: MetricCatalog,
    values: Mapping[str, Iterable[ScalarValue]] | None = None,
    aliases: Aliases | None = None,
) -> dict[Phrase, set[Target]]:
    """Phrase → targets for a project; ``values`` adds database values per dimension."""
    found: dict[Phrase, set[Target]] = {}
    for phrase, target in _entries(layer, catalog, values or {}, aliases or {}):
        if phrase:
            found.setdefault(phrase, set()).add(target)
    return found


def _entries(
    layer: SemanticLayer,
    catalog: MetricCatalog,
    values: Mapping[str, Iterable[ScalarValue]],
    aliases: Aliases,
) -> Iterator[tuple[Phrase, Target]]:
    said = {compact(t) for m in catalog.metrics.values() for t in (m.label, *m.synonyms)}
    for metric in catalog.metrics.values():
        # Deprecated metrics stay findable by their own words: the answer then says they
        # are deprecated and what replaces them, which beats "unknown term".
        labels = [x for x in metric.labels.values() if not _aggregate_of(x, said)]
        yield from _named(
            Target(Kind.METRIC, metric.name),
            metric.name,
            metric.label,
            (*metric.synonyms, *labels),
        )
    for ref in layer.dimensions.values():
        d = ref.definition
        yield from _named(
            Target(Kind.DIMENSION, d.name), d.name, d.label, (*d.synonyms, *d.labels.values())
        )
        yield from _value_entries(
            layer, ref.name, values.get(ref.name, ()), aliases.get(ref.name, {})
        )
    for time_ref in layer.time_dimensions.values():
        t = time_ref.definition
        target = Target(Kind.TIME_DIMENSION, t.name)
        yield from _named(target, t.name, t.label, (*t.synonyms, *t.labels.values()))
        for event in _korean_events((t.label or "", *t.labels.values(), *t.synonyms)):
            yield phrase_of(event), target
    for term in layer.glossary:
        target = Target(Kind.GLOSSARY, term.term)
        for text in (term.term, *term.synonyms):
            yield phrase_of(text), target
    for table in layer.tables.values():
        yield from _named(
            Target(Kind.TABLE, table.name),
            table.name,
            table.label,
            (*table.synonyms, *table.labels.values()),
        )


_AGGREGATES = ("총", "전체", "평균", "합계")


def _aggregate_of(label: str, said: set[str]) -> bool:
    """A Korean label that reads as an aggregation word and another metric's name ("총매출"
    beside "매출"): "작년 총 매출" asks the total of that metric, so the label is left to
    the display, while the owner's synonyms, chosen as names, still match."""
    text = compact(label)
    return any(text.startswith(a) and text[len(a) :] in said for a in _AGGREGATES)


_DATE_NOUNS = ("일자", "날짜", "시점", "일시", "일")


def _korean_events(names: Iterable[str]) -> Iterator[str]:
    """ "가입일" is the day of 가입: the event's own word names its date too, as Korean
    says it in a clause ("2025년에 가입한 고객")."""
    for name in names:
        compact_name = name.replace(" ", "")
        if not has_hangul(compact_name):
            continue
        for noun in _DATE_NOUNS:
            stem_ = compact_name.removesuffix(noun)
            if stem_ != compact_name and len(stem_) >= 2:
                yield stem_
                break


def _named(
    target: Target, name: str, label: str | None, synonyms: Iterable[str]
) -> Iterator[tuple[Phrase, Target]]:
    """A thing's identifier (split into words, and whole: "sbCustName", "sbcustname"), its
    label and its synonyms, which include its labels in other languages: a Korean label
    ("예약 채널") is what a Korean question calls it."""
    yield phrase_of(name, identifier=True), target
    joined = re.sub(r"[^a-z0-9]", "", name.lower())
    if joined and not has_hangul(name):
        yield (joined,), target
    for text in (label or "", *synonyms):
        if text:
            yield phrase_of(text), target
            if "-" in text:
                yield phrase_of(text.replace("-", "")), target  # "e-mails" as "emails"


def _value_entries(
    layer: SemanticLayer,
    dimension: str,
    extra: Iterable[ScalarValue],
    aliases: Mapping[str, Iterable[str]],
) -> Iterator[tuple[Phrase, Target]]:
    ref = layer.dimensions[dimension]
    column = layer.value_column(ref)
    if column.pii:
        return  # personal data never becomes vocabulary
    known = [*column.allowed_values, *extra, *ref.definition.value_synonyms]
    for value in dict.fromkeys(str(v) for v in known):
        target = Target(Kind.VALUE, dimension, value)
        yield phrase_of(value), target
        for alias in (*ref.definition.value_synonyms.get(value, ()), *aliases.get(value, ())):
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
