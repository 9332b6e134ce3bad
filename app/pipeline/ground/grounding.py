"""The grounding stage: which metrics, dimensions, values, time phrases and tables a question
mentions, and what every other word of it is.

Matching is lexical and deterministic. Catalog phrases are found on the words' lemmas and
stems (English) or on runs of Korean content words however they were spaced; cues (time,
grain, ranking, thresholds, comparisons) are found by the pattern tables in ``cues.py``.
Both compete for the same words and the longer one wins. Every word left over is then put
in its class by the word policy (``lexicon.py``): grammar is silent, asking and presenting
words are ignored (and named in the answer), an operator no cue explained and a content word
nothing names are reported, so the planner asks rather than guesses.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from app.pipeline.ground.analysis import (
    Word,
    analyse,
    inflected,
    known_word,
    lemma,
    normalise,
    with_original_literals,
    with_written_case,
)
from app.pipeline.ground.cues import Cue, CueKind, find_cues
from app.pipeline.ground.describing import values_describing_things
from app.pipeline.ground.flags import boolean_named, read_flags
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import (
    ENGLISH_LIGHT,
    GROUP_MARKERS,
    KOREAN_COUNTERS,
    KOREAN_FUNCTION_TAGS,
    NEGATING_PREFIXES,
    REQUEST_VERBS,
    WordClass,
)
from app.pipeline.ground.loanwords import transliterates
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.spelling import correction, related
from app.pipeline.ground.tables import words as table_words
from app.pipeline.ground.vocabulary import Kind, Target, compact, phrase_of
from metrics.model import Aggregation, SimpleMetric, Status

MENTIONED = 100.0
"""What naming a table (or something only it has) adds to its score: more than BM25 can."""


@dataclass(frozen=True)
class Grounding:
    question: str
    text: str
    words: tuple[Word, ...]
    mentions: tuple[Mention, ...]
    cues: tuple[Cue, ...]
    markers: tuple[int, ...]
    """word indices of breakdown markers ("by", "별")"""
    unknown: tuple[str, ...]
    """content words nothing in the project names"""
    operators: tuple[int, ...] = ()
    """word indices of operator words no cue explained ("not", "more", "average")"""
    numbers: tuple[int, ...] = ()
    """word indices of numbers no cue used ("which 6 stores")"""
    identities: tuple[int, ...] = ()
    """word indices of identity words ("name", "id") to bind to an entity"""
    literals: tuple[int, ...] = ()
    """word indices of quoted text that names no known value ('Utility Company')"""
    ignored: tuple[str, ...] = ()
    """asking and presenting words the answer leaves out, as written ("return", "show")"""
    set_aside: tuple[Mention, ...] = ()
    """values written in capitals but read as grammar words ("SHOW US …"), for a note"""
    suggestions: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    tables: tuple[tuple[str, float], ...] = ()
    elapsed_ms: float = 0.0

    def targets(self, kind: Kind) -> list[Target]:
        return [t for m in self.mentions for t in m.of_kind(kind)]

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words wholly inside characters ``start``..``end``: what stands between a cue
        and a mention."""
        return [w for w in self.words if w.start >= start and w.end <= end]

    @property
    def corrections(self) -> list[tuple[str, str]]:
        return [(m.corrected_from, m.text) for m in self.mentions if m.corrected_from]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    first: int
    last: int
    mention: Mention | None = None
    cue: Cue | None = None
    weak: bool = False
    """Taken only where nothing else claims the words (a definition-only glossary term)."""


def ground(question: str, index: GroundingIndex, today: dt.date) -> Grounding:
    began = time.perf_counter()
    text = normalise(question)
    words = with_written_case(with_original_literals(analyse(text), question), question)
    spans = _phrase_spans(words, index) + _korean_spans(words, text, index)
    phrases = _weigh(spans, words, text, index, shouted=_shouted(question))
    set_aside = _capitals_set_aside(spans, phrases, words)
    chosen = _choose(_cue_spans(find_cues(text, today), words) + phrases, words)
    talk = query_talk(words)
    chosen = [s for s in chosen if not talk.issuperset(range(s.first, s.last))]
    covered = {i for span in chosen for i in range(span.first, span.last)}
    # A table's name may be a word of a metric's name ("payment amount received").
    tables_only = {
        i
        for span in chosen
        if span.mention is not None and {t.kind for t in span.mention.targets} == {Kind.TABLE}
        for i in range(span.first, span.last)
    }
    # A metric's name may hold another metric's name and an operator word ("median
    # transaction amount" holds "transaction amount"): the longer name explains the operator.
    metric_names = [
        range(span.first, span.last)
        for span in chosen
        if span.mention is not None
        and Kind.METRIC in (kinds := {t.kind for t in span.mention.targets})
        and kinds <= {Kind.METRIC, Kind.TABLE}
    ]
    metrics_only = {i for name in metric_names for i in name}
    unordered = _unordered_metric_names(
        words, (covered - tables_only - metrics_only) | talk, metric_names, index
    )
    unordered += _attribute_of_thing(words, chosen, talk, index)
    unordered += _measure_after_breakdown(words, text, chosen, talk, index)
    if unordered:
        inside = {i for span in unordered for i in range(span.first, span.last)}
        chosen = [s for s in chosen if not inside & set(range(s.first, s.last))] + unordered
        chosen.sort(key=lambda s: s.first)
    chosen = _values_named_whole(words, chosen, talk, index)
    covered = {i for span in chosen for i in range(span.first, span.last)}
    negated = _negated_words(words, spans, covered, index)
    denied = {k for i, j in negated.items() for k in range(i, j)}
    sorted_out = _sort_out(words, covered | denied, text, index, talk)
    sorted_out.unknown += [words[k].text for k in sorted(denied) if not _grammar(words[k])]
    mentions = sorted(
        [s.mention for s in chosen if s.mention is not None]
        + sorted_out.corrected
        + _implied_by_ranking(words, chosen, index),
        key=lambda m: m.first,
    )
    mentions, read = read_flags(words, mentions, index)
    mentions = values_describing_things(words, mentions, index.layer)
    unknown = [w for w in sorted_out.unknown if w not in {words[i].text for i in read}]
    return Grounding(
        question=question,
        text=text,
        words=words,
        mentions=tuple(mentions),
        cues=tuple(s.cue for s in chosen if s.cue is not None),
        markers=tuple(sorted_out.markers),
        unknown=tuple(unknown),
        operators=tuple(sorted_out.operators),
        numbers=tuple(sorted_out.numbers),
        identities=tuple(sorted_out.identities),
        literals=tuple(sorted_out.literals),
        ignored=tuple(dict.fromkeys(sorted_out.ignored)),
        set_aside=set_aside,
        suggestions=_suggestions(unknown, mentions, words, index),
        tables=tuple(_rank_tables(text, mentions, index)),
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


# --- catalog phrases -----------------------------------------------------------------------


def _phrase_spans(words: tuple[Word, ...], index: GroundingIndex) -> list[_Span]:
    """English (and Latin-script) phrases, matched on each word's stems and lemma."""
    spans = []
    for i, word in enumerate(words):
        if word.korean:
            continue
        for key in word.keys:
            for phrase, targets in index.by_first_word.get(key, ()):
                last = i + len(phrase)
                if last <= len(words) and all(
                    phrase[k] in words[i + k].keys for k in range(1, len(phrase))
                ):
                    spans.append(_mention_span(words, i, last, targets))
    return spans


def _korean_spans(words: tuple[Word, ...], text: str, index: GroundingIndex) -> list[_Span]:
    """Stretches of the question with Korean in them, compared with the vocabulary as one
    string without spaces: "매출총이익률이" and "매출 총이익률" both hold "매출총이익률". A
    stretch starts and ends on a content word; what lies between may be anything the
    owner's synonym has ("작년 같은 기간 매출")."""
    if not index.korean or not any(w.korean for w in words):
        return []
    spans = []
    for first in range(len(words)):
        if _grammar(words[first]):
            continue
        for last in range(first, len(words)):
            joined = text[words[first].start : words[last].end].replace(" ", "")
            if len(joined) > index.longest_korean + PARTICIPLE_SLACK:
                break
            glued = _grammar(words[last])
            if glued and not _whole_written_word(words, text, first, last):
                continue
            targets = index.korean.get(joined) or _participle_named(words, text, first, last, index)
            if glued and targets:
                head = text[words[first].start : words[last].start].replace(" ", "")
                if set(targets) <= set(index.korean.get(head, ())):
                    continue  # "매장별": the store, then a marker, as the analyser split it
            if targets:
                spans.append(_mention_span(words, first, last + 1, targets))
    return spans


PARTICIPLE_SLACK = 2
"""Characters a participle's ending adds to a name ("된", "받은")."""
PARTICIPLE_TAGS = frozenset({"XSV", "XSA", "EP", "ETM"})
"""A verb made from a noun and the ending that makes it describe the next noun: 연체"된",
취소"한", 반납"된"."""


def _participle_named(
    words: tuple[Word, ...], text: str, first: int, last: int, index: GroundingIndex
) -> frozenset[Target]:
    """ "연체된 대출" for the owner's "연체 대출": a noun made a participle before the
    next noun names what the two nouns name together."""
    kept = [w for w in words[first : last + 1] if w.tag not in PARTICIPLE_TAGS]
    if len(kept) == last - first + 1 or not kept or words[first].tag in PARTICIPLE_TAGS:
        return frozenset()
    inside = words[first : last + 1]
    if not all(w.attached or w.tag == "ETM" for w in inside if w.tag in PARTICIPLE_TAGS):
        return frozenset()  # only endings glued to the noun before them
    return index.korean.get("".join(text[w.start : w.end] for w in kept), frozenset())


def _whole_written_word(words: tuple[Word, ...], text: str, first: int, last: int) -> bool:
    """The stretch is one word as written, glued together ("성별", "성별로" with only a
    particle after it), so a suffix the analyser split off ("성" + "별", "by surname") may
    belong to the owner's word (gender)."""
    start, end = words[first].start, words[last].end
    token_end = next((i for i in range(end, len(text)) if not text[i].isalnum()), len(text))
    rest = [w for w in words[last + 1 :] if w.start < token_end]
    return " " not in text[start:end] and all(w.korean and _grammar(w) for w in rest)


def _grammar(word: Word) -> bool:
    """A particle, an ending, punctuation: what separates the nouns of a phrase. (Words like
    전체 or 각 are function words but may still be part of a synonym: "전체 누적 매출".)"""
    if word.text in GROUP_MARKERS:
        return True
    if word.korean:
        return word.tag in KOREAN_FUNCTION_TAGS
    return word.word_class is WordClass.FUNCTION


def _mention_span(
    words: tuple[Word, ...], first: int, last: int, targets: frozenset[Target]
) -> _Span:
    text = " ".join(w.text for w in words[first:last])
    mention = Mention(first, last, text, tuple(sorted(targets)))
    return _Span(words[first].start, words[last - 1].end, first, last, mention)


def _weigh(
    spans: list[_Span],
    words: tuple[Word, ...],
    text: str,
    index: GroundingIndex,
    *,
    shouted: bool = False,
) -> list[_Span]:
    """Weak spans yield to anything else on their words.

    A glossary term with no metric only defines words ("online store"), so a value inside it
    ("online") still filters; a number that is a value of some dimension ("2023" as a model
    year) is that value only next to its dimension's name, and a year otherwise.
    """
    weighed = []
    for span in spans:
        mention = span.mention
        assert mention is not None
        if (
            _used_as_verb(words, span, text)
            or _not_a_value(words, span, shouted)
            or _negated(words, span, index)
            or _how_many_rows(words, span, spans)
        ):
            continue
        weak = _definition_only(mention, index) or (
            _numeric_value(mention) and not _next_to_dimension(span, spans)
        )
        weighed.append(_Span(**{**span.__dict__, "weak": weak}))
    return weighed


def _not_a_value(words: tuple[Word, ...], span: _Span, shouted: bool) -> bool:
    """A one-word value where English puts no value: a grammar word ("in" is no country code
    unless quoted or typed as a code), or the head of an "of" phrase ("what percentage of
    transactions" asks a share; it is not the discount type "percentage")."""
    mention = span.mention
    if mention is None or {t.kind for t in mention.targets} != {Kind.VALUE}:
        return False
    if span.last - span.first != 1 or words[span.first].quoted:
        return False
    word = words[span.first]
    following = words[span.last] if span.last < len(words) else None
    followed_by_of = following is not None and following.text == "of"
    counted = (
        word.number is not None and following is not None and following.text in KOREAN_COUNTERS
    )  # "직군 3개": three of them, not the value 3
    named = _code_as_written(word, mention, shouted) or _after_article(words, span.first, mention)
    grammar = word.word_class is WordClass.FUNCTION and not named
    return grammar or counted or (followed_by_of and not word.korean)


def _shouted(question: str) -> bool:
    """An English question typed all in capitals, where capitals tell nothing apart.

    >>> _shouted("PARCELS TO THE US"), _shouted("Parcels to the US"), _shouted("US 배송")
    (True, False, False)
    """
    letters = [c for c in question if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters)


def _code_as_written(word: Word, mention: Mention, shouted: bool) -> bool:
    """ "Parcels to the US", "sales in OR": a grammar word typed in capitals, in a question
    not typed all in capitals, is the code it spells when a value is stored that way."""
    return (
        word.capitals
        and not shouted
        and any(t.value == word.text.upper() for t in mention.targets if t.value is not None)
    )


def _after_article(words: tuple[Word, ...], i: int, mention: Mention) -> bool:
    """ "Shipped to the us": no pronoun or preposition follows "the", so a code stored in
    capitals is that code; "the same city" is no value 'Same'."""
    code = words[i].text.upper()
    return (
        i > 0
        and words[i - 1].text == "the"
        and not words[i].korean
        and any(t.value == code for t in mention.targets if t.value is not None)
    )


def _capitals_set_aside(
    spans: list[_Span], kept: list[_Span], words: tuple[Word, ...]
) -> tuple[Mention, ...]:
    """Values typed in capitals that were read as grammar words all the same (a question
    typed all in capitals: "SHOW US …"), so the answer can say so."""
    taken = {id(s.mention) for s in kept}
    return tuple(
        s.mention
        for s in spans
        if s.mention is not None
        and id(s.mention) not in taken
        and s.last - s.first == 1
        and words[s.first].capitals
        and {t.kind for t in s.mention.targets} == {Kind.VALUE}
    )


HOW_MANY_ROWS = frozenset({"which", "top", "bottom"})
"""Before a bare number, words that make it how many rows are shown, not a value."""


def _how_many_rows(words: tuple[Word, ...], span: _Span, spans: list[_Span]) -> bool:
    """ "Which 4 branches lent the most": four of them, though some column holds 4; "which 2
    bedroom flats", the number next to its own column's name, stays that value."""
    assert span.mention is not None
    previous = words[span.first - 1].text if span.first else ""
    return (
        previous in HOW_MANY_ROWS
        and _numeric_value(span.mention)
        and not _next_to_dimension(span, spans)
    )


def _negated_words(
    words: tuple[Word, ...], spans: list[_Span], covered: set[int], index: GroundingIndex
) -> dict[int, int]:
    """Prefix position → end of the negated name, for names nothing else claimed: the whole
    word ("비정기") is then unknown, and the bare noun is never corrected back to itself."""
    found: dict[int, int] = {}
    for span in spans:
        if _negated(words, span, index) and not covered & set(range(span.first - 1, span.last)):
            found[span.first - 1] = max(found.get(span.first - 1, 0), span.last)
    return found


def _negated(words: tuple[Word, ...], span: _Span, index: GroundingIndex) -> bool:
    """A name with a negating prefix glued before it ("비정기", "미결제") names the opposite
    of the bare noun; where the owner named the negated word itself, that longer phrase
    holds the prefix and wins instead. (A yes/no dimension's name is read false with its
    prefix by ``flags.py``: "비연장 대출".)"""
    if span.first == 0 or span.mention is None or boolean_named(span.mention, index):
        return False
    before, first = words[span.first - 1], words[span.first]
    return (
        first.korean
        and before.end == first.start
        and before.text in NEGATING_PREFIXES
        and before.tag in ("XPN", "NNG", "NNP", "NNB", "MM")
        and (span.first == 1 or words[span.first - 2].end < before.start)
    )


AUXILIARIES = frozenset({"do", "does", "did", "will", "would", "can", "could", "to", "should"})


PHRASAL_PARTICLES = frozenset({"down", "up", "out", "apart"})
"""After an asking verb, what makes it a phrasal verb of presenting ("broken down", "split
up", "laid out", "taken apart")."""


def _used_as_verb(words: tuple[Word, ...], span: _Span, text: str) -> bool:
    """A word that is both a verb of asking (or a light verb) and a name in the project is
    the verb where English puts a verb: after "did" ("how many sales did each salesperson
    make", not the car make), first in a sentence in its base form ("Return the region and
    …", not the returns table; "returns by region" stays the table), or before a particle
    that makes it a phrasal verb of presenting ("broken down by", whatever the owner calls
    broken)."""
    if span.last - span.first != 1:
        return False
    word = words[span.first]
    verbs = ENGLISH_LIGHT | REQUEST_VERBS
    if word.korean or (word.text not in verbs and word.lemma not in verbs):
        return False
    if any(w.text in AUXILIARIES for w in words[max(0, span.first - 4) : span.first]):
        return True
    following = words[span.last].text if span.last < len(words) else ""
    asking = word.text in REQUEST_VERBS or word.lemma in REQUEST_VERBS
    if asking and following in PHRASAL_PARTICLES:
        return True
    before = text[: word.start].rstrip()
    starts_sentence = not before or before[-1] in ".?!:;"
    return starts_sentence and word.text == word.lemma


def _definition_only(mention: Mention, index: GroundingIndex) -> bool:
    if any(t.kind is not Kind.GLOSSARY for t in mention.targets):
        return False
    names = {t.name for t in mention.targets}
    return not any(term.metrics for term in index.layer.glossary if term.term in names)


def _numeric_value(mention: Mention) -> bool:
    return (
        all(t.kind is Kind.VALUE for t in mention.targets)
        and mention.text.replace(".", "").isdigit()
    )


def _next_to_dimension(span: _Span, spans: list[_Span]) -> bool:
    assert span.mention is not None
    dimensions = {t.name for t in span.mention.targets}
    return any(
        other.mention is not None
        and (other.last == span.first or other.first == span.last)
        and {t.name for t in other.mention.of_kind(Kind.DIMENSION)} & dimensions
        for other in spans
    )


MEASURE_FILLERS = frozenset({"amount", "total", "value", "sum", "overall", "all"})
"""Words that may stand inside a metric's name without changing it ("payment amount
received"); a count word may not: the number of payments is not their amount."""
UNORDERED_REACH = 5


def _unordered_metric_names(
    words: tuple[Word, ...], covered: set[int], names: list[range], index: GroundingIndex
) -> list[_Span]:
    """A metric's name with its words in another order or with a filler between ("total
    payment amount received", "payments received in total"), found among words nothing
    else claimed; only where exactly one metric fits. Words another metric's name already
    holds (``names``) are taken only with more words that name leaves unexplained, and only
    the whole name: "gross profit margin" is a margin, and "gross" with half of "profit
    margin" must not make a second reading of it."""
    spans: list[_Span] = []
    taken = set(covered)
    named = {i for name in names for i in name}
    for first in range(len(words)):
        for last in range(min(len(words), first + UNORDERED_REACH), first + 1, -1):
            window = range(first, last)
            if taken & set(window) or not _content_ends(words, first, last):
                continue
            if any(set(name) & set(window) and not set(name) <= set(window) for name in names):
                continue
            if any(words[i].text in GROUP_MARKERS for i in window):
                continue  # "late fees per loan": a ratio or a breakdown, not one name
            inside = named & set(window)
            if inside and all(
                words[i].word_class is WordClass.FUNCTION for i in set(window) - inside
            ):
                continue
            metrics = _fitting_metrics(words, window, index)
            if len(metrics) == 1:
                spans.append(_mention_span(words, first, last, frozenset(metrics)))
                taken |= set(window)
                break
    return spans


ARTICLES = frozenset({"the", "a", "an", "each", "every", "their", "its"})


def _attribute_of_thing(
    words: tuple[Word, ...], chosen: list[_Span], talk: set[int], index: GroundingIndex
) -> list[_Span]:
    """ "Each type of transaction", "the status of the loan": a dimension's two words joined
    by "of" the other way round, each a single word (or nothing named it): the pair names
    one dimension where either word alone may name several things."""
    named = {i: s for s in chosen for i in range(s.first, s.last)}
    spans = []
    for i, word in enumerate(words):
        if word.text != "of" or i == 0 or i + 1 >= len(words):
            continue
        attribute = i - 1
        thing = i + 2 if words[i + 1].text in ARTICLES and i + 2 < len(words) else i + 1
        if attribute in talk or thing in talk:
            continue
        if any(
            (s := named.get(k)) is not None and s.last - s.first != 1 for k in (attribute, thing)
        ):
            continue  # part of a longer name already: "order status of …" stays as it is
        pair = (words[attribute], words[thing])
        if any(w.word_class is not WordClass.CONTENT or w.korean for w in pair):
            continue
        fitting = {
            target
            for names, target in index.dimension_word_sets
            if len(names) == 2 and all(any(n in w.keys for w in pair) for n in names)
        }
        if len(fitting) == 1:
            spans.append(_mention_span(words, attribute, thing + 1, frozenset(fitting)))
    return spans


def _values_named_whole(
    words: tuple[Word, ...], chosen: list[_Span], talk: set[int], index: GroundingIndex
) -> list[_Span]:
    """ "크레딧 카드" where the owner gave credit_card only "카드": a word right before or
    after a value that is another word of that same value's own name, in any language
    ("credit" of credit_card, written 크레딧), is part of the value's name, not an unknown
    word. A word no name of that value has is left alone."""
    named = {i for span in chosen for i in range(span.first, span.last)} | talk
    found = []
    for span in chosen:
        target = _one_value(span)
        if target is not None:
            first, last = span.first, span.last
            if first > 0 and first - 1 not in named and _of_value(words[first - 1], target, index):
                first -= 1
            if last < len(words) and last not in named and _of_value(words[last], target, index):
                last += 1
            if (first, last) != (span.first, span.last):
                span = _mention_span(words, first, last, frozenset({target}))
        found.append(span)
    return found


def _one_value(span: _Span) -> Target | None:
    mention = span.mention
    if mention is None or len(mention.targets) != 1 or mention.targets[0].kind is not Kind.VALUE:
        return None
    return mention.targets[0]


def _of_value(word: Word, target: Target, index: GroundingIndex) -> bool:
    if word.word_class is not WordClass.CONTENT or word.number is not None or _grammar(word):
        return False
    ref = index.layer.dimensions.get(target.name)
    if ref is None or target.value is None:
        return False
    names = (target.value, *ref.definition.value_synonyms.get(target.value, ()))
    latin = {w for name in names if not has_hangul(name) for w in phrase_of(name, identifier=True)}
    if not word.korean:
        return bool(latin & set(word.keys))
    korean = [compact(name) for name in names if has_hangul(name)]
    return any(word.text in name for name in korean) or any(
        transliterates(word.text, w) for w in latin
    )


KOREAN_COUNT_NOUNS = ("건수", "개수", "수")


def _measure_after_breakdown(
    words: tuple[Word, ...], text: str, chosen: list[_Span], talk: set[int], index: GroundingIndex
) -> list[_Span]:
    """ "대출 상태별 건수": a breakdown written inside a metric's name. The words before the
    breakdown's own ("대출" of "대출 상태") and the measure noun after the marker ("건수")
    together name one metric ("대출 건수"), which the noun then stands for. Only
    words nothing claimed are read so; a name the two don't make leaves them as they were."""
    named = {i for span in chosen for i in range(span.first, span.last)} | talk
    spans = []
    for breakdown in chosen:
        marker = breakdown.last
        if (
            breakdown.mention is None
            or not breakdown.mention.of_kind(Kind.DIMENSION)
            or marker + 1 >= len(words)
            or words[marker].text not in GROUP_MARKERS
            or not words[marker].korean
        ):
            continue
        run = _measure_run(words, marker + 1, named)
        heads = [
            _compact_text(text, words, breakdown.first, c)
            for c in range(breakdown.first + 1, breakdown.last)
        ]
        thing = next((s for s in chosen if s.last == breakdown.first and _table_only(s)), None)
        if thing is not None:
            heads.append(_compact_text(text, words, thing.first, thing.last))
        found = _metric_of_parts(
            heads, [_compact_text(text, words, marker + 1, e) for e in run], index
        )
        if found is not None:
            length, target = found
            spans.append(_mention_span(words, marker + 1, marker + 1 + length, frozenset({target})))
    return spans


def _measure_run(words: tuple[Word, ...], first: int, named: set[int]) -> list[int]:
    """Ends (exclusive) of the runs of unclaimed Korean content words from ``first``,
    longest first."""
    last = first
    while (
        last < len(words) and last not in named and words[last].korean and not _grammar(words[last])
    ):
        last += 1
    return list(range(last, first, -1))


def _compact_text(text: str, words: tuple[Word, ...], first: int, last: int) -> str:
    return text[words[first].start : words[last - 1].end].replace(" ", "")


def _table_only(span: _Span) -> bool:
    return span.mention is not None and {t.kind for t in span.mention.targets} == {Kind.TABLE}


def _metric_of_parts(
    heads: list[str], measures: list[str], index: GroundingIndex
) -> tuple[int, Target] | None:
    """The one metric a head and a measure noun name together, and how many words of the
    measure it took; a count noun may be any of the three ("대출 수" for "대출 건수")."""
    for length, measure in zip(range(len(measures), 0, -1), measures, strict=True):
        nouns = [measure]
        if measure in KOREAN_COUNT_NOUNS:
            nouns = list(KOREAN_COUNT_NOUNS)
        found = {
            t
            for head in heads
            for noun in nouns
            for t in index.korean.get(head + noun, ())
            if t.kind is Kind.METRIC
        }
        if len(found) == 1:
            return length, found.pop()
        if measure in KOREAN_COUNT_NOUNS:
            counts = {
                c
                for head in heads
                for c in _rows_counted(index.korean.get(head, frozenset()), index)
            }
            if len(counts) == 1:
                return length, counts.pop()  # "회원 도시별 수": the thing's own count
    return None


def _rows_counted(targets: frozenset[Target], index: GroundingIndex) -> set[Target]:
    """The count of a table's rows, all of them, when the words name that table alone and the
    catalog has exactly one such count."""
    tables = {t.name for t in targets if t.kind is Kind.TABLE}
    if len(tables) != 1 or len(tables) != len(targets):
        return set()
    return {
        Target(Kind.METRIC, m.name)
        for m in index.catalog.metrics.values()
        if isinstance(m, SimpleMetric)
        and m.table in tables
        and m.agg is Aggregation.COUNT
        and not (m.filter or m.filters)
        and m.status is not Status.DEPRECATED
    }


def _content_ends(words: tuple[Word, ...], first: int, last: int) -> bool:
    ends = (words[first], words[last - 1])
    return all(
        w.word_class in (WordClass.CONTENT, WordClass.OPERATOR) and not w.korean for w in ends
    )


def _fitting_metrics(words: tuple[Word, ...], window: range, index: GroundingIndex) -> set[Target]:
    content = [words[i] for i in window if words[i].word_class is WordClass.CONTENT]
    if any(w.korean for w in content):
        return set()
    verbs = {id(words[i]) for i in window if _verb_form(words, i)}
    operators = [
        words[i]
        for i in window
        if words[i].word_class is WordClass.OPERATOR and words[i].text not in MEASURE_FILLERS
    ]
    fitting = set()
    for names, target in index.metric_word_sets:
        # "median transaction amount" for "Median amount": an operator word may be part of
        # the name; any other operator inside is never swallowed ("active never customers").
        if any(not names & set(w.keys) for w in operators):
            continue
        named = [*content, *operators]
        if not all(any(_holds(w, name, id(w) in verbs) for w in named) for name in names):
            continue
        extra = [w for w in content if not any(_holds(w, name, id(w) in verbs) for name in names)]
        if any(w.number is not None for w in extra):
            continue  # a number the name doesn't hold is a count, a year or a limit
        allowed = MEASURE_FILLERS | _table_words(target.name, index)
        if all(allowed & set(w.keys) for w in extra):
            fitting.add(target)
    return fitting


def _holds(word: Word, name: str, a_verb: bool) -> bool:
    """A question's word is a word of a name, or, said as a verb, the verb of a name's
    participle: "how much in fees did we collect" for "Fees collected" (the noun "invoice" is
    not "invoiced")."""
    if name in word.keys:
        return True
    verb = lemma(name)
    return a_verb and verb != name and verb == word.lemma


DO = frozenset({"do", "does", "did"})


def _a_known_verb(text: str, words: tuple[Word, ...]) -> bool:
    """An English verb said as one, that the dictionary knows ("did we lose"): a word of
    its own, never a typo of a name it is spelled near ('fold' is not 'folder')."""
    at = [i for i, w in enumerate(words) if w.text == text]
    return bool(at) and _verb_form(words, at[0]) and known_word(text)


def _verb_form(words: tuple[Word, ...], index: int) -> bool:
    """An inflected verb ("collected") or a bare one after "did" ("did we collect")."""
    word = words[index]
    if word.word_class is not WordClass.CONTENT or word.korean:
        return False
    return inflected(word) or any(w.text in DO for w in words[max(0, index - 3) : index])


def _table_words(metric: str, index: GroundingIndex) -> frozenset[str]:
    """The words naming the table a metric is computed over ("transaction" in "median
    transaction amount"): saying what the metric is about changes nothing."""
    words: set[str] = set()
    for leaf in index.catalog.leaves(metric):
        table = index.layer.tables.get(leaf.table)
        if table is None:
            continue
        for text in (table.name, table.label or "", *table.synonyms):
            words |= set(phrase_of(text, identifier=True))
    return frozenset(words)


# --- cues and the choice between them and phrases -----------------------------------------


def _cue_spans(cues: list[Cue], words: tuple[Word, ...]) -> list[_Span]:
    spans = []
    for cue in cues:
        inside = [i for i, w in enumerate(words) if w.start >= cue.start and w.end <= cue.end]
        if inside:
            spans.append(_Span(cue.start, cue.end, inside[0], inside[-1] + 1, cue=cue))
    return spans


def _choose(spans: list[_Span], words: tuple[Word, ...]) -> list[_Span]:
    """Non-overlapping spans: strong before weak, then the longest text; a catalog phrase
    beats a cue of the same length, because an owner's synonym ("yoy growth" for revenue
    growth) is more specific than a generic time or comparison phrase. Of two names of the
    same length that share a word, the later one wins: compounds put their head last in
    English and Korean alike ("gross profit margin" is a margin, "total sales count" a count)."""
    spans = _heads_of_crossing_names(spans, words)
    ordered = sorted(spans, key=lambda s: (s.weak, -(s.end - s.start), s.cue is not None, -s.start))
    taken: set[int] = set()
    chosen = []
    for span in ordered:
        claimed = set(range(span.first, span.last))
        if claimed & taken:
            continue
        taken |= claimed
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.first)


def _heads_of_crossing_names(spans: list[_Span], words: tuple[Word, ...]) -> list[_Span]:
    """Of two metric names that cross ("purchase order" and "order value" in "total purchase
    order value"), the one that ends later is the compound's head, however long the other
    grew with the words before it; the other is dropped before lengths are compared. A head
    that only adds a counting word ("overdue loan" and "loan count") names no other measure,
    and the longer name stays."""

    def metric_only(span: _Span) -> bool:
        mention = span.mention
        kinds = {t.kind for t in mention.targets} if mention is not None else set()
        return Kind.METRIC in kinds and kinds <= {Kind.METRIC, Kind.TABLE}

    names = [s for s in spans if metric_only(s) and not s.weak]
    crossed = {
        id(a)
        for a in names
        for b in names
        if a.first < b.first < a.last < b.last
        and any(w.word_class is not WordClass.OPERATOR for w in words[a.last : b.last])
    }
    return [s for s in spans if id(s) not in crossed]


def _implied_by_ranking(
    words: tuple[Word, ...], chosen: list[_Span], index: GroundingIndex
) -> list[Mention]:
    """ "Best-selling brands": the verb inside a ranking phrase names the measure through its
    noun (selling → sales), when that noun is one metric's name."""
    found = []
    for span in (s for s in chosen if s.cue is not None and s.cue.kind is CueKind.TOP):
        for i in range(span.first, span.last):
            word = words[i]
            if word.word_class is not WordClass.CONTENT or word.number is not None:
                continue
            for key in word.keys[1:]:
                targets = index.single.get(key, frozenset())
                if {t.kind for t in targets} == {Kind.METRIC} and len(targets) == 1:
                    found.append(Mention(i, i + 1, word.text, tuple(targets)))
                    break
    return found


# --- the words left over -------------------------------------------------------------------


@dataclass
class _SortedOut:
    markers: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    operators: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    identities: list[int] = field(default_factory=list)
    literals: list[int] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    corrected: list[Mention] = field(default_factory=list)


IDENTITY_MODIFIERS = frozenset({"first", "last", "full", "given", "family", "middle"})
""""first name", "first and last name": which name, not a ranking or a time."""


def _sort_out(
    words: tuple[Word, ...], covered: set[int], text: str, index: GroundingIndex, talk: set[int]
) -> _SortedOut:
    """Each word nothing claimed, put in its class."""
    out = _SortedOut()
    naming = _name_modifiers(words, covered)
    for i, word in enumerate(words):
        if i in talk and i not in covered:
            if word.word_class is not WordClass.FUNCTION:
                out.ignored.append(word.text)
            continue
        if i in naming:
            out.identities.append(i)
            continue
        if word.text in GROUP_MARKERS:
            out.markers.append(i)
        if i in covered or word.text in GROUP_MARKERS:
            continue
        kind = word.word_class
        if word.number is not None:
            out.numbers.append(i)
        elif word.quoted:
            out.literals.append(i)
        elif kind is WordClass.OPERATOR:
            out.operators.append(i)
        elif kind is WordClass.IDENTITY:
            out.identities.append(i)
        elif kind in (WordClass.REQUEST, WordClass.LIGHT):
            out.ignored.append(_as_written(word, text))
        elif kind is WordClass.CONTENT:
            fixed = correction(word, i, index)
            if fixed is not None:
                out.corrected.append(fixed)
            else:
                out.unknown.append(word.text)
    return out


JOIN_WORDS = frozenset({"join", "joins", "joining"})
JOIN_KINDS = frozenset({"left", "right", "inner", "outer", "full", "cross", "anti", "semi"})
TABLE_WORDS = frozenset({"table", "tables"})
TALK_REACH = 10


def query_talk(words: tuple[Word, ...]) -> set[int]:
    """Words that tell how to write the SQL, not what to answer: "by doing a left join from
    the cars to sales table", "based on joining the customers and sales tables". The clause
    runs from the join (and its kind) to the word "table(s)"; the tables it names are how,
    not what, so nothing in it is a breakdown or a metric."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if word.text not in JOIN_WORDS:
            continue
        start = i
        while start > 0 and words[start - 1].text in JOIN_KINDS:
            start -= 1
        end = next(
            (
                j
                for j in range(i + 1, min(len(words), i + TALK_REACH))
                if words[j].text in TABLE_WORDS
            ),
            None,
        )
        if end is None and start == i:
            continue  # "customers who join": a verb of the question, not of the query
        found |= set(range(start, (end if end is not None else i) + 1))
    return found


def _as_written(word: Word, text: str) -> str:
    """A word as the user wrote it: for Korean, the whole spaced word ("보여줘", not 보이)."""
    if not word.korean:
        return word.text
    start = text.rfind(" ", 0, word.start) + 1
    end = text.find(" ", word.end)
    return text[start : end if end >= 0 else len(text)].strip("?.!,")


def _name_modifiers(words: tuple[Word, ...], covered: set[int]) -> set[int]:
    """Positions of "first"/"last"/… that qualify a following "name" ("first and last name")."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if i in covered or word.text not in IDENTITY_MODIFIERS:
            continue
        for j in range(i + 1, min(i + 5, len(words))):
            if words[j].word_class is WordClass.IDENTITY:
                found.add(i)
                break
            if words[j].text not in IDENTITY_MODIFIERS and words[j].text not in ("and", "or", ","):
                break
    return found


def _suggestions(
    unknown: list[str], mentions: list[Mention], words: tuple[Word, ...], index: GroundingIndex
) -> dict[str, tuple[Target, ...]]:
    found: dict[str, tuple[Target, ...]] = {}
    for word in unknown:
        candidates = related(word, index, near=not _a_known_verb(word, words))
        if candidates:
            found[word] = candidates
    for mention in mentions:
        if all(t.kind is Kind.TABLE for t in mention.targets):
            # "how many customers": a table, not a metric; offer the metrics about it.
            about = related(mention.text.split()[-1], index)
            if about:
                found[mention.text] = about
    return found


def _rank_tables(
    text: str, mentions: list[Mention], index: GroundingIndex
) -> list[tuple[str, float]]:
    """Tables the mentions need, weighted by how specific each mention is, plus BM25.

    A phrase that names one table ("shipment history") is strong evidence for it; a
    dimension name shared by nine tables is weak evidence for each of them.
    """
    scores: dict[str, float] = {}
    for mention in mentions:
        tables = _tables_of(mention, index)
        for table in tables:
            scores[table] = scores.get(table, 0.0) + MENTIONED / len(tables)
    for table, score in index.tables.rank(table_words(text), limit=20):
        scores[table] = scores.get(table, 0.0) + score
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(table, round(score, 3)) for table, score in ranked[:10]]


def _tables_of(mention: Mention, index: GroundingIndex) -> list[str]:
    layer, catalog = index.layer, index.catalog
    needed: list[str] = []
    for target in mention.targets:
        if target.kind is Kind.METRIC:
            needed += [leaf.table for leaf in catalog.leaves(target.name)]
        elif target.kind in (Kind.DIMENSION, Kind.VALUE) and target.name in layer.dimensions:
            needed.append(layer.dimensions[target.name].table)
        elif target.kind is Kind.TIME_DIMENSION and target.name in layer.time_dimensions:
            needed.append(layer.time_dimensions[target.name].table)
        elif target.kind is Kind.TABLE:
            needed.append(target.name)
    return list(dict.fromkeys(needed))
