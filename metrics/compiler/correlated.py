"""Conditions that look at other rows: an entity's latest row, an entity without facts.

Both are correlated subqueries, which every warehouse runs and the guard can check, rather
than window functions in a wrapped subquery (MySQL has no QUALIFY, and a wrapped ``SELECT *``
would hide which columns are read).

- *Semi-additive* (``latest_per``/``earliest_per``): a balance or a stock is read from each
  entity's last row in the period, never summed over days.
- *Anti-join* (``without``): customers with no transactions, cars never sold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from metrics.compiler import time_sql
from metrics.compiler.dimensions import time_expression
from metrics.compiler.joins import JoinPlan, plan_joins, short_name, step_condition
from metrics.identifiers import table as table_ref
from semantic_layer.join_graph import JoinPath, JoinStep
from semantic_layer.layer import TimeDimensionRef
from semantic_layer.model import ColumnType, Grain


def per_entity(
    pick: str,
    entities: tuple[str, ...],
    base: str,
    base_alias: str,
    time_ref: TimeDimensionRef,
    time_type: ColumnType,
    window: tuple[dt.date | None, dt.date | None],
    grain: Grain | None,
    dialect: str,
) -> exp.Expression:
    """``time = (SELECT MAX(time) FROM base AS inner WHERE same entity, same window)``.

    With a grain, "latest" is per period: the balance at the end of each month.
    """
    inner_alias = f"{short_name(base)}__{pick}"
    inner_time = time_expression(time_ref, inner_alias, None)
    outer_time = time_expression(time_ref, base_alias, None)
    best = exp.Max if pick == "latest" else exp.Min
    conditions: list[exp.Expression] = [
        exp.EQ(this=exp.column(c, table=inner_alias), expression=exp.column(c, table=base_alias))
        for c in entities
    ]
    conditions.extend(time_sql.within(inner_time, time_type, *window))
    if grain is not None:
        conditions.append(
            exp.EQ(
                this=time_sql.period(inner_time.copy(), grain, dialect),
                expression=time_sql.period(outer_time.copy(), grain, dialect),
            )
        )
    inner = exp.select(best(this=inner_time.copy())).from_(
        exp.alias_(table_ref(base), inner_alias, table=True)
    )
    if conditions:
        inner = inner.where(*conditions, copy=False)
    return exp.EQ(this=outer_time, expression=exp.Subquery(this=inner))


def without_facts(
    inner: InnerJoins,
    last: JoinStep,
    outer_alias: str,
    conditions: list[exp.Expression],
    *,
    present: bool = False,
) -> exp.Expression:
    """``NOT EXISTS (SELECT 1 FROM facts … WHERE the facts point at the outer row …)``, or
    with ``present`` the ``EXISTS`` (a semi-join: each outer row once, however many facts).

    ``inner`` joins the fact table to what its conditions read, under aliases of its own;
    ``last`` is the final step of the path from the facts to the outer (entity) table,
    whose keys are compared with the outer row, so the entity table is never joined again
    under a name that would hide the outer one.
    """
    parent = inner.alias(inner.entity_path)
    link: list[exp.Expression] = [
        exp.EQ(
            this=exp.column(from_col, table=parent),
            expression=exp.column(to_col, table=outer_alias),
        )
        for from_col, to_col in last.keys
    ]
    if last.condition:  # a role's condition: only receivers that are merchants
        link.append(step_condition(last, parent, outer_alias))
    select = inner.apply(exp.select(exp.Literal.number(1))).where(*link, *conditions, copy=False)
    exists = exp.Exists(this=select)
    return exists if present else exp.Not(this=exists)


def inner_joins(
    facts: str, paths: list[JoinPath], entity_path: JoinPath, prefix: str
) -> InnerJoins:
    """A subquery's joins, aliased with ``prefix`` so they never hide the outer query's."""
    plan = plan_joins(facts, [entity_path, *paths])
    return InnerJoins(
        base=facts,
        aliases={p: f"{prefix}{a}" for p, a in plan.aliases.items()},
        base_alias=f"{prefix}{plan.alias(())}",
        entity_path=entity_path,
    )


@dataclass(frozen=True)
class InnerJoins(JoinPlan):
    entity_path: JoinPath = ()
    """The path from the facts to the table just before the entity (the last step is the
    correlation with the outer row)."""
