"""Join paths between tables, from the declared relationships.

Only paths that cannot multiply rows are ever taken automatically: every step goes from the
"many" side to the "one" side (or one-to-one), so joining a fact table to a dimension along
such a path keeps one row per fact row. Fan-out (one-to-many) is never walked implicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from semantic_layer.model import Cardinality, Relationship


@dataclass(frozen=True)
class JoinStep:
    relationship: str
    from_table: str
    to_table: str
    keys: tuple[tuple[str, str], ...]  # (from column, to column)
    condition: str | None = None
    """The relationship's extra condition, over the relationship's declared ``from`` table
    (unqualified columns) and ``to`` table (columns qualified by its name)."""
    declared_from: str = ""
    """The relationship's ``from`` table, which the condition's unqualified columns name
    even when the step walks the relationship backwards."""


JoinPath = tuple[JoinStep, ...]


class JoinPathError(UserError):
    code = ErrorCode.NO_JOIN_PATH


@dataclass
class JoinGraph:
    """Directed many-to-one edges; built once per semantic layer."""

    edges: dict[str, list[JoinStep]] = field(default_factory=dict)
    _cache: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], JoinPath] = (
        field(default_factory=dict)
    )

    @classmethod
    def build(cls, relationships: Iterable[Relationship]) -> JoinGraph:
        graph = cls()
        for rel in relationships:
            forward = _step(rel, reverse=False)
            backward = _step(rel, reverse=True)
            if rel.cardinality in (Cardinality.MANY_TO_ONE, Cardinality.ONE_TO_ONE):
                graph.edges.setdefault(rel.from_table, []).append(forward)
            if rel.cardinality in (Cardinality.ONE_TO_MANY, Cardinality.ONE_TO_ONE):
                graph.edges.setdefault(rel.to_table, []).append(backward)
        for steps in graph.edges.values():
            steps.sort(key=lambda s: (s.to_table, s.relationship))
        return graph

    def path(
        self,
        source: str,
        target: str,
        *,
        through: tuple[str, ...] = (),
        prefer_through: tuple[str, ...] = (),
        via: tuple[str, ...] = (),
    ) -> JoinPath:
        """The many-to-one path from ``source`` to ``target``, passing through the tables
        ``through`` and along the relationships named in ``via``.

        Raises :class:`JoinPathError` when there is none, or when several equally short
        paths exist and ``prefer_through`` does not single one out.
        """
        key = (source, target, through, prefer_through, via)
        if key not in self._cache:
            self._cache[key] = self._resolve(source, target, through, prefer_through, via)
        return self._cache[key]

    def _resolve(
        self,
        source: str,
        target: str,
        through: tuple[str, ...],
        prefer: tuple[str, ...],
        via: tuple[str, ...],
    ) -> JoinPath:
        candidates = [p for p in self._shortest_paths(source, target, through, via)]
        if not candidates:
            constraints = [f"through {', '.join(through)}"] if through else []
            constraints += [f"via {', '.join(via)}"] if via else []
            where = f" {' and '.join(constraints)}" if constraints else ""
            raise JoinPathError(
                f"No many-to-one join path from '{source}' to '{target}'{where}.",
                stage=Stage.COMPILE,
                hint="Declare a relationship between them in the semantic layer.",
            )
        if len(candidates) > 1 and prefer:
            preferred = [p for p in candidates if set(prefer) <= _tables(p) | {source}]
            candidates = preferred or candidates
        if len(candidates) > 1:
            routes = " or ".join(" → ".join([source, *(s.to_table for s in p)]) for p in candidates)
            raise JoinPathError(
                f"Ambiguous join path from '{source}' to '{target}': {routes}.",
                stage=Stage.COMPILE,
                hint="Set `prefer_through` (or `through`) on the dimension to choose one.",
                code=ErrorCode.AMBIGUOUS_JOIN_PATH,
            )
        return candidates[0]

    def _shortest_paths(
        self, source: str, target: str, through: tuple[str, ...], via: tuple[str, ...]
    ) -> list[JoinPath]:
        """All shortest simple paths satisfying ``through`` and ``via``, breadth first."""
        found: list[JoinPath] = []
        frontier: list[JoinPath] = [()]
        for _ in range(len(self.edges) + 1):
            next_frontier: list[JoinPath] = []
            for path in frontier:
                here = path[-1].to_table if path else source
                walked = {s.relationship for s in path}
                if here == target and set(through) <= _tables(path) | {source}:
                    if set(via) <= walked:
                        found.append(path)
                    continue
                visited = {source, *(s.to_table for s in path)}
                next_frontier.extend(
                    (*path, s) for s in self.edges.get(here, []) if s.to_table not in visited
                )
            if found or not next_frontier:
                return found
            frontier = next_frontier
        return found


def _tables(path: JoinPath) -> set[str]:
    return {s.to_table for s in path}


def _step(rel: Relationship, *, reverse: bool) -> JoinStep:
    pairs = tuple(
        (k.to_column, k.from_column) if reverse else (k.from_column, k.to_column) for k in rel.keys
    )
    source, target = (rel.to_table, rel.from_table) if reverse else (rel.from_table, rel.to_table)
    return JoinStep(
        relationship=rel.name,
        from_table=source,
        to_table=target,
        keys=pairs,
        condition=rel.condition,
        declared_from=rel.from_table,
    )
