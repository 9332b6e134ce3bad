"""Verbs that say when the facts happened: "treatments that started in 2025", "orders
shipped last week", "2025년에 종료된 치료".

A date of the facts is named after the event it records: a start date, an end date, a
shipped_at, a 치료 시작일. A verb of that event, where the question uses one, names that
date. The owner's own words decide, never a list of ours: the verb's lemma is a word of the
date's name, label or synonyms ("started" → "start date"), its past participle is
("completed" → completed_at), or a noun made from it is ("delivered" → "delivery date",
"shipped" → "shipment date"). In Korean, the noun of a 하다/되다 verb begins a word of the
date's name that ends in a date suffix (시작되다 → 시작일).

Only dates of the tables the question measures are candidates, and only a verb that names
exactly one of them is read; a verb that names none, or two, stays unknown and is asked
about, as before. Read as a mention of the date, the verb then takes the period after it
(a second date filters its own facts), or is the metric's own date and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.pipeline.ground.analysis import Word, inflected
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext
from semantic_layer.layer import TimeDimensionRef

# Nouns English makes from a verb's stem: completion, shipment, delivery, renewal, closure.
NOUN_SUFFIXES = ("ion", "ation", "lation", "ment", "y", "al", "ure", "ance", "ence")
# What a Korean date name adds to the event's noun: 시작일, 종료일자, 발송일시, 가입 날짜.
KOREAN_DATE_SUFFIXES = ("", "일", "일자", "일시", "시각", "시간", "날짜", "날")
KOREAN_VERB_SUFFIX_TAGS = frozenset({"XSV"})
DO = frozenset({"do", "does", "did"})
GENERIC = frozenset({"date", "day", "time", "at", "on", "ts", "dt", "timestamp", "datetime"})


def read_event_verbs(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> Grounding:
    """``g`` with each unknown verb that names one date of the measured facts as a mention
    of that date."""
    if not g.unknown or not metrics:
        return g
    tables = {leaf.table for name in metrics for leaf in ctx.catalog.leaves(name)}
    dates = [td for td in ctx.layer.time_dimensions.values() if td.table in tables]
    if not dates:
        return g
    taken = {i for m in g.mentions for i in range(m.first, m.last)}
    mentions = list(g.mentions)
    still: list[str] = []
    for unknown in g.unknown:
        index = next(
            (i for i, w in enumerate(g.words) if w.text == unknown and i not in taken), None
        )
        named = [td for td in dates if _names(g, index, td)] if index is not None else []
        if index is None or len(named) != 1:
            still.append(unknown)
            continue
        taken.add(index)
        target = Target(Kind.TIME_DIMENSION, named[0].name)
        mentions.append(Mention(index, index + 1, g.words[index].text, (target,)))
    mentions.sort(key=lambda m: m.first)
    return replace(g, mentions=tuple(mentions), unknown=tuple(still))


def _names(g: Grounding, index: int, td: TimeDimensionRef) -> bool:
    word = g.words[index]
    if word.korean:
        return _korean_event(g, index) and _korean_names(word.text, td)
    if not (_english_verb(word) or after_do(g, index)):
        return False
    return _english_names(word, td)


def _english_verb(word: Word) -> bool:
    """An inflected verb form: "started", "shipped", "sent", "completed", "ended"."""
    return inflected(word) and word.lemma.lower() not in GENERIC


def after_do(g: Grounding, index: int) -> bool:
    """A bare verb after "did"/"does": "how many treatments did each doctor start"."""
    return any(w.text.lower() in DO for w in g.words[max(0, index - 5) : index])


def _english_names(word: Word, td: TimeDimensionRef) -> bool:
    text, lemma = word.text.lower(), word.lemma.lower()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    for name_word in _name_words(td):
        if name_word in GENERIC:
            continue
        if name_word in (text, lemma):
            return True
        rest = name_word[len(stem) :] if name_word.startswith(stem) else None
        if rest is not None and rest in NOUN_SUFFIXES:
            return True
    return False


def _korean_event(g: Grounding, index: int) -> bool:
    """A noun made a verb by 되다/하다 (시작된, 종료한), or a verb stem itself."""
    word = g.words[index]
    if word.tag.startswith("VV"):
        return True
    after = g.words[index + 1] if index + 1 < len(g.words) else None
    return word.tag.startswith("NN") and after is not None and after.tag in KOREAN_VERB_SUFFIX_TAGS


def _korean_names(noun: str, td: TimeDimensionRef) -> bool:
    names = [*td.definition.labels.values(), *td.definition.synonyms, td.definition.label]
    words = {w for name in names for w in name.split()}
    return any(w.startswith(noun) and w[len(noun) :] in KOREAN_DATE_SUFFIXES for w in words)


def _name_words(td: TimeDimensionRef) -> set[str]:
    definition = td.definition
    names = [
        definition.name,
        definition.label,
        *definition.synonyms,
        definition.column or "",
    ]
    spaced = " ".join(re.sub(r"([a-z])([A-Z])", r"\1 \2", n) for n in names)
    return set(spaced.lower().replace("_", " ").split())
