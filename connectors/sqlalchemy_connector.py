"""Any warehouse SQLAlchemy can reach: PostgreSQL, MySQL/MariaDB, Snowflake, BigQuery, Trino,
Spark (through the Hive Thrift server).

Every new connection is made read-only for its whole session, and every query runs on its
own pooled connection inside a transaction that is opened read-only and given a statement
timeout where the database supports one, then rolled back. The session default matters:
MySQL and MariaDB commit the open transaction before any DDL, so a read-only transaction
alone would let ``CREATE TABLE`` through. That is a second wall behind the SQL guard, not a
replacement for connecting as a SELECT-only role: a session can switch its own read-only
default back off.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from connectors.base import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    ColumnInfo,
    ConnectionFailed,
    ConnectorBase,
    QueryFailed,
    QueryResult,
    QueryTimeout,
    TableInfo,
    redact,
)
from kernel.error_codes import ErrorCode


@dataclass(frozen=True)
class Backend:
    """How one kind of database is driven: its sqlglot dialect and read-only session set-up.

    ``driver`` is the DBAPI module the ``askbi[extra]`` installs, used when the URL names none
    (SQLAlchemy's own default may be a driver we do not install). ``session`` statements run
    once on each new connection and are committed. ``begin`` statements run first on each
    query's connection; ``{ms}`` (milliseconds), ``{s}`` (whole seconds, rounded up) and
    ``{seconds}`` (seconds with a fraction) become the timeout, a number, never user text.
    A statement timeout is recognised by the driver's error code (PostgreSQL's SQLSTATE,
    MySQL's error number) in ``timeout_codes``, or by a fragment of its message in
    ``timeout_markers``.
    """

    dialect: str
    extra: str
    driver: str | None = None
    session: tuple[str, ...] = ()
    begin: tuple[str, ...] = ()
    fallback_begin: tuple[str, ...] = ()
    timeout_codes: tuple[str, ...] = ()
    timeout_markers: tuple[str, ...] = ()


_MYSQL = Backend(
    dialect="mysql",
    extra="mysql",
    driver="pymysql",
    # Every later transaction of the session is read-only, including the one MySQL starts
    # after the implicit commit that precedes DDL.
    session=("SET SESSION TRANSACTION READ ONLY",),
    # MariaDB names its timeout max_statement_time (seconds, fractions allowed); MySQL
    # max_execution_time (milliseconds).
    begin=("SET SESSION max_statement_time = {seconds}", "START TRANSACTION READ ONLY"),
    fallback_begin=("SET SESSION max_execution_time = {ms}", "START TRANSACTION READ ONLY"),
    # 1969: MariaDB's max_statement_time exceeded; 3024: MySQL's max_execution_time.
    timeout_codes=("1969", "3024"),
    timeout_markers=("max_statement_time", "max_execution_time"),
)

BACKENDS: dict[str, Backend] = {
    "postgresql": Backend(
        dialect="postgres",
        extra="postgres",
        driver="psycopg2",
        # A COMMIT smuggled into the statement must not leave a writable transaction behind.
        session=("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",),
        begin=("SET TRANSACTION READ ONLY", "SET LOCAL statement_timeout = {ms}"),
        # 57014 query_canceled; the message is translated when the server's lc_messages is.
        timeout_codes=("57014",),
        timeout_markers=("canceling statement due to statement timeout",),
    ),
    "mysql": _MYSQL,
    "mariadb": _MYSQL,
    "snowflake": Backend(
        dialect="snowflake",
        extra="snowflake",
        begin=("ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = {s}",),
        timeout_markers=("timeout",),
    ),
    "bigquery": Backend(dialect="bigquery", extra="bigquery"),
    "trino": Backend(dialect="trino", extra="trino"),
    "hive": Backend(dialect="spark", extra="spark"),
}


def backend_for(url: str) -> Backend:
    scheme = url.partition("://")[0].partition("+")[0].lower()
    if scheme not in BACKENDS:
        raise ConnectionFailed(
            f"askbi has no connector for '{scheme}' URLs.",
            hint=f"Supported: duckdb, {', '.join(BACKENDS)}.",
            code=ErrorCode.UNSUPPORTED_SOURCE,
        )
    return BACKENDS[scheme]


class SQLAlchemyConnector(ConnectorBase):
    def __init__(self, url: str) -> None:
        self.url = url
        self.backend = backend_for(url)
        self.dialect = self.backend.dialect
        try:
            self._engine = sa.create_engine(
                _with_driver(make_url(url), self.backend), pool_pre_ping=True, pool_size=4
            )
        except (NoSuchModuleError, ModuleNotFoundError) as e:
            raise ConnectionFailed(
                f"The database driver for {redact(url)} is not installed.",
                hint=f"Install it with: pip install 'askbi[{self.backend.extra}]'",
                code=ErrorCode.DRIVER_MISSING,
            ) from e
        except (ArgumentError, ValueError) as e:
            raise ConnectionFailed(f"Can't read the database URL {redact(url)}: {e}") from e
        if self.backend.session:
            sa.event.listen(self._engine, "connect", self._prepare_session)
        self._begin = self.backend.begin

    def query(
        self, sql: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS
    ) -> QueryResult:
        began = time.perf_counter()
        raw = self._raw_connection()
        try:
            cursor = raw.cursor()
            self._open_read_only(raw, cursor, timeout_s)
            cursor.execute(sql)
            columns = [d[0] for d in cursor.description or ()]
            rows = [tuple(r) for r in cursor.fetchmany(max_rows + 1)]
        except Exception as e:  # the driver boundary: every DBAPI error becomes ours
            raise self._translate(e, timeout_s) from e
        finally:
            _rollback_and_release(raw)
        elapsed = (time.perf_counter() - began) * 1000
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return QueryResult(tuple(columns), tuple(rows), truncated, elapsed)

    def data_version(self) -> str:
        # Server databases change under us without a cheap, portable signal; callers fall
        # back to a time limit on their caches.
        return ""

    def list_tables(self) -> list[TableInfo]:
        """Tables and views of the default schema, read like a query: read-only, timed out."""
        try:
            with self._engine.connect() as connection:
                raw = connection.connection
                # Also resets a session-level timeout (MariaDB's) left by an earlier query.
                self._open_read_only(raw, raw.cursor(), DEFAULT_TIMEOUT_S)
                return _tables(sa.inspect(connection))
        except Exception as e:  # the driver boundary, as in query()
            raise ConnectionFailed(
                f"Can't read the tables of {redact(self.url)}: {_first_line(e)}"
            ) from e

    def close(self) -> None:
        self._engine.dispose()

    def _raw_connection(self) -> Any:
        try:
            return self._engine.raw_connection()
        except Exception as e:  # the driver boundary: the pool raises the DBAPI's own errors
            raise ConnectionFailed(
                f"Can't connect to {redact(self.url)}: {_first_line(e)}",
                hint="Check that the database is running and the URL is right.",
            ) from e

    def _prepare_session(self, dbapi_connection: Any, _record: Any) -> None:
        """SQLAlchemy's ``connect`` hook: make the new session read-only before first use."""
        cursor = dbapi_connection.cursor()
        try:
            for statement in self.backend.session:
                cursor.execute(statement)
        finally:
            cursor.close()
        dbapi_connection.commit()

    def _open_read_only(self, raw: Any, cursor: Any, timeout_s: float) -> None:
        try:
            _run_begin(cursor, self._begin, timeout_s)
        except Exception:
            fallback = self.backend.fallback_begin
            if not fallback or self._begin == fallback:
                raise
            # MySQL does not know MariaDB's variable. Remember the variant only once it has
            # worked, so a passing failure never locks MariaDB into MySQL's statements.
            raw.rollback()
            _run_begin(cursor, fallback, timeout_s)
            self._begin = fallback

    def _translate(self, error: Exception, timeout_s: float) -> Exception:
        if isinstance(error, QueryFailed | ConnectionFailed):
            return error
        timed_out = not _error_codes(error).isdisjoint(self.backend.timeout_codes) or any(
            marker in str(error) for marker in self.backend.timeout_markers
        )
        if timed_out:
            return QueryTimeout(
                f"The query was stopped after {timeout_s:g} s.",
                hint="Narrow the time range or add filters.",
            )
        return QueryFailed(f"The database refused the query: {_first_line(error)}")


def _tables(inspector: sa.Inspector) -> list[TableInfo]:
    # Views count: a semantic layer is often written over views of the raw tables.
    names = sorted({*inspector.get_table_names(), *inspector.get_view_names()})
    return [
        TableInfo(
            name, tuple(ColumnInfo(c["name"], str(c["type"])) for c in inspector.get_columns(name))
        )
        for name in names
    ]


def _with_driver(url: sa.URL, backend: Backend) -> sa.URL:
    """``postgresql://…`` → ``postgresql+psycopg2://…``: the driver our extra installs.

    SQLAlchemy 2.1 resolves a bare ``postgresql://`` to psycopg 3, which ``askbi[postgres]``
    does not install, and a bare ``mysql://`` to mysqlclient rather than PyMySQL.
    """
    if backend.driver is None or "+" in url.drivername:
        return url
    return url.set(drivername=f"{url.drivername}+{backend.driver}")


def _run_begin(cursor: Any, statements: tuple[str, ...], timeout_s: float) -> None:
    ms = max(1, math.ceil(timeout_s * 1000))
    for statement in statements:
        cursor.execute(
            statement.format(ms=ms, s=max(1, math.ceil(timeout_s)), seconds=f"{ms / 1000:.3f}")
        )


def _error_codes(error: BaseException) -> set[str]:
    """The driver's codes for ``error``: PostgreSQL's SQLSTATE, MySQL's error number."""
    codes = {
        str(getattr(error, name)) for name in ("pgcode", "sqlstate") if getattr(error, name, None)
    }
    if error.args and isinstance(error.args[0], int):
        codes.add(str(error.args[0]))
    return codes


def _rollback_and_release(raw: Any) -> None:
    try:
        raw.rollback()
    except Exception:  # a broken connection is discarded by the pool's pre-ping
        pass
    finally:
        raw.close()


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
