"""A semantic layer that fits real warehouses: the e-wallet fixture (tests/cases/projects/wallet).

Expression dimensions (a full name, an age band from a birth date), built-in parts of dates
(day of week, weekend, hour), a text column read as a date, two roles of one table joined
under a condition, shared synonyms, personal data usable only in aggregates, and a table in
another schema with no relationship and no date. Each plan's rows equal hand-written SQL's
(finished in Python where SQL would need dialect functions) on DuckDB, PostgreSQL and
MariaDB; the SQL itself is a golden file per dialect.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa

from app.pipeline.guard import guard_sql
from app.project.folder import Project, load_project
from app.project.live_check import compare_with_database
from connectors.base import Connector
from connectors.registry import open_connector
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from kernel.problems import ValidationFailed
from metrics.compiler import DIALECTS, CompiledQuery, compile_query
from metrics.compiler.measures import PERCENTILES, CannotCompute
from metrics.compiler.resolve import PlanError
from metrics.semantic_query import SemanticQuery
from tests.connectors.conformance import plain
from tests.support.databases import Namespace, mariadb_namespace, postgres_namespace
from tests.support.golden import assert_golden
from tests.support.wallet import (
    AGENTS,
    OPS_SCHEMA,
    PROJECT,
    TODAY,
    build_wallet,
    create_agents,
    project_copy,
)
from tests.support.warehouse_copy import copy_tables

Rows = list[tuple[Any, ...]]
Run = Callable[[str], Rows]

PLANS: dict[str, dict[str, Any]] = {
    "roles_with_conditions": {
        "metrics": ["txn_amount"],
        "dimensions": ["sender_country", "receiver_country"],
        "filters": [{"dimension": "txn_status", "value": "completed"}],
    },
    "date_parts": {
        "metrics": ["txn_count"],
        "dimensions": ["created_at__day_of_week", "created_at__is_weekend"],
        "filters": [{"dimension": "created_at__hour", "op": ">=", "value": 12}],
        "time_range": {"kind": "last", "n": 3, "unit": "month"},
    },
    "expressions_and_personal_data": {
        "metrics": ["user_count", "email_count", "average_age"],
        "dimensions": ["age_band"],
        "filters": [{"dimension": "user_name", "op": "starts with", "values": ["J"]}],
    },
    "text_read_as_a_date": {
        "metrics": ["settled_amount"],
        "grain": "month",
        "time_range": {"kind": "between", "start": "2026-01-01", "end": "2026-06-30"},
    },
    "merchant_role": {"metrics": ["txn_amount"], "dimensions": ["merchant_category"]},
    "island_without_dates": {"metrics": ["agent_count"], "dimensions": ["agent_team"]},
    "merchants_without_payments": {
        "dimensions": ["merchant_id", "merchant_name"],
        "without": [{"metric": "txn_amount"}],
    },
    "filled_and_ranked": {
        "metrics": ["txn_amount", "txn_count"],
        "dimensions": ["merchant_category"],
        "fill": True,
        "rank": {"metric": "txn_amount"},
    },
    "top_merchants": {
        "metrics": ["txn_amount", "txn_count"],
        "dimensions": ["merchant_name"],
        "limit": 5,
    },
    "filled_months": {
        "metrics": ["txn_count", "txn_amount_growth_mom"],
        "grain": "month",
        "fill": True,
        "time_range": {"kind": "between", "start": "2025-11-01", "end": "2026-06-30"},
    },
    "growth_only_where_there_is_data": {
        "metrics": ["txn_amount", "txn_amount_growth_mom"],
        "grain": "month",
    },
    "latest_and_earliest_per_user": {
        "metrics": ["balance", "first_balance_day"],
        "grain": "month",
        "time_range": {"kind": "between", "start": "2026-04-01", "end": "2026-06-30"},
    },
    "conditional_metric_and_or": {
        "metrics": ["txn_amount", "weekend_amount"],
        "dimensions": ["sender_country"],
        "filters": [
            {
                "dimension": "txn_status",
                "value": "completed",
                "or": [{"dimension": "merchant_category", "value": "food"}],
            }
        ],
    },
    "median_and_percentile": {
        "metrics": ["amount_p90", "median_amount"],
        "dimensions": ["txn_status"],
    },
    "listing_with_a_second_date": {
        "dimensions": ["user_name", "user_country"],
        "filters": [{"dimension": "user_country", "op": "in", "values": ["KR", "US"]}],
        "time_filters": [
            {
                "time_dimension": "signup_date",
                "time_range": {"kind": "between", "start": "2025-01-01", "end": "2025-12-31"},
            }
        ],
    },
}


def _plan(name: str) -> SemanticQuery:
    return SemanticQuery.model_validate(PLANS[name])


def _within(column: str, start: dt.date, end: dt.date) -> str:
    return f"{column} >= DATE '{start}' AND {column} < DATE '{end + dt.timedelta(days=1)}'"


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def roles_with_conditions(run: Run) -> Rows:
    return run(
        # A payment to a merchant has no receiving user: a breakdown by both countries
        # counts the transfers between users, as the inner joins an analyst writes do.
        "SELECT ru.country, su.country, SUM(t.amount) FROM transactions t "
        "JOIN users su ON su.user_id = t.sender_id AND t.sender_type = 'user' "
        "JOIN users ru ON ru.user_id = t.receiver_id AND t.receiver_type = 'user' "
        "WHERE t.status = 'completed' GROUP BY ru.country, su.country"
    )


def date_parts(run: Run) -> Rows:
    rows = run(
        "SELECT created_at FROM transactions WHERE "
        + _within("created_at", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    )
    counts = Counter((ts.isoweekday(), ts.isoweekday() >= 6) for (ts,) in rows if ts.hour >= 12)
    return [(day, weekend, n) for (day, weekend), n in counts.items()]


def expressions_and_personal_data(run: Run) -> Rows:
    users = run("SELECT first_name, last_name, email, birth_date FROM users")
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for first, last, email, birth in users:
        if f"{first} {last}".startswith("J"):
            age = TODAY.year - _day(birth).year
            groups["under 30" if age < 30 else "30 and over"].append((email, age))
    return [
        (band, sum(a for _, a in people) / len(people), len({e for e, _ in people}), len(people))
        for band, people in groups.items()
    ]


def text_read_as_a_date(run: Run) -> Rows:
    rows = run("SELECT settled_on, amount FROM transactions WHERE settled_on IS NOT NULL")
    months: dict[dt.date, float] = defaultdict(float)
    for text, amount in rows:
        day = dt.datetime.strptime(text, "%Y%m%d").date()
        if dt.date(2026, 1, 1) <= day <= dt.date(2026, 6, 30):
            months[day.replace(day=1)] += float(amount)
    return list(months.items())


def merchant_role(run: Run) -> Rows:
    return run(
        "SELECT m.category, SUM(t.amount) FROM transactions t JOIN merchants m "
        "ON m.merchant_id = t.receiver_id AND t.receiver_type = 'merchant' GROUP BY m.category"
    )


def island_without_dates(_run: Run) -> Rows:
    return list(Counter(team for _, _, team in AGENTS).items())


def merchants_without_payments(run: Run) -> Rows:
    return run(
        "SELECT m.merchant_id, m.merchant_name FROM merchants m WHERE NOT EXISTS (SELECT 1 "
        "FROM transactions t WHERE t.receiver_type = 'merchant' AND t.receiver_id = m.merchant_id)"
    )


def filled_and_ranked(run: Run) -> Rows:
    sums = dict(
        (c, (float(a or 0), int(n)))
        for c, a, n in run(
            "SELECT m.category, SUM(t.amount), COUNT(t.txn_id) FROM merchants m "
            "LEFT JOIN transactions t ON t.receiver_id = m.merchant_id "
            "AND t.receiver_type = 'merchant' GROUP BY m.category"
        )
    )
    ordered = sorted(sums.values(), key=lambda v: -v[0])
    return [
        (c, a, n, 1 + sum(1 for other, _ in ordered if other > a)) for c, (a, n) in sums.items()
    ]


def top_merchants(run: Run) -> Rows:
    # Payments to users reach no merchant: the largest group by far, and not a merchant.
    return run(
        "SELECT m.merchant_name, SUM(t.amount), COUNT(t.txn_id) FROM transactions t "
        "JOIN merchants m ON m.merchant_id = t.receiver_id AND t.receiver_type = 'merchant' "
        "GROUP BY m.merchant_name ORDER BY SUM(t.amount) DESC LIMIT 5"
    )


def _monthly(run: Run) -> dict[dt.date, tuple[int, float]]:
    found: dict[dt.date, tuple[int, float]] = {}
    for ts, amount in run("SELECT created_at, amount FROM transactions"):
        month = _day(ts).replace(day=1)
        n, total = found.get(month, (0, 0.0))
        found[month] = (n + 1, total + float(amount))
    return found


def _previous(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _growth(current: float | None, previous: float | None) -> float | None:
    if current is None or previous in (None, 0):
        return None
    assert previous is not None
    return (current - previous) / previous


def filled_months(run: Run) -> Rows:
    data = _monthly(run)
    rows, month = [], dt.date(2025, 11, 1)
    while month <= dt.date(2026, 6, 1):
        count, amount = data.get(month, (0, 0.0))
        previous = data.get(_previous(month), (0, 0.0))[1] if month > dt.date(2025, 11, 1) else None
        rows.append((month, _growth(amount, previous), count))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return rows


def growth_only_where_there_is_data(run: Run) -> Rows:
    data = _monthly(run)
    return [
        (month, amount, _growth(amount, data.get(_previous(month), (0, None))[1]))
        for month, (_, amount) in data.items()
    ]


def latest_and_earliest_per_user(run: Run) -> Rows:
    rows = run(
        "SELECT user_id, day, balance FROM balances WHERE "
        + _within("day", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    )
    by_month: dict[dt.date, dict[int, list[tuple[dt.date, float]]]] = defaultdict(dict)
    for user, day, balance in rows:
        by_month[_day(day).replace(day=1)].setdefault(user, []).append((_day(day), float(balance)))
    out = []
    for month, users in by_month.items():
        latest = sum(max(days)[1] for days in users.values())
        earliest = min(min(days)[1] for days in users.values())
        out.append((month, latest, earliest))
    return out


def conditional_metric_and_or(run: Run) -> Rows:
    rows = run(
        # The breakdown's join keeps senders that are users; the filter's keeps every row.
        "SELECT su.country, t.amount, t.created_at FROM transactions t "
        "JOIN users su ON su.user_id = t.sender_id AND t.sender_type = 'user' "
        "LEFT JOIN merchants m ON m.merchant_id = t.receiver_id AND t.receiver_type = 'merchant' "
        "WHERE t.status = 'completed' OR m.category = 'food'"
    )
    totals: dict[Any, list[float]] = defaultdict(lambda: [0.0, 0.0])
    weekend: set[Any] = set()
    for country, amount, created in rows:
        totals[country][0] += float(amount)
        if _day(created).isoweekday() >= 6:
            totals[country][1] += float(amount)
            weekend.add(country)
    return [(c, a, w if c in weekend else None) for c, (a, w) in totals.items()]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median_and_percentile(run: Run) -> Rows:
    groups: dict[str, list[float]] = defaultdict(list)
    for status, amount in run("SELECT status, amount FROM transactions"):
        groups[status].append(float(amount))
    return [(s, _percentile(v, 0.9), _percentile(v, 0.5)) for s, v in groups.items()]


def listing_with_a_second_date(run: Run) -> Rows:
    rows = run(
        "SELECT first_name, last_name, country FROM users WHERE country IN ('KR', 'US') AND "
        + _within("signup_date", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    )
    return sorted({(country, f"{first} {last}") for first, last, country in rows})


ORACLES: dict[str, Callable[[Run], Rows]] = {
    f.__name__: f
    for f in (
        roles_with_conditions,
        date_parts,
        expressions_and_personal_data,
        text_read_as_a_date,
        merchant_role,
        island_without_dates,
        merchants_without_payments,
        filled_and_ranked,
        top_merchants,
        filled_months,
        growth_only_where_there_is_data,
        latest_and_earliest_per_user,
        conditional_metric_and_or,
        median_and_percentile,
        listing_with_a_second_date,
    )
}


def _normal(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | decimal.Decimal):
        return round(float(value), 6)
    if isinstance(value, dt.date):
        return _day(value).isoformat()
    return str(value)


def _as_set(rows: Rows) -> list[tuple[Any, ...]]:
    return sorted((tuple(_normal(v) for v in row) for row in rows), key=str)


@pytest.fixture(scope="module")
def wallet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wallet(tmp_path_factory.mktemp("wallet") / "wallet.duckdb")


@pytest.fixture(scope="module")
def wallet() -> Project:
    return load_project(PROJECT, source="duckdb:///unused.duckdb")


def test_the_layer_loads_with_shared_synonyms_and_an_island(wallet: Project) -> None:
    layer = wallet.layer
    assert {d.name for d in layer.dimensions_for_word("country")} == {
        "user_country",
        "sender_country",
        "receiver_country",
    }
    assert {d.name for d in layer.dimensions_for_word("status")} == {"txn_status", "agent_team"}
    assert layer.schemas() == (OPS_SCHEMA,)
    assert "created_at__hour" in layer.time_parts()
    assert "signup_date__hour" not in layer.time_parts()  # a date has no hour


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "name",
    [
        "roles_with_conditions",
        "date_parts",
        "expressions_and_personal_data",
        "text_read_as_a_date",
        "island_without_dates",
        "merchants_without_payments",
        "filled_and_ranked",
        "top_merchants",
        "latest_and_earliest_per_user",
        "conditional_metric_and_or",
        "median_and_percentile",
    ],
)
def test_golden_sql(name: str, dialect: str, wallet: Project, update_golden: bool) -> None:
    if name == "median_and_percentile" and dialect not in PERCENTILES:
        with pytest.raises(CannotCompute, match=f"which {dialect} can't compute exactly"):
            compile_query(_plan(name), wallet.layer, wallet.catalog, dialect=dialect, today=TODAY)
        return
    compiled = compile_query(
        _plan(name), wallet.layer, wallet.catalog, dialect=dialect, today=TODAY
    )
    assert_golden(f"sql/wallet_{name}.{dialect}.sql", compiled.sql, update=update_golden)
    verdict = guard_sql(compiled.sql, dialect=dialect, layer=wallet.layer)
    assert verdict.ok, verdict.reasons


def test_a_metric_without_dates_refuses_a_range(wallet: Project) -> None:
    plan = SemanticQuery.model_validate(
        {"metrics": ["agent_count"], "time_range": {"kind": "last", "n": 1, "unit": "month"}}
    )
    with pytest.raises(PlanError, match="has no date, so it can't be limited to last month") as e:
        compile_query(plan, wallet.layer, wallet.catalog, today=TODAY)
    assert e.value.code == "no_time_dimension"
    grain = SemanticQuery(metrics=("agent_count",), grain="month")  # type: ignore[arg-type]
    with pytest.raises(PlanError, match="can't be shown by month"):
        compile_query(grain, wallet.layer, wallet.catalog, today=TODAY)


def test_an_island_is_reached_only_by_its_own_metrics(wallet: Project) -> None:
    plan = SemanticQuery(metrics=("txn_count",), dimensions=("agent_team",))
    with pytest.raises(PlanError, match="can't be broken down by 'agent_team'") as e:
        compile_query(plan, wallet.layer, wallet.catalog, today=TODAY)
    assert e.value.code == "dimension_not_allowed"


@pytest.mark.parametrize(
    ("sql", "allowed"),
    [
        ("SELECT COUNT(DISTINCT email) AS n FROM users", True),
        ("SELECT AVG(EXTRACT(YEAR FROM birth_date)) AS a FROM users", True),
        (
            "SELECT CASE WHEN birth_date < DATE '1990-01-01' THEN 'old' ELSE 'young' END AS b,"
            " COUNT(*) AS n FROM users GROUP BY 1",
            True,
        ),
        ("SELECT email FROM users", False),
        ("SELECT MAX(birth_date) AS b FROM users", False),
        ("SELECT user_id FROM users ORDER BY birth_date", False),
        ("SELECT COUNT(phone) AS n FROM users", False),
        ("SELECT agent_name FROM ops.support_agents", True),
        ("SELECT agent_name FROM support_agents", False),
        ("SELECT a.team, COUNT(*) AS n FROM ops.support_agents AS a GROUP BY a.team", True),
    ],
)
def test_the_guard_knows_qualified_tables_and_aggregate_only_data(
    sql: str, allowed: bool, wallet: Project
) -> None:
    verdict = guard_sql(sql, dialect="duckdb", layer=wallet.layer)
    assert verdict.ok is allowed, verdict.reasons


def test_validation_explains_bad_expressions_and_names(tmp_path: Path) -> None:
    folder = tmp_path / "semantic_layer"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        """tables:
  - name: t
    columns: [{name: a, type: string}, {name: d, type: string}]
    dimensions:
      - {name: x__y, column: a}
      - {name: total, expr: sum(a)}
      - {name: ghost, expr: upper(b), via: [nowhere]}
    time_dimensions:
      - {name: day, expr: "strptime(d, '%Y')", type: integer}
  - name: u
    columns: [{name: a, type: string}]
    dimensions:
      - {name: both, column: a, expr: a}
""",
        encoding="utf-8",
    )
    from semantic_layer.loader import load_semantic_layer

    with pytest.raises(ValidationFailed) as raised:
        load_semantic_layer(folder, root=tmp_path)
    messages = "\n".join(str(p) for p in raised.value.problems)
    assert "contains '__'" in messages
    assert "function SUM() is not allowed" in messages
    assert "unknown column 'b' of 't'" in messages
    assert "unknown relationship 'nowhere'" in messages
    assert "give exactly one of `column` and `expr`" in messages
    assert "'day' is a time grain" in messages
    assert "a time dimension's type is date or timestamp, not integer" in messages


RANKINGS: dict[str, dict[str, Any]] = {
    "simple": {"metrics": ["txn_amount", "txn_count"], "dimensions": ["merchant_name"]},
    "median": {"metrics": ["median_amount"], "dimensions": ["merchant_name"]},
    "previous_month": {
        "metrics": ["txn_amount", "txn_amount_growth_mom"],
        "dimensions": ["merchant_category"],
        "grain": "month",
        "time_range": {"kind": "between", "start": "2026-01-01", "end": "2026-06-30"},
    },
}
"""Breakdowns over merchants, which payments to users don't reach, ranked by their first
metric: the top N are the breakdown's merchants, with the very same values."""


@pytest.mark.parametrize("name", list(RANKINGS))
def test_a_ranking_leaves_out_the_group_with_no_merchant(
    name: str, wallet_file: Path, wallet: Project
) -> None:
    breakdown = SemanticQuery.model_validate(RANKINGS[name])
    first = breakdown.metrics[0]
    order = [{"field": first, "descending": True}]
    ranking = SemanticQuery.model_validate({**RANKINGS[name], "order_by": order, "limit": 3})
    with open_connector(f"duckdb:///{wallet_file}") as connector:

        def rows(plan: SemanticQuery) -> list[dict[str, Any]]:
            compiled = compile_query(plan, wallet.layer, wallet.catalog, today=TODAY)
            result = connector.query(compiled.sql)
            names = result.column_names
            return [dict(zip(names, map(_normal, r), strict=True)) for r in result.rows]

        every, top = rows(breakdown), rows(ranking)
    group = breakdown.dimensions[0]
    # Payments to users are in neither: a breakdown by a merchant's name counts the
    # payments that reached a merchant, and so does its ranking.
    assert every and all(r[group] is not None for r in every)
    assert len(top) == 3 and all(r[group] is not None for r in top)
    every.sort(key=lambda r: (-r[first], str(r)))
    assert top == every[:3]


def test_a_rank_counts_only_merchant_categories(wallet_file: Path, wallet: Project) -> None:
    plan = SemanticQuery.model_validate(
        {
            "metrics": ["txn_amount"],
            "dimensions": ["merchant_category"],
            "rank": {"metric": "txn_amount"},
        }
    )
    compiled = compile_query(plan, wallet.layer, wallet.catalog, today=TODAY)
    with open_connector(f"duckdb:///{wallet_file}") as connector:
        ranked = [(r[0], r[2]) for r in connector.query(compiled.sql).rows]
    assert ranked == [("travel", 1), ("food", 2), ("games", 3)]


class HandWrittenAnswers:
    """Each plan's rows equal the hand-written answer on one database."""

    dialect: ClassVar[str]
    cannot_compute: ClassVar[frozenset[str]] = frozenset()

    @pytest.mark.parametrize("name", list(PLANS))
    def test_plan_gives_the_hand_written_answer(
        self, name: str, warehouse: tuple[Connector, Project]
    ) -> None:
        connector, project = warehouse
        if name in self.cannot_compute:
            with pytest.raises(CannotCompute, match="can't compute exactly"):
                compile_query(
                    _plan(name), project.layer, project.catalog, dialect=self.dialect, today=TODAY
                )
            return
        compiled: CompiledQuery = compile_query(
            _plan(name), project.layer, project.catalog, dialect=self.dialect, today=TODAY
        )
        actual = list(connector.query(compiled.sql).rows)

        def run(sql: str) -> Rows:
            return [tuple(plain(v) for v in row) for row in connector.query(sql).rows]

        expected = ORACLES[name](run)
        assert expected, f"{name} must have rows for the comparison to mean much"
        assert _as_set(actual) == _as_set(expected)

    def test_the_database_has_every_table_of_the_layer(
        self, warehouse: tuple[Connector, Project]
    ) -> None:
        connector, project = warehouse
        tables = connector.list_tables(project.layer.schemas())
        assert compare_with_database(project.layer, tables) == []
        agents = next(t for t in tables if t.name.endswith("support_agents"))
        assert agents.primary_key == ("agent_id",)


@pytest.mark.xdist_group("wallet")
class TestDuckDB(HandWrittenAnswers):
    dialect = "duckdb"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, wallet_file: Path, wallet: Project) -> Iterator[tuple[Connector, Project]]:
        with open_connector(f"duckdb:///{wallet_file}") as connector:
            yield connector, wallet


def _served(
    namespace: Namespace, ops: str, wallet_file: Path, tmp: Path, engine: sa.Engine
) -> Iterator[tuple[Connector, Project]]:
    copy_tables(wallet_file, namespace.engine, schema=namespace.schema)
    create_agents(engine, ops)
    project = load_project(project_copy(tmp / "wallet", ops))
    with SQLAlchemyConnector(namespace.url) as connector:
        yield connector, project


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
class TestPostgres(HandWrittenAnswers):
    dialect = "postgres"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(
        cls, postgres_admin: sa.Engine, wallet_file: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[tuple[Connector, Project]]:
        with postgres_namespace(postgres_admin) as namespace:
            ops = f"{namespace.name}_ops"
            with postgres_admin.begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {ops}")
            try:
                tmp = tmp_path_factory.mktemp("wallet_pg")
                yield from _served(namespace, ops, wallet_file, tmp, postgres_admin)
            finally:
                with postgres_admin.begin() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {ops} CASCADE")


@pytest.mark.mariadb
@pytest.mark.xdist_group("mariadb")
class TestMariaDB(HandWrittenAnswers):
    dialect = "mysql"
    cannot_compute = frozenset({"median_and_percentile"})

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(
        cls, mariadb_admin: sa.Engine, wallet_file: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[tuple[Connector, Project]]:
        with mariadb_namespace(mariadb_admin) as namespace:
            ops = f"{namespace.name}_ops"
            with mariadb_admin.begin() as connection:
                connection.exec_driver_sql(f"CREATE DATABASE {ops} CHARACTER SET utf8mb4")
            try:
                tmp = tmp_path_factory.mktemp("wallet_maria")
                yield from _served(namespace, ops, wallet_file, tmp, mariadb_admin)
            finally:
                with mariadb_admin.begin() as connection:
                    connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {ops}")


def test_plans_are_json(wallet: Project) -> None:
    for name in PLANS:
        assert SemanticQuery.from_json(json.dumps(PLANS[name])) == _plan(name)
