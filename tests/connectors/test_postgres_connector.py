"""The conformance suite on the PostgreSQL service, in a schema of its own."""

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
from tests.support.databases import postgres_namespace
from tests.support.warehouse_copy import copy_tables

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]


class TestPostgresConnector(ConnectorConformance):
    dialect = "postgres"
    connector_class = SQLAlchemyConnector
    slow_sql = "SELECT pg_sleep(30)"
    unreachable_url = f"postgresql://postgres:{SECRET}@127.0.0.1:1/test"
    unreachable_where = "127.0.0.1:1"
    write_in_a_query = "SELECT nextval('conformance_seq')"

    @pytest.fixture(scope="class")
    @classmethod
    def connector_url(cls, postgres_admin: sa.Engine, conformance_source: Path) -> Iterator[str]:
        with postgres_namespace(postgres_admin) as namespace:
            copy_tables(conformance_source, namespace.engine, schema=namespace.schema)
            with namespace.engine.begin() as connection:
                connection.exec_driver_sql(VIEW_DDL.format(schema=f"{namespace.schema}."))
                connection.exec_driver_sql(
                    SEQUENCE_DDL.replace("conformance_seq", f"{namespace.schema}.conformance_seq")
                )
            yield namespace.url

    @pytest.fixture(scope="class")
    @classmethod
    def connector(cls, connector_url: str) -> Iterator[Connector]:
        with SQLAlchemyConnector(connector_url) as connector:
            yield connector

    def test_a_bare_postgresql_url_uses_the_installed_driver(self, connector_url: str) -> None:
        # askbi drives PostgreSQL with psycopg 3 (askbi[postgres]), the driver whose walls it knows.
        bare = sa.make_url(connector_url).set(drivername="postgresql")
        with open_connector(bare.render_as_string(hide_password=False)) as connector:
            assert plain_rows(connector.query("SELECT COUNT(*) FROM conformance_values").frame) == [
                (3,)
            ]
