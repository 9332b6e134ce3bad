"""Any warehouse SQLAlchemy can reach: PostgreSQL, MySQL/MariaDB, Snowflake, BigQuery, Trino,
Spark (through the Hive Thrift server).

Every query runs on its own pooled connection inside a transaction that is opened read-only
and given a statement timeout where the database supports one, then rolled back. That is a
second wall behind the SQL guard, not a replacement for connecting as a SELECT-only role: a
superuser can switch a read-only default back off.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

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
    frame_from_rows,
    redact,
)


@dataclass(frozen=True)
class Backend:
    """How one kind of database is driven: its sqlglot dialect and read-only session set-up.

    ``begin`` statements run first on each query's connection; ``{ms}`` and ``{s}`` become the
    timeout as an integer (never user text). ``timeout_markers`` are fragments of the driver's
    error text that mean the statement timeout fired.
    """

    dialect: str
    extra: str
    begin: tuple[str, ...] = ()
    fallback_begin: tuple[str, ...] = ()
    timeout_markers: tuple[str, ...] = ()


_MYSQL = Backend(
    dialect="mysql",
    extra="mysql",
    # MariaDB names its timeout max_statement_time (seconds); MySQL max_execution_time (ms).
    begin=("SET SESSION max_statement_time = {s}", "START TRANSACTION READ ONLY"),
    fallback_begin=("SET SESSION max_execution_time = {ms}", "START TRANSACTION READ ONLY"),
    timeout_markers=("max_statement_time", "max_execution_time", "1969", "3024"),
)

BACKENDS: dict[str, Backend] = {
    "postgresql": Backend(
        dialect="postgres",
        extra="postgres",
        begin=("SET TRANSACTION READ ONLY", "SET LOCAL statement_timeout = {ms}"),
        timeout_markers=("statement timeout", "QueryCanceled", "57014"),
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
            code="unsupported_source",
        )
    return BACKENDS[scheme]


class SQLAlchemyConnector(ConnectorBase):
    def __init__(self, url: str) -> None:
        self.url = url
        self.backend = backend_for(url)
        self.dialect = self.backend.dialect
        try:
            self._engine = sa.create_engine(make_url(url), pool_pre_ping=True, pool_size=4)
        except (NoSuchModuleError, ModuleNotFoundError) as e:
            raise ConnectionFailed(
                f"The database driver for {redact(url)} is not installed.",
                hint=f"Install it with: pip install 'askbi[{self.backend.extra}]'",
                code="driver_missing",
            ) from e
        except (ArgumentError, ValueError) as e:
            raise ConnectionFailed(f"Can't read the database URL {redact(url)}: {e}") from e
        self._begin = self.backend.begin

    def query(
        self, sql: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS
    ) -> QueryResult:
        began = time.perf_counter()
        raw = self._raw_connection()
        try:
            cursor = raw.cursor()
            self._open_read_only(cursor, timeout_s)
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
        return QueryResult(frame_from_rows(columns, rows), len(rows), truncated, elapsed)

    def list_tables(self) -> list[TableInfo]:
        try:
            inspector = sa.inspect(self._engine)
            return [
                TableInfo(
                    name,
                    tuple(
                        ColumnInfo(c["name"], str(c["type"])) for c in inspector.get_columns(name)
                    ),
                )
                for name in sorted(inspector.get_table_names())
            ]
        except SQLAlchemyError as e:
            raise ConnectionFailed(f"Can't read the tables of {redact(self.url)}: {e}") from e

    def close(self) -> None:
        self._engine.dispose()

    def _raw_connection(self) -> Any:
        try:
            return self._engine.raw_connection()
        except SQLAlchemyError as e:
            raise ConnectionFailed(
                f"Can't connect to {redact(self.url)}: {_first_line(e)}",
                hint="Check that the database is running and the URL is right.",
            ) from e

    def _open_read_only(self, cursor: Any, timeout_s: float) -> None:
        try:
            _run_begin(cursor, self._begin, timeout_s)
        except Exception:
            if not self.backend.fallback_begin or self._begin == self.backend.fallback_begin:
                raise
            # MySQL does not know MariaDB's variable; remember the variant that works.
            cursor.connection.rollback()
            self._begin = self.backend.fallback_begin
            _run_begin(cursor, self._begin, timeout_s)

    def _translate(self, error: Exception, timeout_s: float) -> Exception:
        if isinstance(error, QueryFailed | ConnectionFailed):
            return error
        text = f"{type(error).__name__} {error}"
        if any(marker in text for marker in self.backend.timeout_markers):
            return QueryTimeout(
                f"The query was stopped after {timeout_s:g} s.",
                hint="Narrow the time range or add filters.",
            )
        return QueryFailed(f"The database refused the query: {_first_line(error)}")


def _run_begin(cursor: Any, statements: tuple[str, ...], timeout_s: float) -> None:
    ms = max(1, int(timeout_s * 1000))
    seconds = max(1, round(timeout_s))
    for statement in statements:
        cursor.execute(statement.format(ms=ms, s=seconds))


def _rollback_and_release(raw: Any) -> None:
    try:
        raw.rollback()
    except Exception:  # a broken connection is discarded by the pool's pre-ping
        pass
    finally:
        raw.close()


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
