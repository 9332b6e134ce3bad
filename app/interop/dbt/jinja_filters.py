"""MetricFlow's Jinja filters as askbi filter SQL.

``{{ Dimension('order_line__status') }} = 'completed'`` names a dimension by the entity path
that reaches it; askbi's filter is SQL over table-qualified columns
(``fct_order_items.status = 'completed'``). Each Jinja call becomes a placeholder column, the
text is parsed by sqlglot, and each placeholder is replaced by the dimension's expression
tree: no SQL text is pasted together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from metrics.expressions import OWNER_DIALECT

_CALL = re.compile(
    r"\{\{\s*(?P<kind>Dimension|TimeDimension|Entity|Metric)\s*\((?P<args>[^)]*)\)"
    r"(?P<tail>[^}]*)\}\}"
)
_ARG = re.compile(r"""^\s*['"]([^'"]*)['"]\s*$""")


@dataclass(frozen=True)
class Reference:
    """A Jinja call's target: ``kind`` Dimension/TimeDimension/Entity, the entity path and
    the element name (``order_line__status`` → path ``("order_line",)``, name ``status``)."""

    kind: str
    path: tuple[str, ...]
    name: str
    grain: str | None = None


Resolver = Callable[[Reference], exp.Expression]
"""A reference → its SQL expression, table-qualified; raises :class:`FilterError`."""


class FilterError(ValueError):
    pass


def translate(template: str, resolve: Resolver) -> str:
    """The filter as askbi SQL.

    >>> def column(ref: Reference) -> exp.Expression:
    ...     return exp.column(ref.name, table="fct_order_items")
    >>> translate("{{ Dimension('order_line__status') }} = 'completed'", column)
    "fct_order_items.status = 'completed'"
    """
    references: dict[str, Reference] = {}

    def placeholder(match: re.Match[str]) -> str:
        name = f"__askbi_ref_{len(references)}"
        references[name] = _reference(match)
        return name

    text = _CALL.sub(placeholder, template.strip())
    if "{{" in text or "{%" in text:
        raise FilterError(f"Jinja askbi can't read in {template.strip()!r}")
    try:
        tree = sqlglot.parse_one(text, read=OWNER_DIALECT)
    except ParseError as e:
        raise FilterError(f"can't parse {template.strip()!r}: {e}") from e

    def substitute(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name in references:
            return resolve(references[node.name]).copy()
        return node

    return tree.transform(substitute).sql(dialect=OWNER_DIALECT)


def _reference(match: re.Match[str]) -> Reference:
    kind = match.group("kind")
    if kind == "Metric":
        raise FilterError("a filter on a metric's value (Metric(...)) has no askbi equivalent")
    if match.group("tail").strip():
        raise FilterError(f"{match.group(0)!r}: chained calls ({match.group('tail').strip()})")
    args = [a for a in match.group("args").split(",") if a.strip()]
    values = []
    for arg in args:
        found = _ARG.match(arg)
        if found is None:
            raise FilterError(f"{match.group(0)!r}: only quoted arguments are read")
        values.append(found.group(1))
    *path, name = values[0].split("__")
    grain = values[1] if len(values) > 1 else None
    return Reference(kind, tuple(path), name, grain)
