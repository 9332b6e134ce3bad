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
