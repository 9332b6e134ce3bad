"""A unit the answer is asked in: "(분 단위)", "(단위: 달러)", "in minutes".

A unit is presentation, not a condition: where the metric is already in it (its declared
unit, or the owner's own name for it says so: "Average resolution time (hours)") the words
change nothing. Where the metric is in another unit, or the catalog never says which, askbi
does not convert and says so, rather than show a number under a unit it may not be in; the
one exception is the currency askbi writes amounts in, which an amount of no stated unit is
shown in anyway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.pipeline.ground.cues import UNIT_WORDS, CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.plan.context import PlanningContext, cannot_express
from app.pipeline.plan.entities import is_count
from metrics.model import Metric

UNIT_MARKS: dict[str, frozenset[str]] = {
    "hour": frozenset({"hour", "hours", "hr", "hrs", "시간"}),
    "minute": frozenset({"minute", "minutes", "min", "mins", "분"}),
    "second": frozenset({"second", "seconds", "sec", "secs", "초"}),
    "day": frozenset({"day", "days", "일"}),
    "krw": frozenset({"krw", "won", "원", "₩"}),
    "usd": frozenset({"usd", "dollar", "dollars", "$", "달러"}),
    "gb": frozenset({"gb", "gigabyte", "gigabytes"}),
    "mb": frozenset({"mb", "megabyte", "megabytes"}),
}
"""How a metric's unit, name or label says which unit it is in."""
assert set(UNIT_MARKS) <= set(UNIT_WORDS)

SHOWN_CURRENCY = "krw"
"""The currency askbi writes amounts in (see ``present/formatting.py``): asking for it of an
amount whose unit the catalog never states changes nothing, as before."""

_TOKEN = re.compile(r"[a-z]+|[가-힣]+|[%$₩]")


def refuse_other_units(g: Grounding, ctx: PlanningContext, metrics: Sequence[str]) -> None:
    """Stop when a measure asked in a unit is not in it, or may not be."""
    asked = [c.unit for c in g.cues if c.kind is CueKind.UNIT and c.unit is not None]
    for unit in asked:
        for name in metrics:
            metric = ctx.catalog.get(name)
            if is_count(metric):
                continue  # a count has no unit to convert
            own = unit_of(metric)
            if own == unit or (own is None and unit == SHOWN_CURRENCY):
                continue
            raise cannot_express(_message(g, unit, metric, own))


def unit_of(metric: Metric) -> str | None:
    """The unit a metric is in: declared, else named in its identifier or labels."""
    # The first that names one: its declared unit, its identifier, its label. (Not its
    # Korean label: 시간 there is as often "time" as "hours": "비가동 시간(분)".)
    for text in (metric.unit, metric.name.replace("_", " "), metric.label):
        said = _units_in(text)
        if said:
            return said[0] if len(said) == 1 else None
    return None


def _units_in(text: str) -> list[str]:
    tokens = set(_TOKEN.findall(text.lower()))
    return [unit for unit, marks in UNIT_MARKS.items() if tokens & marks]


def _message(g: Grounding, asked: str, metric: Metric, own: str | None) -> str:
    wanted = _UNIT_NAMES.get(asked, (asked, asked))
    if has_hangul(g.text):
        name = metric.labels.get("ko", metric.label)
        said = f"{_UNIT_NAMES[own][1]}로 되어 있어" if own else "단위가 카탈로그에 없어"
        return f"'{name}'은(는) {said} {wanted[1]}로 바꿔 보여 드릴 수 없습니다."
    said = f"is in {_UNIT_NAMES[own][0]}" if own else "has no unit in the catalog"
    return f"'{metric.label}' {said}; askbi doesn't convert units, so not into {wanted[0]}."


_UNIT_NAMES = {
    "hour": ("hours", "시간 단위"), "minute": ("minutes", "분 단위"),
    "second": ("seconds", "초 단위"), "day": ("days", "일 단위"), "krw": ("KRW", "원 단위"),
    "usd": ("USD", "달러 단위"), "gb": ("GB", "GB 단위"),
    "mb": ("MB", "MB 단위"), "krw_thousand": ("thousands of KRW", "천 원 단위"),
    "krw_10k": ("tens of thousands of KRW", "만 원 단위"),
    "krw_100m": ("hundreds of millions of KRW", "억 원 단위"),
}  # fmt: skip
