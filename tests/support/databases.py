"""The database services the tests use, and namespaces of their own inside them.

PostgreSQL and MariaDB run as services on the project's machines and in CI. Where one is
missing, its tests skip with the reason, except under ``CI=true``, where a missing service
is a failure: CI must never turn green by quietly skipping the databases it exists to test.

Each test module works in a namespace of its own, a PostgreSQL schema or a MariaDB database
named ``askbi_test_<random>``, created through a writable engine and dropped afterwards, so
concurrent runs on one server never see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from connectors.base import redact

POSTGRES_URL = os.environ.get(
    "ASKBI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MARIADB_URL = os.environ.get("ASKBI_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
CONNECT_TIMEOUT_S = 5


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_service(name: str, url: str) -> sa.Engine:
    """A writable engine on the service at ``url``; skip (fail under CI) if it is not there."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except (SQLAlchemyError, ImportError) as e:
        engine.dispose()
        reason = f"{name} is not reachable at {redact(url)}: {_first_line(e)}"
        if in_ci():
            pytest.fail(f"{reason}. CI=true: the {name} service must be running.", pytrace=False)
        pytest.skip(f"{reason} (start it, or run under CI=true to make this a failure)")
    return engine


@dataclass(frozen=True)
class Namespace:
    """A schema or database of our own: a writable engine for set-up, a URL for connectors."""

    name: str
    engine: sa.Engine
    url: str
    schema: str | None
    """The schema to create tables in through ``engine`` (PostgreSQL); None for MariaDB."""


def unique_name() -> str:
    return f"askbi_test_{uuid.uuid4().hex[:12]}"


@contextmanager
def postgres_namespace(admin: sa.Engine) -> Iterator[Namespace]:
    """A fresh schema; connectors reach it through ``search_path``, so SQL stays unqualified."""
    name = unique_name()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    url = admin.url.update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield Namespace(name, admin, url.render_as_string(hide_password=False), schema=name)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@contextmanager
def mariadb_namespace(admin: sa.Engine) -> Iterator[Namespace]:
    """A fresh database in utf8mb4, so Korean text survives the round trip."""
    name = unique_name()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    url = admin.url.set(database=name).update_query_dict({"charset": "utf8mb4"})
    engine = sa.create_engine(url)
    try:
        yield Namespace(name, engine, url.render_as_string(hide_password=False), schema=None)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
