"""Which facts a breakdown leaves out: those with no row of the table a dimension lives on.

A breakdown by a dimension of another table INNER JOINs that table (see ``joins.py``), as an
analyst's SQL does, so a work order with no production line is in no group of "work orders by
line". The answer says so in words; this finds where it can happen: a path that walks a
foreign key the layer does not declare ``nullable: false``, a relationship with a condition
(a payment reaches a merchant only when it was paid to one), or a one-to-one walked from the
side that has no key of the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import ResolvedQuery
from semantic_layer.join_graph import JoinPath, JoinStep
from semantic_layer.layer import SemanticLayer


@dataclass(frozen=True)
class Unmatched:
    """Facts of ``facts`` with no row of ``reached`` are in no group of the breakdown."""

    facts: str
    reached: str


def unmatched_facts(
    query: ResolvedQuery, layer: SemanticLayer, catalog: MetricCatalog
) -> tuple[Unmatched, ...]:
    """Every (fact table, dimension's table) pair of the plan's breakdown where facts may
    have no related row, in the order of the metrics and dimensions."""
    found: dict[Unmatched, None] = {}
    for metric in query.metrics:
        for leaf in catalog.leaves(metric.name):
            for dim in query.dimensions:
                path = layer.path_to_dimension(leaf.table, dim)
                if path and may_miss(path, layer):
                    found[Unmatched(leaf.table, path[-1].to_table)] = None
    return tuple(found)


def may_miss(path: JoinPath, layer: SemanticLayer) -> bool:
    """Some fact may have no row at the end of ``path``."""
    return any(_step_may_miss(step, layer) for step in path)


def _step_may_miss(step: JoinStep, layer: SemanticLayer) -> bool:
    if step.condition is not None or step.declared_from != step.from_table:
        return True
    table = layer.table(step.from_table)
    for from_column, _ in step.keys:
        column = table.column(from_column)
        if column is None or column.nullable:
            return True
    return False
