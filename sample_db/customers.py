"""Customers: who they are, where they live and when they signed up.

Customer ids follow signup order. About a third signed up before the period; the rest join
at a growing pace through it, so "new customers per month" trends up. Orders only ever go to
customers who had signed up by the order date (see :meth:`CustomerModel.pick`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_db.reference_data import (
    EMAIL_DOMAINS,
    FAMILY_NAMES,
    GIVEN_FIRST,
    GIVEN_SECOND,
    REGIONS,
)
from sample_db.schema import labels
from sample_db.stores import population_share
from sample_db.timeline import DAYS_PER_YEAR, IntArray, Period, rng_for

CUSTOMERS_PER_SCALE = 60_000
MIN_CUSTOMERS = 100
PRE_PERIOD_SHARE = 0.35
SIGNUP_GROWTH = 1.15  # yearly growth of new signups
BIRTH_YEAR_NULL_SHARE = 0.08
SEGMENTS = ("consumer", "business", "vip")
SEGMENT_WEIGHTS = (0.85, 0.1, 0.05)
TIERS = ("none", "silver", "gold", "platinum")
TIER_WEIGHTS = np.array(  # rows follow SEGMENTS: VIPs are all gold or platinum
    [[0.55, 0.3, 0.12, 0.03], [0.4, 0.35, 0.2, 0.05], [0.0, 0.0, 0.4, 0.6]]
)


@dataclass(frozen=True, eq=False)
class CustomerModel:
    """The `customers` table plus a per-region index for picking who places an order."""

    table: pd.DataFrame
    ids_by_region: tuple[IntArray, ...]  # customer ids of each region, in signup order
    signups_by_region: tuple[IntArray, ...]  # their signup day offsets (sorted)

    def pick(self, region_index: IntArray, day: IntArray, rng: np.random.Generator) -> IntArray:
        """A customer of the given region who had signed up by ``day``, for every order.

        Picks uniformly among eligible customers, so long-standing customers accumulate more
        orders, as they do in life. Every region has a customer from before the period.
        """
        chosen = np.empty(len(day), dtype=np.int64)
        for region, (ids, signups) in enumerate(
            zip(self.ids_by_region, self.signups_by_region, strict=True)
        ):
            rows = np.flatnonzero(region_index == region)
            eligible = np.searchsorted(signups, day[rows], side="right")
            chosen[rows] = ids[(rng.random(len(rows)) * eligible).astype(np.int64)]
        return chosen


def _signup_days(n: int, period: Period, rng: np.random.Generator) -> IntArray:
    before = round(n * PRE_PERIOD_SHARE)
    days = np.arange(period.n_days)
    weights = SIGNUP_GROWTH ** (days / DAYS_PER_YEAR)
    during = rng.choice(days, n - before, p=weights / weights.sum())
    return np.sort(np.concatenate([-rng.integers(1, 5 * 365, before), during]))


def _regions(n: int, rng: np.random.Generator) -> IntArray:
    regions = rng.choice(len(REGIONS), n, p=population_share())
    # The earliest customers, one per region, guarantee every region an eligible customer.
    regions[: len(REGIONS)] = np.arange(len(REGIONS))
    return regions.astype(np.int64)


def _names(ids: IntArray, rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    """Romanised Korean names ("Kim Min-jun") and matching fake e-mail addresses."""
    family_weights = np.array([w for _, w in FAMILY_NAMES])
    family = np.array([f for f, _ in FAMILY_NAMES])[
        rng.choice(len(FAMILY_NAMES), len(ids), p=family_weights / family_weights.sum())
    ]
    first = np.array(GIVEN_FIRST)[rng.integers(len(GIVEN_FIRST), size=len(ids))]
    second = np.array(GIVEN_SECOND)[rng.integers(len(GIVEN_SECOND), size=len(ids))]
    domain = np.array(EMAIL_DOMAINS)[rng.integers(len(EMAIL_DOMAINS), size=len(ids))]
    family_s, first_s, second_s = pd.Series(family), pd.Series(first), pd.Series(second)
    full = family_s + " " + first_s + "-" + second_s
    # The id keeps addresses unique, as "minjun.kim" alone would not be.
    local = (first_s + second_s + "." + family_s).str.lower() + pd.Series(ids.astype(str))
    return full, local + "@" + pd.Series(domain)


def _phones(n: int, rng: np.random.Generator) -> pd.Series:
    middle = np.strings.zfill(rng.integers(0, 10_000, n).astype(str), 4)
    last = np.strings.zfill(rng.integers(0, 10_000, n).astype(str), 4)
    return "010-" + pd.Series(middle, dtype="str") + "-" + pd.Series(last, dtype="str")


def _birth_years(n: int, period: Period, rng: np.random.Generator) -> pd.Series:
    age = np.clip(rng.normal(41, 13, n), 18, 85).astype(np.int64)
    missing = rng.random(n) < BIRTH_YEAR_NULL_SHARE
    return pd.Series(pd.arrays.IntegerArray((period.end.year - age).astype(np.int32), missing))


def _segments_and_tiers(
    n: int, rng: np.random.Generator
) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    segment = rng.choice(len(SEGMENTS), n, p=SEGMENT_WEIGHTS)
    cumulative = TIER_WEIGHTS.cumsum(axis=1)[segment]
    tier = (rng.random(n)[:, None] > cumulative[:, :-1]).sum(axis=1)
    return (
        labels(segment, SEGMENTS),
        labels(tier, TIERS),
    )


def build_customers(period: Period, scale: float, seed: int) -> CustomerModel:
    """About 60,000 × scale customers with names, contacts, segments and signup dates."""
    rng = rng_for(seed, "customers")
    n = max(round(CUSTOMERS_PER_SCALE * scale), MIN_CUSTOMERS)
    ids = np.arange(1, n + 1, dtype=np.int64)
    signup = _signup_days(n, period, rng)
    region = _regions(n, rng)
    full_name, email = _names(ids, rng)
    segment, tier = _segments_and_tiers(n, rng)
    table = pd.DataFrame(
        {
            "customer_id": ids.astype(np.int32),
            "full_name": full_name,
            "email": email,
            "phone": _phones(n, rng),
            "segment": segment,
            "region_id": (region + 1).astype(np.int32),
            "signup_date": period.dates(signup),
            "birth_year": _birth_years(n, period, rng),
            "loyalty_tier": tier,
        }
    )
    by_region = [np.flatnonzero(region == r) for r in range(len(REGIONS))]
    return CustomerModel(
        table=table,
        ids_by_region=tuple(ids[rows] for rows in by_region),
        signups_by_region=tuple(signup[rows] for rows in by_region),
    )
