"""One dbt model per fact table, with what MetricFlow needs in the table itself.

MetricFlow joins at most 2 entity hops, needs a measure's time dimension in the measure's
own semantic model, and can't read another model's column in a measure. askbi joins any
number of many-to-one hops. So for each table that holds metrics, the export writes a model
that selects the table and, through askbi's own join paths, adds:

- the key of every table a dimension is reached through, so each is one hop away;
- the metric's time dimension and every column of another table that a metric's expression
  or filter reads;
- a dimension reached by another path than its table's usual one (the customer's region,
  when regions are usually the store's), as a column of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlglot import exp

from metrics.compiler.joins import JoinPlan, plan_joins, short_name
from metrics.expressions import OWNER_DIALECT, parse_owner_sql
from semantic_layer.join_graph import JoinPath, JoinPathError
from semantic_layer.layer import DimensionRef, SemanticLayer

SourceOf = Callable[[str], str]
"""A warehouse table → the name of the dbt source it belongs to."""


@dataclass
class FactModel:
    table: str
    pulled: dict[str, tuple[JoinPath, exp.Expression]] = field(default_factory=dict)
    """Column of the model → (the path it is read through, its expression on that table)."""

    def pull(self, name: str, path: JoinPath, expression: exp.Expression) -> str:
        self.pulled.setdefault(name, (path, expression))
        return name

    def sql(self, source: SourceOf) -> str:
        """The model's SELECT, tables as ``{{ source(...) }}`` calls for dbt."""
        joins = plan_joins(self.table, [path for path, _ in self.pulled.values()])
        select = exp.select(exp.column(exp.Star(), table=joins.alias(())))
        for name, (path, expression) in self.pulled.items():
            select = select.select(exp.alias_(qualify(expression, joins, path), name), copy=False)
        select = joins.apply(select)
        return _with_sources(select, source).sql(dialect=OWNER_DIALECT, pretty=True)


def qualify(expression: exp.Expression, joins: JoinPlan, path: JoinPath) -> exp.Expression:
    alias = joins.alias(path)

    def point(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column):
            return exp.column(node.name, table=alias)
        return node

    return expression.copy().transform(point)


def dimension_sql(dimension: DimensionRef) -> exp.Expression:
    d = dimension.definition
    return exp.column(d.column) if d.column else parse_owner_sql(d.expr or "").copy()


def source_call(source: SourceOf, table: str) -> str:
    """``{{ source('askbi', 'orders') }}``: how a dbt model names a warehouse table."""
    return f"{{{{ source('{source(table)}', '{short_name(table)}') }}}}"


def _with_sources(select: exp.Select, source: SourceOf) -> exp.Select:
    def to_source(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.name:
            full = ".".join(p for p in (node.db, node.name) if p)
            node = node.copy()
            node.set("this", exp.Identifier(this=source_call(source, full), quoted=False))
            node.set("db", None)
            if not node.alias:  # the relation dbt renders is qualified: name it as before
                node.set("alias", exp.TableAlias(this=exp.to_identifier(short_name(full))))
        return node

    result = select.transform(to_source)
    assert isinstance(result, exp.Select)
    return result


def reachable(layer: SemanticLayer, table: str) -> Iterable[tuple[DimensionRef, JoinPath]]:
    """Every dimension ``table``'s metrics can be broken down by, with its join path."""
    for dimension in layer.dimensions.values():
        if dimension.table == table:
            yield dimension, ()
            continue
        try:
            yield dimension, layer.path_to_dimension(table, dimension)
        except JoinPathError:
            continue
