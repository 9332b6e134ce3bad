"""The conformance suite on DuckDB, the embedded default."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.base import Connector
from connectors.duckdb_connector import DuckDBConnector
from tests.connectors.conformance import ConnectorConformance


class TestDuckDBConnector(ConnectorConformance):
    dialect = "duckdb"
    connector_class = DuckDBConnector
    # DuckDB has no statement timeout: only the connector's interrupt can stop this.
    slow_sql = "SELECT SUM(a.range * b.range) FROM range(100000000) a CROSS JOIN range(100000000) b"
    unreachable_url = "duckdb:///no/such/dir/warehouse.duckdb"
    unreachable_where = "no/such/dir/warehouse.duckdb"
    write_in_a_query = "SELECT nextval('conformance_seq')"

    @pytest.fixture(scope="class")
    @classmethod
    def connector_url(
        cls, conformance_source: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> str:
        # A copy of its own: DuckDB allows one set of settings per file and process.
        path = tmp_path_factory.mktemp("duckdb_conformance") / "conformance.duckdb"
        shutil.copy(conformance_source, path)
        return f"duckdb:///{path}"

    @pytest.fixture(scope="class")
    @classmethod
    def connector(cls, connector_url: str) -> Iterator[Connector]:
        with DuckDBConnector(connector_url) as connector:
            yield connector


def test_a_rebuilt_file_has_a_new_data_version(tmp_path: Path) -> None:
    import os

    import duckdb

    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS a")
    with DuckDBConnector(f"duckdb:///{path}") as connector:
        before = connector.data_version()
        rebuilt = tmp_path / "rebuilt.duckdb"
        with duckdb.connect(str(rebuilt)) as con:
            con.execute("CREATE TABLE t AS SELECT * FROM range(1000) r(a)")
        os.replace(rebuilt, path)
        assert before and connector.data_version() != before
