"""The offline planner: a grounded question → one canonical plan, with no model and no network.

Deterministic rules over the grounding: metrics from their names and synonyms, breakdowns
from dimensions ("by region", "지역별"), filters from values ("in Seoul", "서울"), time from
time phrases and their qualifiers, top-N and ordering, conditions on a metric's value,
comparisons from "vs last year"/"전년 대비". Paraphrases ground to the same targets, so they
plan to the same canonical plan. Whatever the rules cannot place is never guessed: an
unknown word is asked about, an operator no rule understood says the catalog can't express
it (and a configured model may take over), and a number nothing used is asked about.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import replace

from app.i18n.notes import Note, note
from app.pipeline.ground.cues import ENGLISH_UNITS, CueKind
from app.pipeline.ground.grounding import GROUP_MARKERS, Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.absence import Absence, facts_metric, find_absence
from app.pipeline.plan.commonest import commonest
from app.pipeline.plan.context import PlanningContext, Stop, cannot_express, clarify, label
from app.pipeline.plan.contradictions import refuse_contradictions, refuse_unreachable_dates
from app.pipeline.plan.current_state import present_state_words
from app.pipeline.plan.dated_breakdowns import named_grain, unused_dates
from app.pipeline.plan.entities import listing_asked
from app.pipeline.plan.event_counts import drop_counted_nouns, read_event_metrics
from app.pipeline.plan.event_dates import read_event_verbs
from app.pipeline.plan.follow_up import is_follow_up, merge
from app.pipeline.plan.had_facts import find_had_facts, refuse_uncounted_things
from app.pipeline.plan.measures import (
    change_words,
    compare,
    find_metrics,
    listing_metric,
    movement,
    which_metric,
    with_growth,
)
from app.pipeline.plan.named_tables import refuse_unread_tables
from app.pipeline.plan.new_things import new_words_explained
from app.pipeline.plan.notes import grain_names, names_of, period_names
from app.pipeline.plan.open_periods import refuse_open_start
from app.pipeline.plan.outcome import PlanningResult
from app.pipeline.plan.period_pairs import comparing_words, find_period_pair, without_pair
from app.pipeline.plan.qualified_amounts import refuse_qualifying_metrics
from app.pipeline.plan.ranking import Ranking, find_ranking
from app.pipeline.plan.relating_verbs import relating_verbs
from app.pipeline.plan.shares import as_share, find_share, shared_facts
from app.pipeline.plan.slicing import (
    check_breakdowns,
    check_filters,
    find_slices,
    unplaced_literals,
    unused_negations,
)
from app.pipeline.plan.timing import (
    default_window,
    grain,
    time_ranges,
    two_periods,
    undated_changes,
)
from app.pipeline.plan.units import read_units, unit_metric
from app.pipeline.plan.wording import (
    refuse_numbers,
    refuse_operators,
    refuse_unknown_words,
)
from app.pipeline.records import Intent
from metrics.model import SimpleMetric
from metrics.semantic_query import Filter, SemanticQuery, TimeFilter, WithFacts, Without
from metrics.shares import defined_count
from metrics.timeframe import Last, TimeRange
from semantic_layer.model import Grain

__all__ = ["PlanningContext", "plan_offline"]

CORRELATION_RANGE = Last(n=12, unit=Grain.MONTH)
CONFIDENT = 0.95
PER_DOUBT = 0.1


def plan_offline(grounding: Grounding, context: PlanningContext) -> PlanningResult:
    began = time.perf_counter()
    try:
        result = _plan(grounding, context)
    except Stop as stop:
        result = stop.result
    return replace(result, elapsed_ms=(time.perf_counter() - began) * 1000)


PERIOD_WORDS = ENGLISH_UNITS | {"date", "period", "start"}


_PERIOD_START = frozenset({"first", "start", "beginning", "earliest"})


def _period_start_words(g: Grounding) -> set[int]:
    """ "Represent each quarter as the first date in the quarter", "the first day of each
    month": how a period is shown, which is what its period column already holds, so the
    ordinal ranks nothing."""
    found = set()
    for i in g.operators:
        if g.words[i].lemma not in _PERIOD_START:
            continue
        after = [w.lemma.lower() for w in g.words[i + 1 : i + 5]]
        if after[:1] in (["date"], ["day"]) and any(a in ENGLISH_UNITS for a in after[1:]):
            found.add(i)
    return found


def _plan(g: Grounding, ctx: PlanningContext) -> PlanningResult:
    g, commonness = commonest(g, ctx)
    refuse_open_start(g)
    g = read_event_metrics(g, ctx)  # "how many members cancelled": the cancellations
    measures = find_metrics(g, ctx)
    refuse_qualifying_metrics(g, ctx, measures.metrics)
    if commonness is not None and commonness not in measures.metrics:
        # "the 3 most common medications": ranked by how many rows carry each
        measures.metrics.insert(0, commonness)
    absence = find_absence(g, ctx)
    if absence is not None:
        # "customers who have not made any transactions": the facts are what they lack
        named = {t.name for t in absence.mention.of_kind(Kind.METRIC)}
        measures.metrics = [m for m in measures.metrics if m not in named]
        measures.absorbed.add(absence.negation)
    counted = find_had_facts(g, ctx, measures.metrics) if absence is None else None
    if counted is not None:
        # "how many customers made a transaction": the transactions are the condition
        condition = set(counted.named) - {counted.counted}
        measures.metrics = [m for m in measures.metrics if m not in condition]
        measures.explained += list(counted.verbs)
        measures.absorbed |= set(counted.distinct)
        g = replace(g, cues=tuple(c for c in g.cues if c not in counted.existence))
        # "trainers booked sessions": the clause's verb, not the status 'booked'
        g = replace(g, mentions=tuple(m for m in g.mentions if m.first not in counted.verb_at))
        measures.explained += [g.words[i].text for i in counted.verb_at]
    elif absence is None:
        refuse_uncounted_things(g, ctx, measures.metrics)
    g, measures.metrics = drop_counted_nouns(g, measures.metrics, ctx)
    metrics = measures.metrics or shared_facts(g, ctx)  # "percentage of payments": counted
    measures.explained += new_words_explained(g, ctx, metrics)
    linking, linked = relating_verbs(g, ctx, metrics)  # "city received parcels"
    measures.explained += linking
    measures.notes += linked
    measured = unit_metric(g, ctx, metrics)
    if measured is not None:
        # "how much storage did tenants take, in TB?": the one metric measured in TB
        metrics = measures.metrics = [measured]
    present, present_notes = present_state_words(g, ctx, metrics)
    if measured is not None:
        present_notes.append(
            note("unit_metric", metric=names_of(Target(Kind.METRIC, measured), ctx))
        )
    units, unit_notes = read_units(g, ctx, metrics)
    present_notes += unit_notes
    measures.absorbed |= present | units
    measures.explained += [g.words[i].text for i in sorted(present | units)]
    g = replace(
        g,
        unknown=tuple(w for w in g.unknown if w not in measures.explained),
        mentions=_not_broken_down(_renamed(g.mentions, measures.renamed), measures.counted),
    )
    lacking = [absence.metric] if absence is not None else []
    g = read_event_verbs(g, ctx, metrics or _previous_metrics(ctx))
    g, metrics, resolved, notes = _resolve_unknown(g, ctx, metrics, lacking)
    if grain(g) is not None:
        # "Return the month and the count", "the week start date": the period column the
        # grain already shows
        g = replace(g, unknown=tuple(w for w in g.unknown if w.rstrip("s") not in PERIOD_WORDS))
    refuse_unknown_words(g, ctx, metrics or _previous_metrics(ctx))
    slices = find_slices(g, ctx, metrics or _previous_metrics(ctx))
    slices.filters += [f for f in measures.filters if f not in slices.filters]
    share = find_share(g, ctx, metrics, slices.filters)
    if share is None:
        metrics, slices.filters = defined_counts(metrics, slices.filters, ctx)
    unused_negations(g, _negation_starts(g, absence))
    unplaced_literals(g, slices.filters)
    dimensions = list(dict.fromkeys([*slices.dimensions, *resolved]))
    pair = find_period_pair(g, ctx, metrics)
    if pair is not None:
        # "revenue in October 2025 and October 2026": one row for each period named
        g = without_pair(g, pair)
        slices.filters.append(pair.condition())
    when, dated = time_ranges(g, ctx, metrics or _previous_metrics(ctx))
    when = pair.span if pair is not None else when
    period = pair.unit if pair is not None else grain(g)
    # "by bill month", "청구월별": the metric's own date, at the period its name says; a grain
    # said in so many words ("by bill month by quarter") shows that date at that grain
    period = period or named_grain(g, ctx, metrics or _previous_metrics(ctx))
    ranking = find_ranking(g, ctx, metrics or _previous_metrics(ctx), dimensions)
    if ranking.having:
        # "for customers with at least 5 transactions": the condition holds per customer
        dimensions = list(dict.fromkeys([*dimensions, *slices.population]))
        if not dimensions and period is None:
            raise cannot_express(
                "A condition on a metric's value needs rows to keep or drop (\"stores with "
                'more than 1,000 orders"); on one total it would only hide the answer.'
            )
    compared = any(c.kind is CueKind.COMPARE for c in g.cues) or two_periods(when) is not None
    explained = change_words(g) if compared else set()
    shown_as = _period_start_words(g) if period is not None else set()
    shared = {share.word} if share is not None else set()
    side_by_side = comparing_words(g) if pair is not None else set()
    absorbed = measures.absorbed | slices.absorbed | explained | shown_as | shared | side_by_side
    refuse_operators(g, absorbed)
    refuse_numbers(g, ranking.used_numbers)
    intent = (
        Intent.CORRELATION if any(c.kind is CueKind.CORRELATE for c in g.cues) else Intent.LOOKUP
    )
    notes = [*measures.notes, *slices.notes, *notes, *present_notes]
    notes += undated_changes(g, ctx, metrics or _previous_metrics(ctx))
    if is_follow_up(g, ctx, metrics) and ctx.previous is not None:
        if compared:
            metrics, _ = compare(metrics or list(ctx.previous.metrics), g, ctx)
        plan = merge(
            ctx.previous, g, ctx, metrics=metrics, dimensions=dimensions, filters=slices.filters,
            time_range=when, grain=period, ranking=ranking,
        )  # fmt: skip
    elif absence is not None:
        plan = _without(absence, metrics, dimensions, slices.filters, when, ranking, ctx)
        notes.append(note("absent", word=absence.mention.text))
    else:
        listed = not metrics and dimensions and (listing_asked(g) or _identity_asked(g))
        had = _facts_had(g, ctx, dimensions) if listed else None
        if had is not None:
            # "tickers that have daily price records since April": those with the facts
            metrics = [had[0]]
            notes.append(note("had", word=had[1]))
        elif listed and when is not None:
            raise cannot_express(
                "The period dates nothing in this list: name what happened in it "
                '("customers with orders last month").'
            )
        elif listed:
            # "list all churned customers", "the names of customers in Japan": rows, no measure
            return _listing(g, dimensions, slices.filters, dated, ranking, notes)
        listing = listing_metric(g, ctx, dimensions) if not metrics else None
        if listing is not None:
            metrics, notes = [listing[0]], [*notes, listing[1]]
        if not metrics:
            raise which_metric(g, ctx)
        if ranking.limit is not None and not ranking.order_by:
            # The metric came after ranking was read: rank by it, never cut an unsorted list.
            ranking = find_ranking(g, ctx, metrics, dimensions)
        metrics, compared = compare(metrics, g, ctx)
        shift = next((c for c in g.cues if c.kind is CueKind.SHIFT), None)
        if shift is not None:
            # "작년 같은 기간 매출" asked first: same as which period? Never drop it silently.
            raise cannot_express(
                f"'{shift.text}' needs the period it repeats; ask for that period first, "
                'or name both ("revenue this year vs last year").'
            )
        _per_group_top(ranking, dimensions, g)
        moved = two_periods(when) if not compared else None
        growth = movement(metrics, g, ctx, moved[0]) if moved else None
        if moved and growth:
            metrics, when = growth, moved[1]
            notes.append(note("moved", period=period_names(moved[1]), unit=grain_names(moved[0])))
        if intent is Intent.CORRELATION:
            dimensions = dimensions or _correlation_dimension(metrics, ctx)
            metrics = with_growth(metrics, ctx)
            # Growth over "all time" compares the data with itself: look at the last year.
            when = when or CORRELATION_RANGE
        facts_when = None
        if counted is not None:
            if period is not None or compared:
                raise cannot_express(
                    "I can count the things that had those facts over one period, not per "
                    "period or against another."
                )
            facts_when, when = when, None  # the period is when the facts happened
        elif when is None:
            when, why = default_window(metrics, period, ctx)
            notes += [why] if why else []
        plan = _build(metrics, dimensions, slices.filters, when, period, ranking, ctx)
        plan = as_share(plan, share, ctx)
        plan = plan.model_copy(update={"time_filters": tuple(dated)}) if dated else plan
        notes += unused_dates(g, plan, ctx)
        if counted is not None:
            kept, of_facts = _filters_of_facts(plan, counted.facts, ctx)
            had_them = WithFacts(metric=counted.facts, time_range=facts_when, where=of_facts)
            plan = plan.model_copy(update={"with_facts": (had_them,), "filters": kept})
    check_breakdowns(list(plan.dimensions), list(plan.metrics), g, ctx)
    check_filters(list(plan.filters), list(plan.metrics), ctx)
    refuse_contradictions(list(plan.filters), list(plan.metrics), ctx, g.text)
    refuse_unreachable_dates(plan, ctx, g.text)
    refuse_unread_tables(g, plan, ctx)
    notes = [note("read_as", word=wrong, name=right) for wrong, right in g.corrections] + notes
    notes += [
        note(
            "not_a_value",
            word=m.text,
            value=str(t.value),
            dimension=names_of(Target(Kind.DIMENSION, t.name), ctx),
        )
        for m in g.set_aside
        for t in m.targets[:1]
    ]
    doubts = len(notes) + (1 if g.ignored else 0)
    return PlanningResult(
        plan=plan,
        intent=intent,
        notes=tuple(notes),
        ignored=g.ignored,
        confidence=max(0.5, CONFIDENT - PER_DOUBT * doubts),
    )


def _not_broken_down(mentions: tuple[Mention, ...], counted: list[int]) -> tuple[Mention, ...]:
    """ "How many drivers …": the drivers a count was read from are what is counted; as a
    breakdown too, every row would be one driver counted once."""
    return tuple(
        replace(m, targets=tuple(t for t in m.targets if t.kind is not Kind.DIMENSION))
        if m.first in counted and m.of_kind(Kind.DIMENSION) and len(m.targets) > 1
        else m
        for m in mentions
    )


def defined_counts(
    metrics: list[str], filters: list[Filter], ctx: PlanningContext
) -> tuple[list[str], list[Filter]]:
    """ "How many students graduated in 2026": the students under the status 'graduated' is
    the catalog's own "graduates", dated by graduation; counting students admitted in 2026
    with that status gave 0. A metric and a condition the catalog names together become
    that metric."""
    for f in list(filters):
        for i, name in enumerate(metrics):
            named = defined_count(ctx.catalog, ctx.layer, name, f)
            if named is not None and named not in metrics:
                metrics = [*metrics[:i], named, *metrics[i + 1 :]]
                filters = [other for other in filters if other != f]
                break
    return metrics, filters


def _without(
    absence: Absence,
    metrics: list[str],
    dimensions: list[str],
    filters: list[Filter],
    when: TimeRange | None,
    ranking: Ranking,
    ctx: PlanningContext,
) -> SemanticQuery:
    """The things that have none of the facts: listed, or measured when a metric is asked."""
    if not dimensions:
        raise cannot_express(
            f"Which things have no {absence.mention.text}? Name what to list (ids, names)."
        )
    if not all(
        ctx.catalog.allows(absence.metric, ctx.layer.dimension(d), ctx.layer) for d in dimensions
    ):
        raise cannot_express(
            f"I can't tell which things have no {absence.mention.text}: "
            f"{ctx.catalog.get(absence.metric).label} can't be broken down by them."
        )
    # A period with no metric to date says when the facts are missing.
    missing_in = when if not metrics else None
    return SemanticQuery(
        metrics=tuple(metrics),
        dimensions=tuple(dimensions),
        time_range=when if metrics else None,
        filters=tuple(filters),
        without=(Without(metric=absence.metric, time_range=missing_in),),
        order_by=ranking.order_by,
        limit=ranking.limit,
    )


def _negation_starts(g: Grounding, absence: Absence | None) -> frozenset[int]:
    if absence is None:
        return frozenset()
    word = g.words[absence.negation]
    return frozenset(c.start for c in g.cues if c.start <= word.start < c.end)


PER_GROUP = re.compile(
    r"\b(?:in|for|within) (?:each|every)\b|\b(?:per|by) \w+ (?:top|best)\b"
    r"|별 ?(?:매출 )?(?:상위|하위)"
)


def _per_group_top(ranking: Ranking, dimensions: list[str], g: Grounding) -> None:
    """ "The top 3 customers in each country": a top N within every group, which a plan's
    single limit would answer for all groups together. Refused rather than cut wrongly."""
    if ranking.limit is None or len(dimensions) < 2:
        return
    if PER_GROUP.search(g.text) or any(
        w.korean and w.text in GROUP_MARKERS for w in g.words[: _top_position(g, ranking)]
    ):
        raise cannot_express(
            f"A top {ranking.limit} within each group isn't something a plan can state; "
            "ask for one group at a time, or for the top overall."
        )


def _top_position(g: Grounding, ranking: Ranking) -> int:
    if ranking.top is None:
        return 0
    return next((i for i, w in enumerate(g.words) if w.start >= ranking.top.start), 0)


def _described(g: Grounding, word: str, dims: set[str], ctx: PlanningContext) -> bool:
    """The word follows a value of its own table ("한국 고객"), or its own date's verb
    ("가입한 고객"): the things those describe, not a breakdown by them."""
    tables = {ctx.layer.dimension(d).table for d in dims}
    for i, w in enumerate(g.words):
        if w.text != word or i == 0:
            continue
        for mention in g.mentions:
            gap = g.words[mention.last : i]
            if len(gap) > 2 or any(x.word_class is WordClass.CONTENT for x in gap):
                continue
            owners = [ctx.layer.dimension(t.name).table for t in mention.of_kind(Kind.VALUE)]
            owners += [
                ctx.layer.time_dimensions[t.name].table
                for t in mention.of_kind(Kind.TIME_DIMENSION)
                if t.name in ctx.layer.time_dimensions
            ]
            if set(owners) & tables and (mention.last == i or w.korean):
                return True
    return False


def _as_breakdown(g: Grounding, word: str) -> bool:
    """The word stands where a breakdown does: after "by"/"per"/"each", before "별"/"마다",
    or in the list of columns asked for ("Return the state and …"); elsewhere a word that
    is only part of a dimension's name ("day" in "days employed") is not that dimension."""
    for i, w in enumerate(g.words):
        if w.text != word:
            continue
        before = g.words[i - 1].text if i else ""
        after = g.words[i + 1].text if i + 1 < len(g.words) else ""
        if w.korean or before in GROUP_MARKERS or i == 0:
            return True  # a Korean noun heads its phrase; "channels whose …" opens with it
        if before in ("and", "the", ",", "which", "what", "each") or after in _HEADS:
            return True
    return False


_HEADS = frozenset({"and", ",", "whose", "with", "that", "where", "who", "which"})


def _facts_had(g: Grounding, ctx: PlanningContext, dimensions: list[str]) -> tuple[str, str] | None:
    """The facts listed things are said to have ("tickers that have daily price records"):
    a table named beside the listed ones, as the metric over its rows and the words used."""
    listed = {ctx.layer.dimension(d).table for d in dimensions}
    for mention in g.mentions:
        tables = {t.name for t in mention.of_kind(Kind.TABLE)}
        if not tables or tables & listed or mention.of_kind(Kind.DIMENSION):
            continue
        metric = facts_metric(mention, ctx)
        if metric is not None and all(
            ctx.catalog.allows(metric, ctx.layer.dimension(d), ctx.layer) for d in dimensions
        ):
            return metric, mention.text
    return None


def _identity_asked(g: Grounding) -> bool:
    """ "customer names", "their IDs": a column that identifies things is asked for (not
    the "number" of "number of products", which a counting phrase holds)."""
    in_dimensions = {
        i for m in g.mentions if m.of_kind(Kind.DIMENSION) for i in range(m.first, m.last)
    }
    return bool(g.identities) or any(
        g.words[i].word_class is WordClass.IDENTITY for i in in_dimensions
    )


def _listing(
    g: Grounding,
    dimensions: list[str],
    filters: list[Filter],
    dated: list[TimeFilter],
    ranking: Ranking,
    notes: list[Note],
) -> PlanningResult:
    plan = SemanticQuery(
        dimensions=tuple(dimensions),
        filters=tuple(filters),
        time_filters=tuple(dated),
        limit=ranking.limit if not ranking.order_by else None,
    )
    return PlanningResult(
        plan=plan,
        notes=(*notes, note("rows_listed")),
        ignored=g.ignored,
        confidence=max(0.5, CONFIDENT - PER_DOUBT * (len(notes) + 1)),
    )


def _renamed(mentions: tuple[Mention, ...], renamed: dict[str, str]) -> tuple[Mention, ...]:
    """Mentions of a metric the words around it changed ("distinct customers" → the
    distinct count), so that ranking and conditions find the metric that is asked."""
    if not renamed:
        return mentions
    return tuple(
        replace(
            m,
            targets=tuple(
                Target(t.kind, renamed.get(t.name, t.name), t.value) if t.kind is Kind.METRIC else t
                for t in m.targets
            ),
        )
        for m in mentions
    )


def _filters_of_facts(
    plan: SemanticQuery, facts: str, ctx: PlanningContext
) -> tuple[tuple[Filter, ...], tuple[Filter, ...]]:
    """ "Tenants with a late payment", "members who renewed a loan": a condition the counted
    things can't be filtered by, on the facts they had, narrows those facts."""
    event = ctx.catalog.get(facts)
    table = event.table if isinstance(event, SimpleMetric) else None
    kept: list[Filter] = []
    of_facts: list[Filter] = []
    for condition in plan.filters:
        ref = ctx.layer.dimension(condition.dimension)
        usable = all(ctx.catalog.allows(m, ref, ctx.layer) for m in plan.metrics)
        if not usable and table is not None and ctx.layer.reaches(table, ref.table):
            of_facts.append(condition)
        else:
            kept.append(condition)
    return tuple(kept), tuple(of_facts)


def _previous_metrics(ctx: PlanningContext) -> list[str]:
    return list(ctx.previous.metrics) if ctx.previous is not None else []


def _resolve_unknown(
    g: Grounding, ctx: PlanningContext, metrics: list[str], lacking: list[str]
) -> tuple[Grounding, list[str], list[str], list[Note]]:
    """Unknown words the catalog itself resolves, without guessing.

    A word that is part of exactly one dimension the asked metrics allow is that dimension
    ("marketing spend by channel": only the marketing channel applies to marketing spend).
    With no metric named, a word that is part of exactly one metric's name is that metric
    ("… by quantity" when only "quantity sold" has it).
    """
    if not g.unknown:
        return g, metrics, [], []
    resolved: list[str] = []
    notes: list[Note] = []
    still: list[str] = []
    metrics = list(metrics)
    chosen = metrics or _previous_metrics(ctx) or lacking
    allowed = (
        set.intersection(*(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in chosen))
        if chosen
        else set()
    )
    valued = {t.name for t in g.targets(Kind.VALUE)}
    for word in g.unknown:
        candidates = g.suggestions.get(word, ())
        dims = {t.name for t in candidates if t.kind is Kind.DIMENSION} & allowed
        named = {t.name for t in candidates if t.kind is Kind.METRIC}
        if dims and dims <= valued:
            continue  # "카드 결제": the word names the column of a value already given
        if named & set(metrics):
            continue  # "customer signups … total signups": a metric named again, shorter
        if dims and _described(g, word, dims, ctx):
            continue  # "한국 고객 매출": the customers the value describes, not a breakdown
        if len(dims) == 1 and _as_breakdown(g, word):
            name = dims.pop()
            resolved.append(name)
            notes.append(
                note("read_as", word=word, name=names_of(Target(Kind.DIMENSION, name), ctx))
            )
        elif not metrics and not lacking and len(named) == 1 and not dims:
            name = named.pop()
            metrics.append(name)
            notes.append(note("read_as", word=word, name=names_of(Target(Kind.METRIC, name), ctx)))
        else:
            still.append(word)
    return replace(g, unknown=tuple(still)), metrics, resolved, notes


def _correlation_dimension(metrics: list[str], ctx: PlanningContext) -> list[str]:
    """The finest breakdown both measures share: most distinct values, then name."""
    if len(metrics) < 2:
        raise cannot_express("Asking what drives a measure needs two measures to relate.")
    shared = set.intersection(*(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in metrics))
    if not shared:
        raise cannot_express(f"{' and '.join(metrics)} share no dimension to compare them by.")
    return [min(sorted(shared), key=lambda d: _closed_vocabulary_size(d, ctx))]


def _closed_vocabulary_size(dimension: str, ctx: PlanningContext) -> float:
    """How few values a dimension has by definition; open-ended ones (stores) come first.

    Read from the YAML only, so the choice never depends on what a database holds.
    """
    ref = ctx.layer.dimension(dimension)
    allowed = ctx.layer.value_column(ref).allowed_values
    return -math.inf if not allowed else -len(allowed)


def _build(
    metrics: list[str],
    dimensions: list[str],
    filters: list[Filter],
    when: TimeRange | None,
    period: Grain | None,
    ranking: Ranking,
    ctx: PlanningContext,
) -> SemanticQuery:
    if ranking.top is not None and not dimensions and period is None:
        raise clarify(
            f"'{ranking.top.text}' of what? Name what to rank, e.g. "
            + ", ".join(_rankable(metrics, ctx))
            + "."
        )
    return SemanticQuery(
        metrics=tuple(metrics),
        dimensions=tuple(dimensions),
        grain=period,
        time_range=when,
        filters=tuple(filters),
        having=ranking.having,
        order_by=ranking.order_by,
        limit=ranking.limit,
    )


def _rankable(metrics: list[str], ctx: PlanningContext) -> list[str]:
    """A few breakdowns the metric allows, by their labels, as examples."""
    allowed = sorted(ctx.catalog.allowed_dimensions(metrics[0], ctx.layer))
    return [label(Target(Kind.DIMENSION, d), ctx).lower() for d in allowed[:3]]
