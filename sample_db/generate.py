"""Build the sample warehouse: three years of a fictional Korean retail chain in DuckDB.

Data model (all amounts in KRW, all dates within [start_date, end_date])::

    regions ─┬─< stores ──< orders >── customers >── regions
             │               │   └──< order_items >── products
             │               ├──< returns (order line, product)
             │               └──< satisfaction_surveys (order, store, customer)
             ├─< marketing_spend (day × region × channel)
             └─< revenue_targets (month × region)
    stores (online) ──< web_sessions (day × online store)

"Maeil Mart" runs about forty shops in eight regions (more in Seoul and Gyeonggi) plus one
online store per region. "Certified revenue" is SUM(quantity × unit_price × (1 − discount_pct))
over lines of orders with status 'completed' and NOT is_test.

Business effects built in, so that questions about the sample have real answers:

- growth of roughly 10–20% a year: each store has its own growth rate (online faster, a few
  shops shrinking), prices inflate 3% a year, and five shops open during the first year;
- a November–December peak, a Chuseok lift in September, a quiet February, and busier shops
  at the weekend (online leans to Monday);
- about 4% cancelled and 6% returned orders; returns reference real order lines;
- about 0.5% test orders with absurd amounts, so forgetting ``NOT is_test`` is visible;
- NULLs where real data has them: birth_year, payment_method, floor_area_m2 of online stores,
  most survey comments;
- stores that grow faster have happier customers: survey csat/nps centre on a level that
  rises with the store's growth rate;
- marketing spend and web sessions follow expected demand; online conversion is 2–4%;
- targets are last year's plan: actual revenue × 0.9–1.15, extrapolated for future months.

The build is deterministic: every table draws from its own random stream derived from
(seed, table, month), so the same (seed, scale, end_date) gives identical table contents.
Facts are generated one calendar month at a time, which bounds memory at large scales.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sample_db.after_sale import simulate_returns, simulate_surveys
from sample_db.daily_tables import marketing_spend_frame, web_sessions_frame
from sample_db.orders import COMPLETED, Lines, Orders, simulate_month
from sample_db.reference_data import REGIONS
from sample_db.schema import create_tables, row_counts
from sample_db.stores import regions_frame
from sample_db.targets import revenue_targets_frame
from sample_db.timeline import FloatArray, Period, rng_for
from sample_db.world import World, build_world


@dataclass(frozen=True)
class BuildReport:
    """What was built, where, and how long it took."""

    path: Path
    seed: int
    scale: float
    start_date: date
    end_date: date
    row_counts: dict[str, int]  # table -> rows
    seconds: float


def build_sample_warehouse(
    path: Path, *, scale: float = 1.0, seed: int = 42, end_date: date | None = None
) -> BuildReport:
    """Build the sample DuckDB file at ``path``, replacing any file already there.

    ``scale`` 1 gives about a million order lines (400k orders, 60k customers); row counts
    grow linearly with it, except the fixed regions, stores, products and daily tables.
    Three years of data end on ``end_date`` inclusive (default: today). The file appears
    atomically: it is written next to ``path`` and renamed when complete.
    """
    _check_arguments(scale, seed)
    began = time.perf_counter()
    period = Period.ending(end_date or date.today())
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.stem}.{os.getpid()}{target.suffix}.tmp")
    _remove_database(scratch)
    try:
        with duckdb.connect(str(scratch)) as con:
            create_tables(con)
            _populate(con, build_world(period, scale, seed), seed)
            counts = row_counts(con)
        # A WAL left by a crashed writer of the old file must not be replayed onto the new one.
        _remove_database(target, keep_main=True)
        os.replace(scratch, target)
    finally:
        _remove_database(scratch)
    return BuildReport(
        path=target,
        seed=seed,
        scale=scale,
        start_date=period.start,
        end_date=period.end,
        row_counts=counts,
        seconds=time.perf_counter() - began,
    )


def _check_arguments(scale: float, seed: int) -> None:
    # `not scale > 0` also rejects NaN.
    if not scale > 0:
        raise ValueError(f"scale must be a positive number, got {scale}")
    if seed < 0:
        raise ValueError(f"seed must be zero or positive (numpy seeds are), got {seed}")


def _populate(con: duckdb.DuckDBPyConnection, world: World, seed: int) -> None:
    _append(con, "regions", regions_frame())
    _append(con, "stores", world.stores.table)
    _append(con, "customers", world.customers.table)
    _append(con, "products", world.products.table)
    revenue = _load_monthly_facts(con, world, seed)
    _append(con, "marketing_spend", marketing_spend_frame(world, seed))
    _append(con, "web_sessions", web_sessions_frame(world, seed))
    _append(con, "revenue_targets", revenue_targets_frame(revenue, world.period, seed))


def _load_monthly_facts(con: duckdb.DuckDBPyConnection, world: World, seed: int) -> FloatArray:
    """Orders, lines, returns and surveys month by month; returns certified revenue per
    (region, month), which the targets are set from."""
    chunks = list(world.period.month_chunks())
    revenue = np.zeros((len(REGIONS), len(chunks)))
    next_order = next_return = next_survey = 1
    for month, (first_day, stop_day) in enumerate(chunks):
        rng = rng_for(seed, "orders", month)
        orders, lines = simulate_month(world, first_day, stop_day, next_order, rng)
        returns = simulate_returns(
            world, orders, lines, next_return, rng_for(seed, "returns", month)
        )
        surveys = simulate_surveys(world, orders, next_survey, rng_for(seed, "surveys", month))
        _append(con, "orders", orders.frame())
        _append(con, "order_items", lines.frame(orders.order_id))
        _append(con, "returns", returns)
        _append(con, "satisfaction_surveys", surveys)
        revenue[:, month] = _certified_revenue_by_region(world, orders, lines)
        next_order += len(orders.order_id)
        next_return += len(returns)
        next_survey += len(surveys)
    return revenue


def _certified_revenue_by_region(world: World, orders: Orders, lines: Lines) -> FloatArray:
    certified = (orders.status == COMPLETED) & ~orders.is_test
    keep = certified[lines.order_row]
    region = world.stores.region_index[orders.store_index[lines.order_row[keep]]]
    revenue = np.bincount(region, weights=lines.revenue()[keep], minlength=len(REGIONS))
    return revenue.astype(np.float64)


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # By name, so column order cannot shift values into the wrong column; a misspelt one fails.
    con.append(table, frame, by_name=True)


def _remove_database(path: Path, *, keep_main: bool = False) -> None:
    """Delete a DuckDB file and its write-ahead log, if present."""
    wal = path.with_name(path.name + ".wal")
    for file in (wal,) if keep_main else (path, wal):
        file.unlink(missing_ok=True)
