"""The product catalogue: 600 products in six categories with realistic KRW prices.

The catalogue does not scale. Popularity within a category follows a long tail and leans to
cheaper items; most products were launched before the period, the rest during it, and order
lines only ever use products already launched (see ``orders.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_db.reference_data import CATEGORIES, MODEL_WORDS, Category
from sample_db.timeline import FloatArray, IntArray, Period, rng_for

LAUNCHED_IN_PERIOD_SHARE = 0.15
POPULARITY_TAIL = 0.9  # Zipf exponent of popularity by rank within a category
PRICE_AVERSION = 0.3  # popularity ∝ price ** -PRICE_AVERSION within a category


@dataclass(frozen=True, eq=False)
class ProductModel:
    """The `products` table plus what order lines need to pick and price products."""

    table: pd.DataFrame
    list_price: FloatArray
    launched_day: IntArray
    popularity: FloatArray  # probability that an order line is this product
    extra_units: FloatArray  # mean quantity above one per line


def shelf_price(raw: FloatArray) -> FloatArray:
    """Round raw prices the way shops do: x,900 won from 5,000 won up, else to 100 won.

    >>> shelf_price(np.array([1234.0, 5200.0, 1_234_567.0])).tolist()
    [1200.0, 5900.0, 1234900.0]
    """
    return np.where(raw >= 5_000, np.ceil(raw / 1_000) * 1_000 - 100, np.round(raw, -2))


def _category_frame(category: Category, rng: np.random.Generator) -> pd.DataFrame:
    n = category.product_count
    subs = category.subcategories
    sub = rng.integers(len(subs), size=n)
    low = np.array([s.min_price for s in subs], dtype=np.float64)[sub]
    high = np.array([s.max_price for s in subs], dtype=np.float64)[sub]
    price = shelf_price(np.exp(rng.uniform(np.log(low), np.log(high))))
    nouns = [s.nouns[rng.integers(len(s.nouns))] for s in (subs[i] for i in sub)]
    brand = np.array(category.brands)[rng.integers(len(category.brands), size=n)]
    model = np.array(MODEL_WORDS)[rng.integers(len(MODEL_WORDS), size=n)]
    rank = rng.permutation(n) + 1
    weight = rank**-POPULARITY_TAIL * price**-PRICE_AVERSION
    return pd.DataFrame(
        {
            "product_name": [
                f"{b} {noun} {m}" for b, noun, m in zip(brand, nouns, model, strict=True)
            ],
            "category": category.name,
            "subcategory": [subs[i].name for i in sub],
            "brand": brand,
            "list_price": price,
            # Margins differ by product; cost always stays below the list price.
            "unit_cost": np.round(price * rng.uniform(0.45, 0.72, n)),
            "popularity": category.line_share * weight / weight.sum(),
            "extra_units": category.extra_units,
        }
    )


def _unique_names(names: pd.Series) -> pd.Series:
    """Number repeated names ("Baram Knit Pro 2") so each product name is unique."""
    repeat = names.groupby(names).cumcount()
    return names.where(repeat == 0, names + " " + (repeat + 1).astype(str))


def _launch_days(n: int, period: Period, rng: np.random.Generator) -> IntArray:
    launched = -rng.integers(30, 6 * 365, n)
    new = rng.random(n) < LAUNCHED_IN_PERIOD_SHARE
    launched[new] = rng.integers(30, period.n_days - 120, int(new.sum()))
    return launched.astype(np.int64)


def build_products(period: Period, seed: int) -> ProductModel:
    """The fixed-size catalogue (600 products)."""
    rng = rng_for(seed, "products")
    frame = pd.concat([_category_frame(c, rng) for c in CATEGORIES], ignore_index=True)
    launched = _launch_days(len(frame), period, rng)
    table = pd.DataFrame(
        {
            "product_id": np.arange(1, len(frame) + 1, dtype=np.int32),
            "product_name": _unique_names(frame["product_name"]),
            "category": frame["category"],
            "subcategory": frame["subcategory"],
            "brand": frame["brand"],
            "unit_cost": frame["unit_cost"],
            "list_price": frame["list_price"],
            "launched_on": period.dates(launched),
        }
    )
    popularity = frame["popularity"].to_numpy(np.float64)
    return ProductModel(
        table=table,
        list_price=frame["list_price"].to_numpy(np.float64),
        launched_day=launched,
        popularity=popularity / popularity.sum(),
        extra_units=frame["extra_units"].to_numpy(np.float64),
    )
