"""What to ask instead, when a question can't be answered: the nearest askable metrics.

A question the catalog can't express gets buttons for the metrics whose names, labels or
synonyms are closest to its words, each a question that will answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from app.i18n.catalog import Language
from app.i18n.names import localized
from metrics.catalog import MetricCatalog
from metrics.model import Status as MetricStatus

LIMIT = 4
CUTOFF = 80.0
"""How alike two words must be (rapidfuzz ratio): "salez" and "sales" are 80."""


@dataclass(frozen=True)
class Alternative:
    label: str
    question: str


def nearest_metrics(
    question: str, catalog: MetricCatalog, language: Language, *, limit: int = LIMIT
) -> list[Alternative]:
    """Up to ``limit`` metrics nearest to the question's words, named in ``language``.

    >>> from app.project.folder import load_project, SAMPLE_PROJECT
    >>> catalog = load_project(SAMPLE_PROJECT).catalog
    >>> [a.label for a in nearest_metrics("weekly salez trend", catalog, Language.EN)][:1]
    ['Revenue']
    """
    words = _words(question)
    scored = []
    for name, metric in catalog.metrics.items():
        if metric.status is MetricStatus.DEPRECATED:
            continue
        vocabulary = _words(" ".join((metric.label, *metric.labels.values(), *metric.synonyms)))
        best = max((fuzz.ratio(w, v) for w in words for v in vocabulary), default=0.0)
        if best >= CUTOFF:
            scored.append((-best, len(metric.label), name))
    found = [name for _, _, name in sorted(scored)[:limit]]
    picked = []
    for name in found:
        metric = catalog.metrics[name]
        label = localized(metric.label, metric.labels, language)
        picked.append(Alternative(label=label, question=label))
    return picked


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1}
