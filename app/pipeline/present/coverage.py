"""Does the data cover the dates a question asks about?

"Revenue this month" on a warehouse loaded up to last week is not a slump; the answer must
say the data ends early. The execute stage reads each asked time dimension's first and last
date (through the guard, like any query); this module only words what they mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app.pipeline.records import Span
from semantic_layer.layer import SemanticLayer


def coverage_warnings(
    spans: Mapping[str, Span | None],
    layer: SemanticLayer,
    start: dt.date | None,
    end: dt.date | None,
) -> list[str]:
    warnings: list[str] = []
    for time_dimension, span in spans.items():
        if span is None:
            continue
        first, last = span
        label = layer.time_dimension(time_dimension).definition.label or time_dimension
        if end is not None and last < end and (start is None or last >= start):
            warnings.append(
                f"The data ends on {last} ({label}), before the end "
                f"of the asked range ({end}); the last period is incomplete."
            )
        elif end is not None and start is not None and (last < start or first > end):
            warnings.append(
                f"There is no data for {start} to {end}: {label} runs from {first} to {last}."
            )
        elif start is not None and first > start:
            warnings.append(
                f"The data starts on {first}, after the start of the asked range ({start})."
            )
    return warnings
