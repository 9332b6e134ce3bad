"""Function calls: refuse the dangerous ones and the ones nobody vouched for.

Three rules, first match wins: a denied function (``function_lists.DENIED``) is refused
with the reason it is dangerous; a qualified call (``pg_catalog.pg_sleep(1)``,
``system.runtime.kill_query(…)``) is refused, since a schema reaches functions outside the
lists by another name (DuckDB's ``'x'.upper()`` method syntax goes with it: write
``upper('x')``); a function sqlglot does not know is refused unless the dialect's allowlist
names it.
"""

from __future__ import annotations

from sqlglot import exp

from app.pipeline.guard.context import GuardContext
from app.pipeline.guard.function_lists import ALLOWED_UNKNOWN, denial
from app.pipeline.guard.locate import where


def check_functions(tree: exp.Expr, context: GuardContext) -> list[str]:
    reasons = []
    for node in tree.find_all(exp.Func):
        if node.find_ancestor(exp.Hint):
            continue  # the hint itself is refused; its pseudo-functions are never called
        reason = _judge(node, context.dialect)
        if reason is not None:
            reasons.append(reason)
    return reasons


def function_names(node: exp.Func) -> frozenset[str]:
    """Every lower-case name a call may be known by.

    >>> import sqlglot
    >>> sorted(function_names(sqlglot.parse_one("SELECT read_csv('f')", read="duckdb").selects[0]))
    ['read_csv', 'readcsv']
    """
    if isinstance(node, exp.Anonymous):
        return frozenset({node.name.lower()})
    return frozenset({n.lower() for n in type(node).sql_names()} | {node.key})


def _judge(node: exp.Func, dialect: str) -> str | None:
    names = function_names(node)
    shown = _shown(node)
    why = denial(dialect, names)
    if why is not None:
        return f"Function {shown}() {where(node)} {why}; askbi does not run it."
    if isinstance(node.parent, exp.Dot) and node.arg_key == "expression":
        return (
            f"Qualified function call {node.parent.this.sql()}.{shown}() {where(node)} is not"
            " allowed; call the function by its plain name."
        )
    if isinstance(node, exp.Anonymous) and node.name.lower() not in ALLOWED_UNKNOWN[dialect]:
        return (
            f"Unknown function {shown}() {where(node)}: askbi runs only functions it knows"
            f" to be safe in {dialect}; use a standard SQL function instead."
        )
    return None


def _shown(node: exp.Func) -> str:
    return node.name if isinstance(node, exp.Anonymous) else type(node).sql_names()[0]
