"""Verbs that say when the facts happened: "treatments that started in 2025", "orders
shipped last week", "2025년에 종료된 치료".

A date of the facts is named after the event it records: a start date, an end date, a
shipped_at, a 치료 시작일. A verb of that event, where the question uses one, names that
date. The owner's own words decide, never a list of ours: the verb's lemma is a word of the
date's name, label or synonyms ("started" → "start date"), its past participle is
("completed" → completed_at), or a noun made from it is ("delivered" → "delivery date",
"shipped" → "shipment date"). In Korean, the noun of a 하다/되다 verb begins a word of the
date's name that ends in a date suffix (시작되다 → 시작일). A gerund is such a noun too
("enrol" → "enrolment date"), and so is an infinitive a verb leads to ("scheduled to
start" → the scheduled start).

A verb that is also a value of a status ("memberships expired in 2025", 'expired' a membership
status) still has its own date where the owner's names give one: with a period right next
to it, the period dates that event, and the status stays what the things are now.

Where no date's names hold the verb, the owner's description of a date may ("the day the
membership expires" on a membership_end): a verb that names one date in its description is read too.

Only dates of the tables the question measures are candidates, and only a verb that names
exactly one of them is read; a verb that names none, or two, stays unknown and is asked
about, as before. Read as a mention of the date, the verb then takes the period after it
(a second date filters its own facts), or is the metric's own date and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.pipeline.ground.analysis import NOMINALISATIONS, Word, inflected
from app.pipeline.ground.analysis import lemma as lemma_of
from app.pipeline.ground.analysis import stem as stem_of
from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import DO, Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext
from semantic_layer.layer import TimeDimensionRef

# Nouns English makes from a verb's stem: completion, shipment, delivery, renewal, closure.
NOUN_SUFFIXES = ("ion", "ation", "lation", "ment", "y", "al", "ure", "ance", "ence", "ing")
# What a Korean date name adds to the event's noun: 시작일, 종료일자, 발송일시, 가입 날짜.
KOREAN_DATE_SUFFIXES = ("", "일", "일자", "일시", "시각", "시간", "날짜", "날")
KOREAN_VERB_SUFFIX_TAGS = frozenset({"XSV"})
INFINITIVE_LEADS = frozenset({"due", "about"})
"""Words English puts before "to" and a verb of what will happen ("due to expire")."""
WILL = frozenset({"will", "shall"})
"""Modals before a verb of what is to come ("will expire")."""
GENERIC = frozenset({"date", "day", "time", "at", "on", "ts", "dt", "timestamp", "datetime"})


def read_event_verbs(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> Grounding:
    """``g`` with each unknown verb that names one date of the measured facts as a mention
    of that date."""
    if not metrics:
        return g
    tables = {leaf.table for name in metrics for leaf in ctx.catalog.leaves(name)}
    dates = [td for td in ctx.layer.time_dimensions.values() if td.table in tables]
    if not dates:
        return g
    g = _dated_values(g, dates)
    if not g.unknown:
        return g
    taken = {i for m in g.mentions for i in range(m.first, m.last)}
    mentions = list(g.mentions)
    still: list[str] = []
    for unknown in g.unknown:
        index = next(
            (i for i, w in enumerate(g.words) if w.text == unknown and i not in taken), None
        )
        named = _dates_named(g, index, dates) if index is not None else []
        if index is None or len(named) != 1:
            still.append(unknown)
            continue
        taken.add(index)
        target = Target(Kind.TIME_DIMENSION, named[0].name)
        mentions.append(Mention(index, index + 1, g.words[index].text, (target,)))
    mentions.sort(key=lambda m: m.first)
    return replace(g, mentions=tuple(mentions), unknown=tuple(still))


def _dated_values(g: Grounding, dates: list[TimeDimensionRef]) -> Grounding:
    """``g`` with each status verb that names one of ``dates`` and has a period next to it
    ("memberships expired in 2025") naming that date as well as the status."""
    mentions = []
    for m in g.mentions:
        kinds = {t.kind for t in m.targets}
        if not _one_verb(g, m) or Kind.VALUE not in kinds or not period_next_to(g, m):
            mentions.append(m)
            continue
        named = _dates_named(g, m.first, dates) if kinds == {Kind.VALUE} else []
        if len(named) == 1:
            m = replace(m, targets=(*m.targets, Target(Kind.TIME_DIMENSION, named[0].name)))
        if m.of_kind(Kind.TIME_DIMENSION) and kinds <= {Kind.VALUE, Kind.TIME_DIMENSION}:
            # "expiring next month": the status is what they will be, not what they are
            m = m if _past(g, m.first) else replace(m, targets=m.of_kind(Kind.TIME_DIMENSION))
        mentions.append(m)
    return replace(g, mentions=tuple(mentions))


KOREAN_AHEAD_ENDINGS = frozenset({"는", "ᆯ", "을", "ㄹ"})
"""Korean adnominal endings of what is or will be (만료되는, 만료될), not what was (만료된)."""


def _past(g: Grounding, index: int) -> bool:
    """A verb of what has happened: "expired", "만료된"; not "expiring", "expire", "만료되는"."""
    word = g.words[index]
    if word.korean:
        after = g.words[index + 1 : index + 3]
        return not any(w.tag == "ETM" and w.text in KOREAN_AHEAD_ENDINGS for w in after)
    before = g.words[index - 1].text.lower() if index > 0 else ""
    return inflected(word) and not word.text.endswith("ing") and before not in {*WILL, "to"}


def _one_verb(g: Grounding, mention: Mention) -> bool:
    """One word, or a Korean noun with the endings that make it a verb ("만료되는")."""
    rest = g.words[mention.first + 1 : mention.last]
    return all(w.korean and w.word_class is WordClass.FUNCTION for w in rest)


def period_next_to(g: Grounding, mention: Mention) -> bool:
    """A time phrase right after the verb ("expired in 2025"), or in Korean right before
    it ("2025년에 만료된")."""
    start, end = g.words[mention.first].start, g.words[mention.last - 1].end
    for cue in (c for c in g.cues if c.kind is CueKind.TIME):
        gap = g.words_in(end, cue.start) if cue.start >= end else g.words_in(cue.end, start)
        korean = g.words[mention.first].korean
        if (cue.start >= end) != korean and len(gap) <= 1:
            return True
    return False


def _dates_named(g: Grounding, index: int, dates: list[TimeDimensionRef]) -> list[TimeDimensionRef]:
    """The dates the verb at ``index`` names by their names, else by their descriptions."""
    named = [td for td in dates if _names(g, index, td)]
    word = g.words[index]
    if named or word.korean or not _a_verb(g, index):
        return named
    return [td for td in dates if verb_names(word, _described_words(td) - GENERIC)]


def _names(g: Grounding, index: int, td: TimeDimensionRef) -> bool:
    word = g.words[index]
    if word.korean:
        return korean_event(g, index) and _korean_names(word.text, td)
    return _a_verb(g, index) and _english_names(word, td)


def _a_verb(g: Grounding, index: int) -> bool:
    word = g.words[index]
    will = index > 0 and g.words[index - 1].text.lower() in WILL
    return (
        _english_verb(word)
        or after_do(g, index)
        or _infinitive(g, index)
        or will
        or _present_after_things(g, index)
    )


def _present_after_things(g: Grounding, index: int) -> bool:
    """A verb in the present right after the things: "policies expire next month"."""
    word = g.words[index]
    if word.korean or word.text.lower() not in (word.lemma.lower(), word.lemma.lower() + "s"):
        return False
    return any(
        m.last == index and (m.of_kind(Kind.TABLE) or m.of_kind(Kind.METRIC)) for m in g.mentions
    )


def _infinitive(g: Grounding, index: int) -> bool:
    """ "Scheduled to start", "due to expire": the verb "to" leads to after another verb
    or "due"."""
    if index < 2 or g.words[index - 1].text.lower() != "to":
        return False
    before = g.words[index - 2]
    return _english_verb(before) or before.lemma.lower() in INFINITIVE_LEADS


def _english_verb(word: Word) -> bool:
    """An inflected verb form: "started", "shipped", "sent", "completed", "ended"."""
    return inflected(word) and word.lemma.lower() not in GENERIC


def after_do(g: Grounding, index: int) -> bool:
    """A bare verb after "did"/"does": "how many treatments did each doctor start"."""
    return any(w.text.lower() in DO for w in g.words[max(0, index - 5) : index])


def _english_names(word: Word, td: TimeDimensionRef) -> bool:
    return verb_names(word, _name_words(td) - GENERIC)


def date_named(word: Word, ctx: PlanningContext) -> bool:
    """Whether a verb names a date of any table ("expired" → a membership's end date)."""
    return any(_english_names(word, td) for td in ctx.layer.time_dimensions.values())


def verb_names(word: Word, name_words: set[str]) -> bool:
    """Whether a verb form is one of ``name_words`` (lower case), as itself, its lemma, its
    participle's lemma or a noun made from it ("expired" → "expiry", "signed" → "signup",
    "enrol" → "enrolment")."""
    text, lemma = word.text.lower(), word.lemma.lower()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    nominal = NOMINALISATIONS.get(lemma)
    for name_word in {stem_of(w) for w in name_words}:
        if name_word in (text, lemma, nominal) or lemma_of(name_word) == lemma:
            return True
        rest = name_word[len(stem) :] if name_word.startswith(stem) else None
        if rest is not None and rest in NOUN_SUFFIXES:
            return True
    return False


def korean_event(g: Grounding, index: int) -> bool:
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


def _described_words(td: TimeDimensionRef) -> set[str]:
    """The verbs and nouns of a date's description ("the day the membership expires")."""
    return {w.strip(".,;:()") for w in td.definition.description.lower().split()}


def looks_ahead(g: Grounding) -> bool:
    """A date's verb said of what is to come: an infinitive ("scheduled to start"), after
    "will" ("will expire"), or a present participle ("policies expiring this month")."""
    for m in g.mentions:
        if not m.of_kind(Kind.TIME_DIMENSION) or m.last - m.first != 1:
            continue
        word, i = g.words[m.first], m.first
        before = g.words[i - 1].text.lower() if i > 0 else ""
        participle = word.text.endswith("ing") and inflected(word)
        if not word.korean and (_infinitive(g, i) or before in WILL or participle):
            return True
    return False
