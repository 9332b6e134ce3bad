"""Opening a connector by URL: the scheme picks the class, a missing driver names its extra."""

from __future__ import annotations

import importlib.util

import pytest

from connectors.base import ConnectionFailed
from connectors.registry import available, open_connector
from tests.connectors.conformance import SECRET

# URL, the extra that installs its driver, the top-level module of that driver.
NOT_INSTALLED = [
    (f"snowflake://analyst:{SECRET}@acme-xy123/sales", "snowflake", "snowflake"),
    ("bigquery://acme-project/sales", "bigquery", "sqlalchemy_bigquery"),
    ("trino://analyst@trino.internal:8080/hive", "trino", "trino"),
    ("hive://analyst@spark.internal:10000/default", "spark", "pyhive"),
]


@pytest.mark.parametrize(("url", "extra", "module"), NOT_INSTALLED, ids=lambda v: str(v)[:9])
def test_a_missing_driver_names_the_extra_to_install(url: str, extra: str, module: str) -> None:
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here, so its absence cannot be observed")
    with pytest.raises(ConnectionFailed) as caught:
        open_connector(url)
    error = caught.value
    assert error.code == "driver_missing"
    assert error.hint == f"Install it with: pip install 'askbi[{extra}]'"
    assert SECRET not in str(error)


def test_every_documented_scheme_is_registered() -> None:
    schemes = {"duckdb", "postgresql", "mysql", "mariadb", "snowflake", "bigquery", "trino", "hive"}
    assert schemes <= set(available())


def test_an_unknown_scheme_lists_the_supported_ones() -> None:
    with pytest.raises(ConnectionFailed) as caught:
        open_connector("oracle://scott@db.internal/orcl")
    assert caught.value.code == "unsupported_source"
    assert caught.value.hint is not None and "postgresql" in caught.value.hint
