"""The final SELECT: leaf aggregations as CTEs, joined on the shared keys, then formulas.

With several aggregations, their keys (dimensions and period) are first collected into a
"spine" by UNION, and each aggregation is LEFT JOINed to it with null-safe equality. That is
a FULL OUTER JOIN that every dialect can run (MySQL has none), and it keeps a region that
has marketing spend but no revenue in the result of ROAS by region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlglot import exp

from metrics.compiler.formulas import LeafUse

SPINE = "spine"


@dataclass(frozen=True)
class Aggregation:
    name: str
    select: exp.Select
    uses: tuple[LeafUse, ...]


def combine(
    aggregations: Sequence[Aggregation], keys: Sequence[str]
) -> tuple[exp.Select, dict[LeafUse, str]]:
    """The FROM side of the final query and where each leaf column can be read."""
    owner = {use: a.name for a in aggregations for use in a.uses}
    select = exp.select()
    for a in aggregations:
        select = select.with_(a.name, as_=a.select, copy=False)
    if len(aggregations) == 1:
        return select.from_(aggregations[0].name, copy=False), owner
    if not keys:
        select = select.from_(aggregations[0].name, copy=False)
        for a in aggregations[1:]:
            select = select.join(a.name, join_type="cross", copy=False)
        return select, owner
    spine = _spine(aggregations, keys)
    select = select.with_(SPINE, as_=spine, copy=False).from_(SPINE, copy=False)
    for a in aggregations:
        on = exp.and_(
            *(
                exp.NullSafeEQ(
                    this=exp.column(k, table=a.name), expression=exp.column(k, table=SPINE)
                )
                for k in keys
            ),
            copy=False,
        )
        select = select.join(a.name, on=on, join_type="left", copy=False)
    return select, owner


def _spine(aggregations: Sequence[Aggregation], keys: Sequence[str]) -> exp.Expression:
    parts = [exp.select(*(exp.column(k) for k in keys)).from_(a.name) for a in aggregations]
    union: exp.Expression = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=True, copy=False)
    return union
