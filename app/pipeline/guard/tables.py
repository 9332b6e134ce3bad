"""Every table a query reads must be a table of the semantic layer, named plainly.

Each ``exp.Table`` node is checked here rather than left to sqlglot's ``qualify``, which lets
``SELECT COUNT(*) FROM unknown_table`` through because no column is named. A name is a CTE
reference only where standard SQL scoping makes that CTE visible: in the body of the query
that defines it, or in a later CTE of the same WITH (or its own, if RECURSIVE). A CTE defined
in a nested query does not hide a real table of the same name outside it.

A table is named as the layer names it. A plain layer name (``orders``) is resolved by the
connection's default schema, so ``main.orders`` or ``information_schema.tables`` are refused
even when they end in a layer table's name: another schema may hold a different table of
that name. A layer table in another schema is declared qualified (``sales.orders``) and
must be written so.
"""

from __future__ import annotations

from sqlglot import exp

from app.pipeline.guard.context import GuardContext, normalized
from app.pipeline.guard.locate import owner, where
from kernel.errors import did_you_mean
from metrics.identifiers import identifier as layer_identifier

REFUSED_ELSEWHERE: tuple[type[exp.Expr], ...] = (exp.Into, exp.Lock, exp.Hint)
"""Clauses the statement check refuses whole; the tables they name are not read."""


def check_tables(tree: exp.Expr, context: GuardContext) -> list[str]:
    reasons = []
    for table in tree.find_all(exp.Table):
        if table.find_ancestor(*REFUSED_ELSEWHERE):
            continue
        reason = _judge(table, context)
        if reason is not None:
            reasons.append(reason)
    reasons.extend(_duplicate_aliases(tree, context.dialect))
    return reasons


def tables_read(tree: exp.Expr, context: GuardContext) -> tuple[str, ...]:
    """The layer tables a (guarded) query reads, by their layer names, sorted."""
    names = set()
    for table in tree.find_all(exp.Table):
        if is_physical(table, context.dialect):
            found = context.index.table(table)
            if found is not None:
                names.add(found.name)
    return tuple(sorted(names))


def is_physical(table: exp.Table, dialect: str) -> bool:
    """A reference to a stored table: not a table function, not a CTE."""
    return isinstance(table.this, exp.Identifier) and not is_cte_reference(table, dialect)


def is_cte_reference(table: exp.Table, dialect: str) -> bool:
    """Whether ``table`` names a CTE visible where it stands.

    >>> import sqlglot
    >>> tree = sqlglot.parse_one("WITH o AS (SELECT 1 AS x) SELECT * FROM o")
    >>> is_cte_reference(tree.find(exp.From).this, "duckdb")
    True
    >>> tree = sqlglot.parse_one("SELECT * FROM (WITH o AS (SELECT 1 AS x) SELECT * FROM o) s, o")
    >>> [is_cte_reference(t, "duckdb") for t in tree.find_all(exp.Table)]
    [False, True]
    """
    if table.args.get("db") or table.args.get("catalog"):
        return False
    name = normalized(table.this, dialect)
    child: exp.Expr = table
    node = table.parent
    while node is not None:
        with_ = node.args.get("with_") if child.arg_key != "with_" else None
        if isinstance(with_, exp.With) and name in _cte_names(with_.expressions, dialect):
            return True
        if isinstance(node, exp.With):
            ctes = node.expressions
            index = next((i for i, cte in enumerate(ctes) if cte is child), len(ctes))
            visible = ctes[: index + 1] if node.args.get("recursive") else ctes[:index]
            if name in _cte_names(visible, dialect):
                return True
        child, node = node, node.parent
    return False


def _cte_names(ctes: list[exp.Expr], dialect: str) -> set[str]:
    return {
        normalized(cte.args["alias"].this, dialect)
        for cte in ctes
        if isinstance(cte, exp.CTE) and cte.args.get("alias") is not None
    }


def _judge(table: exp.Table, context: GuardContext) -> str | None:
    if not isinstance(table.this, exp.Identifier):
        # Table functions are judged by the function and generator checks; anything else
        # in a table's place is not something the guard knows how to check.
        if isinstance(table.this, exp.Func):
            return None
        return f"Unsupported table reference {table.sql()} {where(table)}."
    if context.index.table(table) is not None:
        return None
    if table.args.get("db") or table.args.get("catalog"):
        plain = f" (write '{table.name}')" if context.index.table(table.this) else ""
        return (
            f"Schema-qualified table '{table.sql()}' {where(table)} is not in the semantic"
            f" layer{plain}:"
            " askbi reads only the layer's tables, named as the layer names them."
        )
    if is_cte_reference(table, context.dialect):
        return None
    known = [t.name for t in context.index.tables.values()]
    aside = _aside(table, known, context.dialect)
    suggestion = "" if aside else did_you_mean(table.name, known)
    return (
        f"Unknown table '{table.name}' {where(table)}{aside}: it is not in the semantic"
        f" layer.{suggestion}"
    )


def _aside(table: exp.Table, known: list[str], dialect: str) -> str:
    """A hint for the two usual ways a name misses: a file path, or a case the warehouse
    does not fold to (a quoted ``"orders"`` in Snowflake, an unquoted ``Customers`` where
    the layer's table is ``"Customers"``)."""
    if "/" in table.name or "." in table.name:
        return " (a file path is not a table)"
    same = next((name for name in known if name.lower() == table.name.lower()), None)
    if same is None:
        return ""
    written = layer_identifier(same, dialect).sql(dialect=dialect)
    how = "quoted names keep their case" if table.this.quoted else "unquoted names fold"
    return f" ({how} here; write {written})"


def _duplicate_aliases(tree: exp.Expr, dialect: str) -> list[str]:
    """Two sources under one name in a FROM clause.

    Databases reject it, but a column check that maps names to sources cannot represent it
    (one would hide the other), so it is refused here rather than trusted.
    """
    reasons = []
    for select in tree.find_all(exp.Select):
        from_ = select.args.get("from_")
        sources = [from_.this] if isinstance(from_, exp.From) else []
        sources += [join.this for join in select.args.get("joins") or ()]
        names = [normalized(s.alias_or_name, dialect) for s in sources if s.alias_or_name]
        for name in sorted({n for n in names if names.count(n) > 1}):
            reasons.append(
                f"The name '{name}' is given to two sources in FROM of {owner(select)};"
                " give each its own alias."
            )
    return reasons
