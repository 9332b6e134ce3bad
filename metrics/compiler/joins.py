"""The FROM clause of one aggregation: a fact table and its many-to-one joins.

Each distinct join path gets its own alias, so one table reached two ways (the store's region
and the customer's region) is joined twice under two names instead of being conflated.

The joins a breakdown's dimensions are read through are INNER JOINs, as an analyst writes
them: "orders by store" counts the orders that have a store, and a fact with no related row
forms no group of "no store". Every other join (a filter's, a date's, a metric expression's
column) is a LEFT JOIN that keeps every fact row, so a total is not narrowed by a join it
only reads through; its filter decides which rows count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from metrics.identifiers import table as table_ref
from semantic_layer.expressions import parse_condition
from semantic_layer.join_graph import JoinPath, JoinStep


@dataclass(frozen=True)
class JoinPlan:
    base: str
    aliases: dict[JoinPath, str]
    base_alias: str = ""
    """The fact table's alias: its own name, or for ``sales.orders`` the short ``orders``."""
    inner: frozenset[JoinPath] = frozenset()
    """The joins that keep only facts with a related row: every step of a breakdown's path."""

    def alias(self, path: JoinPath) -> str:
        return self.aliases[path] if path else (self.base_alias or self.base)

    def apply(self, select: exp.Select) -> exp.Select:
        base: exp.Expr = table_ref(self.base)
        if self.base_alias and self.base_alias != self.base:
            base = exp.alias_(base, self.base_alias, table=True)
        select = select.from_(base, copy=False)
        for path in sorted(self.aliases, key=lambda p: (len(p), self.aliases[p])):
            step = path[-1]
            parent = self.alias(path[:-1])
            alias = self.aliases[path]
            keys: list[exp.Expression] = [
                exp.EQ(
                    this=exp.column(to_col, table=alias),
                    expression=exp.column(from_col, table=parent),
                )
                for from_col, to_col in step.keys
            ]
            if step.condition:
                keys.append(step_condition(step, parent, alias))
            select = select.join(
                exp.alias_(table_ref(step.to_table), alias, table=True),
                on=exp.and_(*keys, copy=False),
                join_type="inner" if path in self.inner else "left",
                copy=False,
            )
        return select


def step_condition(step: JoinStep, parent: str, alias: str) -> exp.Expression:
    """A relationship's condition, its columns pointed at the two sides' aliases.

    Unqualified columns are the relationship's ``from`` table's, which is the parent side
    when the step walks it forwards and the joined side when it walks it backwards.
    """
    assert step.condition is not None
    declared_from = alias if step.declared_from == step.to_table else parent
    sides = {short_name(step.from_table): parent, short_name(step.to_table): alias}
    sides |= {step.from_table: parent, step.to_table: alias}

    def requalify(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            owner = table_name(node)
            return exp.column(node.name, table=sides.get(owner, declared_from))
        return node

    return exp.paren(parse_condition(step.condition).copy().transform(requalify, copy=False))


def table_name(column: exp.Column) -> str:
    """The table a column is qualified with, schema included: ``sales.orders``, or ``""``."""
    return ".".join(p.name for p in column.parts[:-1])


def short_name(table: str) -> str:
    """``sales.orders`` → ``orders``: a qualified table's alias in the SQL."""
    return table.rpartition(".")[2]


def plan_joins(base: str, paths: Iterable[JoinPath], inner: Iterable[JoinPath] = ()) -> JoinPlan:
    """The joins of ``paths`` from ``base``, each prefix once; the steps of the ``inner``
    paths (a subset of ``paths``) INNER JOINed, the rest LEFT JOINed."""
    prefixes: set[JoinPath] = set()
    for path in paths:
        prefixes.update(path[: i + 1] for i in range(len(path)))
    kept = frozenset(p[: i + 1] for p in inner for i in range(len(p)))
    ends = Counter(p[-1].to_table for p in prefixes)
    shorts = Counter(short_name(t) for t in {*ends, base})
    aliases = {}
    for prefix in prefixes:
        table = prefix[-1].to_table
        unique = ends[table] == 1 and table != base and shorts[short_name(table)] == 1
        name = short_name(table) if unique else "__".join(short_name(s.to_table) for s in prefix)
        aliases[prefix] = name
    # Two relationships between the same tables (a sender and a receiver) give the same
    # table path; their names tell the joins apart.
    taken = Counter(aliases.values())
    for prefix, name in aliases.items():
        if taken[name] > 1:
            aliases[prefix] = "__".join(s.relationship for s in prefix)
    base_alias = short_name(base) if shorts[short_name(base)] == 1 else base.replace(".", "__")
    return JoinPlan(base=base, aliases=aliases, base_alias=base_alias, inner=kept & prefixes)
