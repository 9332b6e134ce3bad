"""``askbi init`` on PostgreSQL and MariaDB: declared keys and comments become the draft's
relationships and descriptions, the draft validates against the database, and it answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa

from app.onboarding.init import init_project
from app.project.folder import load_project
from app.project.live_check import compare_with_database
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from tests.support.databases import Namespace, mariadb_namespace, postgres_namespace


def _create(namespace: Namespace) -> None:
    metadata = sa.MetaData(schema=namespace.schema)
    stores = sa.Table(
        "stores",
        metadata,
        sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("city", sa.String(40), comment="도시"),
        comment="Shops of the chain",
    )
    orders = sa.Table(
        "orders",
        metadata,
        sa.Column("order_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("store_id", sa.Integer, sa.ForeignKey(stores.c.store_id), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), comment="Order value in KRW"),
        sa.Column("ordered_on", sa.Date),
        sa.Column("contact_email", sa.String(80)),
    )
    metadata.create_all(namespace.engine)
    with namespace.engine.begin() as connection:
        connection.execute(
            stores.insert(),
            [{"store_id": i, "city": ("Seoul", "Busan")[i % 2]} for i in range(1, 5)],
        )
        connection.execute(
            orders.insert(),
            [
                {
                    "order_id": i,
                    "store_id": 1 + i % 4,
                    "amount": 10 * i,
                    "ordered_on": dt.date(2026, 1, 1) + dt.timedelta(days=i),
                    "contact_email": f"buyer{i}@example.com",
                }
                for i in range(1, 30)
            ],
        )


class DraftsFromAServer:
    def test_keys_comments_and_personal_data_are_found(
        self, drafted: tuple[SQLAlchemyConnector, Path]
    ) -> None:
        connector, folder = drafted
        project = load_project(folder)
        (relationship,) = project.layer.relationships
        assert (relationship.from_table, relationship.to_table) == ("orders", "stores")
        assert not relationship.description  # declared by the database, not inferred
        stores = project.layer.tables["stores"]
        assert stores.description == "Shops of the chain"
        assert project.layer.dimension("store_city").definition.labels == {"ko": "도시"}
        orders = project.layer.tables["orders"]
        email = orders.column("contact_email")
        assert email is not None and email.pii
        assert compare_with_database(project.layer, connector.list_tables()) == []

    def test_the_draft_answers(self, drafted: tuple[SQLAlchemyConnector, Path]) -> None:
        connector, folder = drafted
        project = load_project(folder)
        plan = SemanticQuery(metrics=("total_amount",), dimensions=("store_city",))
        sql = compile_query(
            plan,
            project.layer,
            project.catalog,
            dialect=connector.dialect,
            today=dt.date(2026, 6, 30),
        ).sql
        rows = {r[0]: float(r[1]) for r in connector.query(sql).rows}
        assert rows == {
            "Seoul": float(sum(10 * i for i in range(1, 30) if (1 + i % 4) % 2 == 0)),
            "Busan": float(sum(10 * i for i in range(1, 30) if (1 + i % 4) % 2 == 1)),
        }


def _drafted(namespace: Namespace, tmp: Path) -> Iterator[tuple[SQLAlchemyConnector, Path]]:
    _create(namespace)
    init_project(namespace.url, tmp / "draft")
    with SQLAlchemyConnector(namespace.url) as connector:
        yield connector, tmp / "draft"


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
class TestPostgresInit(DraftsFromAServer):
    dialect: ClassVar[str] = "postgres"

    @pytest.fixture(scope="class")
    @classmethod
    def drafted(
        cls, postgres_admin: sa.Engine, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[tuple[SQLAlchemyConnector, Path]]:
        with postgres_namespace(postgres_admin) as namespace:
            yield from _drafted(namespace, tmp_path_factory.mktemp("init_pg"))


@pytest.mark.mariadb
@pytest.mark.xdist_group("mariadb")
class TestMariaDBInit(DraftsFromAServer):
    dialect: ClassVar[str] = "mysql"

    @pytest.fixture(scope="class")
    @classmethod
    def drafted(
        cls, mariadb_admin: sa.Engine, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[tuple[SQLAlchemyConnector, Path]]:
        with mariadb_namespace(mariadb_admin) as namespace:
            yield from _drafted(namespace, tmp_path_factory.mktemp("init_maria"))
