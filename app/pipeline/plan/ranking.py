"""Ranking, ordering and conditions on a metric's value.

Top-N takes its number wherever it stands: "top 5", "the four best", "best-selling 7", and a
number that counts the ranked things ("which 6 stores had the most orders", "지역 4곳").
A bare superlative ranks one thing, or ten when the things are plural ("which stores had the
most"). An order without a limit sorts ("ordered from most to least", "많은 순서로"). A
threshold ("more than 1,000 orders", "above 6%", "1000건을 넘은") is a condition on the value
of the metric it is next to; a percentage is compared as a fraction when the metric is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.pipeline.ground.analysis import Word
from app.pipeline.ground.cues import ENGLISH_UNITS, Cue, CueKind, Qualifier
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext, cannot_express
from metrics.semantic_query import MetricCondition, OrderBy

DEFAULT_TOP = 10


@dataclass
class Ranking:
    order_by: tuple[OrderBy, ...] = ()
    limit: int | None = None
    having: tuple[MetricCondition, ...] = ()
    used_numbers: set[int] = field(default_factory=set)
    top: Cue | None = None


def find_ranking(
    g: Grounding, ctx: PlanningContext, metrics: list[str], dimensions: list[str]
) -> Ranking:
    ranking = Ranking(having=_conditions(g, ctx, metrics))
    tops = [c for c in g.cues if c.kind is CueKind.TOP or (c.kind is CueKind.GRAIN and c.limit)]
    orders = [c for c in g.cues if c.kind is CueKind.ORDER]
    # "ordered by total amount from highest to lowest": the direction comes from its own cue
    directed = [c for c in orders if c.qualifier is not Qualifier.UNDIRECTED]
    order = next(iter(directed or orders), None)
    if tops:
        numbered = [c for c in tops if _numbered(c)]
        top = numbered[0] if numbered else tops[0]
        limit, used = _limit(g, top, dimensions)
        ranking.top = top
        ranking.limit = limit
        ranking.used_numbers |= used
        descending, cue = top.descending, top
    elif order is not None and _of_time(g, order):
        return ranking  # "in ascending order of week": time order, which a series has already
    elif order is not None:
        descending, cue = order.descending, order
    else:
        return ranking
    by_dimension = _dimension_ordered_by(g, orders, dimensions)
    if by_dimension is not None and not tops:
        # "sorted by name": the rows in the order of what they are, A to Z unless told
        ranking.order_by = (OrderBy(field=by_dimension, descending=bool(directed) and descending),)
    elif metrics:
        field = _ranked_metric(g, cue, metrics)
        ranking.order_by = (OrderBy(field=field, descending=descending),)
    return ranking


_PERIODS = ENGLISH_UNITS | {"date", "time", "period"}


def _of_time(g: Grounding, cue: Cue) -> bool:
    """The order is of the periods themselves: "… order of week", "sorted by month"."""
    after = [w for w in g.words if w.start >= cue.end][:3]
    words = [w.text for w in after if w.text not in ("of", "by", "the")]
    return bool(words) and words[0].rstrip("s") in _PERIODS


def _dimension_ordered_by(g: Grounding, orders: list[Cue], dimensions: list[str]) -> str | None:
    """The dimension right after "ordered by", if one is asked."""
    for cue in (c for c in orders if c.qualifier is Qualifier.UNDIRECTED):
        after = next((m for m in g.mentions if g.words[m.first].start >= cue.end), None)
        if after is None or g.words[after.first].start - cue.end > 5:
            continue
        if after.of_kind(Kind.METRIC):
            return None
        named = [t.name for t in after.of_kind(Kind.DIMENSION) if t.name in dimensions]
        if named:
            return named[0]
    return None


BY_REACH = 6
"""Words from the ranking phrase to its "by": "the top 3 transaction types by …"."""


def _after_by(g: Grounding, cue: Cue, metrics: list[str]) -> str | None:
    first = next((i for i, w in enumerate(g.words) if w.start >= cue.end), None)
    if first is None:
        return None
    for i in range(first, min(len(g.words), first + BY_REACH)):
        if g.words[i].text in (".", "?") or g.words[i].text != "by":
            continue
        for mention in g.mentions:
            named = [t.name for t in mention.of_kind(Kind.METRIC) if t.name in metrics]
            if mention.first in (i + 1, i + 2) and named:
                return named[0]
        return None
    return None


def _numbered(cue: Cue) -> bool:
    return any(ch.isdigit() for ch in cue.text) or _has_number_word(cue.text)


def _ranked_metric(g: Grounding, cue: Cue, metrics: list[str]) -> str:
    """What to rank by: the metric after "by" further on ("the top 3 types by number of
    customers"), else the metric named right after the ranking words ("highest success
    rate", "by total revenue"), else right before them, else the first one asked."""
    by = _after_by(g, cue, metrics)
    if by is not None:
        return by
    korean = has_hangul(cue.text)
    after = [
        (g.words[m.first].start - cue.end, t.name)
        for m in g.mentions
        for t in m.of_kind(Kind.METRIC)
        if t.name in metrics and 0 <= g.words[m.first].start - cue.end <= 12
    ]
    if after and not korean:
        return min(after)[1]
    before = [
        (cue.start - g.words[m.last - 1].end, t.name)
        for m in g.mentions
        for t in m.of_kind(Kind.METRIC)
        if t.name in metrics and 0 <= cue.start - g.words[m.last - 1].end <= 12
    ]
    # Korean names the measure before the ranking words: "문의 건수 상위 3개 고객과 …".
    if before:
        return min(before)[1]
    return min(after)[1] if after else metrics[0]


def _limit(g: Grounding, top: Cue, dimensions: list[str]) -> tuple[int | None, set[int]]:
    """The cue's own number, or a number counting the ranked things, or one/ten."""
    if _numbered(top):
        return top.limit, set()
    counting = _counting_number(g)
    if counting is not None:
        number = g.words[counting].number
        assert number is not None
        return int(number), {counting}
    if top.limit == 1 and _plural_entity(g, dimensions):
        return DEFAULT_TOP, set()
    return top.limit, set()


def _has_number_word(text: str) -> bool:
    from app.pipeline.ground.analysis import NUMBER_WORDS

    return any(word in NUMBER_WORDS for word in text.split())


def _counting_number(g: Grounding) -> int | None:
    """A number right before the ranked things ("6 stores") or, in Korean, right after
    them with a counter ("지역 4곳", "매장 다섯 개")."""
    for i in g.numbers:
        word = g.words[i]
        if word.number is None or not float(word.number).is_integer() or word.number < 1:
            continue
        for mention in g.mentions:
            if not (mention.of_kind(Kind.DIMENSION) or mention.of_kind(Kind.TABLE)):
                continue
            if mention.first == i + 1 or ((word.korean or word.tag) and mention.last == i):
                return i
    return None


def _plural_entity(g: Grounding, dimensions: list[str]) -> bool:
    """ "Which stores had the most": several of the ranked things are asked for, not one."""
    for mention in g.mentions:
        if {t.name for t in mention.of_kind(Kind.DIMENSION)} & set(dimensions[:1]):
            last = g.words[mention.last - 1]
            return not last.korean and last.text.endswith("s") and last.lemma != last.text
    return False


def _conditions(
    g: Grounding, ctx: PlanningContext, metrics: list[str]
) -> tuple[MetricCondition, ...]:
    conditions = []
    for cue in (c for c in g.cues if c.kind is CueKind.THRESHOLD):
        counted = {leaf.table for m in metrics for leaf in ctx.catalog.leaves(m)}
        metric = _metric_of(g, cue, metrics, counted)
        if metric is None:
            raise cannot_express(
                f"'{cue.text}' needs a metric to compare with, next to it "
                '("more than 1,000 orders").'
            )
        assert cue.value is not None and cue.op is not None
        value = cue.value
        if cue.percent and ctx.catalog.get(metric).format.value in ("percent", "ratio"):
            value = round(value / 100, 10)
        number = int(value) if float(value).is_integer() else value
        conditions.append(MetricCondition(metric=metric, op=cue.op, value=number))
    return tuple(conditions)


def _metric_of(g: Grounding, cue: Cue, metrics: list[str], counted: set[str]) -> str | None:
    """The metric a threshold compares: named right before it ("revenue over 1,000",
    "revenue of more than", "매출이 … 이상") or right after it ("more than 1,000 orders"),
    with only grammar between. A threshold next to something else ("customers under 30")
    is about that thing's attribute, which a condition on a metric would get wrong."""
    before = _metric_next(g, cue, metrics, _just_before)
    after = _metric_next(g, cue, metrics, _just_after)
    if before and after and before != after and not has_hangul(cue.text):
        # "how many treatments had at least one adverse event": the condition holds for each
        # treatment, which a condition on the groups' totals would get wrong
        raise cannot_express(
            f"'{cue.text}' is a condition on each of the things counted, not on the totals "
            "shown; askbi can't count things by a condition on their own facts yet."
        )
    if before or after:
        return before or after
    if len(metrics) == 1 and not _thing_before(g, cue, counted) and not _thing_after(g, cue):
        return metrics[0]  # "stores with more than 1,000": the one metric asked
    return None


def _metric_next(
    g: Grounding, cue: Cue, metrics: list[str], beside: Callable[[Grounding, Mention, Cue], bool]
) -> str | None:
    for mention in g.mentions:
        named = [t.name for t in mention.of_kind(Kind.METRIC) if t.name in metrics]
        if named and beside(g, mention, cue):
            return named[0]
    return None


def _thing_after(g: Grounding, cue: Cue) -> bool:
    """ "orders with more than 3 items": the number counts a thing no metric here counts.
    (In Korean the noun after the threshold is what it describes: "1000건을 넘은 매장".)"""
    if has_hangul(cue.text):
        return False
    for mention in g.mentions:
        start = g.words[mention.first].start
        gap = g.words_in(cue.end, start)
        if start >= cue.end and len(gap) <= 1 and not mention.of_kind(Kind.METRIC):
            return True
    return False


_NEAR_WORDS = 2
_COUNTED_IN_UNITS = re.compile(r"\d ?(?:건|개|명|곳|번|회)")


def _just_before(g: Grounding, mention: Mention, cue: Cue) -> bool:
    """ "Revenue over 1,000", "revenue was above": the metric itself is compared — but not in
    "orders with more than 3 items", where what follows "with" is."""
    end = g.words[mention.last - 1].end
    gap = g.words_in(end, cue.start)
    return (
        end <= cue.start
        and len(gap) <= _NEAR_WORDS
        and all(_grammar(w) and w.text not in _HAVING_WORDS for w in gap)
    )


_HAVING_WORDS = frozenset({"with", "having", "whose", "containing"})


def _just_after(g: Grounding, mention: Mention, cue: Cue) -> bool:
    start = g.words[mention.first].start
    gap = g.words_in(cue.end, start)
    return start >= cue.end and len(gap) <= 1 and all(_grammar(w) for w in gap)


def _grammar(word: Word) -> bool:
    """Words that may stand between a threshold and its metric ("at least 5 total trades")."""
    return (
        word.word_class in (WordClass.FUNCTION, WordClass.LIGHT)
        or word.text in ("total", "overall")
        or (word.korean and word.word_class is not WordClass.CONTENT)
    )


def _thing_before(g: Grounding, cue: Cue, counted: set[str]) -> bool:
    """ "customers under 30", "users aged over 40": a threshold right after a thing — not
    the facts the metric counts ("주문이 1000건을 넘은")."""
    if _COUNTED_IN_UNITS.search(cue.text):
        return False  # "1000건을": the number counts the thing before it
    for mention in g.mentions:
        if {t.name for t in mention.of_kind(Kind.TABLE)} & counted:
            continue
        end = g.words[mention.last - 1].end
        gap = g.words_in(end, cue.start)
        if end <= cue.start and len(gap) <= 1:
            return True
    return False
