"""Regions and stores: where the chain sells, how big each store is and how it is doing.

Every store gets its own annual growth rate. The same rate drives its order volume (see
``demand.py``) and the mean satisfaction of its surveys, which is what makes "do happier stores
grow faster?" a question with a real, positive answer in the sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_db.reference_data import (
    CHAIN_NAME,
    COUNTRY,
    FLAGSHIP_SITES,
    OUTLET_SITES,
    REGIONS,
)
from sample_db.timeline import BoolArray, FloatArray, IntArray, Period, rng_for

FORMAT_VOLUME = {"flagship": 2.2, "standard": 1.0, "outlet": 0.85}
FLOOR_AREA_M2 = {"flagship": (6_000, 9_000), "standard": (1_800, 4_200), "outlet": (3_500, 6_500)}
ONLINE_ORDER_SHARE = 0.3  # of all orders at the start of the period
NEW_STORES = 5  # retail stores that open during the first year of the period

# Annual growth of a store's orders, (mean, sd): a few shops shrink, online grows faster.
RETAIL_GROWTH = (0.06, 0.12)
ONLINE_GROWTH = (0.14, 0.07)
GROWTH_BOUNDS = (-0.2, 0.45)

# Satisfaction model: a store's mean csat (on a latent 1–5 scale) rises with its growth rate,
# plus a little of its own noise so the relation is strong but not exact.
CSAT_AT_10_PCT_GROWTH = 3.75
CSAT_PER_GROWTH = 2.5  # +0.25 csat for every 10 points of annual growth
CSAT_STORE_NOISE = 0.05
CSAT_BOUNDS = (2.6, 4.7)


@dataclass(frozen=True, eq=False)
class StoreModel:
    """The `stores` table plus the hidden per-store parameters the fact tables need."""

    table: pd.DataFrame
    region_index: IntArray  # 0-based position in REGIONS
    online: BoolArray
    opened_day: IntArray  # day offset of opened_on from the period start (negative = before)
    volume: FloatArray  # relative order volume at the start of the period
    growth: FloatArray  # annual growth rate of the store's orders
    satisfaction: FloatArray  # mean latent csat of the store's surveys


def regions_frame() -> pd.DataFrame:
    """The fixed `regions` table."""
    return pd.DataFrame(
        {
            "region_id": np.arange(1, len(REGIONS) + 1, dtype=np.int32),
            "region_name": [r.name for r in REGIONS],
            "region_name_ko": [r.name_ko for r in REGIONS],
            "country": COUNTRY,
        }
    )


def population_share() -> FloatArray:
    population = np.array([r.population_m for r in REGIONS])
    return population / population.sum()


def _sites() -> pd.DataFrame:
    """Store names, regions, channels and formats, before anything random."""
    rows = [
        (f"{CHAIN_NAME} {site}", i, "retail", _format_of(site))
        for i, region in enumerate(REGIONS)
        for site in region.retail_sites
    ]
    rows += [
        (f"{CHAIN_NAME} Online {r.name}", i, "online", "standard") for i, r in enumerate(REGIONS)
    ]
    return pd.DataFrame(rows, columns=["store_name", "region_index", "channel", "store_format"])


def _format_of(site: str) -> str:
    if site in FLAGSHIP_SITES:
        return "flagship"
    return "outlet" if site in OUTLET_SITES else "standard"


def _opened_days(sites: pd.DataFrame, period: Period, rng: np.random.Generator) -> IntArray:
    """Most stores predate the period; a few standard stores open in its first year.

    New stores open before the last 24 months start, so both halves of a year-over-year
    comparison see them fully open and their growth reflects their own rate, not a ramp-up.
    """
    online = (sites["channel"] == "online").to_numpy()
    opened = -rng.integers(180, 15 * 365, len(sites))
    opened[online] = -rng.integers(3 * 365, 8 * 365, int(online.sum()))
    candidates = np.flatnonzero((sites["store_format"] == "standard").to_numpy() & ~online)
    new = rng.choice(candidates, NEW_STORES, replace=False)
    opened[new] = rng.integers(30, min(330, period.n_days - 730), NEW_STORES)
    return opened.astype(np.int64)


def _floor_areas(formats: pd.Series, online: BoolArray, rng: np.random.Generator) -> pd.Series:
    bounds = np.array([FLOOR_AREA_M2[f] for f in formats], dtype=np.float64)
    area = np.round(rng.uniform(bounds[:, 0], bounds[:, 1]), -1)
    return pd.Series(pd.array(np.where(online, np.nan, area), dtype="Float64"))


def _volumes(sites: pd.DataFrame, online: BoolArray, rng: np.random.Generator) -> FloatArray:
    """Retail volume by format; online volume by regional population share."""
    retail = np.array([FORMAT_VOLUME[f] for f in sites["store_format"]]) * rng.uniform(
        0.8, 1.25, len(sites)
    )
    online_total = retail[~online].sum() * ONLINE_ORDER_SHARE / (1 - ONLINE_ORDER_SHARE)
    by_region = online_total * population_share()[sites["region_index"].to_numpy()]
    return np.where(online, by_region, retail)


def _growth_and_satisfaction(
    online: BoolArray, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Each store's annual growth rate, and the satisfaction level that comes with it."""
    n = len(online)
    growth = np.where(online, rng.normal(*ONLINE_GROWTH, n), rng.normal(*RETAIL_GROWTH, n))
    growth = np.clip(growth, *GROWTH_BOUNDS)
    satisfaction = CSAT_AT_10_PCT_GROWTH + CSAT_PER_GROWTH * (growth - 0.1)
    satisfaction += rng.normal(0, CSAT_STORE_NOISE, n)
    return growth, np.clip(satisfaction, *CSAT_BOUNDS)


def build_stores(period: Period, seed: int) -> StoreModel:
    """Retail stores spread by population, plus one online store per region."""
    rng = rng_for(seed, "stores")
    sites = _sites()
    online = (sites["channel"] == "online").to_numpy()
    opened = _opened_days(sites, period, rng)
    growth, satisfaction = _growth_and_satisfaction(online, rng)
    table = pd.DataFrame(
        {
            "store_id": np.arange(1, len(sites) + 1, dtype=np.int32),
            "store_name": sites["store_name"],
            "region_id": (sites["region_index"] + 1).astype(np.int32),
            "channel": sites["channel"],
            "store_format": sites["store_format"],
            "opened_on": period.dates(opened),
            "floor_area_m2": _floor_areas(sites["store_format"], online, rng),
        }
    )
    return StoreModel(
        table=table,
        region_index=sites["region_index"].to_numpy(np.int64),
        online=online,
        opened_day=opened,
        volume=_volumes(sites, online, rng),
        growth=growth,
        satisfaction=satisfaction,
    )
