"""The embedded default: a DuckDB file, opened read-only and locked down.

Defence in depth behind the SQL guard: the database is opened read-only, external access
(files, network, ATTACH) and extension loading are off, memory and threads are capped, and
the configuration is locked so no statement can switch any of that back on. DuckDB has no
statement timeout, so a timer interrupts a query that runs too long.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import duckdb

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
)
from kernel.error_codes import ErrorCode

LOCKED_DOWN: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "memory_limit": "4GB",
    "threads": 2,
    "lock_configuration": True,
}

_PREFIX = "duckdb:///"


def path_of(url: str) -> Path:
    """``duckdb:///relative.duckdb`` and ``duckdb:////abs/path.duckdb`` → a path.

    >>> str(path_of("duckdb:////data/retail.duckdb"))
    '/data/retail.duckdb'
    """
    if not url.startswith(_PREFIX):
        raise ConnectionFailed(
            f"Not a DuckDB URL: {url!r}.", hint="Write duckdb:///path/to/file.duckdb."
        )
    return Path(url[len(_PREFIX) :])


class DuckDBConnector(ConnectorBase):
    dialect = "duckdb"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = path_of(url)
        if not self.path.is_file():
            raise ConnectionFailed(
                f"The DuckDB database {self.path} does not exist.",
                hint="Build the sample warehouse with `askbi sample-db` (or `make run`), "
                "or point ASKBI_SOURCE at your database.",
                code=ErrorCode.DATABASE_NOT_FOUND,
            )
        try:
            self._connection = duckdb.connect(str(self.path), read_only=True, config=LOCKED_DOWN)
        except duckdb.Error as e:
            raise ConnectionFailed(f"Can't open {self.path}: {e}") from e

    def query(
        self, sql: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS
    ) -> QueryResult:
        # A cursor per query: DuckDB connections are not safe to share between threads,
        # their cursors are, and interrupting one cursor leaves the others running.
        cursor = self._connection.cursor()
        timer = threading.Timer(timeout_s, _interrupt, args=(cursor,))
        began = time.perf_counter()
        timer.start()
        try:
            cursor.execute(sql)
            columns = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException as e:
            raise QueryTimeout(
                f"The query was stopped after {timeout_s:g} s.",
                hint="Narrow the time range or add filters.",
            ) from e
        except duckdb.Error as e:
            raise QueryFailed(f"DuckDB refused the query: {e}") from e
        finally:
            timer.cancel()
            cursor.close()
        elapsed = (time.perf_counter() - began) * 1000
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return QueryResult(tuple(columns), tuple(rows), truncated, elapsed)

    def data_version(self) -> str:
        """The file's size and modification time: a rebuilt or replaced file changes both."""
        try:
            stat = self.path.stat()
        except OSError:
            return ""
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def list_tables(self) -> list[TableInfo]:
        result = self.query(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position",
            max_rows=1_000_000,
        )
        tables: dict[str, list[ColumnInfo]] = {}
        for table, column, data_type in result.frame.itertuples(index=False):
            tables.setdefault(str(table), []).append(ColumnInfo(str(column), str(data_type)))
        return [TableInfo(name, tuple(columns)) for name, columns in tables.items()]

    def close(self) -> None:
        self._connection.close()


def _interrupt(cursor: duckdb.DuckDBPyConnection) -> None:
    # The timer may fire as the query finishes and its cursor closes: then there is nothing
    # to stop, and the error would only print a traceback from the timer's thread.
    with contextlib.suppress(duckdb.Error):
        cursor.interrupt()
