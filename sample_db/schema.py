"""DDL of the sample warehouse: table and column names and types are a contract.

Primary keys are declared so schema introspection (and people) can see the grain of each
table. Foreign keys are not: DuckDB checks them row by row on insert, which would dominate
build time, and the generator guarantees them anyway (the tests check every one).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd

TABLES: dict[str, str] = {
    "regions": """
        region_id INTEGER PRIMARY KEY, region_name VARCHAR, region_name_ko VARCHAR,
        country VARCHAR""",
    "stores": """
        store_id INTEGER PRIMARY KEY, store_name VARCHAR, region_id INTEGER, channel VARCHAR,
        store_format VARCHAR, opened_on DATE, floor_area_m2 DOUBLE""",
    "customers": """
        customer_id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, phone VARCHAR,
        segment VARCHAR, region_id INTEGER, signup_date DATE, birth_year INTEGER,
        loyalty_tier VARCHAR""",
    "products": """
        product_id INTEGER PRIMARY KEY, product_name VARCHAR, category VARCHAR,
        subcategory VARCHAR, brand VARCHAR, unit_cost DOUBLE, list_price DOUBLE,
        launched_on DATE""",
    "orders": """
        order_id BIGINT PRIMARY KEY, customer_id INTEGER, store_id INTEGER,
        order_ts TIMESTAMP, status VARCHAR, payment_method VARCHAR, is_test BOOLEAN,
        shipping_fee DOUBLE""",
    "order_items": """
        order_id BIGINT, line_number INTEGER, product_id INTEGER, quantity INTEGER,
        unit_price DOUBLE, discount_pct DOUBLE, PRIMARY KEY (order_id, line_number)""",
    "returns": """
        return_id BIGINT PRIMARY KEY, order_id BIGINT, line_number INTEGER,
        product_id INTEGER, returned_on DATE, quantity INTEGER, refund_amount DOUBLE,
        reason VARCHAR""",
    "satisfaction_surveys": """
        survey_id BIGINT PRIMARY KEY, customer_id INTEGER, store_id INTEGER, order_id BIGINT,
        surveyed_on DATE, csat INTEGER, nps INTEGER, comment VARCHAR""",
    "marketing_spend": """
        spend_date DATE, region_id INTEGER, channel VARCHAR, amount DOUBLE,
        PRIMARY KEY (spend_date, region_id, channel)""",
    "web_sessions": """
        session_date DATE, store_id INTEGER, sessions INTEGER, visitors INTEGER,
        PRIMARY KEY (session_date, store_id)""",
    "revenue_targets": """
        month DATE, region_id INTEGER, target_amount DOUBLE, PRIMARY KEY (month, region_id)""",
}


def labels(codes: npt.NDArray[np.integer], names: Sequence[str]) -> pd.Categorical[str]:
    """A column of a few repeated strings, as codes into ``names`` (-1 = NULL).

    The appender writes categoricals to VARCHAR without one Python string per row.

    >>> labels(np.array([1, -1, 0]), ("card", "cash")).tolist()
    ['cash', nan, 'card']
    """
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(names)))


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the sample, empty."""
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({columns})")


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table, in schema order."""
    counts: dict[str, int] = {}
    for name in TABLES:
        result = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        counts[name] = int(result[0]) if result else 0
    return counts
