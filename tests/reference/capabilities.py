"""Hand-written answers for the plan capabilities: conditions on metric values (HAVING),
text filters, a second time dimension, rolling and relative ranges, several sort keys.

Each oracle is what an analyst would write against the sample warehouse, in SQL that
DuckDB, PostgreSQL and MariaDB all accept (no DATE_TRUNC, no casts to DOUBLE), finished in
Python where SQL would need dialect functions: a metric formula, a week, a running total.
The plans they answer are ``tests/cases/plans/<name>.json``; TODAY is 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

Rows = list[tuple[Any, ...]]
Run = Callable[[str], Rows]

CERTIFIED = "o.status = 'completed' AND NOT o.is_test"
NET_LINE = "oi.quantity * oi.unit_price * (1 - oi.discount_pct)"
LINES = """order_items oi
  JOIN orders o ON o.order_id = oi.order_id
  JOIN stores s ON s.store_id = o.store_id
  JOIN regions r ON r.region_id = s.region_id
  JOIN products p ON p.product_id = oi.product_id
  JOIN customers c ON c.customer_id = o.customer_id"""


def _within(column: str, start: dt.date, end: dt.date) -> str:
    return f"{column} >= DATE '{start}' AND {column} < DATE '{end + dt.timedelta(days=1)}'"


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator in (None, 0):
        return None
    return float(numerator) / float(denominator)


def having_every_metric_type_by_store(run: Run) -> Rows:
    """Last 3 complete months; order_count ≥ 20, aov > 150k, gross margin > 1.5M, NPS ≥ 0."""
    window = _within("o.order_ts", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    sales = run(
        f"SELECT s.store_name, COUNT(DISTINCT o.order_id), SUM({NET_LINE}), "
        f"SUM(oi.quantity * p.unit_cost) FROM {LINES} "
        f"WHERE {CERTIFIED} AND {window} GROUP BY s.store_name"
    )
    surveys = run(
        "SELECT s.store_name, SUM(CASE WHEN ss.nps >= 9 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN ss.nps <= 6 THEN 1 ELSE 0 END), COUNT(ss.nps) "
        "FROM satisfaction_surveys ss JOIN stores s ON s.store_id = ss.store_id WHERE "
        + _within("ss.surveyed_on", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
        + " GROUP BY s.store_name"
    )
    nps = {store: _ratio(100 * (int(p) - int(d)), r) for store, p, d, r in surveys}
    rows = []
    for store, orders, revenue, cogs in sales:
        aov, margin, score = _ratio(revenue, orders), float(revenue) - float(cogs), nps.get(store)
        passes = orders >= 20 and aov is not None and aov > 150_000 and margin > 1_500_000
        if passes and score is not None and score >= 0:
            rows.append((store, aov, margin, score, int(orders)))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows[:8]


def having_cumulative_growth_target_monthly(run: Run) -> Rows:
    """Months of H1 2026 that grew on last year, missed 98% of target, YTD above 100M."""
    monthly = run(
        "SELECT EXTRACT(YEAR FROM o.order_ts), EXTRACT(MONTH FROM o.order_ts), "
        f"SUM({NET_LINE}) FROM {LINES} WHERE {CERTIFIED} AND "
        + _within("o.order_ts", dt.date(2025, 1, 1), dt.date(2026, 6, 30))
        + " GROUP BY EXTRACT(YEAR FROM o.order_ts), EXTRACT(MONTH FROM o.order_ts)"
    )
    revenue = {(int(y), int(m)): float(v) for y, m, v in monthly}
    targets = {
        (d.year, d.month): float(v)
        for d, v in run(
            "SELECT month, SUM(target_amount) FROM revenue_targets WHERE "
            + _within("month", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
            + " GROUP BY month"
        )
    }
    rows, ytd = [], 0.0
    for month in range(1, 7):
        current, previous = revenue.get((2026, month)), revenue.get((2025, month))
        ytd += current or 0.0
        growth = _ratio(current - previous, previous) if current and previous else None
        attainment = _ratio(current, targets.get((2026, month)))
        grew = growth is not None and growth > 0
        if grew and attainment is not None and attainment < 0.98 and ytd > 100_000_000:
            rows.append((dt.date(2026, month, 1), growth, attainment, ytd))
    return rows


def text_filters_second_date_rolling(run: Run) -> Rows:
    """The 90 days ending today, online or Gangnam-like stores, three regions by prefix,
    brands by suffix, no business customers, customers who signed up 2020–2025."""
    where = " AND ".join(
        [
            CERTIFIED,
            _within("o.order_ts", dt.date(2026, 4, 2), dt.date(2026, 6, 30)),
            "(LOWER(s.store_name) LIKE '%online%' OR LOWER(s.store_name) LIKE '%gang%')",
            "(r.region_name LIKE 'Se%' OR r.region_name LIKE 'Bu%' OR r.region_name LIKE 'In%')",
            "c.segment NOT IN ('business')",
            "(p.brand LIKE '%a' OR p.brand LIKE '%Home')",
            _within("c.signup_date", dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
        ]
    )
    rows = run(
        f"SELECT r.region_name, s.channel, COUNT(DISTINCT o.order_id), SUM({NET_LINE}) "
        f"FROM {LINES} WHERE {where} GROUP BY r.region_name, s.channel"
    )
    rows = [(region, channel, int(n), float(v)) for region, channel, n, v in rows]
    return sorted(rows, key=lambda r: (r[1], -r[3], r[0]))


def relative_ranges_and_case_blind_equality(run: Run) -> Rows:
    """Weekly units and refunds since a month ago, retail stores, three categories named in
    any case, customers who signed up two years ago (2024)."""
    start, end = dt.date(2026, 5, 30), dt.date(2026, 6, 30)
    common = [
        "LOWER(s.channel) = 'retail'",
        "LOWER(p.category) IN ('electronics', 'home', 'fashion')",
        _within("c.signup_date", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ]
    units = run(
        f"SELECT p.category, CAST(o.order_ts AS DATE), SUM(oi.quantity) FROM {LINES} "
        f"WHERE {' AND '.join([CERTIFIED, _within('o.order_ts', start, end), *common])} "
        "GROUP BY p.category, CAST(o.order_ts AS DATE)"
    )
    refunds = run(
        "SELECT p.category, rt.returned_on, SUM(rt.refund_amount) FROM returns rt "
        "JOIN orders o ON o.order_id = rt.order_id JOIN stores s ON s.store_id = o.store_id "
        "JOIN products p ON p.product_id = rt.product_id "
        "JOIN customers c ON c.customer_id = o.customer_id WHERE "
        + " AND ".join(["NOT o.is_test", _within("rt.returned_on", start, end), *common])
        + " GROUP BY p.category, rt.returned_on"
    )
    weekly: dict[tuple[str, dt.date], list[float | None]] = defaultdict(lambda: [None, None])
    for index, daily in enumerate((units, refunds)):
        for category, day, value in daily:
            key = (category, _monday(day))
            weekly[key][index] = (weekly[key][index] or 0.0) + float(value)
    rows = [(cat, week, refund, units_) for (cat, week), (units_, refund) in weekly.items()]
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows


def _monday(day: Any) -> dt.date:
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        day = dt.date.fromisoformat(str(day)[:10])
    return day - dt.timedelta(days=day.weekday())


ORACLES: dict[str, Callable[[Run], Rows]] = {
    f.__name__: f
    for f in (
        having_every_metric_type_by_store,
        having_cumulative_growth_target_monthly,
        text_filters_second_date_rolling,
        relative_ranges_and_case_blind_equality,
    )
}
"""Plan file stem → its hand-written answer, rows in the compiled query's column order."""


def as_rows(rows: Sequence[Sequence[Any]]) -> Rows:
    return [tuple(row) for row in rows]
