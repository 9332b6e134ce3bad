"""``SELECT *`` over a stored table is refused; over a CTE or subquery it is fine.

A star over a table returns whatever columns the warehouse table has today, including ones
the semantic layer does not describe and so cannot mark as personal data. A star over a CTE
or subquery only returns that query's columns, and those are checked where they are named.
``COUNT(*)`` reads no column and is always fine.
"""

from __future__ import annotations

from sqlglot import exp

from app.pipeline.guard.context import GuardContext, normalized
from app.pipeline.guard.locate import where
from app.pipeline.guard.tables import is_physical


def check_stars(tree: exp.Expr, context: GuardContext) -> list[str]:
    reasons = []
    for star in tree.find_all(exp.Star):
        holder = star.parent if isinstance(star.parent, exp.Column) else star
        if isinstance(holder.parent, exp.Count):
            continue
        select = holder.find_ancestor(exp.Select)
        if select is None:
            reasons.append(f"A * {where(holder)} is not allowed there; name the columns.")
            continue
        reasons.extend(
            f"SELECT * over table '{table.name}' {where(holder)} is not allowed: name the"
            " columns you need (a * would also return columns the semantic layer does not"
            " describe)."
            for table in _starred_tables(holder, select, context.dialect)
        )
    return reasons


def _starred_tables(holder: exp.Expr, select: exp.Select, dialect: str) -> list[exp.Table]:
    qualifier = holder.args.get("table") if isinstance(holder, exp.Column) else None
    wanted = normalized(qualifier, dialect) if isinstance(qualifier, exp.Identifier) else None
    starred = []
    for source in _sources(select):
        if wanted is not None and normalized(source.alias_or_name, dialect) != wanted:
            continue
        if isinstance(source, exp.Table) and is_physical(source, dialect):
            starred.append(source)
    return starred


def _sources(select: exp.Select) -> list[exp.Expr]:
    from_ = select.args.get("from_")
    sources = [from_.this] if isinstance(from_, exp.From) else []
    sources.extend(join.this for join in select.args.get("joins") or ())
    return sources
