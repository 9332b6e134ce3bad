"""Hand-written SQL for every shipped metric, independent of the compiler.

Each metric's definition is written here again, by hand, as an analyst would write it
against the sample warehouse (DuckDB). Only the grouping keys are templated, so one
reference serves every (dimensions, grain) case of the test. Aliases are fixed: ``oi``
order_items, ``o`` orders, ``s`` stores, ``r`` the store's region, ``c`` customers, ``cr``
the customer's region, ``p`` products, ``rt`` returns, ``ss`` surveys, ``ms`` marketing
spend, ``ws`` web sessions, ``t`` revenue targets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

DIMENSION_SQL = {
    "region": "r.region_name",
    "country": "r.country",
    "customer_region": "cr.region_name",
    "category": "p.category",
    "store": "s.store_name",
    "store_channel": "s.channel",
    "store_format": "s.store_format",
    "customer_segment": "c.segment",
    "marketing_channel": "ms.channel",
    "payment_method": "o.payment_method",
}

ORDERS = """orders o
  JOIN stores s ON s.store_id = o.store_id
  JOIN regions r ON r.region_id = s.region_id
  JOIN customers c ON c.customer_id = o.customer_id
  JOIN regions cr ON cr.region_id = c.region_id"""
LINES = """order_items oi
  JOIN products p ON p.product_id = oi.product_id
  JOIN orders o ON o.order_id = oi.order_id
  JOIN stores s ON s.store_id = o.store_id
  JOIN regions r ON r.region_id = s.region_id
  JOIN customers c ON c.customer_id = o.customer_id
  JOIN regions cr ON cr.region_id = c.region_id"""
CERTIFIED = "o.status = 'completed' AND NOT o.is_test"
NET_LINE = "oi.quantity * oi.unit_price * (1 - oi.discount_pct)"


@dataclass(frozen=True)
class Case:
    dimensions: tuple[str, ...]
    grain: str | None
    start: dt.date
    end: dt.date

    def keys(self) -> list[str]:
        return [*self.dimensions, *([self.grain] if self.grain else [])]


Reference = Callable[[Case], str]


def _period(column: str, grain: str | None) -> str:
    return f"CAST(DATE_TRUNC('{grain}', {column}) AS DATE)" if grain else ""


def simple(
    source: str, time_column: str, value: str, where: str = "TRUE", *, floor_to_month: bool = False
) -> Reference:
    """SELECT keys, value FROM source WHERE where AND time in window GROUP BY keys."""

    def build(case: Case) -> str:
        start = case.start.replace(day=1) if floor_to_month else case.start
        selects = [f"{DIMENSION_SQL[d]} AS {d}" for d in case.dimensions]
        if case.grain:
            selects.append(f"{_period(time_column, case.grain)} AS {case.grain}")
        groups = ", ".join(str(i + 1) for i in range(len(selects)))
        after = case.end + dt.timedelta(days=1)
        return (
            f"SELECT {', '.join([*selects, f'{value} AS value'])} FROM {source} "
            f"WHERE ({where}) AND {time_column} >= DATE '{start}' "
            f"AND {time_column} < DATE '{after}'" + (f" GROUP BY {groups}" if groups else "")
        )

    return build


def combine(formula: str, **parts: Reference) -> Reference:
    """Join several references on the keys (FULL JOIN) and apply ``formula`` to them."""

    def build(case: Case) -> str:
        names = list(parts)
        ctes = ", ".join(f"{n} AS ({parts[n](case)})" for n in names)
        keys = case.keys()
        if not keys:
            joined = " CROSS JOIN ".join(names)
            return f"WITH {ctes} SELECT {formula} AS value FROM {joined}"
        key_list = ", ".join(keys)
        joined = names[0] + "".join(f" FULL JOIN {n} USING ({key_list})" for n in names[1:])
        return f"WITH {ctes} SELECT {key_list}, {formula} AS value FROM {joined}"

    return build


def ratio(numerator: Reference, denominator: Reference, scale: str = "1.0") -> Reference:
    return combine(f"{scale} * n.value / NULLIF(d.value, 0)", n=numerator, d=denominator)


def shifted(base: Callable[[Case], str], case: Case, years: int = 0, months: int = 0) -> str:
    """The base reference over the window moved back, its periods moved forward again."""
    back = Case(
        case.dimensions,
        case.grain,
        _minus(case.start, years, months),
        # The previous period of a month ending on the 30th ends on the 31st, not the 30th.
        _minus(case.end + dt.timedelta(days=1), years, months) - dt.timedelta(days=1),
    )
    if not case.grain:
        return base(back)
    keys = [*case.dimensions]
    moved = f"CAST({case.grain} + INTERVAL {years} YEAR + INTERVAL {months} MONTH AS DATE)"
    select = ", ".join([*keys, f"{moved} AS {case.grain}", "value"])
    return f"SELECT {select} FROM ({base(back)}) AS prior"


def _minus(day: dt.date, years: int, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - years * 12 - months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def growth(
    base: Reference,
    *,
    years: int = 0,
    months: int = 0,
    kind: str = "growth",
    count: bool = False,
) -> Reference:
    """``count``: the base is a count, so a period without rows counts 0, not unknown."""
    cur, prev = (
        ("COALESCE(cur.value, 0)", "COALESCE(prev.value, 0)")
        if count
        else (
            "cur.value",
            "prev.value",
        )
    )
    formula = {
        "growth": f"({cur} - {prev}) / NULLIF({prev}, 0)",
        "change": f"{cur} - {prev}",
        "previous": prev,
    }[kind]

    def build(case: Case) -> str:
        return combine(formula, cur=base, prev=lambda c: shifted(base, c, years, months))(case)

    return build


def to_date(base: Reference, window: str | None) -> Reference:
    """Running total per key, restarting each ``window`` (None: never), from its start."""

    def build(case: Case) -> str:
        if not case.grain:
            start = dt.date(case.end.year, case.end.month if window == "month" else 1, 1)
            if window is None:
                start = dt.date(2000, 1, 1)
            return base(Case(case.dimensions, None, start, case.end))
        start = dt.date(case.start.year, case.start.month if window == "month" else 1, 1)
        if window is None:
            start = dt.date(2000, 1, 1)
        inner = base(Case(case.dimensions, case.grain, start, case.end))
        partition = [*case.dimensions] + (
            [f"DATE_TRUNC('{window}', {case.grain})"] if window else []
        )
        over = (
            f"PARTITION BY {', '.join(partition)} " if partition else ""
        ) + f"ORDER BY {case.grain}"
        keys = ", ".join(case.keys())
        # Keep every period that overlaps the range, as for any other metric at a grain.
        return (
            f"SELECT * FROM (SELECT {keys}, SUM(value) OVER ({over}) AS value FROM ({inner}) b) w "
            f"WHERE {case.grain} >= DATE_TRUNC('{case.grain}', DATE '{case.start}')"
        )

    return build


revenue = simple(LINES, "o.order_ts", f"SUM({NET_LINE})", CERTIFIED)
order_count = simple(ORDERS, "o.order_ts", "COUNT(DISTINCT o.order_id)", CERTIFIED)
cogs = simple(LINES, "o.order_ts", "SUM(oi.quantity * p.unit_cost)", CERTIFIED)
marketing_spend = simple(
    "marketing_spend ms JOIN regions r ON r.region_id = ms.region_id",
    "ms.spend_date",
    "SUM(ms.amount)",
)
online_orders = simple(
    ORDERS, "o.order_ts", "COUNT(DISTINCT o.order_id)", "s.channel = 'online' AND NOT o.is_test"
)
sessions = simple(
    "web_sessions ws JOIN stores s ON s.store_id = ws.store_id "
    "JOIN regions r ON r.region_id = s.region_id",
    "ws.session_date",
    "SUM(ws.sessions)",
)
revenue_target = simple(
    "revenue_targets t JOIN regions r ON r.region_id = t.region_id",
    "t.month",
    "SUM(t.target_amount)",
    floor_to_month=True,
)
SURVEYS = """satisfaction_surveys ss
  JOIN stores s ON s.store_id = ss.store_id
  JOIN regions r ON r.region_id = s.region_id
  JOIN customers c ON c.customer_id = ss.customer_id
  JOIN regions cr ON cr.region_id = c.region_id"""
RETURNS = """returns rt
  JOIN products p ON p.product_id = rt.product_id
  JOIN orders o ON o.order_id = rt.order_id
  JOIN stores s ON s.store_id = o.store_id
  JOIN regions r ON r.region_id = s.region_id"""
returned_orders = simple(
    ORDERS, "o.order_ts", "COUNT(DISTINCT o.order_id)", "o.status = 'returned' AND NOT o.is_test"
)
fulfilled_orders = simple(
    ORDERS,
    "o.order_ts",
    "COUNT(DISTINCT o.order_id)",
    "o.status IN ('completed', 'returned') AND NOT o.is_test",
)

REFERENCES: dict[str, Reference] = {
    "revenue": revenue,
    "gross_revenue": simple(
        LINES,
        "o.order_ts",
        "SUM(oi.quantity * oi.unit_price)",
        "o.status IN ('completed', 'returned') AND NOT o.is_test",
    ),
    "order_count": order_count,
    # Every certified order has lines, so dividing by the distinct orders among the lines
    # is an independent way to reach the same AOV.
    "aov": simple(LINES, "o.order_ts", f"SUM({NET_LINE}) / COUNT(DISTINCT o.order_id)", CERTIFIED),
    "units_sold": simple(LINES, "o.order_ts", "SUM(oi.quantity)", CERTIFIED),
    "cogs": cogs,
    "gross_margin": simple(
        LINES, "o.order_ts", f"SUM({NET_LINE} - oi.quantity * p.unit_cost)", CERTIFIED
    ),
    "gross_margin_pct": simple(
        LINES,
        "o.order_ts",
        f"SUM({NET_LINE} - oi.quantity * p.unit_cost) / SUM({NET_LINE})",
        CERTIFIED,
    ),
    "returned_orders": returned_orders,
    "fulfilled_orders": fulfilled_orders,
    "return_rate": simple(
        ORDERS,
        "o.order_ts",
        "COUNT(DISTINCT CASE WHEN o.status = 'returned' THEN o.order_id END) * 1.0 / "
        "COUNT(DISTINCT o.order_id)",
        "o.status IN ('completed', 'returned') AND NOT o.is_test",
    ),
    "refund_amount": simple(RETURNS, "rt.returned_on", "SUM(rt.refund_amount)", "NOT o.is_test"),
    "active_customers": simple(ORDERS, "o.order_ts", "COUNT(DISTINCT o.customer_id)", CERTIFIED),
    "new_customers": simple(
        "customers c JOIN regions cr ON cr.region_id = c.region_id "
        "JOIN regions r ON r.region_id = c.region_id",
        "c.signup_date",
        "COUNT(c.customer_id)",
    ),
    "avg_csat": simple(SURVEYS, "ss.surveyed_on", "AVG(ss.csat)"),
    "nps_promoters": simple(SURVEYS, "ss.surveyed_on", "COUNT(*)", "ss.nps >= 9"),
    "nps_detractors": simple(SURVEYS, "ss.surveyed_on", "COUNT(*)", "ss.nps <= 6"),
    "nps_responses": simple(SURVEYS, "ss.surveyed_on", "COUNT(ss.nps)"),
    "nps": simple(
        SURVEYS,
        "ss.surveyed_on",
        "100.0 * (COUNT(*) FILTER (WHERE ss.nps >= 9) - COUNT(*) FILTER (WHERE ss.nps <= 6))"
        " / COUNT(ss.nps)",
    ),
    "marketing_spend": marketing_spend,
    "roas": ratio(revenue, marketing_spend),
    "online_orders": online_orders,
    "sessions": sessions,
    "conversion_rate": ratio(online_orders, sessions),
    "revenue_target": revenue_target,
    "revenue_target_attainment": ratio(revenue, revenue_target),
    "revenue_ytd": to_date(revenue, "year"),
    "revenue_mtd": to_date(revenue, "month"),
    "revenue_running_total": to_date(revenue, None),
    "revenue_growth_yoy": growth(revenue, years=1),
    "revenue_growth_mom": growth(revenue, months=1),
    "revenue_change_yoy": growth(revenue, years=1, kind="change"),
    "revenue_prior_year": growth(revenue, years=1, kind="previous"),
    "order_count_growth_yoy": growth(order_count, years=1, count=True),
    "legacy_sales": simple(LINES, "o.order_ts", "SUM(oi.quantity * oi.unit_price)"),
}
