"""Say where a node sits in a query, so every refusal names what *and* where.

``in WHERE of CTE 'recent' (line 3)`` is enough for a person to find the spot and for an
LLM to fix it on the next try.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sqlglot import exp

_CLAUSES: Mapping[str, str] = MappingProxyType(
    {
        "expressions": "the SELECT list",
        "from_": "FROM",
        "joins": "a JOIN",
        "laterals": "a LATERAL",
        "where": "WHERE",
        "group": "GROUP BY",
        "having": "HAVING",
        "qualify": "QUALIFY",
        "order": "ORDER BY",
        "limit": "LIMIT",
        "offset": "OFFSET",
        "windows": "WINDOW",
        "distinct": "DISTINCT ON",
        "with_": "WITH",
        "into": "INTO",
        "locks": "a locking clause",
        "hint": "a hint",
        "this": "a set operation",
        "expression": "a set operation",
    }
)


def where(node: exp.Expr) -> str:
    """``in <clause> of <query>`` plus the line when the parser recorded one.

    >>> import sqlglot
    >>> tree = sqlglot.parse_one("WITH r AS (SELECT a FROM t WHERE b > 1) SELECT a FROM r")
    >>> where(tree.find(exp.GT))
    "in WHERE of CTE 'r' (line 1)"
    """
    child, query = node, node.parent
    while query is not None and not isinstance(query, (exp.Select, exp.SetOperation)):
        child, query = query, query.parent
    if query is None:
        return _with_line("at the top level", node)
    key = child.arg_key or ""
    clause = _CLAUSES.get(key, key)
    return _with_line(f"in {clause} of {owner(query)}", node)


def in_query(node: exp.Expr) -> str:
    """``in <query>`` without the clause, for nodes that are a clause of their own.

    >>> import sqlglot
    >>> in_query(sqlglot.parse_one("SELECT a INTO t FROM s", read="postgres").find(exp.Into))
    'in the main query (line 1)'
    """
    query = node.find_ancestor(exp.Select, exp.SetOperation)
    return _with_line(f"in {owner(query)}" if query is not None else "at the top level", node)


def owner(query: exp.Expr) -> str:
    """``the main query``, ``CTE 'name'`` or ``a subquery``: the query a node belongs to."""
    node = query.parent
    while node is not None:
        if isinstance(node, exp.CTE):
            return f"CTE '{node.alias}'"
        # A query inside a Select (EXISTS, IN, scalar) or in parentheses is nested; the
        # branches of a UNION are still the query they belong to.
        if isinstance(node, (exp.Subquery, exp.Select)):
            return "a subquery"
        node = node.parent
    return "the main query"


def line_of(node: exp.Expr) -> int | None:
    """The first source line recorded on the node or below it, if the parser kept one."""
    for child in node.walk():
        line = child.meta.get("line") if child.meta else None
        if isinstance(line, int):
            return line
    return None


def _with_line(text: str, node: exp.Expr) -> str:
    line = line_of(node)
    return f"{text} (line {line})" if line is not None else text
