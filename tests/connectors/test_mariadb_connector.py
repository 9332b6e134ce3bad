"""The conformance suite on the MariaDB service, in a database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from connectors.base import Connector
from connectors.registry import open_connector
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from tests.connectors.conformance import (
    SECRET,
    SEQUENCE_DDL,
    VIEW_DDL,
    ConnectorConformance,
    plain_rows,
)
from tests.support.databases import mariadb_namespace
from tests.support.warehouse_copy import copy_tables

pytestmark = [pytest.mark.mariadb, pytest.mark.xdist_group("mariadb")]


class TestMariaDBConnector(ConnectorConformance):
    dialect = "mysql"
    connector_class = SQLAlchemyConnector
    slow_sql = "SELECT SLEEP(30)"
    unreachable_url = f"mysql+pymysql://root:{SECRET}@127.0.0.1:1/test"
    unreachable_where = "127.0.0.1:1"
    write_in_a_query = "SELECT NEXTVAL(conformance_seq)"

    @pytest.fixture(scope="class")
    @classmethod
    def connector_url(cls, mariadb_admin: sa.Engine, conformance_source: Path) -> Iterator[str]:
        with mariadb_namespace(mariadb_admin) as namespace:
            copy_tables(conformance_source, namespace.engine)
            with namespace.engine.begin() as connection:
                connection.exec_driver_sql(VIEW_DDL.format(schema=""))
                connection.exec_driver_sql(SEQUENCE_DDL)
            yield namespace.url

    @pytest.fixture(scope="class")
    @classmethod
    def connector(cls, connector_url: str) -> Iterator[Connector]:
        with SQLAlchemyConnector(connector_url) as connector:
            yield connector

    @pytest.mark.parametrize("scheme", ["mysql", "mariadb"])
    def test_bare_schemes_use_the_installed_driver(self, connector_url: str, scheme: str) -> None:
        # A bare mysql:// means mysqlclient to SQLAlchemy; askbi[mysql] installs PyMySQL.
        bare = sa.make_url(connector_url).set(drivername=scheme)
        with open_connector(bare.render_as_string(hide_password=False)) as connector:
            assert connector.dialect == "mysql"
            frame = connector.query("SELECT COUNT(*) FROM conformance_values").frame
            assert plain_rows(frame) == [(3,)]
