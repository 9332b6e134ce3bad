"""Rewrites that change nothing a database would return, applied before any check.

Each makes a harmless idiom pass the checks as what it is, instead of refusing it:

* ``(SELECT …)`` → ``SELECT …``: redundant outer parentheses.
* ``EXISTS (SELECT * FROM t …)`` → ``EXISTS (SELECT 1 FROM t …)``: EXISTS only asks whether
  a row exists, so its select list is never read; as a star it would otherwise count as
  selecting every column of ``t``, personal data included.
"""

from __future__ import annotations

from sqlglot import exp


def normalize(statement: exp.Expr) -> exp.Expr:
    """``statement`` with the rewrites above applied (in place, and returned).

    >>> import sqlglot
    >>> normalize(sqlglot.parse_one("(SELECT a FROM t WHERE EXISTS (SELECT * FROM u))")).sql()
    'SELECT a FROM t WHERE EXISTS(SELECT 1 FROM u)'
    """
    statement = _unwrap(statement)
    for exists in statement.find_all(exp.Exists):
        query = exists.this
        if isinstance(query, exp.Select) and all(_is_star(e) for e in query.expressions):
            query.set("expressions", [exp.Literal.number(1)])
    return statement


def _unwrap(statement: exp.Expr) -> exp.Expr:
    while isinstance(statement, exp.Subquery) and _only_this(statement):
        statement = statement.this.pop()
    return statement


def _only_this(node: exp.Expr) -> bool:
    return {key for key, value in node.args.items() if value} == {"this"}


def _is_star(node: exp.Expr) -> bool:
    return isinstance(node, exp.Star) or (
        isinstance(node, exp.Column) and isinstance(node.this, exp.Star)
    )
