"""The row limit: added when absent, capped when larger, refused when it cannot be read.

Only the outermost query's limit bounds the rows returned. ``LIMIT ALL`` and ``LIMIT NULL``
mean "no limit" and are replaced like a missing one. A limit that is not a whole-number
literal (``LIMIT (SELECT …)``, ``LIMIT $1``), a percentage (``LIMIT 10%``) or ``WITH TIES``
(which may return more rows than it says) is refused rather than guessed at. The capped
limit is always a plain ``exp.Limit``, which sqlglot renders as ``LIMIT n`` in all seven
dialects (``FETCH FIRST n ROWS ONLY`` needs no special case).
"""

from __future__ import annotations

from sqlglot import exp

from app.pipeline.guard.context import GuardContext
from app.pipeline.guard.locate import where


def check_limit(tree: exp.Expr, context: GuardContext) -> list[str]:
    limit = tree.args.get("limit")
    if limit is None or _means_no_limit(limit):
        return []
    options = limit.args.get("limit_options")
    where_ = where(limit)
    if isinstance(options, exp.LimitOptions) and options.args.get("percent"):
        return [f"A percentage row limit {where_} is not allowed; write a number of rows."]
    if isinstance(options, exp.LimitOptions) and options.args.get("with_ties"):
        return [f"WITH TIES {where_} can return more rows than the limit; remove it."]
    if _rows(limit) is None:
        return [f"The row limit {where_} must be a whole number, not {_count(limit).sql()}."]
    return []


def row_limit(tree: exp.Expr) -> int | None:
    """The outermost row limit, if it is a plain number.

    >>> import sqlglot
    >>> row_limit(sqlglot.parse_one("SELECT 1 FETCH FIRST 5 ROWS ONLY", read="postgres"))
    5
    >>> row_limit(sqlglot.parse_one("SELECT 1")) is None
    True
    """
    limit = tree.args.get("limit")
    return None if limit is None else _rows(limit)


def cap_limit(tree: exp.Expr, max_rows: int) -> exp.Expr:
    """A copy of ``tree`` whose outermost row limit is at most ``max_rows``.

    >>> import sqlglot
    >>> cap_limit(sqlglot.parse_one("SELECT a FROM t LIMIT 50000"), 100).sql()
    'SELECT a FROM t LIMIT 100'
    >>> cap_limit(sqlglot.parse_one("SELECT a FROM t"), 100).sql()
    'SELECT a FROM t LIMIT 100'
    """
    current = row_limit(tree)
    rows = max_rows if current is None else min(current, max_rows)
    capped = tree.copy()
    capped.set("limit", exp.Limit(expression=exp.Literal.number(rows)))
    return capped


def _count(limit: exp.Expr) -> exp.Expr:
    # LIMIT keeps its count in ``expression``, FETCH FIRST in ``count``; a bare
    # ``FETCH FIRST ROW ONLY`` means one row.
    if isinstance(limit, exp.Fetch):
        count = limit.args.get("count")
        return count if isinstance(count, exp.Expr) else exp.Literal.number(1)
    count = limit.args.get("expression")
    return count if isinstance(count, exp.Expr) else exp.null()


def _rows(limit: exp.Expr) -> int | None:
    count = _count(limit)
    if isinstance(count, exp.Literal) and not count.is_string and count.this.isdigit():
        return int(count.this)
    return None


def _means_no_limit(limit: exp.Expr) -> bool:
    count = _count(limit)
    return isinstance(count, exp.Null) or (isinstance(count, exp.Var) and count.name == "ALL")
