""" "Overdue amount by bill month", "청구월별 연체 금액": a breakdown named by a date.

A time dimension after "by" (or before "별") asks for the metric's periods, not for a
filter: the grain its name holds ("bill *month*", "청구*월*", "order *date*"), else the
finest grain its table is recorded by ("by billing period" on a monthly table). The date
must be the metric's own: a plan groups each metric by its own date, so a breakdown by
another date ("revenue by signup month") is refused in words, never dropped; a date named
as a noun that the plan neither shows nor filters by is named in a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.i18n.notes import Note, note
from app.pipeline.ground.grounding import GROUP_MARKERS, Grounding
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, cannot_express, label
from app.pipeline.plan.notes import names_of
from metrics.semantic_query import SemanticQuery
from semantic_layer.model import Grain

GRAIN_WORDS = {
    **dict.fromkeys(("day", "daily", "date", "일", "일자", "날짜", "날"), Grain.DAY),
    **dict.fromkeys(("week", "weekly", "주", "주차"), Grain.WEEK),
    **dict.fromkeys(("month", "monthly", "월", "달"), Grain.MONTH),
    **dict.fromkeys(("quarter", "quarterly", "분기"), Grain.QUARTER),
    **dict.fromkeys(("year", "yearly", "annual", "연도", "년도", "년", "연"), Grain.YEAR),
}
"""The period a date's name says it holds."""

_ORDERING = frozenset({"sort", "sorted", "order", "ordered", "rank", "ranked", "arrange"})
_KOREAN_MARKERS = frozenset({"별", "별로", "마다"})


def named_grain(g: Grounding, ctx: PlanningContext, metrics: Sequence[str]) -> Grain | None:
    """The grain of the dates named as a breakdown, checked against the metrics' dates."""
    if not metrics:
        return None
    found: dict[Grain, Mention] = {}
    for mention in g.mentions:
        dates = {t.name for t in mention.targets if t.kind is Kind.TIME_DIMENSION}
        if len(dates) != 1 or len(dates) != len(mention.targets) or not _as_breakdown(g, mention):
            continue
        date = dates.pop()
        _refuse_other_date(mention, date, ctx, metrics)
        found.setdefault(_grain_of(g, mention, date, ctx), mention)
    if len(found) > 1:
        said = " and ".join(f"'{m.text}'" for m in found.values())
        raise cannot_express(f"{said} ask for different periods; a plan shows one.")
    return next(iter(found), None)


def _as_breakdown(g: Grounding, mention: Mention) -> bool:
    """After "by"/"per"/"each" (an article between), not after "sorted by"; in Korean, before
    "별"/"마다"."""
    before = mention.first - 1
    if before >= 0 and g.words[before].text in ("the", "their", "its"):
        before -= 1
    if before >= 0 and g.words[before].text in GROUP_MARKERS - _KOREAN_MARKERS:
        previous = g.words[before - 1] if before > 0 else None
        return previous is None or (
            previous.text not in _ORDERING and previous.lemma not in _ORDERING
        )
    after = g.words[mention.last] if mention.last < len(g.words) else None
    return after is not None and after.korean and after.text in _KOREAN_MARKERS


def _grain_of(g: Grounding, mention: Mention, date: str, ctx: PlanningContext) -> Grain:
    definition = ctx.layer.time_dimension(date).definition
    said = [
        GRAIN_WORDS[key]
        for word in g.words[mention.first : mention.last]
        for key in (word.text, word.lemma)
        if key in GRAIN_WORDS
    ]
    grain = said[-1] if said else definition.finest_grain
    if grain not in definition.grains:
        raise cannot_express(
            f"'{mention.text}' asks for {grain.value}s, but "
            f"{label(Target(Kind.TIME_DIMENSION, date), ctx)} is recorded by "
            f"{definition.finest_grain.value} (it can be shown by "
            f"{', '.join(g.value for g in definition.grains)})."
        )
    return grain


def _refuse_other_date(
    mention: Mention, date: str, ctx: PlanningContext, metrics: Sequence[str]
) -> None:
    for metric in metrics:
        own = {leaf.time_dimension for leaf in ctx.catalog.leaves(metric)}
        if own != {date}:
            dated_by = ", ".join(
                sorted(label(Target(Kind.TIME_DIMENSION, d), ctx) for d in own if d)
            )
            raise cannot_express(
                f"'{mention.text}' is a date {label(Target(Kind.METRIC, metric), ctx)} isn't "
                "grouped by: "
                + (f"it is dated by {dated_by}." if dated_by else "its rows have no date.")
            )


def unused_dates(g: Grounding, plan: SemanticQuery, ctx: PlanningContext) -> list[Note]:
    """A date named as a noun ("sorted by bill month", "and signup date") that the plan
    neither shows nor filters by: the answer says so, rather than drop the words."""
    own = {leaf.time_dimension for m in plan.metrics for leaf in ctx.catalog.leaves(m)}
    filtered = {t.time_dimension for t in plan.time_filters}
    timed = plan.grain is not None or plan.time_range is not None
    notes = []
    for mention in g.mentions:
        dates = {t.name for t in mention.targets if t.kind is Kind.TIME_DIMENSION}
        if len(dates) != 1 or len(dates) != len(mention.targets) or dates <= filtered:
            continue
        if (dates <= own and timed) or not _names_a_period(g, mention):
            continue
        date = Target(Kind.TIME_DIMENSION, dates.pop())
        notes.append(note("date_unused", words=mention.text, date=names_of(date, ctx)))
    return notes


def _names_a_period(g: Grounding, mention: Mention) -> bool:
    """ "Bill month", "order date", "청구월": a date named as a noun, not a verb ("opened")."""
    return any(
        key in GRAIN_WORDS
        for word in g.words[mention.first : mention.last]
        for key in (word.text, word.lemma)
    )
