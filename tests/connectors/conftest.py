"""Fixtures of the connector tests: the database services and the conformance data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from tests.connectors.conformance import (
    CONFORMANCE_DDL,
    CONFORMANCE_ROWS,
    SEQUENCE_DDL,
    VIEW_DDL,
)
from tests.support.databases import MARIADB_URL, POSTGRES_URL, require_service


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[sa.Engine]:
    """A writable engine on the PostgreSQL service, for set-up only."""
    engine = require_service("PostgreSQL", POSTGRES_URL)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def mariadb_admin() -> Iterator[sa.Engine]:
    """A writable engine on the MariaDB service, for set-up only."""
    engine = require_service("MariaDB", MARIADB_URL)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def conformance_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conformance table in a DuckDB file: the one definition every database copies.

    The view is not copied (``copy_tables`` copies tables); each database creates its own.
    """
    path = tmp_path_factory.mktemp("conformance") / "conformance.duckdb"
    with duckdb.connect(str(path)) as con:
        for statement in CONFORMANCE_DDL:
            con.execute(statement)
        columns = len(CONFORMANCE_ROWS[0])
        con.executemany(
            f"INSERT INTO conformance_values VALUES ({', '.join(['?'] * columns)})",
            [list(row) for row in CONFORMANCE_ROWS],
        )
        con.execute(VIEW_DDL.format(schema=""))
        con.execute(SEQUENCE_DDL)
    return path
