"""Expected orders per store per day: the one place the business effects on volume live.

rate[store, day] = volume × (1 + growth) ** years × month seasonality × weekday effect
                   × local noise × (store open),
rescaled so the whole period expects ``ORDERS_PER_SCALE × scale`` orders. Orders, web sessions
and marketing spend are all drawn from this matrix, so they move together.
"""

from __future__ import annotations

import numpy as np

from sample_db.stores import StoreModel
from sample_db.timeline import (
    DAYS_PER_YEAR,
    MONTH_SEASONALITY,
    ONLINE_WEEKDAY,
    RETAIL_WEEKDAY,
    FloatArray,
    Period,
    rng_for,
)

ORDERS_PER_SCALE = 400_000
DAILY_NOISE = 0.08  # weather, local events: day-to-day wobble of a store's demand


def daily_order_rates(stores: StoreModel, period: Period, scale: float, seed: int) -> FloatArray:
    """Expected order count for every (store, day) of the period, shape (stores, days)."""
    rng = rng_for(seed, "demand")
    days = np.arange(period.n_days)
    years = days / DAYS_PER_YEAR
    weekday = np.where(
        stores.online[:, None],
        ONLINE_WEEKDAY[period.weekday(days)][None, :],
        RETAIL_WEEKDAY[period.weekday(days)][None, :],
    )
    rate = (
        stores.volume[:, None]
        * (1 + stores.growth[:, None]) ** years[None, :]
        * MONTH_SEASONALITY[period.calendar_month(days)][None, :]
        * weekday
        * rng.lognormal(0, DAILY_NOISE, weekday.shape)
        * (days[None, :] >= stores.opened_day[:, None])
    )
    return np.asarray(rate * (ORDERS_PER_SCALE * scale / rate.sum()), dtype=np.float64)
