"""The SQL guard, proved: an adversarial corpus is refused, real analytics are allowed and run,
the compiler's own SQL always passes, and the SQL the guard hands back keeps its promises.

The corpora are data: ``tests/cases/guard/refused.yaml`` (SQL, dialect, a fragment the
reasons must contain) and ``tests/cases/guard/allowed.yaml`` (SQL, dialect, tables read).
"""

from __future__ import annotations

import doctest
import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
import sqlglot
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

import app.pipeline.guard
from app.pipeline.guard import GuardVerdict, fan_out_warnings, guard_sql
from app.pipeline.guard.function_lists import ALLOWED_UNKNOWN, DENIED, DENIED_PREFIXES, denial
from app.pipeline.guard.limit import row_limit
from app.pipeline.guard.normalize import normalize
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from connectors.base import Connector
from kernel.errors import UserError
from metrics.compiler import DIALECTS, compile_query
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import SemanticLayerFile
from tests.conftest import TODAY
from tests.test_compiler_properties import valid_plans

pytestmark = pytest.mark.xdist_group("warehouse")

CASES = Path(__file__).parent / "cases"
PLANS = sorted([*(CASES / "plans").glob("*.json"), *(CASES / "capability_plans").glob("*.json")])
PII_COLUMNS = {"full_name", "email", "phone"}


@dataclass(frozen=True)
class Refused:
    id: str
    dialect: str
    sql: str
    reason: str


@dataclass(frozen=True)
class Allowed:
    id: str
    dialect: str
    sql: str
    tables: tuple[str, ...]


def _expand(case: dict[str, object]) -> str:
    """``nest: N`` wraps "1" in N parentheses at ``{}``; ``chain: N`` puts N AND-ed terms there."""
    sql = str(case["sql"])
    if "nest" in case:
        n = int(str(case["nest"]))
        sql = sql.replace("{}", "(" * n + "1" + ")" * n)
    if "chain" in case:
        sql = sql.replace(
            "{}", " AND ".join(f"order_id <> {i}" for i in range(int(str(case["chain"]))))
        )
    return sql


def _names(value: object) -> tuple[str, ...]:
    assert isinstance(value, list)
    return tuple(str(v) for v in value)


def _load(name: str) -> list[dict[str, object]]:
    loaded = yaml.safe_load((CASES / "guard" / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


REFUSED = [
    Refused(str(c["id"]), str(c["dialect"]), _expand(c), str(c["reason"]))
    for c in _load("refused.yaml")
]
ALLOWED = [
    Allowed(str(c["id"]), str(c["dialect"]), str(c["sql"]), _names(c["tables"]))
    for c in _load("allowed.yaml")
]


@functools.cache
def _sample() -> Project:
    """The sample project without a warehouse; cached rather than a fixture so hypothesis
    tests can use it without printing the whole layer on failure."""
    return load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")


@pytest.fixture(scope="module")
def sample_project() -> Project:
    return _sample()


@pytest.fixture(scope="module")
def layer() -> SemanticLayer:
    return _sample().layer


# --- the corpora -------------------------------------------------------------------------


def test_the_corpora_are_big_enough_and_cover_three_dialects() -> None:
    assert len(REFUSED) >= 60 and len(ALLOWED) >= 30
    for dialect in ("duckdb", "postgres", "mysql"):
        assert sum(c.dialect == dialect for c in REFUSED) >= 15, dialect
    assert len({c.id for c in REFUSED}) == len(REFUSED)
    assert len({c.id for c in ALLOWED}) == len(ALLOWED)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_adversarial_sql_is_refused_with_its_reason(case: Refused, layer: SemanticLayer) -> None:
    verdict = guard_sql(case.sql, dialect=case.dialect, layer=layer)
    assert not verdict.ok
    assert verdict.sql == "" and verdict.tables == ()
    assert any(case.reason.lower() in r.lower() for r in verdict.reasons), verdict.reasons
    assert verdict.to_dict() == {"ok": False, "reasons": list(verdict.reasons), "sql": ""}
    assert not any("could not analyse" in r for r in verdict.reasons), "the guard crashed"


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: c.id)
def test_analytical_sql_is_allowed(case: Allowed, layer: SemanticLayer) -> None:
    verdict = guard_sql(case.sql, dialect=case.dialect, layer=layer, max_rows=500)
    assert verdict.ok, verdict.reasons
    assert verdict.reasons == () and verdict.tables == case.tables
    assert verdict.to_dict() == {"ok": True, "reasons": [], "sql": verdict.sql}
    _assert_one_limited_query(verdict, 500)
    assert "--" not in verdict.sql and "/*" not in verdict.sql, "comments must not pass through"
    again = guard_sql(verdict.sql, dialect=case.dialect, layer=layer, max_rows=500)
    assert again.sql == verdict.sql, "guarding the guard's own output must change nothing"


@pytest.mark.parametrize("case", [c for c in ALLOWED if c.dialect == "duckdb"], ids=lambda c: c.id)
def test_allowed_duckdb_queries_run_on_the_sample_warehouse(
    case: Allowed, project: Project, duckdb_connector: Connector
) -> None:
    verdict = guard_sql(case.sql, dialect="duckdb", layer=project.layer, max_rows=500)
    result = duckdb_connector.query(verdict.sql, max_rows=500)
    assert result.columns
    assert 0 < result.row_count <= 500


# --- our own compiler's SQL ----------------------------------------------------------------


def _plan(path: Path) -> SemanticQuery:
    return SemanticQuery.from_json(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_every_compiled_plan_passes_in_every_dialect(
    plan_file: Path, dialect: str, sample_project: Project
) -> None:
    layer = sample_project.layer
    compiled = compile_query(
        _plan(plan_file), layer, sample_project.catalog, dialect=dialect, today=TODAY
    )
    verdict = guard_sql(compiled.sql, dialect=dialect, layer=layer)
    assert verdict.ok, verdict.reasons
    assert verdict.tables and set(verdict.tables) <= set(layer.tables)
    assert fan_out_warnings(compiled.sql, dialect=dialect, layer=layer) == []
    assert guard_sql(verdict.sql, dialect=dialect, layer=layer).sql == verdict.sql


@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_the_guarded_sql_returns_what_the_compiled_sql_returns(
    plan_file: Path, project: Project, duckdb_connector: Connector
) -> None:
    compiled = compile_query(_plan(plan_file), project.layer, project.catalog, today=TODAY)
    verdict = guard_sql(compiled.sql, dialect="duckdb", layer=project.layer)
    direct = duckdb_connector.query(compiled.sql).frame
    guarded = duckdb_connector.query(verdict.sql).frame
    assert guarded.equals(direct)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_valid_plans_pass_the_guard(data: st.DataObject) -> None:
    sample_project = _sample()
    plan = data.draw(valid_plans(sample_project))
    dialect = data.draw(st.sampled_from(DIALECTS))
    compiled = compile_query(
        plan, sample_project.layer, sample_project.catalog, dialect=dialect, today=TODAY
    )
    verdict = guard_sql(compiled.sql, dialect=dialect, layer=sample_project.layer)
    assert verdict.ok, verdict.reasons


# --- properties of the SQL handed back ------------------------------------------------------


def _assert_one_limited_query(verdict: GuardVerdict, max_rows: int) -> exp.Expr:
    """One query whose row limit is at most one past the cap: the connector keeps
    ``max_rows`` rows and reads the extra one only to know the result was truncated."""
    statements = [s for s in sqlglot.parse(verdict.sql, read=verdict.dialect) if s is not None]
    assert len(statements) == 1
    query = statements[0]
    assert isinstance(query, (exp.Select, exp.SetOperation))
    limit = row_limit(query)
    assert limit is not None and limit <= max_rows + 1
    return query


def _query(shape: str, limit: int | None, dialect: str) -> str:
    base: exp.Query
    if shape == "union":
        base = exp.union(
            exp.select("region_name").from_("regions"), exp.select("store_name").from_("stores")
        )
    elif shape == "ordered":
        base = exp.select("order_id").from_("orders").order_by("order_id")
    else:
        base = exp.select("status", "COUNT(*) AS n").from_("orders").group_by("status")
    return (base.limit(limit) if limit is not None else base).sql(dialect=dialect)


@settings(max_examples=150, deadline=None)
@given(
    dialect=st.sampled_from(DIALECTS),
    shape=st.sampled_from(["grouped", "ordered", "union"]),
    written=st.one_of(st.none(), st.integers(0, 10_000_000)),
    max_rows=st.integers(1, 100_000),
)
def test_the_row_limit_is_added_or_capped_in_every_dialect(
    dialect: str, shape: str, written: int | None, max_rows: int
) -> None:
    layer = _sample().layer
    verdict = guard_sql(
        _query(shape, written, dialect), dialect=dialect, layer=layer, max_rows=max_rows
    )
    assert verdict.ok, verdict.reasons
    query = _assert_one_limited_query(verdict, max_rows)
    expected = max_rows + 1 if written is None else min(written, max_rows + 1)
    assert row_limit(query) == expected


_TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(["'", '"', "\\", "\n", ";", "--", "/*", "*/", "`", "$$", "/*!"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(dialect=st.sampled_from(DIALECTS), value=_TEXT)
def test_string_literals_cannot_break_out(dialect: str, value: str) -> None:
    """Whatever a literal holds, the SQL handed back is one SELECT that keeps it intact."""
    layer = _sample().layer
    select = (
        exp.select("order_id")
        .from_("orders")
        .where(exp.column("status").eq(exp.Literal.string(value)))
    )
    verdict = guard_sql(select.sql(dialect=dialect), dialect=dialect, layer=layer)
    if "/*!" in value or "/*m!" in value.lower():
        assert not verdict.ok  # executable-comment markers are refused even inside literals
        return
    assert verdict.ok, verdict.reasons
    query = _assert_one_limited_query(verdict, 10_000)
    where = query.args.get("where")
    literal = where.find(exp.Literal) if isinstance(where, exp.Where) else None
    assert literal is not None and literal.this == value


_TOKENS = [
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP BY",
    "ORDER BY",
    "LIMIT",
    "UNION",
    "JOIN",
    "ON",
    "AS",
    "WITH",
    "(",
    ")",
    ",",
    ";",
    "*",
    "=",
    "1",
    "100000000",
    "'x'",
    "orders",
    "customers",
    "order_items",
    "o",
    "c",
    "order_id",
    "customer_id",
    "email",
    "status",
    "COUNT(*)",
    "SUM(shipping_fee)",
    "DELETE",
    "DROP TABLE orders",
    "INTO",
    "FOR UPDATE",
    "pg_sleep(1)",
    "read_csv('f')",
    "generate_series(1, 1000000000)",
    "/*! x */",
    "--",
    "\n",
    "information_schema.tables",
]


@settings(max_examples=300, deadline=None)
@given(
    dialect=st.sampled_from(["duckdb", "postgres", "mysql"]),
    tokens=st.lists(st.sampled_from(_TOKENS), max_size=25),
)
def test_token_soup_never_crashes_and_never_passes_anything_unsafe(
    dialect: str, tokens: list[str]
) -> None:
    layer = _sample().layer
    verdict = guard_sql(" ".join(tokens), dialect=dialect, layer=layer, max_rows=100)
    assert not any("could not analyse" in r for r in verdict.reasons), verdict.reasons
    if not verdict.ok:
        assert verdict.reasons and verdict.sql == ""
        return
    query = _assert_one_limited_query(verdict, 100)
    assert set(verdict.tables) <= set(layer.tables)
    assert not {c.name for c in query.find_all(exp.Column)} & PII_COLUMNS
    assert not any(isinstance(n, (exp.DML, exp.DDL, exp.Into, exp.Lock)) for n in query.walk())


_CONDITIONS = st.sampled_from(["a = 1", "a <> 2", "b = 'x'", "b IS NULL", "a > b_len", "NOT c"])


def _boolean(depth: int) -> st.SearchStrategy[str]:
    """AND/OR chains of up to 12 terms, some parenthesised, nested ``depth`` deep."""
    term = _CONDITIONS if depth == 0 else st.one_of(_CONDITIONS, _boolean(depth - 1))
    chain = st.lists(term, min_size=1, max_size=12)
    return st.tuples(chain, st.sampled_from([" AND ", " OR "]), st.booleans()).map(
        lambda t: f"({t[1].join(t[0])})" if t[2] else t[1].join(t[0])
    )


_ROWS = "(VALUES (1, 'x', 1, true), (2, NULL, 0, false), (3, 'y', 5, NULL)) AS t(a, b, b_len, c)"


@functools.cache
def _scratch() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@settings(max_examples=60, deadline=None)
@given(condition=_boolean(2))
def test_normalising_a_condition_keeps_which_rows_it_selects(condition: str) -> None:
    query = f"SELECT a FROM {_ROWS} WHERE {condition} ORDER BY a"
    normalised = normalize(sqlglot.parse_one(query, read="duckdb")).sql(dialect="duckdb")
    con = _scratch().cursor()
    assert con.execute(normalised).fetchall() == con.execute(query).fetchall(), normalised


# --- specific promises ----------------------------------------------------------------------


def test_every_reason_is_collected_not_just_the_first(layer: SemanticLayer) -> None:
    sql = "SELECT email, pg_sleep(1) FROM customers c JOIN secret s ON true FOR UPDATE"
    reasons = " | ".join(guard_sql(sql, dialect="postgres", layer=layer).reasons)
    for fragment in ("FOR UPDATE", "pg_sleep", "Unknown table 'secret'", "customers.email"):
        assert fragment in reasons


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        ("mysql", "SELECT order_id FROM orders WHERE status = 'a\\' ; DROP TABLE orders; -- '"),
        ("postgres", "SELECT order_id FROM orders WHERE status = E'\\x27; DROP TABLE orders; --'"),
    ],
    ids=["mysql_backslash", "postgres_escape_string"],
)
def test_quote_tricks_stay_inside_one_literal(dialect: str, sql: str, layer: SemanticLayer) -> None:
    # The SQL handed back is re-rendered from the tree, so the escaping is sqlglot's, which
    # doubles quotes: the same string under any MySQL SQL mode or PostgreSQL setting.
    verdict = guard_sql(sql, dialect=dialect, layer=layer)
    query = _assert_one_limited_query(verdict, 10_000)
    # sqlglot keeps PostgreSQL's E'…' strings as ByteString nodes.
    literal = query.args["where"].find(exp.Literal, exp.ByteString)
    assert literal is not None and "DROP TABLE orders" in literal.this
    assert "''" in verdict.sql


def test_a_duckdb_string_in_from_becomes_an_identifier(layer: SemanticLayer) -> None:
    # DuckDB reads FROM 'x' as a file; the rendered SQL names the layer table instead.
    verdict = guard_sql("SELECT order_id FROM 'orders'", dialect="duckdb", layer=layer)
    assert verdict.ok and 'FROM "orders"' in verdict.sql


def test_personal_data_is_allowed_only_when_asked(layer: SemanticLayer) -> None:
    sql = "SELECT full_name, email FROM customers WHERE phone LIKE '010%'"
    assert not guard_sql(sql, dialect="duckdb", layer=layer).ok
    allowed = guard_sql(sql, dialect="duckdb", layer=layer, allow_pii=True)
    assert allowed.ok and allowed.tables == ("customers",)
    star = guard_sql("SELECT * FROM customers", dialect="duckdb", layer=layer, allow_pii=True)
    assert not star.ok  # a star is refused whatever the PII policy


def test_names_resolve_the_way_the_warehouse_resolves_them(layer: SemanticLayer) -> None:
    assert guard_sql("SELECT status FROM ORDERS", dialect="snowflake", layer=layer).ok
    assert guard_sql('SELECT "STATUS" FROM "ORDERS"', dialect="snowflake", layer=layer).ok
    quoted = guard_sql('SELECT status FROM "orders"', dialect="snowflake", layer=layer)
    assert not quoted.ok and "quoted names keep their case" in quoted.reasons[0]
    assert not guard_sql('SELECT status FROM "Orders"', dialect="postgres", layer=layer).ok


def test_a_cte_shadows_a_table_only_where_it_is_visible(layer: SemanticLayer) -> None:
    shadow = guard_sql(
        "WITH orders AS (SELECT 1 AS order_id) SELECT order_id FROM orders",
        dialect="duckdb",
        layer=layer,
    )
    assert shadow.ok and shadow.tables == ()
    leaked = "SELECT t.x FROM (WITH secret AS (SELECT 1 AS x) SELECT x FROM secret) t, secret"
    assert not guard_sql(leaked, dialect="duckdb", layer=layer).ok


def test_the_rewritten_sql_is_checked_again(
    layer: SemanticLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rewrite that forgot the limit must be caught by the re-check, not handed back.
    monkeypatch.setattr(app.pipeline.guard, "cap_limit", lambda tree, max_rows: tree)
    verdict = guard_sql("SELECT status FROM orders", dialect="duckdb", layer=layer)
    assert not verdict.ok
    assert "re-check" in verdict.reasons[0] and "row limit" in verdict.reasons[0]


def test_bad_calls_raise_user_errors(layer: SemanticLayer) -> None:
    with pytest.raises(UserError) as unknown:
        guard_sql("SELECT 1", dialect="oracle", layer=layer)
    assert unknown.value.code == "unsupported_dialect"
    with pytest.raises(UserError) as zero:
        guard_sql("SELECT 1", dialect="duckdb", layer=layer, max_rows=0)
    assert zero.value.code == "invalid_max_rows"


def test_huge_input_is_refused_without_parsing(layer: SemanticLayer) -> None:
    sql = "SELECT order_id FROM orders WHERE " + " OR ".join(["order_id = 1"] * 10_000)
    verdict = guard_sql(sql, dialect="duckdb", layer=layer)
    assert not verdict.ok and "characters long" in verdict.reasons[0]


def test_function_lists_cover_every_dialect_and_do_not_contradict() -> None:
    for dialect in DIALECTS:
        assert dialect in DENIED and dialect in DENIED_PREFIXES and dialect in ALLOWED_UNKNOWN
        for name in ALLOWED_UNKNOWN[dialect]:
            assert denial(dialect, frozenset({name})) is None, (dialect, name)


_GUARD_MODULES = [
    importlib.import_module(f"app.pipeline.guard.{m.name}")
    for m in pkgutil.iter_modules(app.pipeline.guard.__path__)
]


@pytest.mark.parametrize("module", _GUARD_MODULES, ids=lambda m: m.__name__)
def test_doctests(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


# --- fan-out --------------------------------------------------------------------------------

LINES = "FROM orders o JOIN order_items i ON i.order_id = o.order_id"


@pytest.mark.parametrize(
    ("sql", "fragment"),
    [
        (
            f"SELECT SUM(o.shipping_fee) {LINES}",
            "takes each orders row once per matching order_items row",
        ),
        (
            f"SELECT s.store_name, COUNT(o.order_id) {LINES}"
            " JOIN stores s ON s.store_id = o.store_id GROUP BY s.store_name",
            "COUNT(o.order_id) in the SELECT list of the main query (line 1) takes each orders",
        ),
        (
            "SELECT SUM(o.shipping_fee) FROM orders o, order_items i WHERE i.order_id = o.order_id",
            "orders row once per matching order_items row",
        ),
        (
            "SELECT SUM(m.amount) FROM marketing_spend m"
            " JOIN stores s ON s.region_id = m.region_id",
            "marketing_spend row once per matching stores row",
        ),
        (
            f"SELECT SUM(i.quantity) {LINES}"
            " JOIN satisfaction_surveys v ON v.order_id = o.order_id",
            "order_items row once per matching satisfaction_surveys row",
        ),
        (
            "SELECT AVG(p.list_price) FROM products p"
            " JOIN order_items i ON i.product_id = p.product_id",
            "products row once per matching order_items row",
        ),
        (
            "SELECT SUM(t.target_amount) FROM revenue_targets t, marketing_spend m",
            "not joined to on any key",
        ),
    ],
)
def test_fan_out_is_warned_naming_the_multiplied_table(
    sql: str, fragment: str, layer: SemanticLayer
) -> None:
    warnings = fan_out_warnings(sql, dialect="duckdb", layer=layer)
    assert len(warnings) == 1 and fragment in warnings[0], warnings


@pytest.mark.parametrize(
    "sql",
    [
        f"SELECT SUM(i.quantity) {LINES}",
        "SELECT s.channel, SUM(o.shipping_fee) FROM orders o"
        " JOIN stores s ON s.store_id = o.store_id GROUP BY 1",
        f"SELECT COUNT(DISTINCT o.order_id) {LINES}",
        f"SELECT MAX(o.shipping_fee), MIN(o.order_ts) {LINES}",
        f"SELECT SUM(i.quantity * o.shipping_fee) {LINES}",
        "WITH lines AS (SELECT order_id, SUM(quantity) AS units FROM order_items GROUP BY 1)"
        " SELECT SUM(o.shipping_fee), SUM(l.units)"
        " FROM orders o JOIN lines l ON l.order_id = o.order_id",
        f"SELECT o.order_id, i.line_number {LINES}",
        "SELECT SUM(shipping_fee) FROM orders",
        "SELECT SUM(r.refund_amount) FROM returns r JOIN order_items i"
        " ON i.order_id = r.order_id AND i.line_number = r.line_number",
        "not sql at all",
        "SELECT 1; SELECT 2",
    ],
)
def test_no_fan_out_warning_when_nothing_is_multiplied(sql: str, layer: SemanticLayer) -> None:
    assert fan_out_warnings(sql, dialect="duckdb", layer=layer) == []


def test_fan_out_reads_the_cardinality_of_relationships() -> None:
    """A one_to_many relationship makes its *from* side unique, a one_to_one both sides."""
    layer = SemanticLayer.from_files(
        [
            SemanticLayerFile.model_validate(
                {
                    "tables": [
                        {
                            "name": "accounts",
                            "columns": [
                                {"name": "account_id", "type": "integer"},
                                {"name": "credit", "type": "decimal"},
                            ],
                        },
                        {
                            "name": "events",
                            "columns": [
                                {"name": "account_id", "type": "integer"},
                                {"name": "cost", "type": "decimal"},
                            ],
                        },
                        {
                            "name": "profiles",
                            "columns": [
                                {"name": "account_id", "type": "integer"},
                                {"name": "score", "type": "decimal"},
                            ],
                        },
                    ],
                    "relationships": [
                        {
                            "name": "account_events",
                            "from": "accounts",
                            "to": "events",
                            "on": [{"from": "account_id", "to": "account_id"}],
                            "cardinality": "one_to_many",
                        },
                        {
                            "name": "account_profile",
                            "from": "accounts",
                            "to": "profiles",
                            "on": [{"from": "account_id", "to": "account_id"}],
                            "cardinality": "one_to_one",
                        },
                    ],
                }
            )
        ]
    )
    join = "FROM accounts a JOIN events e ON e.account_id = a.account_id"
    assert (
        "accounts row once per matching events row"
        in fan_out_warnings(f"SELECT SUM(a.credit) {join}", dialect="postgres", layer=layer)[0]
    )
    assert fan_out_warnings(f"SELECT SUM(e.cost) {join}", dialect="postgres", layer=layer) == []
    one_to_one = "FROM accounts a JOIN profiles p ON p.account_id = a.account_id"
    assert (
        fan_out_warnings(
            f"SELECT SUM(a.credit), SUM(p.score) {one_to_one}", dialect="postgres", layer=layer
        )
        == []
    )


def test_the_layer_index_is_built_once_per_loaded_layer() -> None:
    """Caching by identity must never answer for another layer, however alike: an edited
    project is a new layer object and gets its own index."""
    from app.pipeline.guard.context import index_layer

    first, reloaded = (
        load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb").layer for _ in range(2)
    )
    assert index_layer(first, "duckdb") is index_layer(first, "duckdb")
    assert index_layer(reloaded, "duckdb") is not index_layer(first, "duckdb")
    assert index_layer(first, "postgres") is not index_layer(first, "duckdb")
    kept = index_layer(first, "duckdb").sqlglot_schema
    assert guard_sql("SELECT order_id FROM orders", dialect="duckdb", layer=first).sql
    assert index_layer(first, "duckdb").sqlglot_schema is kept
