""" "In GB", "in hours", "(시간 단위)", "in KRW", "in millions": the unit an amount is shown in.

A unit phrase is presentation, not a thing to find in the catalog. When the metric is
already measured in that unit — its ``unit``, or the unit its name or label states ("Data
usage (GB)", "Voice minutes", "비가동 시간(분)") — the phrase says what the answer already
is, and the answer notes it. When the metric is measured in another unit of the same kind
(minutes asked in hours, KRW asked in USD), answering would need a conversion the catalog
does not define: that is refused in words, never answered in the metric's own unit as if it
were the one asked. A scale ("in millions", "억 단위") leaves the number as it is and the
answer says it is shown in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.i18n.notes import Note, note
from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.lexicon import WordClass
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, cannot_express, label
from app.pipeline.plan.entities import is_count
from app.pipeline.plan.notes import names_of
from metrics.model import Format, Metric


class Family(StrEnum):
    TIME = "time"
    DATA = "data"
    MONEY = "money"
    SCALE = "scale"


def _units(family: Family, table: dict[str, str]) -> dict[str, tuple[Family, str]]:
    return {word: (family, unit) for word, unit in table.items()}


def _spelled(unit: str, *words: str) -> dict[str, str]:
    return dict.fromkeys(words, unit)


UNITS: dict[str, tuple[Family, str]] = {
    **_units(
        Family.TIME,
        {
            **_spelled("seconds", "seconds", "secs", "초"),
            **_spelled("minutes", "minute", "minutes", "mins", "분"),
            **_spelled("hours", "hour", "hours", "hr", "hrs", "시간"),
            **_spelled("days", "day", "days", "일", "일수"),
            **_spelled("weeks", "week", "weeks", "주"),
        },
    ),
    **_units(
        Family.DATA,
        {
            **_spelled("bytes", "byte", "bytes", "바이트"),
            **_spelled("KB", "kb", "kilobyte", "kilobytes", "킬로바이트"),
            **_spelled("MB", "mb", "megabyte", "megabytes", "메가", "메가바이트"),
            **_spelled("GB", "gb", "gigabyte", "gigabytes", "기가", "기가바이트"),
            **_spelled("TB", "tb", "terabyte", "terabytes", "테라", "테라바이트"),
        },
    ),
    **_units(
        Family.MONEY,
        {
            **_spelled("KRW", "krw", "won", "원"),
            **_spelled("USD", "usd", "dollar", "dollars", "달러"),
            **_spelled("EUR", "eur", "euro", "euros", "유로"),
            **_spelled("JPY", "jpy", "yen", "엔"),
        },
    ),
    **_units(
        Family.SCALE,
        {
            **_spelled("thousands", "thousand", "thousands", "천"),
            **_spelled("millions", "million", "millions", "백만"),
            **_spelled("billions", "billion", "billions", "십억"),
            **_spelled("ten thousands", "만"),
            **_spelled("hundred millions", "억"),
        },
    ),
}
"""Unit words by the kind of quantity they measure; conversions between them are not ours."""

_ENGLISH_BEFORE = frozenset({"in"})
_KOREAN_AFTER = frozenset({"단위", "단위로"})
_KOREAN_IN = frozenset({"로", "으로"})
"""The particle of "달러로", "GB로": in that unit."""
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_LATIN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _Asked:
    words: tuple[int, ...]
    family: Family
    unit: str

    def said(self, g: Grounding) -> str:
        return " ".join(g.words[i].text for i in self.words)


def read_units(
    g: Grounding, ctx: PlanningContext, metrics: list[str]
) -> tuple[set[int], list[Note]]:
    """The words of unit phrases the metrics are already measured in, and a note for each;
    a unit of the same kind as the metric's own but another one is refused."""
    if not metrics:
        return set(), []
    read: set[int] = set()
    notes: list[Note] = []
    for asked in _asked_units(g):
        measured = {m: _measured_in(ctx.catalog.get(m), asked.family) for m in metrics}
        if asked.family is Family.SCALE:
            if all(_scalable(ctx.catalog.get(m)) for m in metrics):
                read |= set(asked.words)
                notes.append(note("unit_scale", words=asked.said(g)))
            continue
        _refuse_conversion(asked, measured, ctx, g)
        same = [m for m, units in measured.items() if asked.unit in units]
        if same:
            read |= set(asked.words)
            shown = names_of(Target(Kind.METRIC, same[0]), ctx)
            notes.append(note("unit_shown", words=asked.said(g), metric=shown, unit=asked.unit))
        elif all(is_count(ctx.catalog.get(m)) for m in metrics) or asked.unit == SHOWN_CURRENCY:
            read |= set(asked.words)  # a count has no unit; amounts are shown in won anyway
        elif has_hangul(g.text):
            names = ", ".join(f"'{label(Target(Kind.METRIC, m), ctx, 'ko')}'" for m in metrics)
            raise cannot_express(
                f"카탈로그에 {names}의 단위가 없어 '{asked.said(g)}'(으)로 바꿔 보여 드릴 수 "
                "없습니다. 지표 담당자가 단위를 적어 둘 수 있습니다."
            )
        else:
            names = " and ".join(label(Target(Kind.METRIC, m), ctx) for m in metrics)
            raise cannot_express(
                f"The catalog doesn't say which unit {names} is in, so askbi can't show it "
                f"in {asked.unit} ('{asked.said(g)}'). A metric owner can state the unit."
            )
    return read, notes


SHOWN_CURRENCY = "KRW"
"""The currency askbi writes amounts in (see ``present/formatting.py``)."""


def unit_metric(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> str | None:
    """ "How much data did subscribers use, in GB?": when no asked metric is measured in
    the unit's kind, the one metric of the catalog measured in that unit whose name shares
    a content word of the question ("data", not "average") is the measure asked."""
    content = [
        w
        for w in g.words
        if w.word_class not in (WordClass.OPERATOR, WordClass.FUNCTION) and w.number is None
    ]
    asked_words = {w.lemma for w in content} | {w.text for w in content}
    for asked in _asked_units(g):
        if asked.family is Family.SCALE or any(
            _measured_in(ctx.catalog.get(m), asked.family) for m in metrics
        ):
            continue
        said = asked_words - {g.words[i].text for i in asked.words}
        fitting = [
            m.name
            for m in ctx.catalog.metrics.values()
            if asked.unit in _measured_in(m, asked.family)
            and said & set(_LATIN.findall(f"{m.name.replace('_', ' ')} {m.label}".casefold()))
        ]
        if len(fitting) == 1:
            return fitting[0]
    return None


def _refuse_conversion(
    asked: _Asked, measured: dict[str, set[str]], ctx: PlanningContext, g: Grounding
) -> None:
    for metric, units in measured.items():
        if units and asked.unit not in units and has_hangul(g.text):
            raise cannot_express(
                f"'{label(Target(Kind.METRIC, metric), ctx, 'ko')}'은(는) "
                f"{', '.join(sorted(units))} 단위이고, 카탈로그에 '{asked.said(g)}'(으)로 바꾸는 "
                "정의가 없어 바꿔 보여 드릴 수 없습니다."
            )
        if units and asked.unit not in units:
            raise cannot_express(
                f"{label(Target(Kind.METRIC, metric), ctx)} is measured in "
                f"{' and '.join(sorted(units))}; the catalog defines no conversion to "
                f"{asked.unit} ('{asked.said(g)}'). Ask for it in {sorted(units)[0]}, or add "
                "a metric in that unit to the catalog."
            )


def _asked_units(g: Grounding) -> list[_Asked]:
    """Unit words after "in" (English) or before "단위" (Korean), that no catalog name
    or time phrase took: "in GB", "in hours", "시간 단위로", "백만원 단위"."""
    taken = {i for m in g.mentions for i in range(m.first, m.last)}
    for cue in g.cues:
        if cue.kind in (CueKind.TIME, CueKind.TIME_QUALIFIER, CueKind.GRAIN):
            taken |= {g.words.index(w) for w in g.words_in(cue.start, cue.end)}
    found = [_Asked(*c) for c in _unit_cues(g)]
    for i, word in enumerate(g.words):
        unit = UNITS.get(word.text)
        if unit is None or i in taken:
            continue
        after = g.words[i + 1] if i + 1 < len(g.words) else None
        if word.korean:
            span = _korean_phrase(g, i)
            if span is not None:
                found.append(_Asked(span, *_with_scale(g, span, unit)))
        elif i > 0 and g.words[i - 1].text in _ENGLISH_BEFORE:
            found.append(_Asked((i - 1, i), *unit))
        elif after is not None and after.text in _KOREAN_AFTER | _KOREAN_IN:
            found.append(_Asked((i, i + 1) if after.text in _KOREAN_AFTER else (i,), *unit))
    return _distinct(found)


def _unit_cues(g: Grounding) -> list[tuple[tuple[int, ...], Family, str]]:
    """Unit phrases the cues found in brackets or after 단위 ("(단위: 달러)", "(KRW)",
    "(만원 단위)"), as words and the unit their unit words name."""
    found = []
    for cue in g.cues:
        if cue.kind is not CueKind.UNIT:
            continue
        inside = g.words_in(cue.start, cue.end)
        span = tuple(g.words.index(w) for w in inside)
        units = [i for i in span if g.words[i].text in UNITS]
        if units:
            found.append((span, *_with_scale(g, tuple(units), UNITS[g.words[units[-1]].text])))
    return found


def _korean_phrase(g: Grounding, i: int) -> tuple[int, ...] | None:
    """ "시간 단위", "백만 원 단위로": unit words, then 단위."""
    last = i
    while last + 1 < len(g.words) and g.words[last + 1].text in UNITS:
        last += 1
    after = g.words[last + 1] if last + 1 < len(g.words) else None
    if after is None or after.text not in _KOREAN_AFTER | _KOREAN_IN:
        return None
    if after.text in _KOREAN_IN:
        return tuple(range(i, last + 1))
    return tuple(range(i, last + 2))


def _with_scale(
    g: Grounding, span: tuple[int, ...], unit: tuple[Family, str]
) -> tuple[Family, str]:
    """ "백만원 단위": a scale of money is a scale; the currency is the metric's own."""
    families = {UNITS[g.words[i].text][0] for i in span if g.words[i].text in UNITS}
    return (Family.SCALE, unit[1]) if Family.SCALE in families else unit


def _distinct(found: Iterable[_Asked]) -> list[_Asked]:
    seen: set[int] = set()
    kept = []
    for asked in found:
        if seen & set(asked.words):
            continue
        seen |= set(asked.words)
        kept.append(asked)
    return kept


def _measured_in(metric: Metric, family: Family) -> set[str]:
    """The units of ``family`` the metric states: its ``unit``, the English words of its name,
    label and synonyms, and what its Korean label puts in parentheses ("시간(분)")."""
    words = set(metric.unit.casefold().split())
    for text in (metric.name.replace("_", " "), metric.label, *metric.synonyms):
        words |= set(_LATIN.findall(text.casefold()))
    for text in (metric.label, *metric.synonyms, *metric.labels.values()):
        words |= {w for inside in _PARENTHESISED.findall(text) for w in inside.casefold().split()}
    return {UNITS[w][1] for w in words if w in UNITS and UNITS[w][0] is family}


def _scalable(metric: Metric) -> bool:
    return metric.format in (Format.CURRENCY, Format.NUMBER, Format.INTEGER)
