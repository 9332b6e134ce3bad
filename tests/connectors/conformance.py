"""The conformance suite: what every connector must do, written once.

Each database's test module subclasses :class:`ConnectorConformance` and provides two
class-scoped fixtures, ``connector_url`` (a namespace holding the conformance table and
view) and
``connector`` (a connector opened on it), plus a few class attributes for what cannot be
said portably: a statement that runs for ever, an address where nothing listens.

The read-only tests send writes straight to the connector, with no SQL guard in front: the
database itself must refuse them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from connectors.base import ConnectionFailed, Connector, QueryFailed, QueryTimeout
from connectors.registry import open_connector

CONFORMANCE_DDL = (
    """CREATE TABLE conformance_values (
        id INTEGER PRIMARY KEY, big_number BIGINT, ratio DOUBLE, price DECIMAL(12, 2),
        sold_on DATE, sold_at TIMESTAMP, label VARCHAR)""",
)
SEQUENCE_DDL = "CREATE SEQUENCE conformance_seq"
"""A sequence: taking its next value is a write that a plain SELECT can make."""
VIEW_DDL = (
    "CREATE VIEW {schema}conformance_view AS SELECT id, label FROM {schema}conformance_values"
)
"""A view over the table; ``{schema}`` is empty or a schema name and a dot."""
CONFORMANCE_COLUMNS = ["id", "big_number", "ratio", "price", "sold_on", "sold_at", "label"]
CONFORMANCE_ROWS: list[tuple[object, ...]] = [
    (
        1,
        2**53 + 1,  # a float64 would round it: the NULL below must not turn the column float
        0.25,
        Decimal("1234.50"),
        dt.date(2026, 6, 30),
        dt.datetime(2026, 6, 30, 23, 59, 58, 123456),
        "서울 강남점",
    ),
    (
        2,
        -42,
        -1.5,
        Decimal("0.01"),
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 0, 0, 1),
        "Busan",
    ),
    (3, None, None, None, None, None, None),
]
TYPE_FAMILIES = {
    "id": r"int",
    "big_number": r"bigint|int8|int64|number",
    "ratio": r"double|float",
    "price": r"decimal|numeric",
    "sold_on": r"^date$",
    "sold_at": r"timestamp|datetime",
    "label": r"char|text|string",
}

TIMEOUT_S = 0.3
STOPPED_WITHIN_S = 0.95
"""Stopped queries return in about TIMEOUT_S on every database here; a timeout rounded up to
whole seconds would take 1 s and a missing one minutes."""

READ_ONLY = re.compile(r"read[- _]?only", re.IGNORECASE)
WRITES = (
    "CREATE TABLE conformance_new (a INTEGER)",
    "INSERT INTO conformance_values (id) VALUES (99)",
    "DELETE FROM conformance_values",
    "UPDATE conformance_values SET label = 'x'",
    "DROP TABLE conformance_values",
)
SECRET = "s3cret-Passw0rd"


def plain(value: object) -> object:
    """A cell as a plain Python value: NULL as None, numpy and pandas scalars unwrapped."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    return value


def plain_rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)]


class ConnectorConformance:
    """The behaviour every connector shares. Subclasses are named ``Test…`` and collected."""

    dialect: ClassVar[str]
    connector_class: ClassVar[type]
    slow_sql: ClassVar[str]
    """Runs far longer than TIMEOUT_S unless the connector stops it."""
    unreachable_url: ClassVar[str]
    """Where no database answers; contains SECRET wherever the URL can carry a password."""
    unreachable_where: ClassVar[str]
    """What the message must name so the user knows which address failed."""
    write_in_a_query: ClassVar[str]
    """A SELECT that writes (the next value of ``conformance_seq``): no keyword check can
    see it, only the database's read-only transaction can refuse it."""

    def test_dialect_is_the_sqlglot_name(self, connector: Connector) -> None:
        assert connector.dialect == self.dialect

    def test_open_connector_picks_the_class_by_url(self, connector_url: str) -> None:
        with open_connector(connector_url) as opened:
            assert type(opened) is self.connector_class
            assert opened.dialect == self.dialect

    def test_data_version_is_stable_while_nothing_changes(self, connector: Connector) -> None:
        first = connector.data_version()
        connector.query("SELECT 1 AS one")
        assert connector.data_version() == first

    def test_list_tables_returns_tables_and_columns(self, connector: Connector) -> None:
        tables = {t.name: t for t in connector.list_tables()}
        assert "conformance_values" in tables
        columns = tables["conformance_values"].columns
        assert [c.name for c in columns] == CONFORMANCE_COLUMNS
        for column in columns:
            family = TYPE_FAMILIES[column.name]
            assert re.search(family, column.data_type, re.IGNORECASE), (column, family)
        # Semantic layers are often written over views; validation must find them.
        assert [c.name for c in tables["conformance_view"].columns] == ["id", "label"]

    def test_query_returns_columns_and_values(self, connector: Connector) -> None:
        result = connector.query(
            f"SELECT {', '.join(CONFORMANCE_COLUMNS)} FROM conformance_values ORDER BY id"
        )
        assert result.columns == CONFORMANCE_COLUMNS
        assert (result.row_count, result.truncated) == (3, False)
        assert plain_rows(result.frame) == CONFORMANCE_ROWS
        assert result.elapsed_ms >= 0

    def test_korean_aliases_and_literals_survive(self, connector: Connector) -> None:
        result = connector.query(
            "SELECT label AS 매장, '매출' AS 지표 FROM conformance_values WHERE id = 1"
        )
        assert result.columns == ["매장", "지표"]
        assert plain_rows(result.frame) == [("서울 강남점", "매출")]

    def test_empty_result_keeps_its_columns(self, connector: Connector) -> None:
        result = connector.query("SELECT id, label FROM conformance_values WHERE id < 0")
        assert result.columns == ["id", "label"]
        assert (result.row_count, result.truncated, len(result.frame)) == (0, False, 0)

    def test_row_cap_truncates_and_says_so(self, connector: Connector) -> None:
        capped = connector.query("SELECT id FROM conformance_values ORDER BY id", max_rows=2)
        assert (capped.row_count, capped.truncated) == (2, True)
        assert plain_rows(capped.frame) == [(1,), (2,)]
        exact = connector.query("SELECT id FROM conformance_values ORDER BY id", max_rows=3)
        assert (exact.row_count, exact.truncated) == (3, False)

    def test_slow_query_is_stopped_and_the_connector_still_works(
        self, connector: Connector
    ) -> None:
        began = time.perf_counter()
        with pytest.raises(QueryTimeout) as caught:
            connector.query(self.slow_sql, timeout_s=TIMEOUT_S)
        elapsed = time.perf_counter() - began
        assert elapsed < STOPPED_WITHIN_S, f"stopped only after {elapsed:.1f} s"
        assert caught.value.code == "query_timeout"
        assert f"{TIMEOUT_S:g} s" in caught.value.message
        assert plain_rows(connector.query("SELECT 1 AS one").frame) == [(1,)]

    @pytest.mark.parametrize("statement", WRITES, ids=lambda s: s.split()[0].lower())
    def test_database_refuses_writes(self, connector: Connector, statement: str) -> None:
        with pytest.raises(QueryFailed) as caught:
            connector.query(statement)
        assert not isinstance(caught.value, QueryTimeout)
        assert READ_ONLY.search(caught.value.message), caught.value.message
        self._assert_unchanged(connector)

    def test_a_query_that_writes_is_refused_by_the_database(self, connector: Connector) -> None:
        with pytest.raises(QueryFailed) as caught:
            connector.query(self.write_in_a_query)
        assert READ_ONLY.search(caught.value.message), caught.value.message
        self._assert_unchanged(connector)

    def test_a_smuggled_commit_does_not_open_a_writable_transaction(
        self, connector: Connector
    ) -> None:
        # Drivers that accept several statements (psycopg2) would run the INSERT after the
        # COMMIT ended our read-only transaction; the session itself must still be read-only.
        with pytest.raises(QueryFailed):
            connector.query("COMMIT; INSERT INTO conformance_values (id) VALUES (98)")
        self._assert_unchanged(connector)

    def test_bad_sql_fails_with_the_database_message(self, connector: Connector) -> None:
        with pytest.raises(QueryFailed) as caught:
            connector.query("SELECT no_such_column FROM no_such_table")
        assert not isinstance(caught.value, QueryTimeout)
        assert "no_such" in caught.value.message, caught.value.message
        with pytest.raises(QueryFailed) as syntax:
            connector.query("SELECT 1 FROM")
        assert "syntax" in syntax.value.message.lower(), syntax.value.message
        with pytest.raises(QueryFailed):
            connector.query("SELEC 1")

    def test_unreachable_server_fails_clearly_without_the_password(self) -> None:
        with pytest.raises(ConnectionFailed) as caught, open_connector(self.unreachable_url) as c:
            c.query("SELECT 1")
        error = caught.value
        assert error.code in ("connection_failed", "database_not_found")
        assert self.unreachable_where in error.message, error.message
        assert SECRET not in str(error) and SECRET not in repr(error.to_dict())
        assert error.hint, "say what to do next"

    def test_eight_threads_share_one_connector(self, connector: Connector) -> None:
        start = threading.Barrier(8)

        def ask(i: int) -> object:
            start.wait(timeout=10)  # all eight in flight at once, not one after another
            frame = connector.query(f"SELECT COUNT(*) + {i} AS n FROM conformance_values").frame
            return plain(frame.iloc[0, 0])

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(ask, range(8))) == [3 + i for i in range(8)]

    def _assert_unchanged(self, connector: Connector) -> None:
        everything = f"SELECT {', '.join(CONFORMANCE_COLUMNS)} FROM conformance_values ORDER BY id"
        assert plain_rows(connector.query(everything).frame) == CONFORMANCE_ROWS
        assert "conformance_new" not in {t.name for t in connector.list_tables()}
