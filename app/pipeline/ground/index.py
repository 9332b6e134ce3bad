"""The grounding index of a project: built once, then read by every question."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.pipeline.ground.tables import TableIndex
from app.pipeline.ground.vocabulary import Kind, Phrase, Target, distinctive_suffixes, vocabulary
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ScalarValue

MAX_SUFFIX_VALUES = 2_000


@dataclass(frozen=True)
class GroundingIndex:
    by_first_word: dict[str, tuple[tuple[Phrase, frozenset[Target]], ...]]
    """first word → (phrase, targets), longest phrase first"""
    words: frozenset[str]
    """every word of every phrase, for Korean particle stripping and compound splitting"""
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
    ) -> GroundingIndex:
        """Index a project; ``values`` are database values per dimension (see ``values.py``)."""
        began = time.perf_counter()
        texts = {k: [str(v) for v in vs] for k, vs in (values or {}).items()}
        phrases = vocabulary(layer, catalog, texts)
        _add_short_value_names(phrases, texts)
        grouped: dict[str, list[tuple[Phrase, frozenset[Target]]]] = {}
        partial: dict[str, set[Target]] = {}
        for phrase, targets in phrases.items():
            grouped.setdefault(phrase[0], []).append((phrase, frozenset(targets)))
            if len(phrase) > 1:
                for word in phrase:
                    partial.setdefault(word, set()).update(targets)
        return cls(
            by_first_word={
                w: tuple(sorted(c, key=lambda item: (-len(item[0]), item[0])))
                for w, c in grouped.items()
            },
            words=frozenset(w for phrase in phrases for w in phrase),
            partial={w: frozenset(t) for w, t in partial.items()},
            single={p[0]: frozenset(t) for p, t in phrases.items() if len(p) == 1},
            tables=TableIndex.build(layer),
            layer=layer,
            catalog=catalog,
            build_ms=(time.perf_counter() - began) * 1000,
        )

    def known(self, word: str) -> bool:
        return word in self.words


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
