"""Does the data cover the dates a question asks about?

"Revenue this month" on a warehouse loaded up to last week is not a slump; the answer must
say the data ends early. The execute stage reads each asked time dimension's first and last
date (through the guard, like any query); this module only words what they mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app.i18n.catalog import Language
from app.i18n.formatting import day
from app.i18n.notes import Note, note
from app.pipeline.records import Span
from metrics.timeframe import EARLIEST
from semantic_layer.layer import SemanticLayer


def coverage_warnings(
    spans: Mapping[str, Span | None],
    layer: SemanticLayer,
    start: dt.date | None,
    end: dt.date | None,
) -> list[Note]:
    warnings: list[Note] = []
    for time_dimension, span in spans.items():
        if span is None:
            continue
        first, last = span
        definition = layer.time_dimension(time_dimension).definition
        named = {**definition.labels, "en": definition.label or time_dimension}
        if end is not None and last < end and (start is None or last >= start):
            warnings.append(note("data_ends", last=_day(last), dimension=named, end=_day(end)))
        elif end is not None and start is not None and (last < start or first > end):
            warnings.append(
                note(
                    "no_data",
                    start=_day(start),
                    end=_day(end),
                    dimension=named,
                    first=_day(first),
                    last=_day(last),
                )
            )
        elif start is not None and first > start and start > EARLIEST:
            warnings.append(note("data_starts", first=_day(first), start=_day(start)))
    return warnings


def _day(value: dt.date) -> dict[str, str]:
    """An ISO date in English (as before), the date in words in Korean."""
    return {"en": value.isoformat(), "ko": day(value, Language.KO)}
