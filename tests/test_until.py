"""A range with no start ("before 2025"): everything up to its end, against hand-written SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline.guard import guard_sql
from app.project.folder import Project
from connectors.base import Connector
from metrics.compiler import DIALECTS, compile_query
from metrics.semantic_query import SemanticQuery
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

END = TODAY.replace(day=1) - dt.timedelta(days=1)
PLAN = SemanticQuery.model_validate(
    {"metrics": ["new_customers"], "time_range": {"kind": "until", "end": END.isoformat()}}
)


def test_until_counts_everything_up_to_its_end(
    project: Project, duckdb_connector: Connector
) -> None:
    compiled = compile_query(PLAN, project.layer, project.catalog, today=TODAY)
    (answered,) = duckdb_connector.query(compiled.sql).rows
    after = END + dt.timedelta(days=1)
    (by_hand,) = duckdb_connector.query(
        f"SELECT COUNT(*) FROM customers WHERE signup_date < DATE '{after}'"
    ).rows
    (everyone,) = duckdb_connector.query("SELECT COUNT(*) FROM customers").rows
    assert answered[0] == by_hand[0] and 0 < by_hand[0] < everyone[0]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_until_compiles_and_passes_the_guard_in_every_dialect(
    dialect: str, project: Project
) -> None:
    compiled = compile_query(PLAN, project.layer, project.catalog, dialect=dialect, today=TODAY)
    assert guard_sql(compiled.sql, dialect=dialect, layer=project.layer).ok
