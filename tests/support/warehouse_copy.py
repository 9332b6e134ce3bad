"""Copy tables from a DuckDB file into another database through a writable SQLAlchemy engine.

The tests load the sample warehouse (and small fixture tables) into PostgreSQL and MariaDB
with this, then point a read-only connector at the copy. Column types follow DuckDB's
catalog (TIMESTAMP, DATE, BOOLEAN, DOUBLE, BIGINT, DECIMAL(p, s)…) and primary keys are
kept, because MariaDB without them joins the fact tables by nested loops and takes minutes.
Rows go in through SQLAlchemy's batched executemany ("insertmanyvalues": one multi-row
INSERT per page of rows), a few seconds for the sample at the tests' scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from connectors.duckdb_connector import LOCKED_DOWN

BATCH_ROWS = 20_000

# MySQL's DATETIME drops fractions of a second unless told to keep them.
_TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")

_SIMPLE_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "BOOLEAN": sa.Boolean(create_constraint=False),
    "TINYINT": sa.SmallInteger(),
    "SMALLINT": sa.SmallInteger(),
    "INTEGER": sa.Integer(),
    "BIGINT": sa.BigInteger(),
    "FLOAT": sa.Float(),
    "DOUBLE": sa.Double(),
    "DATE": sa.Date(),
    "TIMESTAMP": _TIMESTAMP,
}


def column_type(
    duckdb_type: str, precision: int | None, scale: int | None, longest: int
) -> sa.types.TypeEngine[Any]:
    """The portable type of a DuckDB column; strings get a VARCHAR long enough for the data.

    >>> column_type("DECIMAL(12,2)", 12, 2, 0)
    Numeric(precision=12, scale=2)
    >>> column_type("VARCHAR", None, None, 7)
    String(length=64)
    """
    if duckdb_type in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[duckdb_type]
    if duckdb_type.startswith("DECIMAL"):
        return sa.Numeric(precision=precision, scale=scale)
    if duckdb_type == "VARCHAR":
        # MySQL needs a length; keys (region names, channels) must stay indexable.
        return sa.String(length=max(64, 2 * longest))
    raise ValueError(f"no portable type for DuckDB's {duckdb_type}")


def copy_tables(
    source: Path,
    engine: sa.Engine,
    tables: Sequence[str] | None = None,
    *,
    schema: str | None = None,
) -> dict[str, int]:
    """Create ``tables`` (default: all) of the DuckDB file in ``engine``'s database; rows each."""
    # The connector's settings: in one process DuckDB refuses a second connection to a file
    # with different ones, and the tests' DuckDB connector may already have it open.
    with duckdb.connect(str(source), read_only=True, config=LOCKED_DOWN) as con:
        names = list(tables) if tables is not None else _table_names(con)
        metadata = sa.MetaData(schema=schema)
        targets = [_table(con, name, metadata) for name in names]
        metadata.create_all(engine)
        with engine.begin() as connection:
            return {t.name: _copy_rows(con, t, connection) for t in targets}


def _table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _table(con: duckdb.DuckDBPyConnection, name: str, metadata: sa.MetaData) -> sa.Table:
    columns = con.execute(
        "SELECT column_name, data_type, numeric_precision, numeric_scale, is_nullable "
        "FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
        "ORDER BY ordinal_position",
        [name],
    ).fetchall()
    keys = _primary_key(con, name)
    return sa.Table(
        name,
        metadata,
        *(
            sa.Column(
                column,
                column_type(kind, precision, scale, _longest(con, name, column, kind)),
                primary_key=column in keys,
                nullable=nullable == "YES" and column not in keys,
                autoincrement=False,
            )
            for column, kind, precision, scale, nullable in columns
        ),
    )


def _primary_key(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    row = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    return set(row[0]) if row else set()


def _longest(con: duckdb.DuckDBPyConnection, table: str, column: str, kind: str) -> int:
    if kind != "VARCHAR":
        return 0
    # Names come from DuckDB's own catalog, never from user input.
    row = con.execute(f'SELECT max(length("{column}")) FROM "{table}"').fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _copy_rows(con: duckdb.DuckDBPyConnection, table: sa.Table, connection: sa.Connection) -> int:
    names = [c.name for c in table.columns]
    select = ", ".join(f'"{n}"' for n in names)
    cursor = con.execute(f'SELECT {select} FROM "{table.name}"')
    copied = 0
    for batch in _batches(cursor, BATCH_ROWS):
        # executemany: SQLAlchemy compiles the INSERT once and sends pages of rows per
        # statement. A literal VALUES list per batch is four times slower to compile.
        connection.execute(sa.insert(table), [dict(zip(names, r, strict=True)) for r in batch])
        copied += len(batch)
    return copied


def _batches(cursor: duckdb.DuckDBPyConnection, size: int) -> Iterator[list[tuple[Any, ...]]]:
    while batch := cursor.fetchmany(size):
        yield batch
