"""The one interface every database connector implements, and the values it returns.

A connector is deliberately small: say its SQL dialect, list tables and columns, run one
read-only query with a timeout and a row cap, and close. Everything askbi knows about SQL
lives above it; everything it knows about a driver lives inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    data_type: str


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[ColumnInfo, ...]


@dataclass(frozen=True)
class QueryResult:
    """At most ``max_rows`` rows of a query, and whether more were cut off."""

    column_names: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = field(compare=False, repr=False)
    truncated: bool
    elapsed_ms: float

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
        self, sql: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS
    ) -> QueryResult:
        """Run one read-only statement; raise :class:`QueryFailed` or :class:`QueryTimeout`."""
        ...

    def list_tables(self) -> list[TableInfo]: ...

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
