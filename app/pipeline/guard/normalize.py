"""Rewrites that change nothing a database would return, applied before any check.

Each makes a harmless idiom pass the checks as what it is, instead of refusing it:

* ``(SELECT …)`` → ``SELECT …``: redundant outer parentheses.
* ``EXISTS (SELECT * FROM t …)`` → ``EXISTS (SELECT 1 FROM t …)``: EXISTS only asks whether
  a row exists, so its select list is never read; as a star it would otherwise count as
  selecting every column of ``t``, personal data included.
* ``a OR b OR c OR …`` → the same terms as a balanced tree. The parser reads a chain of one
  operator as a left-deep tree, so a 300-term OR is 300 levels deep, and every check that
  looks up from a node (where is this column? inside a hint?) would walk all of them: time
  quadratic in the statement. Balanced, the walk is logarithmic. AND and OR are associative
  and the terms keep their order; sqlglot renders the balanced tree exactly like the chain.
"""

from __future__ import annotations

from sqlglot import exp


def normalize(statement: exp.Expr) -> exp.Expr:
    """``statement`` with the rewrites above applied (in place, and returned).

    >>> import sqlglot
    >>> normalize(sqlglot.parse_one("(SELECT a FROM t WHERE EXISTS (SELECT * FROM u))")).sql()
    'SELECT a FROM t WHERE EXISTS(SELECT 1 FROM u)'
    """
    statement = _balance_chains(_unwrap(statement))
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


BALANCE_FROM = 8
"""Chains shorter than this are left as parsed: nothing to gain."""


def _balance_chains(statement: exp.Expr) -> exp.Expr:
    """Every AND/OR chain of :data:`BALANCE_FROM` terms or more, rebuilt balanced.

    >>> import sqlglot
    >>> flat = " OR ".join(f"a = {i}" for i in range(16))
    >>> tree = _balance_chains(sqlglot.parse_one(f"SELECT 1 WHERE {flat}"))
    >>> tree.sql() == f"SELECT 1 WHERE {flat}", tree.args["where"].this.this.this.this.sql()
    (True, 'a = 0 OR a = 1')
    >>> terms = ["(a = 1 OR b = 2)", *(f"c <> {i}" for i in range(8))]
    >>> mixed = "SELECT 1 WHERE " + " AND ".join(terms)
    >>> _balance_chains(sqlglot.parse_one(mixed)).sql() == mixed  # the parentheses stay
    True
    """
    heads = [
        node
        for node in statement.walk()
        if isinstance(node, exp.And | exp.Or) and type(node.parent) is not type(node)
    ]
    for head in heads:
        terms = list(head.flatten(unnest=False))  # a parenthesised term keeps its parentheses
        if len(terms) < BALANCE_FROM:
            continue
        for term in terms:
            term.pop()
        balanced = _balanced(type(head), terms)
        if head is statement:
            return balanced
        head.replace(balanced)
    return statement


def _balanced(kind: type[exp.Connector], terms: list[exp.Expr]) -> exp.Expr:
    """The terms joined by ``kind`` as a tree of depth log2(n), built without recursion."""
    level = terms
    while len(level) > 1:
        pairs = [kind(this=level[i], expression=level[i + 1]) for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0]
