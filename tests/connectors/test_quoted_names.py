"""Warehouse names that need quotes: a mixed-case table and columns, reserved words as a
table and column names, a name with a space and Korean names (tests/cases/projects/quoted_names).

On DuckDB, PostgreSQL and MariaDB each plan is compiled, passes the guard, runs, and gives
the rows of a hand-written query; the layer validates against the live tables. Ordinary
names staying unquoted is what the golden SQL files keep.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pytest
import sqlalchemy as sa

from app.llm.context import build_context
from app.pipeline.ground.values import read_dimension_values
from app.pipeline.guard import guard_sql
from app.project.folder import Project, load_project
from app.project.live_check import compare_with_database
from connectors.base import ColumnInfo, Connector, TableInfo
from connectors.registry import open_connector
from connectors.sqlalchemy_connector import SQLAlchemyConnector
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer
from tests.connectors.conformance import plain
from tests.support.databases import mariadb_namespace, postgres_namespace

PROJECT = Path(__file__).resolve().parent.parent / "cases" / "projects" / "quoted_names"
TODAY = dt.date(2026, 6, 30)

USERS = ((1, "vip", "서울"), (2, "basic", "부산"), (3, "basic", "서울"), (4, "vip", "대구"))
LINES = (
    (1, 1, "2026-01-05", "120.50", "완료"),
    (2, 1, "2026-01-20", "30.00", "완료"),
    (3, 2, "2026-02-03", "200.00", "취소"),
    (4, 3, "2026-02-14", "80.00", "완료"),
    (5, 2, "2026-03-01", "150.00", "완료"),
    (6, 3, "2026-03-30", "60.00", "완료"),
    (7, 1, "2026-04-02", "99.00", "완료"),
)


def _ddl(q: str, schema: str = "") -> list[str]:
    """The two tables, every awkward name quoted with ``q`` by hand."""
    s = f"{schema}." if schema else ""
    users = ", ".join(f"({i}, '{g}', '{r}')" for i, g, r in USERS)
    lines = ", ".join(f"({i}, {u}, DATE '{d}', {a}, '{st}')" for i, u, d, a, st in LINES)
    return [
        f"CREATE TABLE {s}{q}user{q} (id INTEGER PRIMARY KEY, {q}group{q} VARCHAR(20), "
        f"{q}지역{q} VARCHAR(20))",
        f"CREATE TABLE {s}{q}OrderLines{q} ({q}LineId{q} INTEGER PRIMARY KEY, {q}user{q} INTEGER, "
        f"{q}order{q} DATE, {q}Amount Won{q} DECIMAL(12, 2), {q}상태{q} VARCHAR(20))",
        f"INSERT INTO {s}{q}user{q} VALUES {users}",
        f"INSERT INTO {s}{q}OrderLines{q} VALUES {lines}",
    ]


PLANS: dict[str, dict[str, Any]] = {
    "by_reserved_and_korean_columns": {
        "metrics": ["revenue", "line_count"],
        "dimensions": ["customer_group", "region"],
        "filters": [{"dimension": "status", "value": "완료"}],
        "grain": "month",
        "time_range": {"kind": "between", "start": "2026-01-01", "end": "2026-03-31"},
    },
    "expression_over_a_spaced_name_ranked": {
        "metrics": ["revenue"],
        "dimensions": ["amount_band"],
        "rank": {"metric": "revenue"},
    },
    "reserved_base_table": {"metrics": ["customer_count"], "dimensions": ["region"]},
    "customers_without_lines": {
        "dimensions": ["customer_group", "region"],
        "without": [{"metric": "line_count"}],
    },
}

HAND_WRITTEN: dict[str, str] = {
    "by_reserved_and_korean_columns": """
        SELECT u.{q}group{q}, u.{q}지역{q}, EXTRACT(YEAR FROM o.{q}order{q}),
               EXTRACT(MONTH FROM o.{q}order{q}), COUNT(*), SUM(o.{q}Amount Won{q})
        FROM {q}OrderLines{q} o LEFT JOIN {q}user{q} u ON u.id = o.{q}user{q}
        WHERE o.{q}상태{q} = '완료'
          AND o.{q}order{q} >= DATE '2026-01-01' AND o.{q}order{q} < DATE '2026-04-01'
        GROUP BY 1, 2, 3, 4""",
    "expression_over_a_spaced_name_ranked": """
        SELECT band, revenue, RANK() OVER (ORDER BY revenue DESC) FROM (
          SELECT CASE WHEN {q}Amount Won{q} >= 100 THEN 'big' ELSE 'small' END AS band,
                 SUM({q}Amount Won{q}) AS revenue
          FROM {q}OrderLines{q} GROUP BY 1) t""",
    "reserved_base_table": """
        SELECT {q}지역{q}, COUNT(*) FROM {q}user{q} GROUP BY 1""",
    "customers_without_lines": """
        SELECT DISTINCT u.{q}group{q}, u.{q}지역{q} FROM {q}user{q} u
        WHERE NOT EXISTS (SELECT 1 FROM {q}OrderLines{q} o WHERE o.{q}user{q} = u.id)""",
}


def _month_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The compiler's month as the hand-written query's (year, month) pair."""
    group, region, month, *values = row
    day = month if isinstance(month, dt.date) else dt.date.fromisoformat(str(month)[:10])
    return (group, region, day.year, day.month, *values)


RESHAPE: dict[str, Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {
    "by_reserved_and_korean_columns": _month_row,
}


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, decimal.Decimal | float) and not isinstance(value, bool):
        return round(float(value), 6)
    return value


def _rows(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(_cell(v) for v in r) for r in rows), key=repr)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(PROJECT, source="duckdb:///unused.duckdb")


def test_the_compiler_quotes_exactly_the_names_that_need_it(project: Project) -> None:
    plan = SemanticQuery.model_validate(PLANS["by_reserved_and_korean_columns"])
    sql = compile_query(plan, project.layer, project.catalog, dialect="postgres", today=TODAY).sql
    for quoted in ('"OrderLines"', '"user"', '"group"', '"지역"', '"order"', '"Amount Won"'):
        assert quoted in sql
    for plain_name in ("customer_group", "region", "line_count", "revenue", "month"):
        assert f'"{plain_name}"' not in sql
    snowflake = compile_query(
        plan, project.layer, project.catalog, dialect="snowflake", today=TODAY
    ).sql
    assert '"ORDER"' in snowflake and '"GROUP"' in snowflake  # what unquoted order would name


def test_the_guard_reads_layer_names_as_the_compiler_writes_them(layer: SemanticLayer) -> None:
    allowed = guard_sql('SELECT "LineId" FROM "OrderLines"', dialect="postgres", layer=layer)
    assert allowed.ok, allowed.reasons
    folded = guard_sql('SELECT "LineId" FROM OrderLines', dialect="postgres", layer=layer)
    assert not folded.ok and 'write "OrderLines"' in folded.reasons[0]
    assert not guard_sql("SELECT LineId FROM OrderLines", dialect="postgres", layer=layer).ok
    assert guard_sql("SELECT lineid FROM orderlines", dialect="duckdb", layer=layer).ok


def test_names_match_as_the_warehouse_matches_them(layer: SemanticLayer) -> None:
    """Snowflake folds unquoted names to upper case, and SQLAlchemy reports such names in
    lower case: ``user`` is the table USER, while ``OrderLines`` is only ever that."""
    decimal_ = "NUMBER(12,2)"
    tables = [
        TableInfo(
            "OrderLines",
            (
                ColumnInfo("LineId", "NUMBER"),
                ColumnInfo("user", "NUMBER"),
                ColumnInfo("order", "DATE"),
                ColumnInfo("Amount Won", decimal_),
                ColumnInfo("상태", "VARCHAR"),
            ),
        ),
        TableInfo(
            "user",
            (
                ColumnInfo("id", "NUMBER"),
                ColumnInfo("group", "VARCHAR"),
                ColumnInfo("지역", "TEXT"),
            ),
        ),
    ]
    assert compare_with_database(layer, tables, "snowflake") == []
    folded = [TableInfo("orderlines", tables[0].columns), tables[1]]
    (problem,) = compare_with_database(layer, folded, "snowflake")
    assert problem.code == "missing_table" and "spells it 'orderlines'" in problem.message
    assert compare_with_database(layer, folded, "duckdb") == []  # DuckDB ignores case


def test_the_sql_path_shows_names_as_the_dialect_reads_them(project: Project) -> None:
    def context(dialect: str | None) -> str:
        tables = ["OrderLines", "user"]
        return build_context(
            project.layer, project.catalog, tables=tables, metrics=[], examples=[], dialect=dialect
        ).text

    postgres = context("postgres")
    assert '"OrderLines"\n' in postgres and '"user"."id"' not in postgres
    assert '"OrderLines"."user" -> "user".id' in postgres  # the join, ready to copy
    assert 'dimension region = "지역"' in postgres and '  primary key: "LineId"' in postgres
    assert "`Amount Won`" in context("mysql")
    assert "OrderLines.user -> user.id" in context(
        None
    )  # the plan path: names as the YAML has them


@pytest.fixture(scope="module")
def layer(project: Project) -> SemanticLayer:
    return project.layer


class QuotedNames:
    dialect: ClassVar[str]
    quote: ClassVar[str] = '"'

    @pytest.mark.parametrize("name", list(PLANS))
    def test_plan_gives_the_hand_written_rows(
        self, name: str, warehouse: Connector, project: Project
    ) -> None:
        plan = SemanticQuery.model_validate(PLANS[name])
        compiled = compile_query(
            plan, project.layer, project.catalog, dialect=self.dialect, today=TODAY
        )
        verdict = guard_sql(compiled.sql, dialect=self.dialect, layer=project.layer)
        assert verdict.ok, verdict.reasons
        actual = warehouse.query(verdict.sql).rows
        reshape = RESHAPE.get(name, lambda row: row)
        expected = warehouse.query(HAND_WRITTEN[name].format(q=self.quote)).rows
        assert expected
        assert _rows(reshape(tuple(r)) for r in actual) == _rows(expected)

    def test_dimension_values_are_read_from_quoted_names(
        self, warehouse: Connector, project: Project
    ) -> None:
        read = read_dimension_values(
            project.layer, self.dialect, lambda sql, limit: warehouse.query(sql)
        )
        assert not read.skipped, read.skipped
        assert read.values["status"] and read.values["region"]

    def test_the_layer_validates_against_the_live_tables(
        self, warehouse: Connector, project: Project
    ) -> None:
        tables = warehouse.list_tables()
        assert compare_with_database(project.layer, tables, warehouse.dialect) == []


class TestDuckDB(QuotedNames):
    dialect = "duckdb"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connector]:
        path = tmp_path_factory.mktemp("quoted") / "quoted.duckdb"
        with duckdb.connect(str(path)) as con:
            for statement in _ddl('"'):
                con.execute(statement)
        with open_connector(f"duckdb:///{path}") as connector:
            yield connector


@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
class TestPostgres(QuotedNames):
    dialect = "postgres"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, postgres_admin: sa.Engine) -> Iterator[Connector]:
        with postgres_namespace(postgres_admin) as namespace:
            with postgres_admin.begin() as connection:
                for statement in _ddl('"', namespace.name):
                    connection.exec_driver_sql(statement)
            with SQLAlchemyConnector(namespace.url) as connector:
                yield connector

    def test_a_folded_spelling_is_reported_with_the_database_spelling(
        self, warehouse: Connector, project: Project, tmp_path: Path
    ) -> None:
        folded = _copy_with(tmp_path, "name: OrderLines", "name: orderlines")
        folded = folded.replace("from: OrderLines", "from: orderlines")
        layer = _layer(tmp_path, folded)
        problems = compare_with_database(layer, warehouse.list_tables(), "postgres")
        assert [p.code for p in problems] == ["missing_table"]
        assert "The database spells it 'OrderLines'" in problems[0].message


@pytest.mark.mariadb
@pytest.mark.xdist_group("mariadb")
class TestMariaDB(QuotedNames):
    dialect = "mysql"
    quote = "`"

    @pytest.fixture(scope="class")
    @classmethod
    def warehouse(cls, mariadb_admin: sa.Engine) -> Iterator[Connector]:
        with mariadb_namespace(mariadb_admin) as namespace:
            with namespace.engine.begin() as connection:
                for statement in _ddl("`"):
                    connection.exec_driver_sql(statement)
            with SQLAlchemyConnector(namespace.url) as connector:
                yield connector


def _copy_with(tmp: Path, old: str, new: str) -> str:
    text = (PROJECT / "semantic_layer" / "shop.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def _layer(tmp: Path, text: str) -> SemanticLayer:
    from semantic_layer.loader import load_semantic_layer

    folder = tmp / "semantic_layer"
    folder.mkdir()
    (folder / "shop.yaml").write_text(text, encoding="utf-8")
    return load_semantic_layer(folder, root=tmp)
