"""Two whole periods named side by side: "revenue in October 2025 and October 2026",
"compare 2024 with 2025", "2025년과 2026년 매출 비교".

Each is a month, a quarter or a year of the metrics' own date, and the answer is the
measure in each: a series at that grain over both, kept to the two periods named by the
built-in period part of that date (``order_date__month``), so it reads "from X in October
2025 to Y in October 2026". Nothing is computed that the
catalog doesn't define: the reader sees both numbers, as asked. A growth between them is
the catalog's period-over-period metric, asked for in its own words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.lexicon import VERSUS_WORDS
from app.pipeline.plan.context import PlanningContext
from metrics.semantic_query import Filter, FilterOp
from metrics.timeframe import Between, shift, start_of
from semantic_layer.model import Grain

UNITS = (Grain.MONTH, Grain.QUARTER, Grain.YEAR)
COMPARING = VERSUS_WORDS


@dataclass(frozen=True)
class PeriodPair:
    cues: tuple[Cue, Cue]
    unit: Grain
    part: str
    """the date's built-in period part: ``order_date__month``"""
    starts: tuple[dt.date, dt.date]
    span: Between

    def condition(self) -> Filter:
        return Filter(
            dimension=self.part,
            op=FilterOp.IN,
            values=tuple(d.isoformat() for d in self.starts),
        )


def find_period_pair(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> PeriodPair | None:
    timed = [c for c in g.cues if c.kind is CueKind.TIME and isinstance(c.time_range, Between)]
    if len(timed) != 2 or len([c for c in g.cues if c.kind is CueKind.TIME]) != 2:
        return None
    dates = {leaf.time_dimension for m in metrics for leaf in ctx.catalog.leaves(m)}
    if len(dates) != 1 or None in dates:
        return None
    units = {_whole(c.time_range) for c in timed}  # type: ignore[arg-type]
    if len(units) != 1 or None in units:
        return None
    unit = units.pop()
    assert unit is not None
    ranges = sorted((c.time_range for c in timed), key=lambda r: r.start)  # type: ignore[union-attr]
    if ranges[0] == ranges[1]:
        return None
    date = str(dates.pop())
    part = f"{date}__{unit.value}"
    if part not in ctx.layer.time_parts():
        return None
    first, second = ranges[0], ranges[1]
    return PeriodPair(
        cues=(timed[0], timed[1]),
        unit=unit,
        part=part,
        starts=(first.start, second.start),  # type: ignore[union-attr]
        span=Between(start=first.start, end=second.end),  # type: ignore[union-attr]
    )


def comparing_words(g: Grounding) -> set[int]:
    """The operator words that ask for the two side by side."""
    return {i for i in g.operators if g.words[i].text.lower() in COMPARING}


def without_pair(g: Grounding, pair: PeriodPair) -> Grounding:
    """The question without the two periods, which the pair now answers, and without the
    word that compares them: the two rows are the comparison."""
    return replace(
        g,
        cues=tuple(c for c in g.cues if c not in pair.cues and c.kind is not CueKind.COMPARE),
    )


def _whole(when: Between) -> Grain | None:
    for unit in UNITS:
        first = start_of(unit, when.start)
        if first == when.start and shift(first, 1, unit) - dt.timedelta(days=1) == when.end:
            return unit
    return None
