"""Monthly revenue targets per region, set the way a planning team would have set them.

Targets run from the start month through December of the end year. For each month the
period fully covers, the target is the region's actual certified revenue times a factor in
[0.9, 1.15], so some regions beat target and others miss it. A partly covered first month is
scaled up to a full month first. The current (incomplete) month and later months have no
actuals yet: they take the same month a year earlier times the region's recent growth.
"""

from __future__ import annotations

import calendar
from datetime import date

import numpy as np
import pandas as pd

from sample_db.timeline import FloatArray, Period, rng_for

TARGET_FACTOR = (0.9, 1.15)
GROWTH_CLIP = (0.95, 1.35)


def revenue_targets_frame(actual: FloatArray, period: Period, seed: int) -> pd.DataFrame:
    """Targets from ``actual``: certified revenue of shape (regions, months of the period)."""
    rng = rng_for(seed, "targets")
    months = period.month_starts(date(period.end.year, 12, 1))
    base = _full_month_basis(actual, period, len(months))
    factor = rng.uniform(*TARGET_FACTOR, base.shape)
    region, month = np.indices(base.shape).reshape(2, -1)
    return pd.DataFrame(
        {
            "month": np.array(months, dtype="datetime64[D]")[month],
            "region_id": (region + 1).astype(np.int32),
            "target_amount": np.round(base * factor).ravel(),
        }
    )


def _full_month_basis(actual: FloatArray, period: Period, n_months: int) -> FloatArray:
    """Full-month revenue per region and month: actual, scaled up, or extrapolated."""
    basis = np.zeros((actual.shape[0], n_months))
    basis[:, : actual.shape[1]] = actual
    if period.start.day > 1:
        days_in_month = calendar.monthrange(period.start.year, period.start.month)[1]
        basis[:, 0] *= days_in_month / (days_in_month - period.start.day + 1)
    last_day = calendar.monthrange(period.end.year, period.end.month)[1]
    first_open = actual.shape[1] - (period.end.day < last_day)  # first month without actuals
    growth = basis[:, first_open - 12 : first_open].sum(1) / np.maximum(
        basis[:, first_open - 24 : first_open - 12].sum(1), 1.0
    )
    growth = np.clip(growth, *GROWTH_CLIP)
    for month in range(first_open, n_months):  # at most twelve months ahead
        basis[:, month] = basis[:, month - 12] * growth
    return basis
