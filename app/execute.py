"""The guard and execute stages: nothing reaches the database without the guard's verdict."""

from __future__ import annotations

from app.environment import Environment
from app.guard import GuardVerdict, guard_sql
from connectors.base import QueryResult
from semantic_layer.errors import Stage, UserError


class NoDatabase(UserError):
    code = "no_database"


class Refused(UserError):
    """The guard refused SQL; ``reasons`` lists every reason."""

    code = "sql_refused"

    def __init__(self, verdict: GuardVerdict) -> None:
        super().__init__(
            "The SQL was refused: " + "; ".join(verdict.reasons),
            stage=Stage.GUARD,
            hint="askbi only runs read-only queries over the semantic layer's tables.",
        )
        self.verdict = verdict


def guard(sql: str, dialect: str, env: Environment) -> GuardVerdict:
    return guard_sql(
        sql,
        dialect=dialect,
        layer=env.project.layer,
        max_rows=env.settings.max_rows,
        allow_pii=env.settings.allow_pii,
    )


def execute(verdict: GuardVerdict, env: Environment) -> QueryResult:
    """Run SQL the guard passed; a refused verdict raises :class:`Refused`."""
    if not verdict.ok:
        raise Refused(verdict)
    if env.connector is None:
        raise NoDatabase(
            "No database is connected.",
            stage=Stage.EXECUTE,
            hint="Set ASKBI_SOURCE or build the sample with `askbi sample-db`.",
        )
    return env.connector.query(
        verdict.sql, timeout_s=env.settings.timeout_s, max_rows=env.settings.max_rows
    )


def run_guarded(sql: str, env: Environment) -> QueryResult:
    """Our own housekeeping queries (data coverage) pass the same guard as everything else."""
    return execute(guard(sql, env.dialect, env), env)
