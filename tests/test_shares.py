"""Shares of facts meeting a condition (``shares``), checked against hand-written SQL.

"What share of last month's orders were paid by card, per sales channel" is the orders
with the condition over all the orders, in each channel, both under the order count's own
definition (completed, not test) and the plan's period and filters.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline.guard import guard_sql
from app.project.folder import Project
from connectors.base import Connector
from metrics.catalog import MetricCatalog
from metrics.compiler import DIALECTS, compile_query
from metrics.model import RatioMetric, SimpleMetric
from metrics.semantic_query import Filter, SemanticQuery
from metrics.shares import defined_share
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("warehouse")

START = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
END = TODAY.replace(day=1) - dt.timedelta(days=1)
LAST_MONTH = {"kind": "between", "start": START.isoformat(), "end": END.isoformat()}
WITHIN = f"o.order_ts >= DATE '{START}' AND o.order_ts < DATE '{END + dt.timedelta(days=1)}'"
CARD = {"dimension": "payment_method", "value": "card"}
BY_CHANNEL = SemanticQuery.model_validate(
    {
        "dimensions": ["store_channel"],
        "time_range": LAST_MONTH,
        "shares": [{"metric": "order_count", "where": CARD}],
    }
)
ORDERS = f"""
FROM order_items i JOIN orders o ON o.order_id = i.order_id JOIN stores s ON s.store_id = o.store_id
WHERE o.status = 'completed' AND NOT o.is_test AND {WITHIN}
"""


def _rows(connector: Connector, sql: str) -> dict[str, float]:
    return {str(k): round(float(v), 9) for k, v in connector.query(sql).rows}


def test_a_share_per_group_matches_hand_written_sql(
    project: Project, duckdb_connector: Connector
) -> None:
    compiled = compile_query(BY_CHANNEL, project.layer, project.catalog, today=TODAY)
    by_hand = (
        "SELECT s.channel, COUNT(DISTINCT CASE WHEN o.payment_method = 'card' "
        f"THEN i.order_id END) * 1.0 / COUNT(DISTINCT i.order_id) {ORDERS} GROUP BY s.channel"
    )
    answered = _rows(duckdb_connector, compiled.sql)
    assert answered == _rows(duckdb_connector, by_hand)
    assert all(0 < v < 1 for v in answered.values())


def test_a_share_of_a_sum_under_a_filter_of_the_whole(
    project: Project, duckdb_connector: Connector
) -> None:
    """The plan's filter (online stores) narrows both sides; the condition only the part."""
    plan = SemanticQuery.model_validate(
        {
            "time_range": LAST_MONTH,
            "filters": [{"dimension": "store_channel", "value": "online"}],
            "shares": [{"metric": "revenue", "where": CARD}],
        }
    )
    compiled = compile_query(plan, project.layer, project.catalog, today=TODAY)
    amount = "i.quantity * i.unit_price * (1 - i.discount_pct)"
    by_hand = (
        f"SELECT SUM(CASE WHEN o.payment_method = 'card' THEN {amount} END) / "
        f"SUM({amount}) {ORDERS} AND s.channel = 'online'"
    )
    (answered,) = duckdb_connector.query(compiled.sql).rows
    (expected,) = duckdb_connector.query(by_hand).rows
    assert answered[0] == pytest.approx(float(expected[0]))
    assert 0 < answered[0] < 1


def test_the_share_column_says_what_it_is(project: Project) -> None:
    compiled = compile_query(BY_CHANNEL, project.layer, project.catalog, today=TODAY)
    column = compiled.columns[-1]
    assert column.name == "order_count_share_payment_method_card"
    assert column.label == "Share of Orders where Payment method is card"
    assert column.labels["ko"] == "주문 수 중 결제 수단 card 비율"
    assert column.format is not None and column.format.value == "percent"
    # The share's own parts are no catalog metric to report a version of.
    assert compiled.metric_versions == {"order_count": 1}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_share_compiles_and_passes_the_guard_in_every_dialect(
    dialect: str, project: Project
) -> None:
    compiled = compile_query(
        BY_CHANNEL, project.layer, project.catalog, dialect=dialect, today=TODAY
    )
    verdict = guard_sql(compiled.sql, dialect=dialect, layer=project.layer)
    assert verdict.ok, verdict.reasons


def test_a_share_of_an_average_is_refused(project: Project) -> None:
    plan = SemanticQuery.model_validate({"shares": [{"metric": "aov", "where": CARD}]})
    with pytest.raises(Exception, match="only a count or a sum"):
        compile_query(plan, project.layer, project.catalog, today=TODAY)


def test_the_catalogs_own_ratio_is_the_share_it_defines(project: Project) -> None:
    """Matched on the definition, as a plan filter or as SQL on the column; a numerator with
    another condition, or over other facts, is not that share."""
    order_count = project.catalog.get("order_count")
    assert isinstance(order_count, SimpleMetric) and order_count.filter
    as_filter = order_count.model_copy(
        update={"name": "card_orders", "filters": (Filter.model_validate(CARD),)}
    )
    qualified = f"{order_count.filter} AND orders.payment_method = 'card'"
    as_sql = order_count.model_copy(update={"name": "card_orders_sql", "filter": qualified})
    # A bare column is the metric's own table's (order_items), not the orders' method.
    bare = order_count.model_copy(
        update={"name": "bare_orders", "filter": qualified.replace("orders.payment", "payment")}
    )
    card = Filter.model_validate(CARD)
    for part, expected in ((as_filter, True), (as_sql, True), (bare, False)):
        rate = RatioMetric.model_validate(
            {
                "type": "ratio",
                "name": "card_rate",
                "label": "Card rate",
                "description": "Card orders over orders.",
                "owner": "tests",
                "numerator": part.name,
                "denominator": "order_count",
            }
        )
        metrics = {**project.catalog.metrics, part.name: part, "card_rate": rate}
        found = defined_share(MetricCatalog(metrics), project.layer, "order_count", card)
        assert found == ("card_rate" if expected else None), part.name
