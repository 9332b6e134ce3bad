"""One month of orders and their lines, drawn with vectorised numpy from the demand matrix.

Order counts per (store, day) are Poisson draws from ``World.rates``; everything else about an
order (time of day, customer, status, payment, lines, prices) is drawn for all orders of the
month at once. Order ids follow order time. About 0.5% of orders are staff test orders with
absurd amounts (quantity 999 or a unit price of 99,999,999 won), placed from the first few
customer accounts, which is why certified revenue filters on ``NOT is_test``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from sample_db.reference_data import REGIONS
from sample_db.schema import labels
from sample_db.stores import population_share
from sample_db.timeline import DAYS_PER_YEAR, BoolArray, FloatArray, IntArray
from sample_db.world import World

STATUSES = ("completed", "cancelled", "returned")
COMPLETED, CANCELLED, RETURNED = range(3)
CANCELLED_SHARE = 0.04
RETURNED_SHARE = 0.06
TEST_SHARE = 0.005
TEST_ACCOUNTS = 5  # customer ids 1..5 are the staff accounts used for test orders
TEST_QUANTITY = 999
TEST_UNIT_PRICE = 99_999_999.0

PAYMENTS = ("card", "cash", "mobile", "transfer")
RETAIL_PAYMENT_WEIGHTS = (0.58, 0.14, 0.24, 0.04)
ONLINE_PAYMENT_WEIGHTS = (0.6, 0.0, 0.3, 0.1)  # nobody pays cash online
PAYMENT_NULL_SHARE = 0.01  # lost by a till integration, as happens

VISITOR_SHARE = 0.1  # retail orders by customers from another region
LINE_COUNT_WEIGHTS = (0.32, 0.26, 0.2, 0.11, 0.07, 0.04)  # 1..6 lines, mean ≈ 2.5
MAX_QUANTITY = 12
PRICE_INFLATION = 0.03  # list prices are today's; older sales were cheaper
DISCOUNT_LEVELS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
DISCOUNT_LEVEL_WEIGHTS = (0.3, 0.3, 0.15, 0.12, 0.08, 0.05)
DISCOUNTED_SHARE = (0.18, 0.35)  # of lines, normal months vs the November–December sales
SHIPPING_FEE = 3_000.0
FREE_SHIPPING_FROM = 50_000.0

# Hour-of-day weights: shops open 10:00–22:00, online orders peak late in the evening.
RETAIL_HOURS = np.array([0] * 10 + [4, 6, 8, 7, 6, 6, 7, 8, 9, 8, 6, 4] + [0, 0], dtype=np.float64)
ONLINE_HOURS = np.array(
    [3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 7, 6, 5, 5, 5, 6, 7, 8, 9, 10, 9, 6], dtype=np.float64
)


@dataclass(frozen=True, eq=False)
class Orders:
    order_id: IntArray
    customer_id: IntArray
    store_index: IntArray
    day: IntArray
    ts: npt.NDArray[np.datetime64]
    status: IntArray  # index into STATUSES
    payment: IntArray  # index into PAYMENTS, -1 = NULL
    is_test: BoolArray
    shipping_fee: FloatArray

    def frame(self) -> pd.DataFrame:
        """The rows of the `orders` table."""
        return pd.DataFrame(
            {
                "order_id": self.order_id,
                "customer_id": self.customer_id.astype(np.int32),
                "store_id": (self.store_index + 1).astype(np.int32),
                "order_ts": self.ts,
                "status": labels(self.status, STATUSES),
                "payment_method": labels(self.payment, PAYMENTS),
                "is_test": self.is_test,
                "shipping_fee": self.shipping_fee,
            }
        )


@dataclass(frozen=True, eq=False)
class Lines:
    order_row: IntArray  # position of the line's order in its Orders batch
    line_number: IntArray
    product_index: IntArray  # 0-based; product_id - 1
    quantity: IntArray
    unit_price: FloatArray
    discount_pct: FloatArray

    def revenue(self) -> FloatArray:
        """quantity × unit_price × (1 − discount_pct), the certified-revenue line amount."""
        return self.quantity * self.unit_price * (1 - self.discount_pct)

    def frame(self, order_id: IntArray) -> pd.DataFrame:
        """The rows of the `order_items` table."""
        return pd.DataFrame(
            {
                "order_id": order_id[self.order_row],
                "line_number": self.line_number.astype(np.int32),
                "product_id": (self.product_index + 1).astype(np.int32),
                "quantity": self.quantity.astype(np.int32),
                "unit_price": self.unit_price,
                "discount_pct": self.discount_pct,
            }
        )


def simulate_month(
    world: World, first_day: int, stop_day: int, first_order_id: int, rng: np.random.Generator
) -> tuple[Orders, Lines]:
    """All orders placed on days ``[first_day, stop_day)``, ids from ``first_order_id``."""
    store, day, seconds = _place_orders(world, first_day, stop_day, rng)
    n = len(day)
    is_test = rng.random(n) < TEST_SHARE
    customer = _customers(world, store, day, rng)
    customer[is_test] = rng.integers(1, TEST_ACCOUNTS + 1, int(is_test.sum()))
    lines = _lines(world, day, is_test, rng)
    return (
        Orders(
            order_id=np.arange(first_order_id, first_order_id + n, dtype=np.int64),
            customer_id=customer,
            store_index=store,
            day=day,
            ts=world.period.start64.astype("datetime64[us]")
            + (day * 86_400 + seconds).astype("timedelta64[s]"),
            status=np.where(is_test, COMPLETED, _statuses(day, world.end_day, rng)),
            payment=_payments(world.stores.online[store], rng),
            is_test=is_test,
            shipping_fee=_shipping_fees(world.stores.online[store], lines),
        ),
        lines,
    )


def _place_orders(
    world: World, first_day: int, stop_day: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, IntArray]:
    """Store, day and second-of-day of each order, sorted by time."""
    counts = rng.poisson(world.rates[:, first_day:stop_day])
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    store, day = np.divmod(cell, stop_day - first_day)
    online = world.stores.online[store]
    hour = np.where(
        online,
        rng.choice(24, len(cell), p=ONLINE_HOURS / ONLINE_HOURS.sum()),
        rng.choice(24, len(cell), p=RETAIL_HOURS / RETAIL_HOURS.sum()),
    )
    seconds = hour * 3_600 + rng.integers(0, 3_600, len(cell))
    order = np.argsort(day * 86_400 + seconds, kind="stable")
    return store[order], day[order] + first_day, seconds[order]


def _customers(world: World, store: IntArray, day: IntArray, rng: np.random.Generator) -> IntArray:
    """Customers from the store's region, except for some visitors in shops."""
    region = world.stores.region_index[store]
    visitor = ~world.stores.online[store] & (rng.random(len(store)) < VISITOR_SHARE)
    elsewhere = rng.choice(len(REGIONS), len(store), p=population_share())
    region = np.where(visitor, elsewhere, region)
    return world.customers.pick(region, day, rng)


def _statuses(day: IntArray, end_day: int, rng: np.random.Generator) -> IntArray:
    """About 4% cancelled and 6% returned; nothing bought on the last day is back yet."""
    u = rng.random(len(day))
    returned = (u >= CANCELLED_SHARE) & (u < CANCELLED_SHARE + RETURNED_SHARE) & (day < end_day)
    return np.where(u < CANCELLED_SHARE, CANCELLED, np.where(returned, RETURNED, COMPLETED))


def _payments(online: BoolArray, rng: np.random.Generator) -> IntArray:
    n = len(online)
    payment = np.where(
        online,
        rng.choice(len(PAYMENTS), n, p=ONLINE_PAYMENT_WEIGHTS),
        rng.choice(len(PAYMENTS), n, p=RETAIL_PAYMENT_WEIGHTS),
    )
    return np.where(rng.random(n) < PAYMENT_NULL_SHARE, -1, payment)


def _shipping_fees(online: BoolArray, lines: Lines) -> FloatArray:
    """Online orders pay a flat fee below the free-shipping threshold; shops charge none."""
    subtotal = np.bincount(lines.order_row, weights=lines.revenue(), minlength=len(online))
    return np.where(online & (subtotal < FREE_SHIPPING_FROM), SHIPPING_FEE, 0.0)


def _lines(world: World, day: IntArray, is_test: BoolArray, rng: np.random.Generator) -> Lines:
    """One to six lines per order with launched products, prices and discounts."""
    count = rng.choice(len(LINE_COUNT_WEIGHTS), len(day), p=LINE_COUNT_WEIGHTS) + 1
    order_row = np.repeat(np.arange(len(day)), count)
    line_number = np.arange(len(order_row)) - np.repeat(np.cumsum(count) - count, count) + 1
    line_day = day[order_row]
    product = _products(world, line_day, rng)
    quantity = 1 + rng.poisson(world.products.extra_units[product])
    unit_price = _unit_prices(world, product, line_day)
    lines = Lines(
        order_row=order_row,
        line_number=line_number,
        product_index=product,
        quantity=np.minimum(quantity, MAX_QUANTITY),
        unit_price=unit_price,
        discount_pct=_discounts(world, line_day, rng),
    )
    return _with_test_amounts(lines, is_test, rng)


def _products(world: World, line_day: IntArray, rng: np.random.Generator) -> IntArray:
    """Products by popularity; lines that drew a not-yet-launched product redraw a classic."""
    products = world.products
    product = rng.choice(len(products.popularity), len(line_day), p=products.popularity)
    early = products.launched_day[product] > line_day
    classic = np.where(products.launched_day <= 0, products.popularity, 0.0)
    product[early] = rng.choice(len(classic), int(early.sum()), p=classic / classic.sum())
    return product


def _unit_prices(world: World, product: IntArray, line_day: IntArray) -> FloatArray:
    """Today's list price deflated by inflation, in whole hundreds of won."""
    years_ago = (world.end_day - line_day) / DAYS_PER_YEAR
    price = world.products.list_price[product] * (1 + PRICE_INFLATION) ** -years_ago
    return np.maximum(np.round(price, -2), 100.0)


def _discounts(world: World, line_day: IntArray, rng: np.random.Generator) -> FloatArray:
    """Mostly no discount; more and deeper-on-average discounts in the year-end sales."""
    peak = world.period.calendar_month(line_day) >= 10
    share = np.where(peak, DISCOUNTED_SHARE[1], DISCOUNTED_SHARE[0])
    level = np.array(DISCOUNT_LEVELS)[
        rng.choice(len(DISCOUNT_LEVELS), len(line_day), p=DISCOUNT_LEVEL_WEIGHTS)
    ]
    return np.where(rng.random(len(line_day)) < share, level, 0.0)


def _with_test_amounts(lines: Lines, is_test: BoolArray, rng: np.random.Generator) -> Lines:
    """Test orders carry absurd quantities or prices, all lines of an order alike."""
    huge_quantity = rng.random(len(is_test)) < 0.5
    test_line = is_test[lines.order_row]
    by_quantity = test_line & huge_quantity[lines.order_row]
    by_price = test_line & ~huge_quantity[lines.order_row]
    return replace(
        lines,
        quantity=np.where(by_quantity, TEST_QUANTITY, lines.quantity),
        unit_price=np.where(by_price, TEST_UNIT_PRICE, lines.unit_price),
        discount_pct=np.where(test_line, 0.0, lines.discount_pct),
    )
