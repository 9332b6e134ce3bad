"""Latency figures shared by the benchmarks and the evaluation report."""

from __future__ import annotations

import math


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (nearest rank).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.0
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
