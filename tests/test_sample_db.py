"""The sample warehouse: its schema contract, determinism, integrity and business behaviour.

Most checks run on one small build (scale 0.02, about 8,000 orders) whose effects are large
enough to be robust there. Year-over-year growth and the satisfaction–growth correlation need
store-level revenue to settle, so they run on one full-scale build (about 3 s), marked slow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sample_db.generate import BuildReport, build_sample_warehouse
from sample_db.timeline import three_year_start

# Module-scoped builds must not be repeated on both xdist workers.
pytestmark = pytest.mark.xdist_group("sample_db")

END = date(2025, 6, 30)
START = date(2022, 7, 1)
SMALL_SCALE = 0.02
SEED = 42

# The contract other code depends on: exact table and column names and DuckDB types.
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "regions": [
        ("region_id", "INTEGER"),
        ("region_name", "VARCHAR"),
        ("region_name_ko", "VARCHAR"),
        ("country", "VARCHAR"),
    ],
    "stores": [
        ("store_id", "INTEGER"),
        ("store_name", "VARCHAR"),
        ("region_id", "INTEGER"),
        ("channel", "VARCHAR"),
        ("store_format", "VARCHAR"),
        ("opened_on", "DATE"),
        ("floor_area_m2", "DOUBLE"),
    ],
    "customers": [
        ("customer_id", "INTEGER"),
        ("full_name", "VARCHAR"),
        ("email", "VARCHAR"),
        ("phone", "VARCHAR"),
        ("segment", "VARCHAR"),
        ("region_id", "INTEGER"),
        ("signup_date", "DATE"),
        ("birth_year", "INTEGER"),
        ("loyalty_tier", "VARCHAR"),
    ],
    "products": [
        ("product_id", "INTEGER"),
        ("product_name", "VARCHAR"),
        ("category", "VARCHAR"),
        ("subcategory", "VARCHAR"),
        ("brand", "VARCHAR"),
        ("unit_cost", "DOUBLE"),
        ("list_price", "DOUBLE"),
        ("launched_on", "DATE"),
    ],
    "orders": [
        ("order_id", "BIGINT"),
        ("customer_id", "INTEGER"),
        ("store_id", "INTEGER"),
        ("order_ts", "TIMESTAMP"),
        ("status", "VARCHAR"),
        ("payment_method", "VARCHAR"),
        ("is_test", "BOOLEAN"),
        ("shipping_fee", "DOUBLE"),
    ],
    "order_items": [
        ("order_id", "BIGINT"),
        ("line_number", "INTEGER"),
        ("product_id", "INTEGER"),
        ("quantity", "INTEGER"),
        ("unit_price", "DOUBLE"),
        ("discount_pct", "DOUBLE"),
    ],
    "returns": [
        ("return_id", "BIGINT"),
        ("order_id", "BIGINT"),
        ("line_number", "INTEGER"),
        ("product_id", "INTEGER"),
        ("returned_on", "DATE"),
        ("quantity", "INTEGER"),
        ("refund_amount", "DOUBLE"),
        ("reason", "VARCHAR"),
    ],
    "satisfaction_surveys": [
        ("survey_id", "BIGINT"),
        ("customer_id", "INTEGER"),
        ("store_id", "INTEGER"),
        ("order_id", "BIGINT"),
        ("surveyed_on", "DATE"),
        ("csat", "INTEGER"),
        ("nps", "INTEGER"),
        ("comment", "VARCHAR"),
    ],
    "marketing_spend": [
        ("spend_date", "DATE"),
        ("region_id", "INTEGER"),
        ("channel", "VARCHAR"),
        ("amount", "DOUBLE"),
    ],
    "web_sessions": [
        ("session_date", "DATE"),
        ("store_id", "INTEGER"),
        ("sessions", "INTEGER"),
        ("visitors", "INTEGER"),
    ],
    "revenue_targets": [
        ("month", "DATE"),
        ("region_id", "INTEGER"),
        ("target_amount", "DOUBLE"),
    ],
}

# Certified revenue lines: completed, non-test orders, with the line amount as `amount`.
CERTIFIED_LINES = """
    SELECT o.order_id, o.store_id, o.order_ts, CAST(o.order_ts AS DATE) AS order_date,
           i.quantity * i.unit_price * (1 - i.discount_pct) AS amount
    FROM orders o JOIN order_items i USING (order_id)
    WHERE o.status = 'completed' AND NOT o.is_test
"""


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> Any:
    """The single value a query returns."""
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return row[0]


def table_digests(path: Path) -> dict[str, str]:
    """A content hash per table, independent of physical row order."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            table: hashlib.sha256(
                repr(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()).encode()
            ).hexdigest()
            for table in SCHEMA
        }


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    path = tmp_path_factory.mktemp("small") / "retail.duckdb"
    return build_sample_warehouse(path, scale=SMALL_SCALE, seed=SEED, end_date=END)


@pytest.fixture(scope="module")
def db(small_build: BuildReport) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(small_build.path), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = tmp_path_factory.mktemp("full") / "retail.duckdb"
    build_sample_warehouse(path, scale=1.0, seed=SEED, end_date=END)
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


# --- the build itself --------------------------------------------------------------------


def test_schema_matches_the_contract(db: duckdb.DuckDBPyConnection) -> None:
    actual: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in db.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        actual.setdefault(table, []).append((column, data_type))
    assert actual == SCHEMA


def test_report_matches_the_file(small_build: BuildReport, db: duckdb.DuckDBPyConnection) -> None:
    counts = {table: one(db, f"SELECT count(*) FROM {table}") for table in SCHEMA}
    assert small_build.row_counts == counts
    assert (small_build.start_date, small_build.end_date) == (START, END)
    assert (small_build.seed, small_build.scale) == (SEED, SMALL_SCALE)
    assert small_build.seconds > 0
    # The scratch file was renamed into place: nothing else is left in the folder.
    assert list(small_build.path.parent.iterdir()) == [small_build.path]


@pytest.mark.parametrize(
    ("end", "start"),
    [
        (date(2025, 6, 30), date(2022, 7, 1)),
        (date(2025, 12, 31), date(2023, 1, 1)),
        (date(2024, 2, 29), date(2021, 3, 1)),
        (date(2025, 3, 1), date(2022, 3, 2)),
    ],
)
def test_period_is_three_years_inclusive(end: date, start: date) -> None:
    assert three_year_start(end) == start


def test_same_inputs_give_identical_tables_and_overwrite(
    small_build: BuildReport, tmp_path: Path
) -> None:
    again = tmp_path / "again.duckdb"
    again.write_bytes(b"not a database")
    build_sample_warehouse(again, scale=SMALL_SCALE, seed=SEED, end_date=END)
    assert table_digests(again) == table_digests(small_build.path)


def test_another_seed_gives_other_data(small_build: BuildReport, tmp_path: Path) -> None:
    other = build_sample_warehouse(
        tmp_path / "other.duckdb", scale=SMALL_SCALE, seed=SEED + 1, end_date=END
    )
    ours, theirs = table_digests(small_build.path), table_digests(other.path)
    assert ours["regions"] == theirs["regions"]  # fixed reference data
    for table in ("stores", "customers", "products", "orders", "order_items", "revenue_targets"):
        assert ours[table] != theirs[table], table


def test_end_date_defaults_to_today(tmp_path: Path) -> None:
    before = date.today()
    report = build_sample_warehouse(tmp_path / "today.duckdb", scale=0.005)
    assert before <= report.end_date <= date.today()
    assert report.start_date == three_year_start(report.end_date)


@pytest.mark.parametrize(("scale", "seed"), [(0.0, 1), (-1.0, 1), (0.1, -1)])
def test_rejects_nonsense_arguments(tmp_path: Path, scale: float, seed: int) -> None:
    with pytest.raises(ValueError):
        build_sample_warehouse(tmp_path / "x.duckdb", scale=scale, seed=seed)


# --- integrity ---------------------------------------------------------------------------

FOREIGN_KEYS = [
    ("stores", "region_id", "regions", "region_id"),
    ("customers", "region_id", "regions", "region_id"),
    ("orders", "customer_id", "customers", "customer_id"),
    ("orders", "store_id", "stores", "store_id"),
    ("order_items", "order_id", "orders", "order_id"),
    ("order_items", "product_id", "products", "product_id"),
    ("returns", "order_id", "orders", "order_id"),
    ("returns", "product_id", "products", "product_id"),
    ("satisfaction_surveys", "order_id", "orders", "order_id"),
    ("satisfaction_surveys", "customer_id", "customers", "customer_id"),
    ("satisfaction_surveys", "store_id", "stores", "store_id"),
    ("marketing_spend", "region_id", "regions", "region_id"),
    ("web_sessions", "store_id", "stores", "store_id"),
    ("revenue_targets", "region_id", "regions", "region_id"),
]


@pytest.mark.parametrize(("child", "column", "parent", "key"), FOREIGN_KEYS)
def test_foreign_keys_resolve(
    db: duckdb.DuckDBPyConnection, child: str, column: str, parent: str, key: str
) -> None:
    dangling = one(
        db,
        f"SELECT count(*) FROM {child} c ANTI JOIN {parent} p ON c.{column} = p.{key}",
    )
    assert dangling == 0
    assert one(db, f"SELECT count(*) FROM {child} WHERE {column} IS NULL") == 0


def test_orders_only_happen_when_possible(db: duckdb.DuckDBPyConnection) -> None:
    """No order before its store opened, its customer signed up or its products launched."""
    assert (
        one(
            db,
            "SELECT count(*) FROM orders JOIN stores USING (store_id) WHERE order_ts < opened_on",
        )
        == 0
    )
    assert (
        one(
            db,
            "SELECT count(*) FROM orders JOIN customers USING (customer_id) "
            "WHERE CAST(order_ts AS DATE) < signup_date",
        )
        == 0
    )
    assert (
        one(
            db,
            "SELECT count(*) FROM orders JOIN order_items USING (order_id) "
            "JOIN products USING (product_id) WHERE CAST(order_ts AS DATE) < launched_on",
        )
        == 0
    )


def test_order_ids_follow_time(db: duckdb.DuckDBPyConnection) -> None:
    out_of_order = one(
        db,
        "SELECT count(*) FROM (SELECT order_ts, lag(order_ts) OVER (ORDER BY order_id) AS prev "
        "FROM orders) WHERE order_ts < prev",
    )
    assert out_of_order == 0


DATE_COLUMNS = [
    ("orders", "CAST(order_ts AS DATE)"),
    ("returns", "returned_on"),
    ("satisfaction_surveys", "surveyed_on"),
    ("marketing_spend", "spend_date"),
    ("web_sessions", "session_date"),
]


@pytest.mark.parametrize(("table", "expression"), DATE_COLUMNS)
def test_facts_stay_inside_the_period(
    db: duckdb.DuckDBPyConnection, table: str, expression: str
) -> None:
    span = db.execute(f"SELECT min({expression}), max({expression}) FROM {table}").fetchall()
    low, high = span[0]
    assert low >= START and high <= END


def test_orders_and_daily_tables_span_the_whole_period(db: duckdb.DuckDBPyConnection) -> None:
    span = db.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM orders").fetchall()
    assert span == [(START, END)]
    days = (END - START).days + 1
    assert one(db, "SELECT count(*) FROM marketing_spend") == days * 8 * 5
    assert one(db, "SELECT count(*) FROM web_sessions") == days * 8


def test_dimensions_have_no_future_dates(db: duckdb.DuckDBPyConnection) -> None:
    assert one(db, "SELECT max(signup_date) FROM customers") <= END
    assert one(db, "SELECT max(launched_on) FROM products") <= END
    assert one(db, "SELECT max(opened_on) FROM stores") <= END


# --- dimensions --------------------------------------------------------------------------


def test_regions_are_the_eight_korean_regions(db: duckdb.DuckDBPyConnection) -> None:
    assert db.execute("SELECT * FROM regions ORDER BY region_id").fetchall() == [
        (1, "Seoul", "서울", "South Korea"),
        (2, "Busan", "부산", "South Korea"),
        (3, "Incheon", "인천", "South Korea"),
        (4, "Daegu", "대구", "South Korea"),
        (5, "Daejeon", "대전", "South Korea"),
        (6, "Gwangju", "광주", "South Korea"),
        (7, "Ulsan", "울산", "South Korea"),
        (8, "Gyeonggi", "경기", "South Korea"),
    ]


def test_stores_follow_population(db: duckdb.DuckDBPyConnection) -> None:
    online = db.execute(
        "SELECT region_id FROM stores WHERE channel = 'online' ORDER BY region_id"
    ).fetchall()
    assert online == [(r,) for r in range(1, 9)]
    retail = dict(
        db.execute(
            "SELECT region_id, count(*) FROM stores WHERE channel = 'retail' GROUP BY ALL"
        ).fetchall()
    )
    assert 35 <= sum(retail.values()) <= 45
    assert sorted(retail, key=retail.__getitem__)[-2:] in ([1, 8], [8, 1])  # Seoul, Gyeonggi
    assert {r[0] for r in db.execute("SELECT DISTINCT store_format FROM stores").fetchall()} == {
        "flagship",
        "standard",
        "outlet",
    }


def test_some_stores_open_during_the_period(db: duckdb.DuckDBPyConnection) -> None:
    new = db.execute(
        "SELECT store_id, opened_on FROM stores WHERE opened_on > ?", [START]
    ).fetchall()
    assert len(new) >= 3
    for store_id, opened_on in new:
        first = one(db, "SELECT min(order_ts) FROM orders WHERE store_id = ?", store_id)
        assert first.date() >= opened_on


def test_products_are_priced_like_a_korean_shop(db: duckdb.DuckDBPyConnection) -> None:
    assert one(db, "SELECT count(*) FROM products") == 600
    assert {r[0] for r in db.execute("SELECT DISTINCT category FROM products").fetchall()} == {
        "Electronics",
        "Home",
        "Apparel",
        "Beauty",
        "Grocery",
        "Sports",
    }
    assert one(db, "SELECT count(*) FROM products WHERE unit_cost >= list_price") == 0
    assert one(db, "SELECT count(*) FROM products WHERE list_price <> round(list_price)") == 0
    assert one(db, "SELECT count(DISTINCT product_name) FROM products") == 600
    price = dict(
        db.execute("SELECT category, median(list_price) FROM products GROUP BY 1").fetchall()
    )
    assert price["Electronics"] > 20 * price["Grocery"]
    assert price["Electronics"] == max(price.values())
    assert price["Grocery"] == min(price.values())


def test_customers_keep_signing_up(db: duckdb.DuckDBPyConnection) -> None:
    assert one(db, "SELECT count(*) FROM customers") == round(60_000 * SMALL_SCALE)
    before = one(db, "SELECT count(*) FROM customers WHERE signup_date < ?", START)
    assert 0.2 < before / (60_000 * SMALL_SCALE) < 0.5
    # New customers per month grow: the last year signs up more than the first.
    first, last = db.execute(
        "SELECT count(*) FILTER (WHERE signup_date < ? + INTERVAL 1 YEAR AND signup_date >= ?),"
        " count(*) FILTER (WHERE signup_date > ? - INTERVAL 1 YEAR) FROM customers",
        [START, START, END],
    ).fetchall()[0]
    assert last > 1.1 * first
    assert one(db, "SELECT count(DISTINCT email) FROM customers") == one(
        db, "SELECT count(*) FROM customers"
    )


def test_label_columns_use_their_vocabulary(db: duckdb.DuckDBPyConnection) -> None:
    vocabularies = {
        ("customers", "segment"): {"consumer", "business", "vip"},
        ("customers", "loyalty_tier"): {"none", "silver", "gold", "platinum"},
        ("orders", "status"): {"completed", "cancelled", "returned"},
        ("orders", "payment_method"): {"card", "cash", "mobile", "transfer", None},
        ("stores", "channel"): {"retail", "online"},
        ("marketing_spend", "channel"): {"search", "social", "tv", "email", "display"},
    }
    for (table, column), vocabulary in vocabularies.items():
        values = {r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()}
        assert values == vocabulary, (table, column)


def test_nulls_where_real_data_has_them(db: duckdb.DuckDBPyConnection) -> None:
    birth = one(db, "SELECT avg((birth_year IS NULL)::INT) FROM customers")
    payment = one(db, "SELECT avg((payment_method IS NULL)::INT) FROM orders")
    comment = one(db, "SELECT avg((comment IS NULL)::INT) FROM satisfaction_surveys")
    assert 0.03 < birth < 0.15
    assert 0.002 < payment < 0.03
    assert 0.75 < comment < 0.97
    mismatched = one(
        db,
        "SELECT count(*) FROM stores WHERE (floor_area_m2 IS NULL) <> (channel = 'online')",
    )
    assert mismatched == 0


# --- orders and lines ----------------------------------------------------------------------


def test_order_status_shares(db: duckdb.DuckDBPyConnection) -> None:
    share = dict(
        db.execute(
            "SELECT status, count(*) / sum(count(*)) OVER () FROM orders GROUP BY 1"
        ).fetchall()
    )
    assert share["cancelled"] == pytest.approx(0.04, abs=0.01)
    assert share["returned"] == pytest.approx(0.06, abs=0.012)
    assert share["completed"] == pytest.approx(0.90, abs=0.015)


def test_test_orders_are_rare_absurd_and_matter(db: duckdb.DuckDBPyConnection) -> None:
    assert 0.0025 < one(db, "SELECT avg(is_test::INT) FROM orders") < 0.008
    sane = one(
        db,
        "SELECT count(*) FROM orders JOIN order_items USING (order_id) WHERE is_test "
        "AND quantity <> 999 AND unit_price <> 99999999",
    )
    assert sane == 0
    absurd = one(
        db,
        "SELECT count(*) FROM orders JOIN order_items USING (order_id) WHERE NOT is_test "
        "AND (quantity >= 999 OR unit_price >= 99999999)",
    )
    assert absurd == 0
    everything, certified = db.execute(
        "SELECT sum(quantity * unit_price * (1 - discount_pct)), "
        "sum(quantity * unit_price * (1 - discount_pct)) FILTER (WHERE NOT is_test) "
        "FROM orders JOIN order_items USING (order_id) WHERE status = 'completed'"
    ).fetchall()[0]
    assert everything > 2 * certified


def test_order_lines_are_numbered_and_priced(db: duckdb.DuckDBPyConnection) -> None:
    bad_numbering = one(
        db,
        "SELECT count(*) FROM (SELECT order_id, count(*) AS n, min(line_number) AS lo, "
        "max(line_number) AS hi FROM order_items GROUP BY 1) "
        "WHERE lo <> 1 OR hi <> n OR n > 6",
    )
    assert bad_numbering == 0
    assert one(db, "SELECT count(*) FROM orders ANTI JOIN order_items USING (order_id)") == 0
    lines_per_order = one(db, "SELECT count(*) / count(DISTINCT order_id) FROM order_items")
    assert 2.2 < lines_per_order < 2.8
    low, high, undiscounted = db.execute(
        "SELECT min(discount_pct), max(discount_pct), avg((discount_pct = 0)::INT) FROM order_items"
    ).fetchall()[0]
    assert low >= 0 and high <= 0.5 and undiscounted > 0.6
    off_list = one(
        db,
        "SELECT count(*) FROM order_items i JOIN orders USING (order_id) "
        "JOIN products p USING (product_id) WHERE NOT is_test "
        "AND (i.unit_price > p.list_price OR i.unit_price < 0.85 * p.list_price)",
    )
    assert off_list == 0


def test_only_online_orders_pay_shipping(db: duckdb.DuckDBPyConnection) -> None:
    paying = dict(
        db.execute(
            "SELECT channel, count(*) FILTER (WHERE shipping_fee > 0) "
            "FROM orders JOIN stores USING (store_id) GROUP BY 1"
        ).fetchall()
    )
    assert paying["retail"] == 0 and paying["online"] > 0
    assert one(db, "SELECT count(*) FROM orders WHERE shipping_fee < 0") == 0


# --- returns and surveys -------------------------------------------------------------------


def test_returns_match_their_order_lines(db: duckdb.DuckDBPyConnection) -> None:
    inconsistent = one(
        db,
        """
        SELECT count(*) FROM returns r
        JOIN order_items i USING (order_id, line_number)
        JOIN orders o USING (order_id)
        WHERE o.status <> 'returned' OR r.product_id <> i.product_id
           OR r.quantity < 1 OR r.quantity > i.quantity
           OR abs(r.refund_amount - r.quantity * i.unit_price * (1 - i.discount_pct)) > 0.01
           OR r.returned_on < CAST(o.order_ts AS DATE) + 1
           OR r.returned_on > CAST(o.order_ts AS DATE) + 30
        """,
    )
    assert inconsistent == 0
    unmatched = one(
        db, "SELECT count(*) FROM returns ANTI JOIN order_items USING (order_id, line_number)"
    )
    assert unmatched == 0
    unreturned = one(
        db,
        "SELECT count(*) FROM orders ANTI JOIN returns USING (order_id) WHERE status = 'returned'",
    )
    assert unreturned == 0
    assert one(db, "SELECT count(*) - count(DISTINCT (order_id, line_number)) FROM returns") == 0


def test_surveys_follow_real_orders(db: duckdb.DuckDBPyConnection) -> None:
    inconsistent = one(
        db,
        """
        SELECT count(*) FROM satisfaction_surveys s JOIN orders o USING (order_id)
        WHERE o.is_test OR s.customer_id <> o.customer_id OR s.store_id <> o.store_id
           OR s.surveyed_on < CAST(o.order_ts AS DATE)
           OR s.surveyed_on > CAST(o.order_ts AS DATE) + 7
           OR s.csat NOT BETWEEN 1 AND 5 OR s.nps NOT BETWEEN 0 AND 10
        """,
    )
    assert inconsistent == 0
    coverage = one(
        db,
        "SELECT (SELECT count(*) FROM satisfaction_surveys) / count(*) FROM orders "
        "WHERE NOT is_test",
    )
    assert coverage == pytest.approx(0.08, abs=0.012)


def test_unhappy_orders_get_lower_scores(db: duckdb.DuckDBPyConnection) -> None:
    csat = dict(
        db.execute(
            "SELECT status, avg(csat) FROM satisfaction_surveys JOIN orders USING (order_id) "
            "GROUP BY 1"
        ).fetchall()
    )
    assert csat["completed"] > csat["cancelled"] and csat["completed"] > csat["returned"]


# --- daily tables and targets --------------------------------------------------------------


def test_online_conversion_is_two_to_four_percent(db: duckdb.DuckDBPyConnection) -> None:
    conversion = one(
        db,
        "SELECT (SELECT count(*) FROM orders JOIN stores USING (store_id) "
        "WHERE channel = 'online') / sum(sessions) FROM web_sessions",
    )
    assert 0.02 < conversion < 0.04
    assert one(db, "SELECT count(*) FROM web_sessions WHERE visitors > sessions") == 0
    retail_rows = one(
        db,
        "SELECT count(*) FROM web_sessions JOIN stores USING (store_id) WHERE channel <> 'online'",
    )
    assert retail_rows == 0


def test_marketing_spend_is_seasonal(db: duckdb.DuckDBPyConnection) -> None:
    assert one(db, "SELECT count(*) FROM marketing_spend WHERE amount < 0") == 0
    by_month = dict(
        db.execute(
            "SELECT month(spend_date), sum(amount) FROM marketing_spend "
            "WHERE year(spend_date) = 2024 GROUP BY 1"
        ).fetchall()
    )
    assert by_month[12] > 1.3 * by_month[2]


def test_targets_cover_every_month_and_track_actuals(db: duckdb.DuckDBPyConnection) -> None:
    months = db.execute(
        "SELECT region_id, min(month), max(month), count(*) FROM revenue_targets GROUP BY 1"
    ).fetchall()
    assert sorted(months) == [(r, START, date(END.year, 12, 1), 42) for r in range(1, 9)]
    ratios = db.execute(
        f"""
        WITH actual AS (
            SELECT date_trunc('month', order_date) AS month, region_id, sum(amount) AS revenue
            FROM ({CERTIFIED_LINES}) JOIN stores USING (store_id) GROUP BY ALL
        )
        SELECT min(target_amount / revenue), max(target_amount / revenue), count(*)
        FROM revenue_targets JOIN actual USING (month, region_id)
        WHERE month <= ?
        """,
        [END],
    ).fetchall()[0]
    low, high, count = ratios
    assert count == 36 * 8  # every complete month of every region
    assert low >= 0.9 - 1e-3 and high <= 1.15 + 1e-3
    assert one(db, "SELECT min(target_amount) FROM revenue_targets WHERE month > ?", END) > 0


# --- business effects ----------------------------------------------------------------------


def test_shops_are_busier_at_the_weekend(db: duckdb.DuckDBPyConnection) -> None:
    weekend, weekday = db.execute(
        """
        SELECT count(*) FILTER (WHERE isodow(order_ts) >= 6)
                 / count(DISTINCT order_ts::DATE) FILTER (WHERE isodow(order_ts) >= 6),
               count(*) FILTER (WHERE isodow(order_ts) <= 4)
                 / count(DISTINCT order_ts::DATE) FILTER (WHERE isodow(order_ts) <= 4)
        FROM orders JOIN stores USING (store_id) WHERE channel = 'retail'
        """
    ).fetchall()[0]
    assert weekend > 1.25 * weekday


def test_november_and_december_are_the_peak(db: duckdb.DuckDBPyConnection) -> None:
    by_month = db.execute(
        "SELECT month(order_ts) FROM orders WHERE year(order_ts) = 2024 "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 2"
    ).fetchall()
    assert sorted(by_month) == [(11,), (12,)]


@pytest.mark.slow
def test_revenue_grows_ten_to_twenty_percent_a_year(full_db: duckdb.DuckDBPyConnection) -> None:
    year_1, year_2, year_3 = full_db.execute(
        f"""
        SELECT sum(amount) FILTER (WHERE order_date < ? + INTERVAL 1 YEAR),
               sum(amount) FILTER (WHERE order_date >= ? + INTERVAL 1 YEAR
                                     AND order_date < ? + INTERVAL 2 YEAR),
               sum(amount) FILTER (WHERE order_date >= ? + INTERVAL 2 YEAR)
        FROM ({CERTIFIED_LINES})
        """,
        [START] * 4,
    ).fetchall()[0]
    assert 1.08 < year_2 / year_1 < 1.25
    assert 1.08 < year_3 / year_2 < 1.22


@pytest.mark.slow
def test_year_end_peak_in_revenue(full_db: duckdb.DuckDBPyConnection) -> None:
    top = full_db.execute(
        f"SELECT month(order_date) FROM ({CERTIFIED_LINES}) WHERE year(order_date) = 2024 "
        "GROUP BY 1 ORDER BY sum(amount) DESC LIMIT 2"
    ).fetchall()
    assert sorted(top) == [(11,), (12,)]


@pytest.mark.slow
def test_happier_stores_grow_faster(full_db: duckdb.DuckDBPyConnection) -> None:
    """Store csat and NPS correlate with last-12-months vs previous-12-months revenue growth."""
    csat_corr, nps_corr, stores = full_db.execute(
        f"""
        WITH growth AS (
            SELECT store_id,
                   sum(amount) FILTER (WHERE order_date > ? - INTERVAL 1 YEAR)
                   / sum(amount) FILTER (WHERE order_date <= ? - INTERVAL 1 YEAR
                                           AND order_date > ? - INTERVAL 2 YEAR) - 1 AS yoy
            FROM ({CERTIFIED_LINES}) GROUP BY 1
        ),
        happiness AS (
            SELECT store_id, avg(csat) AS csat, avg(nps) AS nps
            FROM satisfaction_surveys GROUP BY 1
        )
        SELECT corr(csat, yoy), corr(nps, yoy), count(*)
        FROM growth JOIN happiness USING (store_id)
        """,
        [END] * 3,
    ).fetchall()[0]
    assert stores == 48
    assert csat_corr > 0.4
    assert nps_corr > 0.4
