"""Hostile SQL on PostgreSQL and MariaDB with the guard bypassed: the connector's own walls.

Statements go straight to ``connector.query``. Read-write tricks that held on a pooled
session before (MariaDB: ``SET SESSION TRANSACTION READ WRITE``, then ``CREATE TABLE``;
PostgreSQL: ``COMMIT; SET SESSION CHARACTERISTICS … READ WRITE``, then ``COMMIT; CREATE
TABLE``) must change nothing, checked through a writable engine afterwards. Memory cases run
in a measured child process (``app.cli.measure``): a result far past the row cap or the
byte budget must stream, not be held whole. A server that kills the session mid-query must
give a clear error and no traceback.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.cli.measure import Measured, run_measured
from connectors.base import QueryFailed
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from tests.support.databases import Namespace, mariadb_namespace, postgres_namespace

ROOT = Path(__file__).resolve().parents[2]
CPU_S = 10.0
PEAK_MB = 1024.0
TRICK_TABLE = "zz_trick"


def _measured(url: str, max_rows: int, sql: str) -> tuple[Measured, dict[str, object]]:
    run = run_measured(
        "tests.support.connector_child",
        [url, str(max_rows), sql],
        timeout_s=60,
        rss_limit_mb=2 * PEAK_MB,
        cwd=ROOT,
    )
    assert run.stopped is None, f"stopped for {run.stopped} after {run.seconds} s"
    assert run.cpu_seconds < CPU_S and run.peak_rss_mb < PEAK_MB, run
    assert run.returncode == 0 and run.stderr == "", run
    return run, json.loads(run.stdout)


def _refused_all(connector: SQLAlchemyConnector, statements: list[str]) -> None:
    for statement in statements:
        with pytest.raises(QueryFailed):
            connector.query(statement)


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg(postgres_admin: sa.Engine) -> Iterator[Namespace]:
    with postgres_namespace(postgres_admin) as namespace:
        yield namespace


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
class TestPostgres:
    def test_read_write_tricks_on_a_pooled_session_change_nothing(self, pg: Namespace) -> None:
        with SQLAlchemyConnector(pg.url) as connector:
            _refused_all(
                connector,
                [
                    "COMMIT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                    f"COMMIT; CREATE TABLE {TRICK_TABLE} (a INT)",
                    "SELECT 1; COMMIT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                    f"SELECT 1; COMMIT; CREATE TABLE {TRICK_TABLE} (a INT)",
                    f"WITH x AS (SELECT 1) SELECT * FROM x; CREATE TABLE {TRICK_TABLE} (a INT)",
                    f"/* hi */ CREATE TABLE {TRICK_TABLE} (a INT)",
                    f"WITH x AS (INSERT INTO {TRICK_TABLE} VALUES (1) RETURNING a) SELECT * FROM x",
                ],
            )
            # A SELECT may change a setting, inside the transaction that is rolled back.
            connector.query("SELECT set_config('default_transaction_read_only', 'off', false)")
            _refused_all(connector, [f"SELECT 1; CREATE TABLE {TRICK_TABLE} (a INT)"])
            (on,) = connector.query("SELECT current_setting('default_transaction_read_only')").rows
            assert on == ("on",)
        with pg.engine.connect() as admin:
            exists = admin.exec_driver_sql(f"SELECT to_regclass('{pg.name}.{TRICK_TABLE}')")
            assert exists.scalar() is None

    def test_a_failed_query_gets_a_fresh_connection(self, pg: Namespace) -> None:
        with SQLAlchemyConnector(pg.url) as connector:
            first = connector.query("SELECT pg_backend_pid()").rows
            assert connector.query("SELECT pg_backend_pid()").rows == first, "reused when well"
            with pytest.raises(QueryFailed):
                connector.query("SELECT 1 / 0")
            assert connector.query("SELECT pg_backend_pid()").rows != first

    def test_766k_rows_at_a_small_row_cap_stream(self, pg: Namespace) -> None:
        sql = (
            "SELECT g, repeat(md5(CAST(g AS TEXT)), 40) AS h"
            " FROM generate_series(1, 766000) AS g"
        )  # about 1 GB if held whole
        _, result = _measured(pg.url, 10, sql)
        assert (result["rows"], result["truncated"]) == (10, True)

    def test_wide_rows_stop_at_the_byte_budget(self, pg: Namespace) -> None:
        sql = "SELECT repeat('x', 100000) AS x FROM generate_series(1, 100000)"
        _, result = _measured(pg.url, 10_000, sql)
        assert result["truncated"] is True and result["over_budget"] is True
        assert 0 < int(str(result["rows"])) < 10_000

    def test_a_session_killed_mid_query_is_an_error_without_a_traceback(
        self, pg: Namespace, postgres_admin: sa.Engine
    ) -> None:
        name = f"askbi_doomed_{time.monotonic_ns()}"
        killer = threading.Thread(target=_terminate, args=(postgres_admin, name), daemon=True)
        killer.start()
        run, result = _measured(f"{pg.url}&application_name={name}", 10, "SELECT pg_sleep(20)")
        killer.join(timeout=30)
        assert result["error"] in ("query_failed", "connection_failed"), result
        assert run.stderr == ""


def _terminate(admin: sa.Engine, application: str) -> None:
    """Kill the session of ``application`` once it runs a query: a server dying mid-query."""
    for _ in range(400):
        with admin.connect() as connection:
            killed = connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                f" WHERE application_name = '{application}' AND state = 'active'"
            ).fetchall()
        if killed:
            return
        time.sleep(0.05)


# --- MariaDB --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def maria(mariadb_admin: sa.Engine) -> Iterator[Namespace]:
    with mariadb_namespace(mariadb_admin) as namespace:
        yield namespace


@pytest.mark.mariadb
@pytest.mark.xdist_group("mariadb")
class TestMariaDB:
    TRICKS = (
        "SET SESSION TRANSACTION READ WRITE",
        f"CREATE TABLE {TRICK_TABLE} (a INT)",
        f"SET STATEMENT tx_read_only=0 FOR CREATE TABLE {TRICK_TABLE} (a INT)",
        f"SELECT 1; CREATE TABLE {TRICK_TABLE} (a INT)",
        f"(SELECT 1); CREATE TABLE {TRICK_TABLE} (a INT)",
        f"/*!40000 CREATE TABLE {TRICK_TABLE} (a INT) */",
        f"-- a comment\nCREATE TABLE {TRICK_TABLE} (a INT)",
    )

    @pytest.mark.parametrize("flags", ["", "&client_flag=65536"], ids=["plain", "multi_flag"])
    def test_read_write_tricks_on_a_pooled_session_change_nothing(
        self, maria: Namespace, flags: str
    ) -> None:
        with SQLAlchemyConnector(maria.url + flags) as connector:
            for trick in self.TRICKS:
                with pytest.raises(QueryFailed):
                    connector.query(trick)
                connector.query("SELECT 1")  # the pooled session goes on being used
        with maria.engine.connect() as admin:
            tables = admin.exec_driver_sql("SHOW TABLES").fetchall()
        assert (TRICK_TABLE,) not in tables

    def test_a_failed_query_gets_a_fresh_connection(self, maria: Namespace) -> None:
        with SQLAlchemyConnector(maria.url) as connector:
            first = connector.query("SELECT CONNECTION_ID()").rows
            assert connector.query("SELECT CONNECTION_ID()").rows == first, "reused when well"
            with pytest.raises(QueryFailed):
                connector.query("SELECT no_such_column FROM no_such_table")
            assert connector.query("SELECT CONNECTION_ID()").rows != first

    def test_766k_rows_at_a_small_row_cap_stream(self, maria: Namespace) -> None:
        sql = "SELECT seq, REPEAT(MD5(seq), 40) AS h FROM seq_1_to_766000"
        _, result = _measured(maria.url, 10, sql)
        assert (result["rows"], result["truncated"]) == (10, True)
