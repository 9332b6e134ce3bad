"""The execute stage: the one door to the database, and it only opens for the guard's verdict.

Everything askbi sends to a database comes through here — answers, ``askbi query``,
dashboard tiles, checks, evaluation gold SQL, the dimension values read at start-up and the
date spans behind coverage notes — and all of it has passed the guard first. A test fails
if ``connector.query(`` appears anywhere else.

Every query waits at most the query timeout, or what is left of the question's time budget
(:mod:`app.time_budget`) when that is less: a model's SQL, its dry runs and its repairs
share one budget instead of each taking the full timeout.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable

from sqlglot import exp

from app.pipeline.environment import Environment
from app.pipeline.guard import GuardVerdict, guard, guard_sql
from app.pipeline.records import Execution, Span
from app.stages import AppStage
from app.time_budget import budget_binds, remaining
from connectors.base import Connector, QueryResult, QueryTimeout
from kernel.error_codes import ErrorCode
from kernel.errors import AskbiError, Stage, UserError
from metrics.compiler.dimensions import time_expression
from metrics.identifiers import quote_identifiers
from metrics.identifiers import table as table_ref
from semantic_layer.layer import SemanticLayer


class NoDatabase(UserError):
    code = ErrorCode.NO_DATABASE


class OutOfTime(UserError):
    """The question's time budget ran out: before a query, or during one."""

    code = ErrorCode.OUT_OF_TIME

    def __init__(self, budget_s: float) -> None:
        super().__init__(
            f"The question used up its {budget_s:g} s time budget before the data came back.",
            stage=Stage.EXECUTE,
            hint="Ask something narrower, or raise ASKBI_QUESTION_TIMEOUT.",
        )


class Refused(UserError):
    """The guard refused SQL; ``reasons`` lists every reason."""

    code = ErrorCode.SQL_REFUSED

    def __init__(self, verdict: GuardVerdict) -> None:
        super().__init__(
            "The SQL was refused: " + "; ".join(verdict.reasons),
            stage=AppStage.GUARD,
            hint="askbi only runs read-only queries over the semantic layer's tables.",
        )
        self.verdict = verdict


def execute(
    verdict: GuardVerdict, env: Environment, time_dimensions: Iterable[str] = ()
) -> Execution:
    """Run SQL the guard passed, and read the date span of each asked time dimension."""
    result = _run(verdict, env, max_rows=env.settings.max_rows)
    spans = {name: data_span(env, name) for name in dict.fromkeys(time_dimensions)}
    return Execution(result=result, spans=spans)


def dry_run(verdict: GuardVerdict, env: Environment) -> None:
    """Let the database bind the query — tables, columns, types — without returning a row.

    The model's SQL is checked this way before it is accepted; the real run happens once,
    in :func:`execute`.
    """
    checked: exp.Expr = exp.maybe_parse(verdict.sql, dialect=env.dialect)
    probe = exp.select(exp.Star()).from_(exp.alias_(exp.Subquery(this=checked), "probe")).limit(0)
    _query(env, probe.sql(dialect=env.dialect), max_rows=1)


def run_guarded(sql: str, env: Environment, *, max_rows: int | None = None) -> QueryResult:
    """askbi's own SQL (value lists, spans, gold answers) passes the same guard as any."""
    verdict = guard(sql, env.dialect, env, max_rows=max_rows)
    return _run(verdict, env, max_rows=max_rows or env.settings.max_rows)


def run_profile(
    sql: str, connector: Connector, layer: SemanticLayer, *, timeout_s: float, max_rows: int
) -> QueryResult:
    """``askbi init``'s reads of a database that has no project yet: guarded against a
    provisional layer of every table and column the catalogue lists.

    Personal data is read here, on purpose and only here: telling an e-mail column by its
    values is how init knows to flag it. Nothing read leaves the drafting.
    """
    verdict = guard_sql(
        sql, dialect=connector.dialect, layer=layer, max_rows=max_rows, allow_pii=True
    )
    if not verdict.ok:
        raise Refused(verdict)
    return connector.query(verdict.sql, timeout_s=timeout_s, max_rows=max_rows)


def _run(verdict: GuardVerdict, env: Environment, *, max_rows: int) -> QueryResult:
    if not verdict.ok:
        raise Refused(verdict)
    return _query(env, verdict.sql, max_rows=max_rows)


def _query(env: Environment, sql: str, *, max_rows: int) -> QueryResult:
    connector = _connector(env)
    timeout = env.settings.timeout_s
    seconds, binds = remaining(timeout), budget_binds(timeout)
    if seconds <= 0:
        raise OutOfTime(env.settings.question_timeout_s)
    try:
        return connector.query(sql, timeout_s=seconds, max_rows=max_rows)
    except QueryTimeout as e:
        if binds:
            raise OutOfTime(env.settings.question_timeout_s) from e
        raise


def _connector(env: Environment) -> Connector:
    if env.connector is None:
        raise NoDatabase(
            "No database is connected.",
            stage=Stage.EXECUTE,
            hint="Set ASKBI_SOURCE or build the sample with `askbi sample-db`.",
        )
    return env.connector


_SPANS: dict[tuple[str, str, str, str], Span | None] = {}
_SPANS_LOCK = threading.Lock()


def span_sql(table: str, column: str | exp.Expression, dialect: str) -> str:
    """``SELECT MIN(c), MAX(c) FROM t``, built as a tree; ``column`` may be an expression.

    >>> span_sql("orders", "order_ts", "duckdb")
    'SELECT MIN(order_ts) AS first_day, MAX(order_ts) AS last_day FROM orders'
    """
    value = exp.column(column) if isinstance(column, str) else column.copy()
    select = exp.select(
        exp.alias_(exp.Min(this=value), "first_day"),
        exp.alias_(exp.Max(this=value.copy()), "last_day"),
    ).from_(table_ref(table))
    return quote_identifiers(select, dialect).sql(dialect=dialect)


def data_span(env: Environment, time_dimension: str) -> Span | None:
    """The first and last date of a time dimension's data, read once per data version."""
    if env.connector is None:
        return None
    ref = env.project.layer.time_dimension(time_dimension)
    key = (env.connector.url, env.connector.data_version(), ref.table, ref.name)
    with _SPANS_LOCK:
        if key in _SPANS:
            return _SPANS[key]
    try:
        value = time_expression(ref, None, env.today)
        result = run_guarded(span_sql(ref.table, value, env.dialect), env)
        first, last = result.rows[0]
        span = (_as_date(first), _as_date(last)) if first is not None and last is not None else None
    except (AskbiError, TypeError, ValueError):
        span = None  # coverage is a courtesy; never fail an answer over it
    with _SPANS_LOCK:
        _SPANS[key] = span
    return span


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
