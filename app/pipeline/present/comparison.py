""" "X vs the previous period" with both values side by side, and a note when one is partial.

A period-over-period metric (revenue growth MoM) asked with its base metric (revenue)
returns the current value and the change; the reader also wants the value it changed from.
That value follows from the two (growth = current ÷ previous − 1, change = current −
previous), so it is added as a column without another query. The previous window is the
current one moved by the metric's offset, as the compiler does (November 1–28 is compared
with October 1–28), and a current period that is not over says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n.catalog import Language
from app.i18n.formatting import period
from app.pipeline.present.formatting import format_value
from app.pipeline.records import ResultColumn, TimeWindow
from metrics.catalog import MetricCatalog
from metrics.model import Calculation, PeriodOverPeriodMetric
from metrics.timeframe import shift, start_of
from semantic_layer.model import Grain

Row = tuple[Any, ...]
PREVIOUS = "__previous"
"""The suffix of the column added for the previous period's value."""

TEMPLATES = {
    "en": {
        "previous": "{label} ({period})",
        "sentence": "{label} was {current} ({now}), {direction} from {previous} ({before}).",
        "up": "up {change}",
        "down": "down {change}",
        "flat": "unchanged",
        "partial": "{now} is not a whole {grain} yet: it is compared with the same days "
        "of the previous one ({before}), not with a whole {grain}.",
    },
    "ko": {
        "previous": "{label} ({period})",
        "sentence": "{label} {current} ({now}), {before} {previous} 대비 {direction}.",
        "up": "{change} 증가",
        "down": "{change} 감소",
        "flat": "변동 없음",
        "partial": "{now}: 아직 끝나지 않은 기간이라 이전 기간 전체가 아닌 같은 날짜 범위"
        "({before})와 비교했습니다.",
    },
}


@dataclass(frozen=True)
class SideBySide:
    columns: tuple[ResultColumn, ...]
    rows: tuple[Row, ...]
    sentence: str
    note: str | None
    """Why the current period is compared with part of the previous one, when it is."""


def side_by_side(
    columns: Sequence[ResultColumn],
    rows: Sequence[Row],
    catalog: MetricCatalog,
    window: TimeWindow | None,
    language: str,
) -> SideBySide | None:
    """Both periods' values and the change, for one row holding a metric and its change."""
    if len(rows) != 1 or window is None or window.start is None or window.end is None:
        return None
    names = [c.name for c in columns]
    for index, column in enumerate(columns):
        metric = catalog.metrics.get(column.name)
        if not isinstance(metric, PeriodOverPeriodMetric) or metric.metric not in names:
            continue
        if metric.calculation is Calculation.PREVIOUS:
            continue
        base = names.index(metric.metric)
        previous = _previous(rows[0][base], rows[0][index], metric.calculation)
        before = TimeWindow(
            start=shift(window.start, -metric.offset.n, metric.offset.unit),
            end=shift(window.end, -metric.offset.n, metric.offset.unit),
        )
        laid = _laid_out(columns, rows[0], base, index, previous, window, before, language)
        note = _partial_note(window, before, metric.offset.unit, language)
        return SideBySide(laid[0], laid[1], laid[2], note)
    return None


def without_previous(
    columns: Sequence[ResultColumn], rows: Sequence[Row]
) -> tuple[tuple[ResultColumn, ...], tuple[Row, ...]]:
    """The result as the query returned it, without the previous-period column added here
    (it follows from the others, and is added again in whichever language is wanted)."""
    keep = [i for i, c in enumerate(columns) if not c.name.endswith(PREVIOUS)]
    return (
        tuple(columns[i] for i in keep),
        tuple(tuple(row[i] for i in keep) for row in rows),
    )


def _previous(current: object, change: object, calculation: Calculation) -> float | None:
    if not isinstance(current, int | float) or not isinstance(change, int | float):
        return None
    if calculation is Calculation.CHANGE:
        return current - change
    return current / (1 + change) if change != -1 else None


def _laid_out(
    columns: Sequence[ResultColumn],
    row: Row,
    base: int,
    change: int,
    previous: float | None,
    now: TimeWindow,
    before: TimeWindow,
    language: str,
) -> tuple[tuple[ResultColumn, ...], tuple[Row, ...], str]:
    words = TEMPLATES[language]
    lang = Language(language)
    now_text = period(now.start, now.end, lang)
    before_text = period(before.start, before.end, lang)
    column = columns[base]
    label = column.labels.get(language, column.label)
    added = column.model_copy(
        update={
            "name": column.name + PREVIOUS,
            "label": words["previous"].format(label=column.label, period=before_text),
            "labels": {
                k: words["previous"].format(label=v, period=before_text)
                for k, v in column.labels.items()
            },
        }
    )
    laid = (*columns[: base + 1], added, *columns[base + 1 :])
    shown = (*row[: base + 1], previous, *row[base + 1 :])
    growth = columns[change]
    amount = row[change]
    if not isinstance(amount, int | float) or amount == 0:
        direction = words["flat"]
    else:
        text = format_value(abs(amount), growth.format, growth.decimals, growth.unit)
        direction = words["up" if amount > 0 else "down"].format(change=text)
    sentence = words["sentence"].format(
        label=label,
        current=_said(row[base], column, language),
        previous=_said(previous, column, language),
        now=now_text,
        before=before_text,
        direction=direction,
    )
    return laid, (shown,), sentence


def _said(value: object, column: ResultColumn, language: str) -> str:
    return format_value(
        value, column.format, column.decimals, column.unit, language=language, compact=True
    )


def _partial_note(now: TimeWindow, before: TimeWindow, unit: Grain, language: str) -> str | None:
    """A note when the current window starts a period of the comparison's grain but stops
    before that period ends (this month so far against the same days of last month)."""
    assert now.start is not None and now.end is not None
    whole_end = shift(now.start, 1, unit) - dt.timedelta(days=1)
    if start_of(unit, now.start) != now.start or now.end >= whole_end:
        return None
    lang = Language(language)
    return TEMPLATES[language]["partial"].format(
        now=period(now.start, now.end, lang),
        before=period(before.start, before.end, lang),
        grain=unit.value,
    )
