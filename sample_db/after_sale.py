"""What happens after an order: returns of 'returned' orders and satisfaction surveys.

Returns reference real order lines: every returned order gives back at least one line, never
more units than were bought, refunded at the price actually paid, 1–30 days after the order
and never after the end date. Surveys cover about 8% of real (non-test) orders; their scores
centre on the store's satisfaction level, which rises with the store's growth rate, and dip
for cancelled or returned orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_db.orders import CANCELLED, COMPLETED, RETURNED, Lines, Orders
from sample_db.reference_data import (
    NEGATIVE_COMMENTS,
    NEUTRAL_COMMENTS,
    POSITIVE_COMMENTS,
    RETURN_REASONS,
)
from sample_db.schema import labels
from sample_db.timeline import IntArray
from sample_db.world import World

EXTRA_LINE_RETURN_SHARE = 0.35  # other lines returned along with the first one
FULL_QUANTITY_SHARE = 0.8  # returned lines that give back every unit
MAX_RETURN_DAYS = 30
SURVEY_SHARE = 0.08
MAX_SURVEY_DAYS = 7
COMMENT_SHARE = 0.12
CSAT_NOISE = 0.85
# Unhappy endings drag the score down; indexed by status code.
STATUS_MOOD = np.array([{COMPLETED: 0.0, CANCELLED: -0.7, RETURNED: -1.0}[s] for s in range(3)])
COMMENT_POOLS = (NEGATIVE_COMMENTS, NEUTRAL_COMMENTS, POSITIVE_COMMENTS)


def simulate_returns(
    world: World, orders: Orders, lines: Lines, first_return_id: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Rows of `returns` for the returned orders of one batch, ids from ``first_return_id``."""
    rows = _returned_lines(orders, lines, rng)
    quantity = lines.quantity[rows]
    partial = 1 + (rng.random(len(rows)) * quantity).astype(np.int64)
    quantity = np.where(rng.random(len(rows)) < FULL_QUANTITY_SHARE, quantity, partial)
    order_row = lines.order_row[rows]
    # One return trip per order: every line of an order comes back on the same day.
    room = np.minimum(MAX_RETURN_DAYS, world.end_day - orders.day)
    delay = 1 + (rng.random(len(orders.day)) * room).astype(np.int64)
    reason_weights = np.array([w for _, w in RETURN_REASONS])
    reason = rng.choice(len(RETURN_REASONS), len(rows), p=reason_weights / reason_weights.sum())
    refund = quantity * lines.unit_price[rows] * (1 - lines.discount_pct[rows])
    return pd.DataFrame(
        {
            "return_id": np.arange(first_return_id, first_return_id + len(rows), dtype=np.int64),
            "order_id": orders.order_id[order_row],
            "line_number": lines.line_number[rows].astype(np.int32),
            "product_id": (lines.product_index[rows] + 1).astype(np.int32),
            "returned_on": world.period.dates(orders.day[order_row] + delay[order_row]),
            "quantity": quantity.astype(np.int32),
            # Prices are whole hundreds and discounts whole 5%s, so refunds are whole won.
            "refund_amount": np.round(refund),
            "reason": labels(reason, [r for r, _ in RETURN_REASONS]),
        }
    )


def _returned_lines(orders: Orders, lines: Lines, rng: np.random.Generator) -> IntArray:
    """Line positions given back: one chosen line of each returned order, plus some others."""
    line_count = np.bincount(lines.order_row, minlength=len(orders.day))
    first_back = 1 + (rng.random(len(orders.day)) * line_count).astype(np.int64)
    chosen = (lines.line_number == first_back[lines.order_row]) | (
        rng.random(len(lines.order_row)) < EXTRA_LINE_RETURN_SHARE
    )
    return np.flatnonzero(chosen & (orders.status[lines.order_row] == RETURNED))


def simulate_surveys(
    world: World, orders: Orders, first_survey_id: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Rows of `satisfaction_surveys` for one batch of orders, ids from ``first_survey_id``."""
    rows = np.flatnonzero(~orders.is_test & (rng.random(len(orders.day)) < SURVEY_SHARE))
    day = orders.day[rows]
    lag = (rng.random(len(rows)) * (np.minimum(MAX_SURVEY_DAYS, world.end_day - day) + 1)).astype(
        np.int64
    )
    store = orders.store_index[rows]
    mood = world.stores.satisfaction[store] + STATUS_MOOD[orders.status[rows]]
    latent = mood + rng.normal(0, CSAT_NOISE, len(rows))
    csat = np.clip(np.rint(latent), 1, 5).astype(np.int32)
    # NPS follows the same feeling on a 0–10 scale, with its own noise.
    nps = np.clip(np.rint(2.3 * latent - 1.6 + rng.normal(0, 1.2, len(rows))), 0, 10)
    return pd.DataFrame(
        {
            "survey_id": np.arange(first_survey_id, first_survey_id + len(rows), dtype=np.int64),
            "customer_id": orders.customer_id[rows].astype(np.int32),
            "store_id": (store + 1).astype(np.int32),
            "order_id": orders.order_id[rows],
            "surveyed_on": world.period.dates(day + lag),
            "csat": csat,
            "nps": nps.astype(np.int32),
            "comment": _comments(csat, rng),
        }
    )


def _comments(csat: IntArray, rng: np.random.Generator) -> pd.Categorical[str]:
    """A few surveys carry a comment whose tone matches the score; the rest are NULL."""
    tone = np.digitize(csat, [3, 4])  # 1–2 negative, 3 neutral, 4–5 positive
    sizes = np.array([len(pool) for pool in COMMENT_POOLS])
    offsets = np.cumsum(sizes) - sizes
    code = offsets[tone] + (rng.random(len(csat)) * sizes[tone]).astype(np.int64)
    code = np.where(rng.random(len(csat)) < COMMENT_SHARE, code, -1)
    categories = [text for pool in COMMENT_POOLS for text in pool]
    return labels(code, categories)
