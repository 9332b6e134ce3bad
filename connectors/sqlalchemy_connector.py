"""Any warehouse SQLAlchemy can reach: PostgreSQL, MySQL/MariaDB, Snowflake, BigQuery, Trino,
Spark (through the Hive Thrift server).

The walls behind the SQL guard, each holding on its own:

* **Only a query, only one.** Text that does not start with ``SELECT``, ``WITH``, ``VALUES``,
  ``TABLE`` or ``(`` is refused before it is sent (MariaDB's ``SET STATEMENT
  tx_read_only=0 FOR CREATE TABLE …`` is one statement that switches read-only off for
  itself). PostgreSQL runs the query as a server-side cursor (``DECLARE … CURSOR FOR``, sent
  with the extended protocol by psycopg 3), which takes exactly one query: ``SELECT 1;
  COMMIT; …`` is a syntax error, not three statements. PyMySQL never gets
  ``CLIENT.MULTI_STATEMENTS``, even when the URL asks for it.
* **Read-only, re-asserted.** Every new connection is made read-only for its whole session,
  and every query runs in a transaction that is opened read-only (MySQL's session default is
  set again first, since a statement can change it and MySQL commits before any DDL) and
  given a statement timeout where the database has one, then rolled back.
* **A fresh connection after any error.** A connection whose query failed, timed out or was
  cut short is discarded, never handed to the next query in an unknown state.
* **Bounded results.** Rows stream (SQLAlchemy ``stream_results``: a server-side cursor on
  PostgreSQL, an unbuffered one on MySQL) and are read in batches within the row cap and
  the byte budget, so the client holds what it keeps, not what the query returned.

None of this replaces connecting as a SELECT-only role; :meth:`write_access` says when the
role could write, for ``askbi validate --source`` and the Settings page to warn.
"""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

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
    ``timeout_markers``. ``write_check`` says what the connected role could change, if
    anything (:meth:`SQLAlchemyConnector.write_access`). ``drains_unread_rows``: closing a
    streaming cursor early reads the rest of the result (PyMySQL's unbuffered cursor), so a
    cut-short result discards its connection instead.
    """

    dialect: str
    extra: str
    driver: str | None = None
    session: tuple[str, ...] = ()
    begin: tuple[str, ...] = ()
    fallback_begin: tuple[str, ...] = ()
    timeout_codes: tuple[str, ...] = ()
    timeout_markers: tuple[str, ...] = ()
    write_check: Callable[[Any], str | None] | None = None
    drains_unread_rows: bool = False


_PG_WRITE_CHECK = """
SELECT CASE
  WHEN r.rolsuper THEN 'is a superuser'
  WHEN EXISTS (
    SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p', 'v', 'f')
      AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
  ) THEN 'may insert, update or delete rows'
  WHEN EXISTS (
    SELECT 1 FROM pg_namespace n
    WHERE n.nspname = ANY (current_schemas(false)) AND has_schema_privilege(n.oid, 'CREATE')
  ) THEN 'may create tables'
END
FROM pg_roles r WHERE r.rolname = current_user
"""
"""The role's strongest write, limited to the schemas on its search path."""


def _postgres_writes(cursor: Any) -> str | None:
    cursor.execute(_PG_WRITE_CHECK)
    row = cursor.fetchone()
    return str(row[0]) if row and row[0] else None


_READ_PRIVILEGES = frozenset(
    {
        "SELECT",
        "USAGE",
        "SHOW VIEW",
        "SHOW DATABASES",
        "PROCESS",
        "REPLICATION CLIENT",
        "BINLOG MONITOR",
        "SLAVE MONITOR",
        "REPLICA MONITOR",
    }
)
_GRANT = re.compile(r"^GRANT\s+(.+?)\s+ON\s", re.IGNORECASE | re.DOTALL)


def _mysql_writes(cursor: Any) -> str | None:
    """Privileges beyond reading in ``SHOW GRANTS``: ``GRANT INSERT, SELECT ON db.* …``."""
    cursor.execute("SHOW GRANTS")
    writes: set[str] = set()
    for (grant,) in cursor.fetchall():
        found = _GRANT.match(str(grant))
        if found is None:
            continue  # a role granted to the user: its own grants are listed separately
        privileges = re.sub(r"\([^)]*\)", "", found.group(1))  # column lists
        writes |= {p.strip().upper() for p in privileges.split(",")} - _READ_PRIVILEGES
    if not writes:
        return None
    if "ALL" in writes or "ALL PRIVILEGES" in writes:
        return "has ALL PRIVILEGES"
    return "has the privileges " + ", ".join(sorted(writes))


_MYSQL = Backend(
    dialect="mysql",
    extra="mysql",
    driver="pymysql",
    # Every later transaction of the session is read-only, including the one MySQL starts
    # after the implicit commit that precedes DDL.
    session=("SET SESSION TRANSACTION READ ONLY",),
    # The session default again before every query: a statement can switch it off, and
    # MySQL commits the open transaction before DDL, leaving the default to decide. MariaDB
    # names its timeout max_statement_time (seconds, fractions allowed); MySQL
    # max_execution_time (milliseconds).
    begin=(
        "SET SESSION TRANSACTION READ ONLY",
        "SET SESSION max_statement_time = {seconds}",
        "START TRANSACTION READ ONLY",
    ),
    fallback_begin=(
        "SET SESSION TRANSACTION READ ONLY",
        "SET SESSION max_execution_time = {ms}",
        "START TRANSACTION READ ONLY",
    ),
    # 1969: MariaDB's max_statement_time exceeded; 3024: MySQL's max_execution_time.
    timeout_codes=("1969", "3024"),
    timeout_markers=("max_statement_time", "max_execution_time"),
    write_check=_mysql_writes,
    drains_unread_rows=True,
)

BACKENDS: dict[str, Backend] = {
    "postgresql": Backend(
        dialect="postgres",
        extra="postgres",
        # psycopg 3: its server-side cursors use the extended protocol, one statement only.
        driver="psycopg",
        # A COMMIT smuggled into the statement must not leave a writable transaction behind.
        session=("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",),
        begin=("SET TRANSACTION READ ONLY", "SET LOCAL statement_timeout = {ms}"),
        # 57014 query_canceled; the message is translated when the server's lc_messages is.
        timeout_codes=("57014",),
        timeout_markers=("canceling statement due to statement timeout",),
        write_check=_postgres_writes,
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
        sa.event.listen(self._engine, "do_connect", _one_statement_per_call)
        if self.backend.session:
            sa.event.listen(self._engine, "connect", self._prepare_session)
        self._begin = self.backend.begin

    def query(
        self,
        sql: str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> QueryResult:
        only_a_query(sql)
        began = time.perf_counter()
        with self._session() as session:
            try:
                raw = session.connection.connection
                self._open_read_only(raw, raw.cursor(), timeout_s)
                # no_parameters: the text goes to cursor.execute(sql) alone, so a driver never
                # reads its % signs as placeholders.
                streaming = session.connection.execution_options(
                    stream_results=True, no_parameters=True
                )
                result = streaming.exec_driver_sql(sql)
                columns = tuple(result.keys())
                fetched = fetch_bounded(
                    result.fetchmany,
                    max_rows=max_rows,
                    max_bytes=max_bytes,
                    deadline=began + timeout_s,
                    on_timeout=lambda: _stopped(timeout_s),
                )
            except Exception as e:  # the driver boundary: every DBAPI error becomes ours
                raise self._translate(e, timeout_s) from e
            session.reusable = not (fetched.truncated and self.backend.drains_unread_rows)
        return fetched.result(columns, began)

    def write_access(self) -> str | None:
        """What the role could change, asked once per connector (``None``: only read, or the
        database can't tell)."""
        return self._write_access

    @cached_property
    def _write_access(self) -> str | None:
        check = self.backend.write_check
        if check is None:
            return None
        with self._session() as session:
            try:
                raw = session.connection.connection
                self._open_read_only(raw, raw.cursor(), DEFAULT_TIMEOUT_S)
                return check(raw.cursor())
            except Exception as e:  # the driver boundary, as in query()
                raise self._translate(e, DEFAULT_TIMEOUT_S) from e

    def data_version(self) -> str:
        # Server databases change under us without a cheap, portable signal; callers fall
        # back to a time limit on their caches.
        return ""

    def list_tables(self, schemas: Sequence[str] = ()) -> list[TableInfo]:
        """Tables and views of the default schema and of ``schemas``, with their keys and
        comments, read like a query: read-only, timed out."""
        return self._inspect(lambda inspector: _tables(inspector, schemas))

    def list_schemas(self) -> list[str]:
        return self._inspect(
            lambda inspector: sorted(
                s for s in inspector.get_schema_names() if s.lower() not in _SYSTEM_SCHEMAS
            )
        )

    def _inspect(self, read: Callable[[sa.Inspector], _T]) -> _T:
        try:
            with self._engine.connect() as connection:
                raw = connection.connection
                # Also resets a session-level timeout (MariaDB's) left by an earlier query.
                self._open_read_only(raw, raw.cursor(), DEFAULT_TIMEOUT_S)
                return read(sa.inspect(connection))
        except Exception as e:  # the driver boundary, as in query()
            raise ConnectionFailed(
                f"Can't read the tables of {redact(self.url)}: {_first_line(e)}"
            ) from e

    def close(self) -> None:
        self._engine.dispose()

    @contextlib.contextmanager
    def _session(self) -> Iterator[_Session]:
        """A pooled connection for one query: rolled back and returned when the query went
        well, discarded (the pool opens a new one) when anything went wrong."""
        try:
            connection = self._engine.connect()
        except Exception as e:  # the driver boundary: the pool raises the DBAPI's own errors
            raise ConnectionFailed(
                f"Can't connect to {redact(self.url)}: {_first_line(e)}",
                hint="Check that the database is running and the URL is right.",
            ) from e
        session = _Session(connection)
        try:
            yield session
        except BaseException:
            session.reusable = False
            raise
        finally:
            _release(session)

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
        error = _driver_error(error)
        timed_out = not _error_codes(error).isdisjoint(self.backend.timeout_codes) or any(
            marker in str(error) for marker in self.backend.timeout_markers
        )
        if timed_out:
            return _stopped(timeout_s)
        return QueryFailed(f"The database refused the query: {_first_line(error)}")


@dataclass
class _Session:
    connection: sa.Connection
    reusable: bool = True


def _release(session: _Session) -> None:
    """Roll back and return a healthy connection; discard any other. Never raises: the
    query's own error (or result) is what the caller must see, and a dead server must not
    print the pool's traceback on the way out."""
    connection = session.connection
    try:
        if session.reusable:
            connection.rollback()
        else:
            _forget_unread_rows(connection.connection.dbapi_connection)
            connection.invalidate()
    except Exception:  # the driver boundary: a broken connection is discarded below
        with contextlib.suppress(Exception):
            connection.invalidate()
    finally:
        with contextlib.suppress(Exception):
            connection.close()


def _forget_unread_rows(dbapi_connection: Any) -> None:
    """PyMySQL reads the rest of an unbuffered result when the result object is collected;
    on a connection we are about to close, that read fails and prints a traceback. The
    rows are not wanted: the connection, and the server's query with it, goes away."""
    pending = getattr(dbapi_connection, "_result", None)
    if pending is not None and getattr(pending, "unbuffered_active", False):
        pending.unbuffered_active = False


_QUERY_START = re.compile(r"(?:select|with|values|table)\b|\(", re.IGNORECASE)
_LEADING_COMMENTS = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|/\*(?![!+M])[\s\S]*?\*/)*")


def only_a_query(sql: str) -> None:
    """Refuse text that is not a query before it reaches the database.

    The guard already allows only one SELECT; this is the connector's own wall, for a caller
    that skipped the guard. Leading comments are skipped, except MySQL's executable
    ``/*! … */``, which is SQL to those servers.

    >>> only_a_query("-- top regions\\nWITH t AS (SELECT 1) SELECT * FROM t")
    >>> only_a_query("SET STATEMENT tx_read_only=0 FOR CREATE TABLE t (a INT)")
    Traceback (most recent call last):
    ...
    connectors.base.QueryFailed: askbi runs only read-only queries (SELECT, WITH, VALUES); ...
    """
    start = _LEADING_COMMENTS.match(sql)
    rest = sql[start.end() if start else 0 :]
    if _QUERY_START.match(rest):
        return
    word = rest.split(maxsplit=1)[0][:30] if rest.strip() else "nothing"
    raise QueryFailed(
        "askbi runs only read-only queries (SELECT, WITH, VALUES); this statement starts with"
        f" {word!r}.",
        hint="Send one SELECT; askbi never changes data.",
    )


def _one_statement_per_call(
    _dialect: Any, _record: Any, _args: Any, cparams: dict[str, Any]
) -> None:
    """SQLAlchemy's ``do_connect`` hook: PyMySQL never runs several statements in one call,
    whatever ``client_flag`` the URL carries."""
    if "client_flag" in cparams:
        cparams["client_flag"] = int(cparams["client_flag"]) & ~_MULTI_STATEMENTS


_MULTI_STATEMENTS = 1 << 16
"""PyMySQL's ``CLIENT.MULTI_STATEMENTS``; off by default, and kept off."""


def _stopped(timeout_s: float) -> QueryTimeout:
    return QueryTimeout(
        f"The query was stopped after {timeout_s:g} s.",
        hint="Narrow the time range or add filters.",
    )


def _driver_error(error: Exception) -> Exception:
    """The DBAPI's own error inside SQLAlchemy's wrapper, whose text repeats the SQL."""
    original = getattr(error, "orig", None)
    return original if isinstance(original, Exception) else error


_T = TypeVar("_T")

_SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
)


def _tables(inspector: sa.Inspector, schemas: Sequence[str]) -> list[TableInfo]:
    default = inspector.default_schema_name
    found: list[TableInfo] = []
    for schema in dict.fromkeys([None, *(s for s in schemas if s != default)]):
        # Views count: a semantic layer is often written over views of the raw tables.
        names = sorted({*inspector.get_table_names(schema), *inspector.get_view_names(schema)})
        found.extend(_table(inspector, schema, name, default) for name in names)
    return found


def _table(
    inspector: sa.Inspector, schema: str | None, name: str, default: str | None
) -> TableInfo:
    columns = tuple(
        ColumnInfo(c["name"], str(c["type"]), bool(c.get("nullable", True)), c.get("comment") or "")
        for c in inspector.get_columns(name, schema)
    )
    key = inspector.get_pk_constraint(name, schema).get("constrained_columns") or []
    foreign = tuple(
        ForeignKeyInfo(
            tuple(fk["constrained_columns"]),
            qualified(_other(fk.get("referred_schema"), schema, default), fk["referred_table"]),
            tuple(fk["referred_columns"]),
        )
        for fk in inspector.get_foreign_keys(name, schema)
    )
    return TableInfo(
        qualified(schema, name), columns, _comment(inspector, name, schema), tuple(key), foreign
    )


def _other(referred: str | None, schema: str | None, default: str | None) -> str | None:
    """The schema a foreign key points into, or None when that is the default schema."""
    target = referred or schema
    return None if target in (None, default) else target


def _comment(inspector: sa.Inspector, name: str, schema: str | None) -> str:
    try:
        return inspector.get_table_comment(name, schema).get("text") or ""
    except NotImplementedError:  # a dialect without table comments
        return ""


def _with_driver(url: sa.URL, backend: Backend) -> sa.URL:
    """``postgresql://…`` or ``postgresql+psycopg2://…`` → ``postgresql+psycopg://…``.

    askbi drives each database through the one driver its extra installs and whose walls
    (see the module docstring) it knows: psycopg 3 for PostgreSQL, PyMySQL for MySQL and
    MariaDB, whatever driver the URL names (a bare ``mysql://`` would be mysqlclient).
    """
    if backend.driver is None:
        return url
    scheme = url.drivername.partition("+")[0]
    return url.set(drivername=f"{scheme}+{backend.driver}")


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


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
