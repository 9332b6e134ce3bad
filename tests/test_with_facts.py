"""Entities that have facts (``with_facts``): a semi-join, checked against hand-written SQL.

"How many customers placed an order last month" counts each customer once, however many
orders they placed; the orders are a condition, with the order count's own definition
(completed, not test) and their own period, while the customers keep theirs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.pipeline.guard import guard_sql
from app.project.folder import Project
from connectors.base import Connector
from metrics.compiler import DIALECTS, compile_query
from metrics.semantic_query import Filter, FilterOp, SemanticQuery
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

# The month before the sample's last: every customer segment has orders in it.
START = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
END = TODAY.replace(day=1) - dt.timedelta(days=1)
LAST_MONTH = {"kind": "between", "start": START.isoformat(), "end": END.isoformat()}
WITHIN = f"o.order_ts >= DATE '{START}' AND o.order_ts < DATE '{END + dt.timedelta(days=1)}'"
PLAN = SemanticQuery.model_validate(
    {
        "metrics": ["new_customers"],
        "dimensions": ["customer_segment"],
        "with_facts": [{"metric": "order_count", "time_range": LAST_MONTH}],
    }
)
BY_HAND = f"""
SELECT c.segment, COUNT(*)
FROM customers c
WHERE EXISTS (
    SELECT 1 FROM order_items i JOIN orders o ON o.order_id = i.order_id
    WHERE o.customer_id = c.customer_id
      AND o.status = 'completed' AND NOT o.is_test
      AND {WITHIN}
)
GROUP BY c.segment
"""


def _rows(connector: Connector, sql: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in connector.query(sql).rows}


def test_entities_with_facts_match_hand_written_sql(
    project: Project, duckdb_connector: Connector
) -> None:
    compiled = compile_query(PLAN, project.layer, project.catalog, today=TODAY)
    answered = _rows(duckdb_connector, compiled.sql)
    assert answered == _rows(duckdb_connector, BY_HAND)
    assert sum(answered.values()) > 0


def test_each_entity_counts_once_however_many_facts(
    project: Project, duckdb_connector: Connector
) -> None:
    """The semi-join never multiplies: a join to the orders would count each customer once
    per order line."""
    compiled = compile_query(PLAN, project.layer, project.catalog, today=TODAY)
    per_line = _rows(
        duckdb_connector,
        "SELECT c.segment, COUNT(*) FROM customers c JOIN orders o "
        "ON o.customer_id = c.customer_id JOIN order_items i ON i.order_id = o.order_id "
        f"WHERE o.status = 'completed' AND NOT o.is_test AND {WITHIN} GROUP BY c.segment",
    )
    answered = _rows(duckdb_connector, compiled.sql)
    assert answered.keys() == per_line.keys()
    assert all(answered[k] < per_line[k] for k in answered)


def test_without_and_with_facts_split_the_entities(
    project: Project, duckdb_connector: Connector
) -> None:
    """Every customer either has October orders or has none: the two plans add up to all."""
    without = SemanticQuery.model_validate(
        {
            "metrics": ["new_customers"],
            "dimensions": ["customer_segment"],
            "without": [{"metric": "order_count", "time_range": LAST_MONTH}],
        }
    )
    everyone = SemanticQuery.model_validate(
        {"metrics": ["new_customers"], "dimensions": ["customer_segment"]}
    )
    parts = [
        _rows(duckdb_connector, compile_query(p, project.layer, project.catalog, today=TODAY).sql)
        for p in (PLAN, without, everyone)
    ]
    assert {k: parts[0].get(k, 0) + parts[1].get(k, 0) for k in parts[2]} == parts[2]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_with_facts_compiles_and_passes_the_guard_in_every_dialect(
    dialect: str, project: Project
) -> None:
    compiled = compile_query(PLAN, project.layer, project.catalog, dialect=dialect, today=TODAY)
    assert "EXISTS" in compiled.sql and "NOT EXISTS" not in compiled.sql
    verdict = guard_sql(compiled.sql, dialect=dialect, layer=project.layer)
    assert verdict.ok, verdict.reasons


def test_facts_on_the_measured_table_are_refused(project: Project) -> None:
    plan = SemanticQuery.model_validate(
        {"metrics": ["order_count"], "with_facts": [{"metric": "revenue"}]}
    )
    with pytest.raises(Exception, match="each row is its own fact"):
        compile_query(plan, project.layer, project.catalog, today=TODAY)


def _narrowed(kind: str) -> SemanticQuery:
    return SemanticQuery.model_validate(
        {
            "metrics": ["new_customers"],
            "dimensions": ["customer_segment"],
            kind: [
                {
                    "metric": "order_count",
                    "time_range": LAST_MONTH,
                    "where": [{"dimension": "payment_method", "op": "=", "values": ["cash"]}],
                }
            ],
        }
    )


def test_facts_narrowed_by_a_condition_match_hand_written_sql(
    project: Project, duckdb_connector: Connector
) -> None:
    """ "How many customers paid cash for an order last month": the condition is on the
    orders, inside the semi-join, never on the customers."""
    cash = BY_HAND.replace("AND {WITHIN}", "").replace(
        "AND o.order_ts", "AND o.payment_method = 'cash' AND o.order_ts"
    )
    compiled = compile_query(_narrowed("with_facts"), project.layer, project.catalog, today=TODAY)
    answered = _rows(duckdb_connector, compiled.sql)
    assert answered == _rows(duckdb_connector, cash)
    assert 0 < sum(answered.values()) < sum(_rows(duckdb_connector, BY_HAND).values())


def test_facts_narrowed_with_and_without_split_the_entities(
    project: Project, duckdb_connector: Connector
) -> None:
    everyone = SemanticQuery.model_validate(
        {"metrics": ["new_customers"], "dimensions": ["customer_segment"]}
    )
    parts = [
        _rows(duckdb_connector, compile_query(p, project.layer, project.catalog, today=TODAY).sql)
        for p in (_narrowed("with_facts"), _narrowed("without"), everyone)
    ]
    assert {k: parts[0].get(k, 0) + parts[1].get(k, 0) for k in parts[2]} == parts[2]


def test_a_condition_the_facts_dont_reach_is_refused(project: Project) -> None:
    """Order lines don't lead to their returns: the condition would narrow nothing."""
    plan = SemanticQuery.model_validate(
        {
            "metrics": ["new_customers"],
            "with_facts": [
                {
                    "metric": "order_count",
                    "where": [{"dimension": "return_reason", "op": "=", "values": ["damaged"]}],
                }
            ],
        }
    )
    with pytest.raises(Exception, match="can't be narrowed by 'return_reason'"):
        compile_query(plan, project.layer, project.catalog, today=TODAY)


def test_the_facts_own_structured_filters_hold_inside_the_semi_join(
    project: Project, duckdb_connector: Connector
) -> None:
    """A count of cash orders defined with ``filters`` narrows the facts as ``where`` does."""
    orders = project.catalog.get("order_count")
    cash = orders.model_copy(
        update={
            "name": "cash_orders",
            "filters": (Filter(dimension="payment_method", op=FilterOp.EQ, values=("cash",)),),
        }
    )
    catalog = dataclasses.replace(
        project.catalog, metrics={**project.catalog.metrics, "cash_orders": cash}, _allowed={}
    )
    plan = SemanticQuery.model_validate(
        {
            "metrics": ["new_customers"],
            "dimensions": ["customer_segment"],
            "with_facts": [{"metric": "cash_orders", "time_range": LAST_MONTH}],
        }
    )
    defined = compile_query(plan, project.layer, catalog, today=TODAY)
    narrowed = compile_query(_narrowed("with_facts"), project.layer, project.catalog, today=TODAY)
    assert _rows(duckdb_connector, defined.sql) == _rows(duckdb_connector, narrowed.sql)
