"""The one interface every database connector implements, and the values it returns.

A connector is deliberately small: say its SQL dialect, list tables and columns, run one
read-only query with a timeout and a row cap, and close. Everything askbi knows about SQL
lives above it; everything it knows about a driver lives inside it.

A result is bounded three ways, so no query can fill the memory of the app that asked it:
at most ``max_rows`` rows (one more is fetched to know whether the cap clipped), at most
``max_bytes`` of rows as Python holds them, and no cell longer than :data:`MAX_CELL_CHARS`
(a longer one is cut, with :data:`CUT_MARKER` saying how much). Rows are fetched in batches
(:func:`fetch_bounded`), from a server-side cursor where the driver has one, so the client
holds no more than the bounds whatever the query would return.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:  # pandas costs half a second to import; only some callers want a frame
    import pandas as pd

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Rows kept of one result, measured as Python holds them (``sys.getsizeof``)."""
MAX_CELL_CHARS = 10_000
"""Characters (or bytes) kept of one cell: more than any table or chart shows."""
CUT_MARKER = " … [cut: {count:,} more {unit}]"
FIRST_BATCH = 256
MAX_BATCH = 4_096


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    data_type: str
    nullable: bool = True
    comment: str = ""


@dataclass(frozen=True)
class ForeignKeyInfo:
    """``columns`` of the table point at ``target_columns`` of ``table`` (named as listed)."""

    columns: tuple[str, ...]
    table: str
    target_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableInfo:
    """A table or view. ``name`` is plain in the connection's default schema and qualified
    (``sales.orders``) in any other; keys and comments where the database declares them."""

    name: str
    columns: tuple[ColumnInfo, ...]
    comment: str = ""
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKeyInfo, ...] = ()


def qualified(schema: str | None, table: str) -> str:
    """``table`` in the default schema (``schema`` None), else ``schema.table``.

    >>> qualified("sales", "orders"), qualified(None, "orders")
    ('sales.orders', 'orders')
    """
    return f"{schema}.{table}" if schema else table


@dataclass(frozen=True)
class QueryResult:
    """At most ``max_rows`` rows of a query, and whether more were cut off."""

    column_names: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = field(compare=False, repr=False)
    truncated: bool
    """More rows were there than kept: past ``max_rows``, or past the byte budget."""
    elapsed_ms: float
    cut_cells: int = 0
    """Cells longer than :data:`MAX_CELL_CHARS`, cut with :data:`CUT_MARKER`."""
    over_budget: bool = False
    """Rows stopped at the byte budget rather than the row cap."""

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def columns(self) -> list[str]:
        return list(self.column_names)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame, built (and pandas imported) on first use."""
        return frame_from_rows(self.column_names, self.rows)


@runtime_checkable
class Connector(Protocol):
    """What askbi needs from a database. Implementations must be safe to share by threads."""

    url: str
    dialect: str
    """The sqlglot dialect name of the warehouse: ``duckdb``, ``postgres``, ``mysql``…"""

    def query(
        self,
        sql: str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> QueryResult:
        """Run one read-only statement; raise :class:`QueryFailed` or :class:`QueryTimeout`.

        The result keeps at most ``max_rows`` rows and ``max_bytes`` of them, and says
        ``truncated`` when either bound clipped it."""
        ...

    def list_tables(self, schemas: Sequence[str] = ()) -> list[TableInfo]:
        """Tables and views of the default schema, and of ``schemas`` (named qualified)."""
        ...

    def list_schemas(self) -> list[str]:
        """The schemas a user can read, without the database's own catalogues."""
        ...

    def data_version(self) -> str:
        """A token that changes whenever the data may have; ``""`` when the database can't
        tell. Result caches key on it, so a rebuilt warehouse is never answered from cache."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Connector: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class ReportsWriteAccess(Protocol):
    """A connector that can tell whether its database role could change data."""

    def write_access(self) -> str | None:
        """What the connected role may change (``"is a superuser"``), or ``None`` when it can
        only read or the database can't tell. askbi stays read-only either way; this is
        for a warning that the role is stronger than it needs to be."""
        ...


def write_warnings(connector: Connector) -> tuple[str, ...]:
    """The warning to show when the connector's role could write, if it could."""
    if not isinstance(connector, ReportsWriteAccess):
        return ()
    what = connector.write_access()
    if what is None:
        return ()
    return (
        f"The database role of {redact(connector.url)} {what}. askbi only reads, in read-only"
        " transactions, but a second wall is only as strong as the role: connect as a role"
        " that can only SELECT.",
    )


@dataclass(frozen=True)
class Fetched:
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool
    cut_cells: int
    over_budget: bool

    def result(self, columns: tuple[str, ...], began: float) -> QueryResult:
        """The rows as a :class:`QueryResult` of a query started at ``began`` (perf_counter)."""
        elapsed_ms = (time.perf_counter() - began) * 1000
        return QueryResult(
            columns,
            self.rows,
            self.truncated,
            elapsed_ms,
            cut_cells=self.cut_cells,
            over_budget=self.over_budget,
        )


def fetch_bounded(
    fetchmany: Callable[[int], Sequence[Sequence[Any]]],
    *,
    max_rows: int,
    max_bytes: int,
    deadline: float | None = None,
    on_timeout: Callable[[], Exception] | None = None,
) -> Fetched:
    """Rows from ``fetchmany`` in batches until ``max_rows`` + 1 rows or ``max_bytes``.

    The first batch is small; later ones are sized to what the budget has left at the rows'
    average size, so one batch of wide rows can't overshoot it by much. Past ``deadline``
    (``time.perf_counter``) ``on_timeout()`` is raised: a server-side cursor's statement
    timeout bounds each fetch, not all of them together.

    >>> rows = iter([(1, "a"), (2, "b" * 20_000), (3, "c")])
    >>> got = fetch_bounded(lambda n: [r for _, r in zip(range(n), rows)], max_rows=2,
    ...                     max_bytes=10**6)
    >>> [len(r[1]) for r in got.rows], got.truncated, got.cut_cells
    ([1, 10032], True, 1)
    """
    kept: list[tuple[Any, ...]] = []
    size, fetched, cut, batch = 0, 0, 0, FIRST_BATCH
    while len(kept) <= max_rows:
        if deadline is not None and on_timeout is not None and time.perf_counter() > deadline:
            raise on_timeout()
        wanted = min(batch, max_rows + 1 - len(kept))
        chunk = fetchmany(wanted)
        for raw in chunk:
            fetched += row_size(tuple(raw))
            row, cells = bounded_row(raw)
            size += row_size(row)
            if size > max_bytes:
                return Fetched(tuple(kept), True, cut, over_budget=True)
            kept.append(row)
            cut += cells
        if len(chunk) < wanted:
            break
        # Sized by the rows as they arrive, before cutting: that is what a batch holds.
        average = max(fetched // max(len(kept), 1), 1)
        batch = max(1, min(MAX_BATCH, (max_bytes - size) // average))
    truncated = len(kept) > max_rows
    return Fetched(tuple(kept[:max_rows]), truncated, cut, over_budget=False)


def bounded_row(row: Sequence[Any]) -> tuple[tuple[Any, ...], int]:
    """The row with every over-long cell cut, and how many were."""
    cells = tuple(cut_cell(value) for value in row)
    return cells, sum(1 for new, old in zip(cells, row, strict=True) if new is not old)


def cut_cell(value: Any) -> Any:
    """``value``, or its first :data:`MAX_CELL_CHARS` characters and a marker.

    >>> cut_cell("x" * 10_005)[10_000:]
    ' … [cut: 5 more characters]'
    >>> cut_cell(42)
    42
    """
    if isinstance(value, str):
        return _cut(value, len(value), "characters") if len(value) > MAX_CELL_CHARS else value
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        if len(data) <= MAX_CELL_CHARS:
            return value
        return data[:MAX_CELL_CHARS] + CUT_MARKER.format(
            count=len(data) - MAX_CELL_CHARS, unit="bytes"
        ).encode("utf-8")
    if isinstance(value, list | tuple | dict) and _deep_size(value, MAX_CELL_CHARS * 8) > (
        MAX_CELL_CHARS * 8
    ):
        text = str(value)
        return _cut(text, len(text), "characters")
    return value


def _cut(text: str, length: int, unit: str) -> str:
    return text[:MAX_CELL_CHARS] + CUT_MARKER.format(count=length - MAX_CELL_CHARS, unit=unit)


def row_size(row: tuple[Any, ...]) -> int:
    """The row's size as Python holds it, nested values counted (up to a bound)."""
    return sys.getsizeof(row) + sum(_deep_size(v, MAX_CELL_CHARS * 16) for v in row)


def _deep_size(value: Any, cap: int) -> int:
    """``sys.getsizeof`` of ``value`` and what it holds, counting no further than ``cap``."""
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return total


class ConnectorBase:
    """Context-manager plumbing shared by the built-in connectors."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ConnectionFailed(UserError):
    code = ErrorCode.CONNECTION_FAILED

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message, stage=Stage.CONNECT, hint=hint, code=code)


class QueryFailed(UserError):
    code = ErrorCode.QUERY_FAILED

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message, stage=Stage.EXECUTE, hint=hint, code=code)


class QueryTimeout(QueryFailed):
    code = ErrorCode.QUERY_TIMEOUT


def frame_from_rows(columns: Sequence[str], rows: Sequence[tuple[object, ...]]) -> pd.DataFrame:
    """A DataFrame of driver rows; an empty result still carries its column names.

    pandas turns an integer column with a NULL into floats, which rounds a BIGINT id above
    2**53 and shows a year as ``1985.0``; such a column keeps Python ints and ``None``.

    >>> frame_from_rows(["id"], [(9007199254740993,), (None,)])["id"].tolist()
    [9007199254740993, None]
    """
    import numpy as np
    import pandas as pd

    if not rows:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for i in range(len(columns)):
        if frame.dtypes.iloc[i].kind == "f" and _integers_and_nulls(r[i] for r in rows):
            frame.isetitem(i, np.array([r[i] for r in rows], dtype=object))
    return frame


def _integers_and_nulls(values: Iterable[object]) -> bool:
    seen_int = False
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            seen_int = True
        elif value is not None:
            return False
    return seen_int


def redact(url: str) -> str:
    """A URL safe to show: the password replaced by ``***``.

    >>> redact("postgresql://bob:secret@db:5432/sales")
    'postgresql://bob:***@db:5432/sales'
    """
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"
