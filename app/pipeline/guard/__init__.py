"""The SQL guard: everything askbi executes passes here, whoever wrote the SQL.

A straight line of small passes over sqlglot trees, never regular expressions over SQL text
(one raw-text check aside, see ``parse``): parse exactly one statement, run every check and
collect every reason, add or cap the row limit (at ``max_rows`` + 1: the connector keeps
``max_rows`` and reads the extra row only to say the result was truncated), render for the
dialect without comments, then parse that output and check it again. The SQL handed back is
always rendered from the checked tree, never the text that came in, so what runs is what
was checked.

``docs/sql-guard.md`` explains what is refused and why, and what stands behind the guard.
"""

from __future__ import annotations

from sqlglot import exp

from app.pipeline.environment import Environment
from app.pipeline.guard.amplifiers import check_amplifiers
from app.pipeline.guard.columns import check_columns
from app.pipeline.guard.context import Check, GuardContext, index_layer
from app.pipeline.guard.fanout import fan_out_warnings
from app.pipeline.guard.functions import check_functions
from app.pipeline.guard.generators import check_generators
from app.pipeline.guard.limit import cap_limit, check_limit, row_limit
from app.pipeline.guard.parse import parse_statements
from app.pipeline.guard.stars import check_stars
from app.pipeline.guard.statements import check_statement, is_query
from app.pipeline.guard.tables import check_tables, tables_read
from app.pipeline.guard.verdict import GuardVerdict, refused
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from metrics.dialects import DIALECTS
from semantic_layer.layer import SemanticLayer

STATEMENT_CHECKS: tuple[Check, ...] = (
    check_statement,
    check_functions,
    check_generators,
    check_amplifiers,
)
QUERY_CHECKS: tuple[Check, ...] = (check_tables, check_stars, check_columns, check_limit)
"""Every check runs on every statement and returns all the problems it finds; the query
checks only run on queries (the tables and columns of a DROP are beside the point)."""


def guard(sql: str, dialect: str, env: Environment, *, max_rows: int | None = None) -> GuardVerdict:
    """The guard under the environment's settings: its layer, row cap and PII policy."""
    return guard_sql(
        sql,
        dialect=dialect,
        layer=env.project.layer,
        max_rows=max_rows or env.settings.max_rows,
        allow_pii=env.settings.allow_pii,
    )


def guard_sql(
    sql: str,
    *,
    dialect: str,
    layer: SemanticLayer,
    max_rows: int = 10_000,
    allow_pii: bool = False,
) -> GuardVerdict:
    """Decide whether ``sql`` may run, and return the SQL to run if so.

    Never raises for bad SQL: empty, unparsable, hostile or absurdly nested input is a
    refusal with reasons. Raises :class:`UserError` only for a bad call (an unsupported
    dialect or a ``max_rows`` below 1).
    """
    _check_arguments(dialect, max_rows)
    context = GuardContext(dialect, index_layer(layer, dialect), allow_pii, max_rows)
    try:
        return _guard(sql, context)
    except RecursionError:
        return refused(dialect, ["The SQL is nested too deeply to check; simplify it."])
    except Exception as e:  # fail closed: hostile input must never turn into a crash or a pass
        return refused(dialect, [f"The guard could not analyse this SQL ({type(e).__name__})."])


def _guard(sql: str, context: GuardContext) -> GuardVerdict:
    parsed = parse_statements(sql, context.dialect)
    reasons = list(parsed.reasons)
    for number, statement in enumerate(parsed.statements, 1):
        prefix = f"Statement {number}: " if len(parsed.statements) > 1 else ""
        reasons.extend(prefix + reason for reason in run_checks(statement, context))
    if reasons:
        return refused(context.dialect, reasons)
    # One row past the cap: the connector fetches it only to know that the cap clipped.
    final = cap_limit(parsed.statements[0], context.max_rows + 1)
    rendered = final.sql(dialect=context.dialect, pretty=True, comments=False)
    problems = _recheck(rendered, context)
    if problems:
        return refused(
            context.dialect,
            [f"The SQL the guard rewrote failed its own re-check: {p}" for p in problems],
        )
    tables = tables_read(final, context)
    return GuardVerdict(True, rendered, (), tables, context.dialect)


def run_checks(statement: exp.Expr, context: GuardContext) -> list[str]:
    checks = STATEMENT_CHECKS + (QUERY_CHECKS if is_query(statement) else ())
    return [reason for check in checks for reason in check(statement, context)]


def _recheck(rendered: str, context: GuardContext) -> list[str]:
    """Parse the SQL we are about to hand back and hold it to every rule again."""
    parsed = parse_statements(rendered, context.dialect)
    if parsed.reasons or len(parsed.statements) != 1:
        return list(parsed.reasons) or ["it does not parse back to one statement."]
    statement = parsed.statements[0]
    problems = run_checks(statement, context)
    limit = row_limit(statement)
    if limit is None or limit > context.max_rows + 1:
        problems.append(f"its row limit is {limit}, not at most {context.max_rows + 1}.")
    return problems


def _check_arguments(dialect: str, max_rows: int) -> None:
    if dialect not in DIALECTS:
        raise UserError(
            f"The guard does not know the dialect '{dialect}'.",
            stage=AppStage.GUARD,
            hint=f"Choose one of {', '.join(DIALECTS)}.",
            code=ErrorCode.UNSUPPORTED_DIALECT,
        )
    if max_rows < 1:
        raise UserError(
            f"max_rows must be at least 1, not {max_rows}.",
            stage=AppStage.GUARD,
            code=ErrorCode.INVALID_MAX_ROWS,
        )


__all__ = ["GuardVerdict", "fan_out_warnings", "guard", "guard_sql"]
