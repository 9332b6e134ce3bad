"""The FROM clause of one aggregation: a fact table and its many-to-one joins.

Each distinct join path gets its own alias, so one table reached two ways (the store's region
and the customer's region) is joined twice under two names instead of being conflated.
LEFT JOINs keep every fact row: a fact with a missing dimension row still counts in totals,
so a metric's total is the same whichever dimensions it is broken down by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from semantic_layer.join_graph import JoinPath


@dataclass(frozen=True)
class JoinPlan:
    base: str
    aliases: dict[JoinPath, str]

    def alias(self, path: JoinPath) -> str:
        return self.aliases[path] if path else self.base

    def apply(self, select: exp.Select) -> exp.Select:
        select = select.from_(exp.to_table(self.base), copy=False)
        for path in sorted(self.aliases, key=lambda p: (len(p), self.aliases[p])):
            step = path[-1]
            parent = self.alias(path[:-1])
            alias = self.aliases[path]
            condition = exp.and_(
                *(
                    exp.EQ(
                        this=exp.column(to_col, table=alias),
                        expression=exp.column(from_col, table=parent),
                    )
                    for from_col, to_col in step.keys
                ),
                copy=False,
            )
            select = select.join(
                exp.alias_(exp.to_table(step.to_table), alias, table=True),
                on=condition,
                join_type="left",
                copy=False,
            )
        return select


def plan_joins(base: str, paths: Iterable[JoinPath]) -> JoinPlan:
    prefixes: set[JoinPath] = set()
    for path in paths:
        prefixes.update(path[: i + 1] for i in range(len(path)))
    ends = Counter(p[-1].to_table for p in prefixes)
    aliases = {}
    for prefix in prefixes:
        table = prefix[-1].to_table
        unique = ends[table] == 1 and table != base
        aliases[prefix] = table if unique else "__".join(s.to_table for s in prefix)
    return JoinPlan(base=base, aliases=aliases)
