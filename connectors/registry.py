"""Open a connector from a URL; the URL's scheme picks the implementation.

Connectors register under the ``askbi.connectors`` entry-point group, built-ins exactly like
third-party packages, and are imported only when a URL needs them, so a missing driver for
one database never breaks another.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from connectors.base import ConnectionFailed, Connector
from kernel.error_codes import ErrorCode

GROUP = "askbi.connectors"

_BUILT_IN = {
    "duckdb": "connectors.duckdb_connector:DuckDBConnector",
    **{
        scheme: "connectors.sqlalchemy_connector:SQLAlchemyConnector"
        for scheme in ("postgresql", "mysql", "mariadb", "snowflake", "bigquery", "trino", "hive")
    },
}
"""Used when askbi runs from a source tree without installed metadata."""


def scheme_of(url: str) -> str:
    """``postgresql+psycopg2://…`` → ``postgresql``.

    >>> scheme_of("mysql+pymysql://root@127.0.0.1/test")
    'mysql'
    """
    return url.partition("://")[0].partition("+")[0].lower()


def available() -> dict[str, str]:
    """Scheme → ``module:Class`` of every registered connector."""
    found = dict(_BUILT_IN)
    found.update({ep.name: ep.value for ep in entry_points(group=GROUP)})
    return found


def open_connector(url: str) -> Connector:
    """A connector for ``url``; raises :class:`ConnectionFailed` with what to do next."""
    if "://" not in url:
        raise ConnectionFailed(
            f"{url!r} is not a database URL.",
            hint="Write e.g. duckdb:///sample_db/retail.duckdb or postgresql://user@host/db.",
            code=ErrorCode.INVALID_SOURCE,
        )
    scheme = scheme_of(url)
    target = available().get(scheme)
    if target is None:
        raise ConnectionFailed(
            f"askbi has no connector for '{scheme}' URLs.",
            hint=f"Supported: {', '.join(sorted(available()))}.",
            code=ErrorCode.UNSUPPORTED_SOURCE,
        )
    module_name, _, class_name = target.partition(":")
    connector_class = getattr(importlib.import_module(module_name), class_name)
    connector: Connector = connector_class(url)
    return connector
