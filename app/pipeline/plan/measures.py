"""Which metrics a question asks for: named ones, the words around them, comparisons.

Metrics come from their names and synonyms. Aggregation words next to a metric must agree
with its definition — "average satisfaction" of a metric that is an average, "total revenue"
of a sum — and are then read as part of its name; one that disagrees ("average revenue",
where revenue is a sum) asks which average is meant. "Number of customers" with no such
metric is the catalog's count of that table's rows. Comparisons ("vs last year", "전월 대비")
become the catalog's period-over-period metric of what was asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

from app.i18n.notes import Note, by_language, note
from app.pipeline.ground.analysis import stem
from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import VERSUS_WORDS
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target, compact
from app.pipeline.plan.context import PlanningContext, Stop, cannot_express, clarify, label
from app.pipeline.plan.entities import counted, event_date, is_count, not_a_metric
from app.pipeline.plan.shares import part_named
from app.pipeline.plan.wording import rephrase
from app.pipeline.records import Option
from metrics.catalog import MetricCatalog
from metrics.expressions import columns_read
from metrics.model import (
    Aggregation,
    Calculation,
    CumulativeMetric,
    Metric,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    Status,
)
from metrics.semantic_query import Filter, FilterOp
from semantic_layer.model import Grain

AVERAGE_WORDS = frozenset({"average", "avg", "mean", "평균"})
TOTAL_WORDS = frozenset({"total", "sum", "overall", "합계", "합", "총", "총합", "전체"})
DISTINCT_WORDS = frozenset({"distinct", "unique", "고유"})
COUNT_WORDS = frozenset({"count", "tally", "number", "수", "건수", "개수"})
PERCENT_WORDS = frozenset({"percent", "percentage", "%", "share", "ratio", "proportion"})
CHANGE_WORDS = frozenset({"change", "changes", "increase", "decrease", "difference", "증감",
                          "증가", "감소", "차이", "변화", "move", "moved"})  # fmt: skip


@dataclass
class Measures:
    metrics: list[str]
    absorbed: set[int] = field(default_factory=set)
    """operator words read as part of a metric"""
    notes: list[Note] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    """unknown words that said which metric is meant"""
    renamed: dict[str, str] = field(default_factory=dict)
    """metric a mention names → the metric the words around it made of it"""
    filters: list[Filter] = field(default_factory=list)
    """conditions of facts named only to say what a metric is about ("… for successful
    transactions")"""
    counted: list[int] = field(default_factory=list)
    """first word of each mention a count was read from ("how many drivers"): the things
    counted, never also a breakdown by them"""


def find_metrics(g: Grounding, ctx: PlanningContext) -> Measures:
    """Metric names in order of mention; a glossary term stands for its single metric."""
    found: list[str] = []
    notes: list[Note] = []
    kept_filters: list[Filter] = []
    for mention in g.mentions:
        if not_a_metric(g, mention, ctx.catalog):
            continue  # "the top 5 customers": the customers, not their count
        if event_date(g, mention, ctx.catalog) is not None:
            continue  # "customers who signed up in 2025": when they did, not how many
        metrics = [t.name for t in mention.of_kind(Kind.METRIC)]
        if not metrics:
            metrics = _glossary_metrics(mention, ctx)
        if len(set(metrics)) > 1:
            part = part_named(g, metrics, found, ctx)
            if part is None:
                raise _choose_metric(mention, metrics, g, ctx)
            metrics = [part]  # "percentage of deliveries were late": late deliveries' share
        if metrics and found and _names_the_facts(g, mention, found[-1], metrics[0], ctx):
            # "the average price for successful transactions": the facts, with their condition
            conditions = _conditions_of(metrics[0], ctx)
            if conditions is None:
                raise cannot_express(
                    f"'{mention.text}' names facts with a condition askbi can't apply to "
                    f"{ctx.catalog.get(found[-1]).label}; ask for it with a filter instead."
                )
            kept_filters.extend(conditions)
            about = ctx.catalog.get(found[-1])
            notes.append(
                note("about", words=mention.text, metric=by_language(about.label, about.labels))
            )
            continue
        found.extend(metrics)
    measures = Measures(list(dict.fromkeys(found)), notes=notes, filters=kept_filters)
    _read_aggregation_words(g, ctx, measures)
    _read_counts(g, ctx, measures)
    _counted_words(g, ctx, measures)
    _measure_fillers(g, ctx, measures)
    _count_references(g, ctx, measures)
    _ratios(g, ctx, measures)
    return measures


ORDERING_VERBS = frozenset({"order", "sort", "rank", "arrange"})


def _count_references(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    """ "How many adverse events … ? Return the severity and the count.": "the count" names
    the one count already asked, not another."""
    counts = [m for m in measures.metrics if is_count(ctx.catalog.get(m))]
    if len(counts) != 1:
        return
    for i in g.operators:
        word = g.words[i]
        before = g.words[i - 1].text if i > 0 else ""
        after = g.words[i + 1].text if i + 1 < len(g.words) else ""
        ordered_by = before == "by" and i > 1 and g.words[i - 2].lemma in ORDERING_VERBS
        if (
            word.text in COUNT_WORDS
            and not word.korean
            and (before in ("the", "and") or ordered_by)
            and after != "of"
        ):
            measures.absorbed.add(i)  # "the count", "ordered by count descending"


def _names_the_facts(
    g: Grounding, mention: Mention, earlier: str, metric: str, ctx: PlanningContext
) -> bool:
    """ "ASP for sales", "revenue of orders": after "for"/"of", a metric of the same facts
    as the one just named only says what it is computed over."""
    if mention.first == 0 or g.words[mention.first - 1].text not in ("for", "of", "on", "from"):
        return False
    if counted(g, mention):
        return False  # "and the number of unique customers": a second measure
    tables = {leaf.table for leaf in ctx.catalog.leaves(earlier)}
    return {leaf.table for leaf in ctx.catalog.leaves(metric)} <= tables


def _conditions_of(name: str, ctx: PlanningContext) -> list[Filter] | None:
    """A metric's own condition as plan filters; ``None`` when it can't be written as one
    (then the condition would be lost, so the caller refuses)."""
    metric = ctx.catalog.get(name)
    if not isinstance(metric, SimpleMetric):
        return []
    filters = list(metric.filters)
    if metric.filter is None:
        return filters
    try:
        tree = sqlglot.parse_one(metric.filter, read="duckdb")
    except (sqlglot.errors.ParseError, RecursionError):
        return None
    for condition in tree.flatten() if isinstance(tree, exp.And) else [tree]:
        converted = _condition_filter(condition, metric.table, ctx)
        if converted is None:
            return None
        filters.append(converted)
    return filters


def _condition_filter(node: exp.Expr, table: str, ctx: PlanningContext) -> Filter | None:
    """``status = 'success'`` or ``status IN ('a', 'b')`` on a column a dimension shows."""
    if isinstance(node, exp.EQ) and isinstance(node.this, exp.Column):
        column, values = node.this.name, [node.expression]
    elif isinstance(node, exp.In) and isinstance(node.this, exp.Column):
        column, values = node.this.name, list(node.expressions)
    else:
        return None
    if not all(isinstance(v, exp.Literal) for v in values):
        return None
    dimension = next(
        (
            name
            for name, ref in ctx.layer.dimensions.items()
            if ref.table == table and ref.definition.column == column and not ref.definition.through
        ),
        None,
    )
    if dimension is None:
        return None
    typed = [v.to_py() for v in values]
    return Filter(dimension=dimension, op=FilterOp.IN, values=tuple(typed))


def _glossary_metrics(mention: Mention, ctx: PlanningContext) -> list[str]:
    if mention.of_kind(Kind.DIMENSION) or mention.of_kind(Kind.VALUE):
        return []
    names = {t.name for t in mention.of_kind(Kind.GLOSSARY)}
    return [m for term in ctx.layer.glossary if term.term in names for m in term.metrics]


def _choose_metric(
    mention: Mention, metrics: Sequence[str], g: Grounding, ctx: PlanningContext
) -> Stop:
    options = tuple(
        Option(
            ctx.catalog.get(m).label,
            rephrase(g, mention.first, mention.last, ctx.catalog.get(m).label.lower()),
        )
        for m in sorted(set(metrics))
    )
    return clarify(f"'{mention.text}' can mean several metrics. Which one?", options)


# --- aggregation words ---------------------------------------------------------------------


def _read_aggregation_words(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    for i in g.operators:
        word = g.words[i]
        key = word.lemma if not word.korean else word.text
        if key in VERSUS_WORDS and _between_metrics(g, i):
            measures.absorbed.add(i)  # "revenue vs target": both, side by side
            continue
        if key in TOTAL_WORDS:
            measures.absorbed.add(i)  # "total revenue", "총 매출": the metric is the total
            continue
        if key in DISTINCT_WORDS and _before_things(g, i):
            measures.absorbed.add(i)  # "the distinct list of customer IDs": one row each
            continue
        metric = _metric_next_to(g, i)
        if metric is None:
            continue
        if key in AVERAGE_WORDS:
            _average(g, ctx, measures, i, metric)
        elif _agrees(key, ctx.catalog.get(metric)):
            measures.absorbed.add(i)
        elif key in DISTINCT_WORDS:
            _distinct_things(g, ctx, measures, i, metric)


def _distinct_things(
    g: Grounding, ctx: PlanningContext, measures: Measures, i: int, metric: str
) -> None:
    """ "Distinct customers who made a trade": not the count of the customers table but
    the catalog's distinct count of customers among other facts — the one whose counted
    column points at those things, over facts the question names when several do."""
    counted = ctx.catalog.get(metric)
    if not isinstance(counted, SimpleMetric) or not is_count(counted):
        return
    candidates = [
        m
        for m in ctx.catalog.metrics.values()
        if isinstance(m, SimpleMetric)
        and is_count(m, distinct=True)
        and m.status is not Status.DEPRECATED
        and not _conditional(m)
        and _points_at(m, counted.table, ctx)
    ]
    named_tables = {t.name for m in g.mentions for t in m.of_kind(Kind.TABLE)}
    named_tables |= {
        leaf.table for m in g.mentions for t in m.of_kind(Kind.METRIC)
        for leaf in ctx.catalog.leaves(t.name)
    }  # fmt: skip
    if len(candidates) > 1:
        candidates = [m for m in candidates if m.table in named_tables]
    if len(candidates) != 1:
        return
    chosen = candidates[0].name
    measures.renamed[metric] = chosen
    measures.metrics = [chosen if m == metric else m for m in measures.metrics]
    measures.metrics = list(dict.fromkeys(measures.metrics))
    measures.absorbed.add(i)
    thing, by = by_language(counted.label.lower(), counted.labels), candidates[0]
    measures.notes.append(
        note("counted_distinct", thing=thing, metric=by_language(by.label, by.labels))
    )


def _points_at(metric: SimpleMetric, table: str, ctx: PlanningContext) -> bool:
    """Whether the metric counts a column that is a key to ``table``'s rows."""
    columns = set(columns_read(metric.expr))
    return any(
        r.from_table == metric.table
        and r.to_table == table
        and {k.from_column for k in r.keys} <= columns
        for r in ctx.layer.relationships
    )


def _agrees(word: str, metric: Metric) -> bool:
    """An aggregation word that says what the metric already is."""
    if word in DISTINCT_WORDS:
        return is_count(metric, distinct=True)
    if word in COUNT_WORDS:
        return is_count(metric)  # "new customer count", "주문 건수"
    if word in PERCENT_WORDS:
        return metric.format.value in ("percent", "ratio")
    return False


def _between_metrics(g: Grounding, i: int) -> bool:
    named = [m for m in g.mentions if m.of_kind(Kind.METRIC)]
    return any(m.last <= i for m in named) and any(m.first > i for m in named)


def _before_things(g: Grounding, i: int) -> bool:
    """ "distinct stocks", "unique list of ids": a breakdown lists each thing once."""
    for mention in g.mentions:
        if 0 < mention.first - i <= 3 and (
            mention.of_kind(Kind.DIMENSION) or mention.of_kind(Kind.TABLE)
        ):
            return not mention.of_kind(Kind.METRIC)
    return False


def listing_metric(
    g: Grounding, ctx: PlanningContext, dimensions: list[str]
) -> tuple[str, Note] | None:
    """ "Customers who have made a 'buy' transaction": no measure is named, but the facts
    are; each listed thing is one with at least one such fact, counted by the catalog."""
    if not dimensions:
        return None
    listed = {ctx.layer.dimension(d).table for d in dimensions}
    for mention in g.mentions:
        tables = {t.name for t in mention.of_kind(Kind.TABLE)} - listed
        if not tables or (mention.of_kind(Kind.DIMENSION) and not mention.of_kind(Kind.TABLE)):
            continue
        metric = _count_metric(g, mention, ctx, explained=[])
        if metric is not None and set(dimensions) <= ctx.catalog.allowed_dimensions(
            metric, ctx.layer
        ):
            by = ctx.catalog.get(metric)
            return metric, note(
                "listing_count", word=mention.text, metric=by_language(by.label, by.labels)
            )
    return None


def _metric_next_to(g: Grounding, i: int) -> str | None:
    """The metric of the mention right after the word (or right before it)."""
    for mention in g.mentions:
        metrics = mention.of_kind(Kind.METRIC)
        if metrics and (0 <= mention.first - i <= 2 or 0 <= i - mention.last <= 1):
            return metrics[0].name
    return None


def _average(g: Grounding, ctx: PlanningContext, measures: Measures, i: int, metric: str) -> None:
    """An average of a metric that is an average is its name; of a sum, which average?"""
    if _is_average(ctx.catalog.get(metric), ctx.catalog):
        measures.absorbed.add(i)
        return
    candidates = [
        m.name
        for m in ctx.catalog.metrics.values()
        if m.status is not Status.DEPRECATED
        and _is_average(m, ctx.catalog)
        and {leaf.table for leaf in ctx.catalog.leaves(m.name)}
        & {leaf.table for leaf in ctx.catalog.leaves(metric)}
    ]
    mention = next(m for m in g.mentions if any(t.name == metric for t in m.of_kind(Kind.METRIC)))
    first = min(i, mention.first)
    last = max(i + 1, mention.last)
    options = tuple(
        Option(ctx.catalog.get(c).label, rephrase(g, first, last, ctx.catalog.get(c).label.lower()))
        for c in sorted(candidates)
    )
    name = ctx.catalog.get(metric).label
    if not options:
        raise cannot_express(f"'{name}' is a total; the catalog defines no average of it.")
    raise clarify(f"'{name}' is a total. Which average do you mean?", options)


def _is_average(metric: Metric, catalog: MetricCatalog) -> bool:
    if isinstance(metric, SimpleMetric):
        return metric.agg is Aggregation.AVG
    return metric.type in ("ratio", "derived") and metric.format.value not in ("percent",)


# --- "number of …", "how many …" ------------------------------------------------------------


def _read_counts(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    """ "number of customers", "고객 수", "1000건을 넘은 주문": a count metric, or the
    count of that table's rows."""
    for mention, word in _counted_mentions(g):
        named = [t.name for t in mention.of_kind(Kind.METRIC)]
        if named and is_count(ctx.catalog.get(named[0])):
            continue  # "number of orders" named the count itself
        kinds = {t.kind for t in mention.targets}
        if not named and not kinds & {Kind.TABLE, Kind.VALUE, Kind.TIME_DIMENSION}:
            continue  # "how many treatments started": the rows its date dates count too
        metric = _count_metric(g, mention, ctx, measures.explained)
        if metric is None:
            continue
        if word is not None:
            measures.absorbed.add(word)
        measures.metrics = [m for m in measures.metrics if m not in named]
        measures.counted.append(mention.first)
        if metric not in measures.metrics:
            measures.metrics.append(metric)
            by = ctx.catalog.get(metric)
            measures.notes.append(
                note("counted", word=mention.text, metric=by_language(by.label, by.labels))
            )


def _counted_mentions(g: Grounding) -> list[tuple[Mention, int | None]]:
    """Mentions something counts: after "number of"/"how many", before a Korean count
    word ("고객 수"), or before a threshold counted in a classifier ("주문이 1000건을")."""
    found: list[tuple[Mention, int | None]] = []
    for cue in g.cues:
        if cue.kind is CueKind.COUNT and has_hangul(cue.text):
            before = _mention_before(g, cue.start)  # "치료 몇 건": the noun comes first
            if before is not None:
                found.append((before, None))
        elif cue.kind is CueKind.COUNT:
            after = _mention_after(g, cue)
            if after is not None:
                found.append((after, None))
        elif cue.kind is CueKind.TOP and _MANY.search(cue.text):
            # "이상반응이 가장 많은 약물", "the most adverse events": how many of a table's rows
            near = _mention_before(g, cue.start) if has_hangul(cue.text) else _mention_after(g, cue)
            if near is not None and {t.kind for t in near.targets} == {Kind.TABLE}:
                found.append((near, None))
        elif cue.kind is CueKind.THRESHOLD and _KOREAN_COUNTER.search(cue.text):
            before = _mention_before(g, cue.start)
            if before is not None:
                found.append((before, None))
        elif cue.kind is CueKind.COMPARE:
            # "주문 증가율", "orders growth": the growth of that table's count
            before = _mention_before(g, cue.start)
            if before is not None and 0 <= cue.start - g.words[before.last - 1].end <= 1:
                found.append((before, None))
    for i in g.operators:
        if g.words[i].text in COUNT_WORDS and g.words[i].korean:
            before = _mention_before(g, g.words[i].start)
            if before is not None and before.last in (i, i - 1):
                found.append((before, i))
    return found


_MANY = re.compile(r"\b(?:most|fewest)$|(?:많은|적은)$")
_KOREAN_COUNTER = re.compile(r"\d ?(?:건|개|명|번|회)")


def _mention_before(g: Grounding, start: int) -> Mention | None:
    before = [m for m in g.mentions if g.words[m.last - 1].end <= start]
    return before[-1] if before else None


_COUNT_PREFIXES = ("totalnumberof", "numberof", "countof", "#of", "no.of")
_COUNT_SUFFIXES = ("count", "수", "건수", "개수", "number")


def _counts_word(name: str, word: str) -> bool:
    """Is this metric name "the count of <word>" ("number of sales", "주문 수")?"""
    text = compact(name)
    for prefix in _COUNT_PREFIXES:
        text = text.removeprefix(prefix)
    for suffix in _COUNT_SUFFIXES:
        text = text.removesuffix(suffix)
    return stem(text) == word


def _counted_words(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    """ "The total number of payments" beside "payments received": a word no name matches
    whole, after a counting phrase, is the count whose name has it — of the same facts as
    the other metrics asked, when several counts have it."""
    unknown = set(g.unknown) - set(measures.explained)
    for cue in (c for c in g.cues if c.kind is CueKind.COUNT):
        word = next((w for w in g.words if w.start >= cue.end), None)
        if word is None or word.text not in unknown:
            continue
        counts = [
            m
            for m in ctx.catalog.metrics.values()
            if is_count(m)
            and m.status is not Status.DEPRECATED
            and any(stem(word.text) in _stems(t) for t in (m.label, *m.synonyms))
        ]
        tables = {leaf.table for name in measures.metrics for leaf in ctx.catalog.leaves(name)}
        same_facts = [m for m in counts if isinstance(m, SimpleMetric) and m.table in tables]
        plain = [m for m in same_facts if isinstance(m, SimpleMetric) and not _conditional(m)]
        chosen = counts if len(counts) == 1 else same_facts if len(same_facts) == 1 else plain
        if len(chosen) == 1 and chosen[0].name not in measures.metrics:
            measures.metrics.append(chosen[0].name)
            measures.explained.append(word.text)
            by = by_language(chosen[0].label, chosen[0].labels)
            measures.notes.append(note("counted", word=word.text, metric=by))


def _measure_fillers(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    """ "The total amount", "the amount of payments received": beside an amount already
    named, "amount" or "value" is that amount, not another measure."""
    amounts = [m for m in measures.metrics if not is_count(ctx.catalog.get(m))]
    if len(amounts) != 1:
        return
    measures.explained += [w for w in g.unknown if w in FILLER_WORDS]


PER_WORDS = frozenset({"per", "/", "당"})


def _ratios(g: Grounding, ctx: PlanningContext, measures: Measures) -> None:
    """ "Revenue per paying customer", "MRR per seat": one measure divided by another is
    the catalog's ratio of the two, or, with none, not two columns side by side."""
    for i, word in enumerate(g.words):
        if word.text not in PER_WORDS:
            continue
        before = _metric_ending_at(g, i, measures.metrics)
        following = _mention_starting_after(g, i)
        counted = following.of_kind(Kind.METRIC) if following is not None else ()
        if before is None or following is None or not counted or counted[0].name == before:
            continue
        after = counted[0].name
        ratio = next(
            (
                m.name
                for m in ctx.catalog.metrics.values()
                if isinstance(m, RatioMetric)
                and (m.numerator, m.denominator) == (before, after)
                and m.status is not Status.DEPRECATED
            ),
            None,
        )
        if ratio is None and following.of_kind(Kind.DIMENSION):
            continue  # "revenue per customer": each customer's revenue
        if ratio is None:
            raise cannot_express(
                f"The catalog has no ratio of {ctx.catalog.get(before).label} per "
                f"{ctx.catalog.get(after).label}; ask for both side by side instead."
            )
        measures.metrics = [ratio if m == before else m for m in measures.metrics if m != after]
        measures.renamed[after] = ratio
        read = ctx.catalog.get(ratio)
        measures.notes.append(note("per", metric=by_language(read.label, read.labels)))


def _metric_ending_at(g: Grounding, i: int, metrics: list[str]) -> str | None:
    for mention in g.mentions:
        named = [t.name for t in mention.of_kind(Kind.METRIC) if t.name in metrics]
        if named and mention.last == i:
            return named[0]
    return None


def _mention_starting_after(g: Grounding, i: int) -> Mention | None:
    """What follows "per", past a value describing it ("per paying customer")."""
    for mention in g.mentions:
        if mention.first == i + 1 or (
            mention.first == i + 2
            and any(m.first == i + 1 and m.of_kind(Kind.VALUE) for m in g.mentions)
        ):
            return mention
    return None


def _conditional(metric: SimpleMetric) -> bool:
    """A count of some of the facts (weekend payments), not of all of them."""
    return bool(metric.filters or metric.filter)


FILLER_WORDS = frozenset({"amount", "amounts", "value", "values", "sum"})


def _mention_after(g: Grounding, cue: Cue) -> Mention | None:
    """What "how many" counts: the noun after it, past values that describe it ("how many
    successful top-ups": the top-ups; "how many Seoul customers": the customers)."""
    after = [m for m in g.mentions if g.words[m.first].start >= cue.end]
    for mention, following in zip(after, [*after[1:], None], strict=False):
        values_only = {t.kind for t in mention.targets} == {Kind.VALUE}
        adjacent = following is not None and following.first - mention.last <= 1
        if not (values_only and adjacent):
            return mention
    return after[-1] if after else None


def _count_metric(
    g: Grounding, mention: Mention, ctx: PlanningContext, explained: list[str]
) -> str | None:
    """The count the catalog names with the counted word ("주문" in "주문 수"), else the
    plainest count of the mentioned table's rows."""
    counts = [
        m
        for m in ctx.catalog.metrics.values()
        if isinstance(m, SimpleMetric)
        and m.agg in (Aggregation.COUNT, Aggregation.COUNT_DISTINCT)
        and m.status is not Status.DEPRECATED
    ]
    word = stem(compact(mention.text))
    named = [m.name for m in counts if any(_counts_word(t, word) for t in (m.label, *m.synonyms))]
    if len(named) == 1:
        return named[0]
    related = [m.name for m in counts if any(word in _stems(t) for t in (m.label, *m.synonyms))]
    if not related:
        # the table named, or the one whose rows the values describe ("top-ups": a type of
        # transaction, so transactions are counted)
        tables = (
            {t.name for t in mention.of_kind(Kind.TABLE)}
            or {ctx.layer.dimension(t.name).table for t in mention.of_kind(Kind.VALUE)}
            or {
                ctx.layer.time_dimension(t.name).table for t in mention.of_kind(Kind.TIME_DIMENSION)
            }
        )
        of_tables = [m for m in counts if m.table in tables]
        certified = [m for m in of_tables if m.status is Status.CERTIFIED] or [
            m
            for m in of_tables
            if mention.of_kind(Kind.VALUE) or mention.of_kind(Kind.TIME_DIMENSION)
        ]
        rows = [m for m in certified if m.agg is Aggregation.COUNT and not _conditional(m)]
        described = mention.of_kind(Kind.VALUE) or mention.of_kind(Kind.TIME_DIMENSION)
        related = [m.name for m in (rows if described and rows else certified)]
    if len(related) > 1:
        related, words = _narrowed_by_unknown_words(related, g, ctx)
        explained += words
    if len(related) > 1:
        # "how many users signed up": the count the verb of their event named
        named_too = {t.name for m in g.mentions if m != mention for t in m.of_kind(Kind.METRIC)}
        related = [m for m in related if m in named_too] or related
    if len(related) > 1:
        # "새로 가입한 고객 수", "customers who signed up": the count dated by the date named
        dates = {t.name for m in g.mentions for t in m.of_kind(Kind.TIME_DIMENSION)}
        dated = [m for m in related if getattr(ctx.catalog.get(m), "time_dimension", None) in dates]
        related = dated if len(dated) == 1 else related
    if len(related) > 1:
        options = tuple(
            Option(
                ctx.catalog.get(m).label,
                rephrase(g, mention.first, mention.last, ctx.catalog.get(m).label.lower()),
            )
            for m in sorted(set(related))
        )
        raise clarify(f"Which count of {mention.text} do you mean?", options)
    return related[0] if related else None


def _narrowed_by_unknown_words(
    candidates: list[str], g: Grounding, ctx: PlanningContext
) -> tuple[list[str], list[str]]:
    """ "새로 가입한 고객 수", "customers who churned": a word nothing else names that only
    one of the candidate counts is described with (its synonyms, label or description)
    says which count is meant."""
    for word in g.unknown:
        key = stem(word)
        matching = [
            name
            for name in candidates
            if any(
                key in _stems(text) or (word.isalpha() and not word.isascii() and word in text)
                for text in _vocabulary(ctx.catalog.get(name))
            )
        ]
        if len(matching) == 1:
            return matching, [word]
    return candidates, []


def _vocabulary(metric: Metric) -> list[str]:
    return [metric.label, *metric.labels.values(), *metric.synonyms, metric.description or ""]


def _stems(text: str) -> set[str]:
    """The stems of a name's words, and of its Korean without spaces."""
    return {stem(w) for w in text.lower().split()} | {compact(text)}


# --- comparisons ---------------------------------------------------------------------------


def compare(metrics: list[str], g: Grounding, ctx: PlanningContext) -> tuple[list[str], bool]:
    """ "vs last year" adds the growth metric; "growth" replaces the metric by it.

    Returns the metrics and whether a period-over-period comparison was asked for.
    """
    cues = [c for c in g.cues if c.kind is CueKind.COMPARE and c.offset is not None]
    if not cues:
        return metrics, False
    offset = _offset(cues)
    growth_only = (
        any(c.calculation is Calculation.GROWTH for c in cues)
        or _says_change(g)
        or any(g.words[i].lemma in PERCENT_WORDS for i in g.operators)  # "…, in percent"
    )
    result: list[str] = []
    for name in metrics:
        metric = ctx.catalog.get(name)
        base = (
            ctx.catalog.get(metric.metric) if isinstance(metric, PeriodOverPeriodMetric) else metric
        )
        growth = period_metric(base, offset, ctx.catalog)
        if growth is None:
            raise cannot_express(
                f"The catalog has no {offset.value}-over-{offset.value} comparison of "
                f"'{base.label}'."
            )
        result += (
            [growth]
            if growth_only or isinstance(metric, PeriodOverPeriodMetric)
            else [name, growth]
        )
    return list(dict.fromkeys(result)), True


def movement(
    metrics: list[str], g: Grounding, ctx: PlanningContext, unit: Grain
) -> list[str] | None:
    """ "How did revenue move from September to October": two consecutive periods and a
    word of change are a comparison of the later period with the earlier one."""
    if not _says_change(g):
        return None
    found = []
    for name in metrics:
        growth = period_metric(ctx.catalog.get(name), unit, ctx.catalog)
        if growth is None:
            return None
        found.append(growth)
    return found


def _offset(cues: list[Cue]) -> Grain:
    """The comparison's period: the one said explicitly ("vs last month") over a bare
    "growth", which defaults to a year."""
    named = [c.offset for c in cues if c.offset is not None and c.calculation is None]
    explicit = [
        c.offset
        for c in cues
        if c.offset is not None
        and c.text.split()[0]
        not in (
            "growth",
            "grew",
            "성장률",
            "증가율",
            "성장",
            "성장세",
            "증감률",
            "증감율",
            "변화율",
            "등락률",
        )
    ]
    chosen = (named or explicit or [c.offset for c in cues if c.offset is not None])[0]
    assert chosen is not None
    return chosen


def _says_change(g: Grounding) -> bool:
    return any(
        g.words[i].lemma in CHANGE_WORDS or g.words[i].text in CHANGE_WORDS for i in g.operators
    )


def change_words(g: Grounding) -> set[int]:
    """Operator words a comparison explains ("change", "증감")."""
    return {
        i
        for i in g.operators
        if g.words[i].lemma in CHANGE_WORDS or g.words[i].text in CHANGE_WORDS | PERCENT_WORDS
    }


def period_metric(metric: Metric, unit: Grain, catalog: MetricCatalog) -> str | None:
    for candidate in sorted(catalog.metrics.values(), key=lambda m: m.name):
        if (
            isinstance(candidate, PeriodOverPeriodMetric)
            and candidate.metric == metric.name
            and candidate.offset.unit is unit
            and candidate.offset.n == 1
            and candidate.calculation is Calculation.GROWTH
            and candidate.status is not Status.DEPRECATED
        ):
            return candidate.name
    return None


def with_growth(metrics: list[str], ctx: PlanningContext) -> list[str]:
    """Asking what affects a measure is also asking what affects its growth.

    A level (revenue) mostly reflects size — a big store sells more whatever its service —
    while a driver (satisfaction) shows in how fast it grows; so each measure that has a
    year-over-year growth metric brings it along, and the answer relates the driver to both.
    """
    extra = []
    for name in metrics:
        metric = ctx.catalog.get(name)
        if not isinstance(metric, PeriodOverPeriodMetric):
            growth = period_metric(metric, Grain.YEAR, ctx.catalog)
            if growth is not None:
                extra.append(growth)
    return list(dict.fromkeys([*metrics, *extra]))


def is_period_over_period(name: str, ctx: PlanningContext) -> bool:
    return isinstance(ctx.catalog.get(name), PeriodOverPeriodMetric)


def is_cumulative(name: str, ctx: PlanningContext) -> bool:
    return isinstance(ctx.catalog.get(name), CumulativeMetric)


def which_metric(g: Grounding, ctx: PlanningContext) -> Stop:
    """No metric named: offer the metrics the mentioned tables and words point to."""
    candidates = [t.name for ts in g.suggestions.values() for t in ts if t.kind is Kind.METRIC]
    tables = {t.name for m in g.mentions for t in m.targets if t.kind is Kind.TABLE}
    tables |= (
        {ctx.layer.dimension(t.name).table for m in g.mentions for t in m.of_kind(Kind.DIMENSION)}
        if not candidates
        else set()
    )
    for metric in ctx.catalog.metrics.values():
        if metric.status is Status.CERTIFIED and tables & {
            leaf.table for leaf in ctx.catalog.leaves(metric.name)
        }:
            candidates.append(metric.name)
    if not candidates:
        candidates = list(ctx.suggested_metrics)
    table_mention = next((m for m in g.mentions if m.of_kind(Kind.TABLE)), None)
    options = []
    for name in list(dict.fromkeys(candidates))[:6]:
        words = ctx.catalog.get(name).label.lower()
        question = (
            rephrase(g, table_mention.first, table_mention.last, words)
            if table_mention is not None
            else f"{words} {g.text}".strip()
        )
        options.append(Option(label(Target(Kind.METRIC, name), ctx), question))
    return clarify("Which measure do you want to see?", tuple(options))
