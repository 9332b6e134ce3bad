"""SELECT only, checked on the whole tree, not just its root.

A writable CTE (``WITH x AS (DELETE … RETURNING *) SELECT * FROM x``), ``SELECT … INTO``
and ``SELECT … FOR UPDATE`` all have a SELECT at the top, so every node is visited. The
statement kinds are data: sqlglot node class → what to call it in the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sqlglot import exp

from app.pipeline.guard.context import GuardContext
from app.pipeline.guard.locate import in_query, where

# Order matters: the first matching class names the node (Insert is also a DDL).
FORBIDDEN: Mapping[type[exp.Expr], str] = MappingProxyType(
    {
        exp.Insert: "INSERT",
        exp.Update: "UPDATE",
        exp.Delete: "DELETE",
        exp.Merge: "MERGE",
        exp.Copy: "COPY",
        exp.Create: "CREATE",
        exp.Drop: "DROP",
        exp.Alter: "ALTER",
        exp.AlterSession: "ALTER SESSION",
        exp.TruncateTable: "TRUNCATE",
        exp.Attach: "ATTACH",
        exp.Detach: "DETACH",
        exp.Pragma: "PRAGMA",
        exp.Set: "SET",
        exp.Grant: "GRANT",
        exp.Revoke: "REVOKE",
        exp.Use: "USE",
        exp.Install: "INSTALL",
        exp.LoadData: "LOAD DATA",
        exp.Export: "EXPORT",
        exp.Transaction: "BEGIN TRANSACTION",
        exp.Commit: "COMMIT",
        exp.Rollback: "ROLLBACK",
        exp.Describe: "DESCRIBE",
        exp.Show: "SHOW",
        exp.Summarize: "SUMMARIZE",
        exp.Kill: "KILL",
        exp.Declare: "DECLARE",
        exp.Execute: "EXECUTE",
        exp.Comment: "COMMENT ON",
        exp.Analyze: "ANALYZE",
        exp.Cache: "CACHE",
        exp.Uncache: "UNCACHE",
        exp.Refresh: "REFRESH",
        exp.Undrop: "UNDROP",
        exp.SwapTable: "SWAP",
        exp.DML: "a data-changing statement",
        exp.DDL: "a schema-changing statement",
    }
)

_WHY_NOT = "askbi only reads"


def check_statement(tree: exp.Expr, context: GuardContext) -> list[str]:
    return statement_problems(tree, context.dialect)


def is_query(tree: exp.Expr) -> bool:
    return isinstance(tree, (exp.Select, exp.SetOperation))


def statement_problems(tree: exp.Expr, dialect: str) -> list[str]:
    """The statement must be a query and contain nothing but reading.

    >>> import sqlglot
    >>> statement_problems(
    ...     sqlglot.parse_one("WITH x AS (DELETE FROM t RETURNING *) SELECT 1"), "duckdb"
    ... )
    ['DELETE in WITH of the main query (line 1) is not allowed; askbi only reads.']
    """
    reasons = [] if is_query(tree) else [_not_a_query(tree)]
    for node in tree.walk():
        reason = _forbidden(node, dialect)
        if reason is not None:
            reasons.append(reason)
    return reasons


def _not_a_query(tree: exp.Expr) -> str:
    if isinstance(tree, exp.Command):
        return f"The statement is {_command_name(tree)}, not a SELECT; {_WHY_NOT}."
    label = next((v for k, v in FORBIDDEN.items() if isinstance(tree, k)), None)
    if label is not None:
        return f"The statement is {label}, not a SELECT; {_WHY_NOT}."
    return (
        f"The statement is not a SELECT query (it reads as {type(tree).__name__.lower()});"
        " write one SELECT."
    )


def _forbidden(node: exp.Expr, dialect: str) -> str | None:
    """Why this node may not appear anywhere in a query, or None."""
    if node.parent is None:
        return None  # the root is judged by _not_a_query, once
    if isinstance(node, exp.Command):
        return (
            f"{_command_name(node)} {where(node)} is a statement sqlglot cannot analyse;"
            f" {_WHY_NOT}."
        )
    label = next((v for k, v in FORBIDDEN.items() if isinstance(node, k)), None)
    if label is not None:
        return f"{label} {where(node)} is not allowed; {_WHY_NOT}."
    if isinstance(node, exp.Into):
        target = node.this.sql(dialect=dialect) if node.this else "a variable"
        return f"SELECT … INTO {target} {in_query(node)} writes a table; {_WHY_NOT}."
    if isinstance(node, exp.Lock):
        return f"FOR UPDATE/FOR SHARE {in_query(node)} takes row locks; {_WHY_NOT}."
    if isinstance(node, exp.Hint):
        return f"An optimizer hint (/*+ … */) {in_query(node)} is not allowed; remove it."
    if isinstance(node, exp.With) and node.args.get("recursive"):
        return (
            f"WITH RECURSIVE {where(node)} can run without bound; write the query without"
            " recursion."
        )
    if isinstance(node, (exp.Parameter, exp.SessionParameter, exp.Placeholder)):
        return (
            f"The variable or parameter {node.sql(dialect=dialect)} {where(node)} is not"
            " allowed; write literal values."
        )
    if isinstance(node, exp.PositionalColumn):
        return (
            f"Positional column {node.sql(dialect=dialect)} {where(node)} is not allowed;"
            " name the column."
        )
    return None


def _command_name(node: exp.Expr) -> str:
    return f"'{str(node.this).upper()}'" if node.this else "an unparsed command"
