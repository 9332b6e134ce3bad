"""Daily aggregate tables drawn from the demand matrix: marketing spend and web sessions.

Both follow expected orders, so spend carries the same seasonality and growth as sales, and
online orders divided by sessions lands at a 2–4% conversion rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_db.reference_data import REGIONS
from sample_db.schema import labels
from sample_db.timeline import rng_for
from sample_db.world import World

SPEND_CHANNELS = ("search", "social", "tv", "email", "display")
SPEND_SHARE = np.array([0.38, 0.26, 0.2, 0.05, 0.11])
SPEND_PER_EXPECTED_ORDER = 7_000.0  # KRW of marketing per expected order
SPEND_NOISE = 0.15
TV_ON_AIR_SHARE = 0.45  # TV runs in whole-week flights, nationally
CONVERSION_RANGE = (0.022, 0.038)
VISITORS_PER_SESSION = (0.6, 0.85)


def marketing_spend_frame(world: World, seed: int) -> pd.DataFrame:
    """One row per day × region × channel, ordered that way; TV is zero between flights."""
    rng = rng_for(seed, "marketing")
    n_regions, n_days = len(REGIONS), world.period.n_days
    region_of_store = np.eye(n_regions)[world.stores.region_index]  # (stores, regions)
    expected = region_of_store.T @ world.rates  # (regions, days)
    amount = expected[:, None, :] * SPEND_PER_EXPECTED_ORDER * SPEND_SHARE[:, None]
    amount = amount * rng.lognormal(0, SPEND_NOISE, amount.shape)
    week = np.arange(n_days) // 7
    on_air = rng.random(week.max() + 1) < TV_ON_AIR_SHARE
    # Budget moves from off-air weeks into flights, so TV's yearly share stays near plan.
    amount[:, SPEND_CHANNELS.index("tv"), :] *= np.where(on_air[week], 1 / TV_ON_AIR_SHARE, 0.0)
    amount = np.round(amount.transpose(2, 0, 1))  # (days, regions, channels), whole won
    days, regions, channels = np.indices(amount.shape).reshape(3, -1)
    return pd.DataFrame(
        {
            "spend_date": world.period.dates(days),
            "region_id": (regions + 1).astype(np.int32),
            "channel": labels(channels, SPEND_CHANNELS),
            "amount": amount.ravel(),
        }
    )


def web_sessions_frame(world: World, seed: int) -> pd.DataFrame:
    """One row per day × online store, ordered that way."""
    rng = rng_for(seed, "web_sessions")
    online = np.flatnonzero(world.stores.online)
    expected = world.rates[online].T  # (days, online stores)
    conversion = rng.uniform(*CONVERSION_RANGE, expected.shape)
    sessions = np.maximum(np.rint(expected / conversion), 1)
    visitors = np.clip(
        np.rint(sessions * rng.uniform(*VISITORS_PER_SESSION, expected.shape)), 1, sessions
    )
    days, stores = np.indices(expected.shape).reshape(2, -1)
    return pd.DataFrame(
        {
            "session_date": world.period.dates(days),
            "store_id": (online[stores] + 1).astype(np.int32),
            "sessions": sessions.ravel().astype(np.int32),
            "visitors": visitors.ravel().astype(np.int32),
        }
    )
