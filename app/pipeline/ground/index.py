"""The grounding index of a project: built once, then read by every question."""

from __future__ import annotations

import functools
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import ENGLISH_FUNCTION
from app.pipeline.ground.tables import TableIndex
from app.pipeline.ground.vocabulary import (
    Aliases,
    Kind,
    Phrase,
    Target,
    distinctive_suffixes,
    vocabulary,
)
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ScalarValue

MAX_SUFFIX_VALUES = 2_000


@dataclass(frozen=True)
class GroundingIndex:
    by_first_word: dict[str, tuple[tuple[Phrase, frozenset[Target]], ...]]
    """first word → (phrase, targets), longest phrase first (phrases without Korean)"""
    korean: dict[str, frozenset[Target]]
    """phrases with Korean, as one string without spaces (see ``vocabulary.compact``)"""
    partial: dict[str, frozenset[Target]]
    """word → targets of the multi-word phrases containing it, for "did you mean" lists"""
    single: dict[str, frozenset[Target]]
    """one-word phrases, the pool for typo correction"""
    tables: TableIndex
    layer: SemanticLayer = field(repr=False)
    catalog: MetricCatalog = field(repr=False)
    build_ms: float = 0.0

    @classmethod
    def build(
        cls,
        layer: SemanticLayer,
        catalog: MetricCatalog,
        values: Mapping[str, Iterable[ScalarValue]] | None = None,
        aliases: Aliases | None = None,
    ) -> GroundingIndex:
        """Index a project; ``values`` are database values per dimension (see ``values.py``)."""
        began = time.perf_counter()
        texts = {k: [str(v) for v in vs] for k, vs in (values or {}).items()}
        phrases = vocabulary(layer, catalog, texts, aliases)
        _add_short_value_names(phrases, texts)
        grouped: dict[str, list[tuple[Phrase, frozenset[Target]]]] = {}
        korean: dict[str, frozenset[Target]] = {}
        partial: dict[str, set[Target]] = {}
        for phrase, targets in phrases.items():
            if has_hangul(phrase[0]):
                korean[phrase[0]] = frozenset(targets)
                continue
            grouped.setdefault(phrase[0], []).append((phrase, frozenset(targets)))
            if len(phrase) > 1:
                for word in phrase:
                    partial.setdefault(word, set()).update(targets)
        return cls(
            by_first_word={
                w: tuple(sorted(c, key=lambda item: (-len(item[0]), item[0])))
                for w, c in grouped.items()
            },
            korean=korean,
            partial={w: frozenset(t) for w, t in partial.items()},
            single={
                p[0]: frozenset(t)
                for p, t in phrases.items()
                if len(p) == 1 and not has_hangul(p[0])
            },
            tables=TableIndex.build(layer),
            layer=layer,
            catalog=catalog,
            build_ms=(time.perf_counter() - began) * 1000,
        )

    @functools.cached_property
    def metric_word_sets(self) -> tuple[tuple[frozenset[str], Target], ...]:
        """Each English metric name or synonym of two or more content words, as the set of
        its words: for names written in another order or with a word between ("payment
        amount received" for "payments received")."""
        return self._word_sets(Kind.METRIC)

    @functools.cached_property
    def dimension_word_sets(self) -> tuple[tuple[frozenset[str], Target], ...]:
        """The same for dimensions: "type of transaction" for "transaction type"."""
        return self._word_sets(Kind.DIMENSION)

    def _word_sets(self, kind: Kind) -> tuple[tuple[frozenset[str], Target], ...]:
        found = []
        for entries in self.by_first_word.values():
            for phrase, targets in entries:
                content = frozenset(w for w in phrase if w not in ENGLISH_FUNCTION)
                if len(content) < 2:
                    continue
                found += [(content, t) for t in targets if t.kind is kind]
        return tuple(sorted(found, key=lambda item: (sorted(item[0]), item[1])))

    @functools.cached_property
    def longest_korean(self) -> int:
        return max((len(k) for k in self.korean), default=0)

    @functools.cached_property
    def english_words(self) -> list[str]:
        """One-word phrases, the pool for typo correction."""
        return sorted(self.single)

    @functools.cached_property
    def korean_letters(self) -> tuple[list[str], list[str]]:
        """Korean phrases decomposed into jamo, and the phrases, for typo correction."""
        keys = sorted(self.korean)
        return [unicodedata.normalize("NFD", key) for key in keys], keys


def _add_short_value_names(
    phrases: dict[Phrase, set[Target]], values: Mapping[str, list[str]]
) -> None:
    """ "Gangnam" for "Maeil Mart Gangnam", unless the short name already means something."""
    for dimension, names in values.items():
        if len(names) > MAX_SUFFIX_VALUES:
            continue
        for phrase, value in distinctive_suffixes(names).items():
            if phrase not in phrases:
                phrases[phrase] = {Target(Kind.VALUE, dimension, value)}
