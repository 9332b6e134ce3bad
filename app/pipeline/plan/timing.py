"""When: one time range from the question's time phrases and their qualifiers, and a grain.

A qualifier changes the phrase it qualifies rather than naming a second range: "the past 30
days including today" is a rolling window ending today; "excluding the current month" says
what "the last 6 months" already means; "2026 so far" runs through today; "inclusive of
30 days ago" starts on that day. Two ranges that nothing joins are not guessed between.
A period-over-period metric asked without a range gets a stated default window (the year to
date for a yearly comparison, the last complete period otherwise), never all of time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence

from app.i18n.catalog import Language, text
from app.i18n.notes import Note, note
from app.pipeline.ground.cues import Cue, CueKind, Qualifier
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, cannot_express, clarify, label
from app.pipeline.plan.entities import event_date, period_after
from app.pipeline.plan.event_dates import looks_ahead
from app.pipeline.plan.notes import grain_names
from app.pipeline.records import Option
from metrics.model import PeriodOverPeriodMetric
from metrics.semantic_query import TimeFilter
from metrics.timeframe import (
    Between,
    Last,
    Rolling,
    Since,
    TimeRange,
    ToDate,
    describe,
    shift,
    start_of,
)
from semantic_layer.model import Grain

DEFAULT_TREND_GRAIN = Grain.MONTH


def time_ranges(
    g: Grounding, ctx: PlanningContext, metrics: Sequence[str]
) -> tuple[TimeRange | None, list[TimeFilter]]:
    """The range of the metrics' own dates, and a filter for each other date a time phrase
    follows: "customers who joined in 2022", "salespersons hired between 2022 and 2023"
    filter on that date; every phrase no other date claims is the metrics' own range."""
    dated = _dated_phrases(g, ctx, metrics)
    claimed = {cue.start for cues in dated.values() for cue in cues}
    ahead = looks_ahead(g)
    own = _range_of([c for c in g.cues if c.start not in claimed], ctx, ahead)
    filters = []
    for dimension, cues in dated.items():
        when = _range_of(cues, ctx, ahead)
        if when is not None:
            filters.append(TimeFilter(time_dimension=dimension, time_range=when))
    return own, filters


def _range_of(cues: list[Cue], ctx: PlanningContext, ahead: bool = False) -> TimeRange | None:
    cues = _period_of_a_year(cues, ctx.today)
    ranges = [c.time_range for c in cues if c.kind is CueKind.TIME and c.time_range]
    qualifiers = [c for c in cues if c.kind is CueKind.TIME_QUALIFIER]
    chosen = _one(list(dict.fromkeys(ranges)))
    for cue in qualifiers:
        chosen = _qualified(chosen, cue, ctx.today)
    if ahead and not qualifiers:
        return _whole(chosen, ctx.today)
    return canonical(chosen, ctx.today)


def _whole(when: TimeRange | None, today: dt.date) -> TimeRange | None:
    """ "Scheduled to start in Q4", "expiring this month": what is to come has dates after
    today, so the current period is all of it, not the part up to today."""
    if not isinstance(when, ToDate):
        return when
    start = start_of(when.unit, today)
    return Between(start=start, end=shift(start, 1, when.unit) - dt.timedelta(days=1))


def _period_of_a_year(cues: list[Cue], today: dt.date) -> list[Cue]:
    """ "올해 2분기", "작년 4분기", "2024 Q3": a year next to a part of a year is that part of
    that year, one range, not two."""
    timed = sorted(
        (c for c in cues if c.kind is CueKind.TIME and c.time_range), key=lambda c: c.start
    )
    for first, second in itertools.pairwise(timed):
        if second.start - first.end > len(" of the "):
            continue  # "Q1 of last year", "올해 2분기", "2024 Q3": next to each other
        for year_cue, part_cue in ((first, second), (second, first)):
            year = _whole_year(year_cue.time_range, today)
            part = part_cue.time_range
            if year is None or not isinstance(part, Between) or _whole_year(part, today):
                continue
            if part.start.year != part.end.year or re.search(r"(?:19|20)\d\d", part_cue.text):
                continue  # "March 2026" has its own year: "2025 and March 2026" are two
            moved = Between(start=part.start.replace(year=year), end=part.end.replace(year=year))
            merged = Cue(
                kind=CueKind.TIME,
                start=min(first.start, second.start),
                end=max(first.end, second.end),
                text=f"{first.text} {second.text}",
                time_range=moved,
            )
            return [c for c in cues if c is not first and c is not second] + [merged]
    return cues


def _whole_year(when: TimeRange | None, today: dt.date) -> int | None:
    """The year a range covers whole (or to date), if it is one."""
    if isinstance(when, ToDate) and when.unit is Grain.YEAR:
        return today.year
    if isinstance(when, Last) and when.unit is Grain.YEAR and when.n == 1:
        return today.year - 1
    whole = isinstance(when, Between) and (when.start, when.end) == (
        dt.date(when.start.year, 1, 1),
        dt.date(when.start.year, 12, 31),
    )
    return when.start.year if whole and isinstance(when, Between) else None


def _dated_phrases(
    g: Grounding, ctx: PlanningContext, metrics: Sequence[str]
) -> dict[str, list[Cue]]:
    """Each date other than the metrics' own → the time phrase right after its name (and the
    qualifiers after that phrase): "customers who joined in 2022", or the things' own event
    named as a count ("customers who signed up in 2025")."""
    own = {leaf.time_dimension for m in metrics for leaf in ctx.catalog.leaves(m)}
    found: dict[str, list[Cue]] = {}
    timed = sorted(
        (c for c in g.cues if c.kind in (CueKind.TIME, CueKind.TIME_QUALIFIER)),
        key=lambda c: c.start,
    )
    for mention in g.mentions:
        dates = {t.name for t in mention.of_kind(Kind.TIME_DIMENSION)}
        event = event_date(g, mention, ctx.catalog)
        if event is not None:
            dates = {event}
        if len(dates) != 1 or dates <= own:
            continue
        period = period_after(g, mention) or _period_before_korean(g, mention)
        if period is None:
            continue
        run = [period]
        for cue in timed[timed.index(period) + 1 :]:
            if cue.kind is not CueKind.TIME_QUALIFIER:
                break
            run.append(cue)
        found.setdefault(dates.pop(), []).extend(run)
    return found


_PERIODS = (Grain.YEAR, Grain.QUARTER, Grain.MONTH, Grain.WEEK)


def canonical(when: TimeRange | None, today: dt.date) -> TimeRange | None:
    """The period that contains today is that period to date: "in 2026", "2026 so far",
    "since the start of 2026" and "this year" are one range, so they compile to one SQL
    (there are no later facts)."""
    if isinstance(when, Since):
        current = [u for u in _PERIODS if when.start == start_of(u, today)]
        return ToDate(unit=current[0]) if current else when
    if not isinstance(when, Between):
        return when
    for unit in _PERIODS:
        start = start_of(unit, today)
        if when.start == start and when.end == shift(start, 1, unit) - dt.timedelta(days=1):
            return ToDate(unit=unit)
    return when


def two_periods(when: TimeRange | None) -> tuple[Grain, Between] | None:
    """A range of exactly two consecutive whole periods ("from September to October"):
    the period unit and the later period."""
    if not isinstance(when, Between):
        return None
    for unit in _PERIODS:
        first = start_of(unit, when.start)
        second = shift(first, 1, unit)
        if first == when.start and shift(second, 1, unit) - dt.timedelta(days=1) == when.end:
            return unit, Between(start=second, end=when.end)
    return None


def _one(ranges: list[TimeRange]) -> TimeRange | None:
    if len(ranges) > 1:
        raise cannot_express("The question names several time ranges; a plan covers one.")
    return ranges[0] if ranges else None


def _qualified(base: TimeRange | None, cue: Cue, today: dt.date) -> TimeRange | None:
    qualifier = cue.qualifier
    if qualifier is Qualifier.INCLUSIVE:
        return base  # every range already includes both of its ends
    if qualifier is Qualifier.FROM_AGO:
        return cue.time_range
    if base is None:
        if qualifier is Qualifier.TO_NOW:
            return None  # "so far" alone adds nothing to all of time
        raise cannot_express(f"'{cue.text}' qualifies a time range the question doesn't name.")
    if qualifier is Qualifier.INCLUDING_TODAY:
        return _rolling(base, today)
    if qualifier is Qualifier.COMPLETE_PERIODS:
        return base if isinstance(base, Last) else _rolling_error(base, cue)
    return _to_now(base, today)


def _rolling(base: TimeRange, today: dt.date) -> TimeRange:
    """ "The past 30 days including today": the 30 days that end today."""
    if isinstance(base, Last):
        return Rolling(n=base.n, unit=base.unit)
    return base


def _to_now(base: TimeRange, today: dt.date) -> TimeRange:
    """ "2026 so far", "from January 2025 until now": the range runs through today."""
    if isinstance(base, Between):
        if base.start <= today <= base.end and base.start == dt.date(today.year, 1, 1):
            return ToDate(unit=Grain.YEAR)
        return Since(start=base.start)
    return base


def _rolling_error(base: TimeRange, cue: Cue) -> TimeRange:
    raise cannot_express(f"'{cue.text}' doesn't fit {describe(base)}.")


def shifted(previous: TimeRange | None, g: Grounding, ctx: PlanningContext) -> TimeRange | None:
    """ "The same month last year": the previous answer's dates, a year earlier."""
    cue = next((c for c in g.cues if c.kind is CueKind.SHIFT), None)
    if cue is None:
        return None
    if previous is None:
        raise cannot_express(f"'{cue.text}' needs a period to shift; name one.")
    from metrics.timeframe import resolve

    start, end = resolve(previous, ctx.today)
    return Between(
        start=shift(start, -cue.years, Grain.YEAR), end=shift(end, -cue.years, Grain.YEAR)
    )


def grain(g: Grounding) -> Grain | None:
    cues = [c for c in g.cues if c.kind is CueKind.GRAIN or (c.kind is CueKind.TIME and c.grain)]
    explicit = list(dict.fromkeys(c.grain for c in cues if c.grain is not None))
    if len(explicit) > 1:
        raise clarify(
            f"Which grain: {' or '.join(g.value for g in explicit)}?",
            tuple(Option(grain.value, f"{g.text} ({grain.value})") for grain in explicit),
        )
    if explicit:
        return explicit[0]
    return DEFAULT_TREND_GRAIN if cues else None


def default_window(
    metrics: list[str], period: Grain | None, ctx: PlanningContext
) -> tuple[TimeRange | None, Note | None]:
    """A comparison over all of time compares the data with itself: take a stated window.

    With a grain there is no such problem (each month against its own month a year before).
    """
    if period is not None:
        return None, None
    offsets = [
        m.offset.unit
        for name in metrics
        if isinstance(m := ctx.catalog.get(name), PeriodOverPeriodMetric)
    ]
    if not offsets:
        return None, None
    unit = max(offsets, key=lambda u: list(Grain).index(u))
    if unit is Grain.YEAR:
        return ToDate(unit=Grain.YEAR), note("default_year")
    return Last(n=1, unit=unit), note("default_last", unit=grain_names(unit))


def _period_before_korean(g: Grounding, mention: Mention) -> Cue | None:
    """ "2025년에 가입한 고객": in Korean the period comes first, then the date's verb."""
    word = g.words[mention.first]
    if not word.korean:
        return None
    for cue in (c for c in g.cues if c.kind is CueKind.TIME and c.end <= word.start):
        gap = g.words_in(cue.end, word.start)
        if len(gap) <= 1 and all(w.word_class is not WordClass.CONTENT for w in gap):
            return cue
    return None


def undated_changes(g: Grounding, ctx: PlanningContext, metrics: Sequence[str]) -> list[Note]:
    """ "Customers who churned in 2025", "지난달 해지된 구독": a period next to a change of
    state ("churned", "해지된") that has no date of its own in the project is applied to the
    metric's date; the answer says so rather than pass it off as the change's date."""
    dates = {leaf.time_dimension for m in metrics for leaf in ctx.catalog.leaves(m)}
    own = {
        language: ", ".join(
            sorted(label(Target(Kind.TIME_DIMENSION, d), ctx, language) for d in dates if d)
        )
        or text("note.metric_date", Language(language))
        for language in ("en", "ko")
    }
    notes = []
    for mention in (m for m in g.mentions if m.of_kind(Kind.VALUE)):
        if mention.of_kind(Kind.TIME_DIMENSION):
            continue  # "expired in 2025", the end its date: the change has its date
        if _changed(g, mention) and _period_next_to(g, mention):
            notes.append(note("undated", word=mention.text, dates=own))
    return notes


def _changed(g: Grounding, mention: Mention) -> bool:
    word = g.words[mention.last - 1]
    if not word.korean:
        return word.text.endswith("ed") and word.lemma != word.text
    after = g.words[mention.last] if mention.last < len(g.words) else None
    return after is not None and after.tag == "XSV"  # 이탈(하)ㄴ, 해지(되)ㄴ


def _period_next_to(g: Grounding, mention: Mention) -> bool:
    start, end = g.words[mention.first].start, g.words[mention.last - 1].end
    for cue in (c for c in g.cues if c.kind is CueKind.TIME):
        between = (end, cue.start) if cue.start >= end else (cue.end, start)
        if len(g.words_in(*between)) <= 1:
            return True
    return False
