"""Which tables a question is about: BM25 over each table's names, descriptions and columns.

Used for the LLM's compact context and for schemas far larger than the sample: on 500
tables × 40 columns it builds in well under a second and answers in about a millisecond,
because scoring only walks the postings of the question's own words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.pipeline.ground.analysis import normalise, stem
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Table

# A word in a table's name says far more about the table than the same word in a column.
FIELD_WEIGHTS = {"name": 4.0, "label": 3.0, "description": 1.0, "column": 1.0, "column_text": 0.5}
K1 = 1.2
B = 0.5
STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "for",
        "by",
        "to",
        "and",
        "or",
        "per",
        "with",
        "from",
        "at",
        "is",
        "are",
        "was",
        "were",
    ]
)


def words(text: str) -> list[str]:
    """Stems of a text's words, snake_case split, stop words dropped."""
    return [stem(w) for w in _WORD.findall(normalise(text.replace("_", " "))) if w not in STOP]


_WORD = re.compile(r"[a-z][a-z0-9]*|[가-힣]+")


@dataclass(frozen=True)
class TableIndex:
    postings: dict[str, dict[str, float]]
    """word → table → weighted term frequency"""
    idf: dict[str, float]
    lengths: dict[str, float]
    average_length: float

    @classmethod
    def build(cls, layer: SemanticLayer) -> TableIndex:
        postings: dict[str, dict[str, float]] = {}
        lengths: dict[str, float] = {}
        for table in layer.tables.values():
            weighted = _weighted_words(table)
            lengths[table.name] = sum(weighted.values())
            for word, weight in weighted.items():
                postings.setdefault(word, {})[table.name] = weight
        count = max(1, len(layer.tables))
        idf = {
            w: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5)) for w, p in postings.items()
        }
        average = sum(lengths.values()) / count if lengths else 1.0
        return cls(postings, idf, lengths, average)

    def rank(self, question_words: Iterable[str], limit: int = 10) -> list[tuple[str, float]]:
        """Tables by BM25 score, best first; ties broken by name so ranks are stable."""
        scores: dict[str, float] = {}
        for word in set(question_words):
            postings = self.postings.get(word)
            if not postings:
                continue
            idf = self.idf[word]
            for table, tf in postings.items():
                norm = K1 * (1 - B + B * self.lengths[table] / self.average_length)
                scores[table] = scores.get(table, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(table, round(score, 4)) for table, score in ranked[:limit]]


def _weighted_words(table: Table) -> dict[str, float]:
    weighted: dict[str, float] = {}
    fields: list[tuple[str, str]] = [("name", table.name), ("label", table.label)]
    fields += [("label", s) for s in table.synonyms]
    fields.append(("description", table.description))
    for column in table.columns:
        fields.append(("column", column.name))
        fields += [("column_text", s) for s in column.synonyms]
    for dimension in table.dimensions:
        fields += [("column", dimension.name)] + [("column_text", s) for s in dimension.synonyms]
    for time_dimension in table.time_dimensions:
        fields.append(("column", time_dimension.name))
        fields += [("column_text", s) for s in time_dimension.synonyms]
    for field, text in fields:
        for word in words(text):
            weighted[word] = weighted.get(word, 0.0) + FIELD_WEIGHTS[field]
    return weighted
