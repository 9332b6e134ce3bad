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
    aggregations: Sequence[Aggregation],
    keys: Sequence[str],
    filled: exp.Expression | None = None,
    *,
    bounded: bool = True,
) -> tuple[exp.Select, dict[LeafUse, str]]:
    """The FROM side of the final query and where each leaf column can be read.

    ``filled`` is a spine of every key to show (a filled plan); otherwise the spine is the
    keys the aggregations found. ``bounded``: the plan has a time range, which every
    aggregation's periods already lie in.
    """
    owner = {use: a.name for a in aggregations for use in a.uses}
    select = exp.select()
    for a in aggregations:
        select = select.with_(a.name, as_=a.select, copy=False)
    if len(aggregations) == 1 and filled is None:
        return select.from_(aggregations[0].name, copy=False), owner
    if not keys:
        select = select.from_(aggregations[0].name, copy=False)
        for a in aggregations[1:]:
            select = select.join(a.name, join_type="cross", copy=False)
        return select, owner
    spine = filled if filled is not None else _spine(aggregations, keys, bounded)
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


def _spine(
    aggregations: Sequence[Aggregation], keys: Sequence[str], bounded: bool
) -> exp.Expression:
    """The keys found.

    A previous period's values are read shifted forward: last month's sales land on this
    month. With a time range they land inside it. Without one, the last period of data
    would add a row for the period after it (a future month) with nothing but a "previous"
    value; so then only the aggregations of current values make the spine (unless the plan
    has nothing else), and shifted ones only join it.
    """
    unshifted = [a for a in aggregations if not any(u.variant.shift for u in a.uses)]
    current = aggregations if bounded else unshifted
    parts = [
        exp.select(*(exp.column(k) for k in keys)).from_(a.name) for a in (current or aggregations)
    ]
    union: exp.Expression = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=True, copy=False)
    return union
