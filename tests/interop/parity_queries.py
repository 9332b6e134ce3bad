"""The queries askbi and MetricFlow answer side by side, and what each comparison expects.

``same``: equal numbers. The other outcomes are documented differences in definition
(docs/interop.md), each checked by its own rule in ``test_metricflow_parity.py``:

- ``widened``: MetricFlow widens ``--start-time/--end-time`` to whole periods of the grain;
  askbi keeps the exact days. askbi over the widened range equals MetricFlow.
- ``period_agg_first``: MetricFlow's default ``period_agg: first`` reports a to-date metric
  as of each period's first day; askbi reports it as of the last.
- ``measure_filter_dropped``: MetricFlow 0.213 drops a filter on a cumulative metric's
  measure input; askbi applies it.
- ``refused``: MetricFlow refuses a to-date metric without a grain; askbi answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics.semantic_query import Filter

Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
PARTIAL = (dt.date(2025, 3, 15), dt.date(2025, 5, 20))


def _dim(path: str) -> str:
    return "{{ Dimension('" + path + "') }}"


@dataclass(frozen=True)
class ParityQuery:
    id: str
    metrics: tuple[str, ...]
    group_by: tuple[str, ...]
    """MetricFlow's names: ``metric_time__month``, ``region__region_name``."""
    range: tuple[dt.date, dt.date]
    outcome: str = "same"
    where: str | None = None
    """MetricFlow's Jinja filter; ``filters`` is the same condition in an askbi plan."""
    filters: tuple[Filter, ...] = ()


QUERIES = (
    ParityQuery("simple_month", ("revenue",), ("metric_time__month",), Y2025),
    ParityQuery("count_distinct_quarter", ("order_count",), ("metric_time__quarter",), Y2025),
    ParityQuery(
        "simple_year_two_years",
        ("revenue", "cogs"),
        ("metric_time__year",),
        (dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    ),
    ParityQuery("ratio_region_month", ("aov",), ("region__region_name", "metric_time__month"), H1),
    ParityQuery(
        "derived_two_dims_quarter",
        ("gross_margin",),
        ("region__region_name", "product__category", "metric_time__quarter"),
        Y2025,
    ),
    ParityQuery(
        "three_dims_no_grain",
        ("revenue",),
        ("region__region_name", "store__channel", "store__store_format"),
        Y2025,
    ),
    ParityQuery(
        "two_dims_two_tables",
        ("aov",),
        ("store__channel", "order__payment_method"),
        Y2025,
    ),
    ParityQuery(
        "daily_table_two_dims_month",
        ("marketing_spend",),
        ("region__region_name", "spend_row__marketing_channel", "metric_time__month"),
        H1,
    ),
    ParityQuery(
        "ratio_two_tables_quarter",
        ("roas",),
        ("region__region_name", "metric_time__quarter"),
        Y2025,
    ),
    ParityQuery(
        "monthly_table", ("revenue_target",), ("region__region_name", "metric_time__month"), H1
    ),
    ParityQuery(
        "attainment_whole_months", ("revenue_target_attainment",), ("metric_time__month",), H1
    ),
    ParityQuery(
        "attainment_by_region_quarter",
        ("revenue_target_attainment",),
        ("region__region_name", "metric_time__quarter"),
        Y2025,
    ),
    ParityQuery("ytd_month", ("revenue_ytd",), ("metric_time__month",), Y2025),
    ParityQuery(
        "ytd_quarter_region",
        ("revenue_ytd",),
        ("region__region_name", "metric_time__quarter"),
        Y2025,
    ),
    ParityQuery(
        "running_total_quarter", ("revenue_running_total",), ("metric_time__quarter",), Y2025
    ),
    ParityQuery("offset_growth_month", ("revenue_growth_yoy",), ("metric_time__month",), Y2025),
    ParityQuery(
        "offset_prior_year_region_quarter",
        ("revenue_prior_year",),
        ("region__region_name", "metric_time__quarter"),
        Y2025,
    ),
    ParityQuery(
        "filter_category_month",
        ("revenue",),
        ("metric_time__month",),
        H1,
        where=f"{_dim('product__category')} = 'Electronics'",
        filters=(Filter(dimension="category", values=("Electronics",)),),
    ),
    ParityQuery(
        "filter_two_values_region_quarter",
        ("order_count", "revenue"),
        ("region__region_name", "metric_time__quarter"),
        Y2025,
        where=f"{_dim('region__region_name')} in ('Seoul', 'Busan')",
        filters=(Filter(dimension="region_name", op="in", values=("Seoul", "Busan")),),
    ),
    ParityQuery(
        "filter_payment_year",
        ("aov",),
        ("metric_time__year",),
        (dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
        where=f"{_dim('order__payment_method')} = 'card'",
        filters=(Filter(dimension="payment_method", values=("card",)),),
    ),
    ParityQuery("partial_month_simple", ("revenue",), ("metric_time__month",), PARTIAL, "widened"),
    ParityQuery(
        "partial_month_attainment",
        ("revenue_target_attainment",),
        ("metric_time__month",),
        PARTIAL,
        "widened",
    ),
    ParityQuery(
        "partial_quarter_region",
        ("marketing_spend",),
        ("region__region_name", "metric_time__quarter"),
        PARTIAL,
        "widened",
    ),
    ParityQuery(
        "ytd_first_month",
        ("revenue_ytd_first",),
        ("metric_time__month",),
        Y2025,
        "period_agg_first",
    ),
    ParityQuery(
        "ytd_measure_filter_month",
        ("revenue_ytd_measure_filter",),
        ("metric_time__month",),
        Y2025,
        "measure_filter_dropped",
    ),
    ParityQuery("ytd_without_grain", ("revenue_ytd",), (), Y2025, "refused"),
)
