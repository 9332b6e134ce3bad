"""The embedded default: a DuckDB file, opened read-only and locked down.

Defence in depth behind the SQL guard: the database is opened read-only, external access
(files, network, ATTACH) and extension loading are off, memory and threads are capped, and
the configuration is locked so no statement can switch any of that back on. DuckDB has no
statement timeout, so a timer interrupts a query that runs too long. DuckDB streams a
result as it is fetched, so :func:`~connectors.base.fetch_bounded` reads only the rows it
keeps; ``memory_limit`` bounds what the engine itself holds (joins, sorts, aggregates).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from connectors.base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    ColumnInfo,
    ConnectionFailed,
    ConnectorBase,
    ForeignKeyInfo,
    QueryFailed,
    QueryResult,
    QueryTimeout,
    TableInfo,
    fetch_bounded,
    qualified,
)
from kernel.error_codes import ErrorCode

LOCKED_DOWN: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    # What the engine may hold for joins, sorts and aggregates; the app around it needs a
    # few hundred MB more. A query that needs more fails with DuckDB's out-of-memory error.
    "memory_limit": "1GB",
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
        self,
        sql: str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> QueryResult:
        # A cursor per query: DuckDB connections are not safe to share between threads,
        # their cursors are, and interrupting one cursor leaves the others running.
        try:
            cursor = self._connection.cursor()
        except duckdb.Error as e:  # a closed connection: the same message as a failed query
            raise QueryFailed(f"DuckDB could not run the query: {e}") from e
        timer = threading.Timer(timeout_s, _interrupt, args=(cursor,))
        began = time.perf_counter()
        timer.start()
        try:
            cursor.execute(sql)
            columns = tuple(d[0] for d in cursor.description or ())
            fetched = fetch_bounded(cursor.fetchmany, max_rows=max_rows, max_bytes=max_bytes)
        except duckdb.InterruptException as e:
            raise QueryTimeout(
                f"The query was stopped after {timeout_s:g} s.",
                hint="Narrow the time range or add filters.",
            ) from e
        except duckdb.OutOfMemoryException as e:
            raise QueryFailed(
                f"DuckDB ran out of the memory askbi gives it ({LOCKED_DOWN['memory_limit']}).",
                hint="Aggregate more, or narrow the time range or the filters.",
            ) from e
        except duckdb.Error as e:
            raise QueryFailed(f"DuckDB refused the query: {e}") from e
        finally:
            timer.cancel()
            cursor.close()
        return fetched.result(columns, began)

    def write_access(self) -> str | None:
        """Never: the file is opened read-only, whatever the file system allows."""
        return None

    def data_version(self) -> str:
        """The file's size and modification time: a rebuilt or replaced file changes both."""
        try:
            stat = self.path.stat()
        except OSError:
            return ""
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def list_tables(self, schemas: Sequence[str] = ()) -> list[TableInfo]:
        default = str(self.query("SELECT current_schema()").rows[0][0])
        wanted = [default, *(s for s in schemas if s != default)]
        placeholders = ", ".join(_quote(s) for s in wanted)
        columns = self.query(
            "SELECT schema_name, table_name, column_name, data_type, is_nullable, comment "
            f"FROM duckdb_columns() WHERE schema_name IN ({placeholders}) AND NOT internal "
            "ORDER BY schema_name, table_name, column_index",
            max_rows=1_000_000,
        ).rows
        comments = self.query(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() "
            f"WHERE schema_name IN ({placeholders})",
            max_rows=1_000_000,
        ).rows
        constraints = self.query(
            "SELECT schema_name, table_name, constraint_type, constraint_column_names, "
            "referenced_table, referenced_column_names FROM duckdb_constraints() "
            f"WHERE schema_name IN ({placeholders}) "
            "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')",
            max_rows=1_000_000,
        ).rows
        return _duckdb_tables(default, columns, comments, constraints)

    def list_schemas(self) -> list[str]:
        rows = self.query(
            "SELECT DISTINCT schema_name FROM duckdb_tables() WHERE NOT internal "
            "UNION SELECT DISTINCT schema_name FROM duckdb_views() WHERE NOT internal "
            "ORDER BY 1"
        ).rows
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        self._connection.close()


def _quote(text: str) -> str:
    """A string literal for names read from the catalogue or given by the caller."""
    return "'" + text.replace("'", "''") + "'"


Rows = tuple[tuple[Any, ...], ...]


def _duckdb_tables(
    default: str, columns: Rows, comments: Rows, constraints: Rows
) -> list[TableInfo]:
    def name(schema: object, table: object) -> str:
        return qualified(None if schema == default else str(schema), str(table))

    found: dict[str, list[ColumnInfo]] = {}
    for schema, table, column, data_type, nullable, comment in columns:
        found.setdefault(name(schema, table), []).append(
            ColumnInfo(str(column), str(data_type), bool(nullable), str(comment or ""))
        )
    notes = {name(s, t): str(c or "") for s, t, c in comments}
    keys: dict[str, tuple[str, ...]] = {}
    foreign: dict[str, list[ForeignKeyInfo]] = {}
    for schema, table, kind, names, target, target_names in constraints:
        key = name(schema, table)
        if kind == "PRIMARY KEY":
            keys[key] = tuple(names)
        elif target:  # DuckDB keeps foreign keys within one schema
            foreign.setdefault(key, []).append(
                ForeignKeyInfo(tuple(names), name(schema, target), tuple(target_names))
            )
    return [
        TableInfo(
            table,
            tuple(cols),
            notes.get(table, ""),
            keys.get(table, ()),
            tuple(foreign.get(table, ())),
        )
        for table, cols in found.items()
    ]


def _interrupt(cursor: duckdb.DuckDBPyConnection) -> None:
    # The timer may fire as the query finishes and its cursor closes: then there is nothing
    # to stop, and the error would only print a traceback from the timer's thread.
    with contextlib.suppress(duckdb.Error):
        cursor.interrupt()
