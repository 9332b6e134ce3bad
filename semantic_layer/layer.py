"""The loaded semantic layer: every file merged, names indexed, join graph built.

Names are resolved here once. Later stages hold a :class:`DimensionRef` or
:class:`TimeDimensionRef` (table plus definition), never a raw string to look up again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError, closest
from semantic_layer.join_graph import JoinGraph, JoinPath
from semantic_layer.model import (
    Column,
    Dimension,
    GlossaryTerm,
    Relationship,
    SemanticLayerFile,
    Table,
    TimeDimension,
)


@dataclass(frozen=True)
class DimensionRef:
    table: str
    definition: Dimension

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True)
class TimeDimensionRef:
    table: str
    definition: TimeDimension

    @property
    def name(self) -> str:
        return self.definition.name


class UnknownName(UserError):
    code = ErrorCode.UNKNOWN_NAME


@dataclass(frozen=True)
class SemanticLayer:
    tables: dict[str, Table]
    relationships: tuple[Relationship, ...]
    glossary: tuple[GlossaryTerm, ...]
    dimensions: dict[str, DimensionRef]
    time_dimensions: dict[str, TimeDimensionRef]
    graph: JoinGraph = field(compare=False)
    description: str = ""
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict, compare=False)
    """``table`` or ``table.column`` → (file, line), so later checks can point at the YAML."""

    @classmethod
    def from_files(
        cls,
        files: Iterable[SemanticLayerFile],
        locations: dict[str, tuple[str, int | None]] | None = None,
    ) -> SemanticLayer:
        files = list(files)
        tables = {t.name: t for f in files for t in f.tables}
        relationships = tuple(r for f in files for r in f.relationships)
        return cls(
            tables=tables,
            relationships=relationships,
            glossary=tuple(g for f in files for g in f.glossary),
            dimensions={
                d.name: DimensionRef(t.name, d) for t in tables.values() for d in t.dimensions
            },
            time_dimensions={
                d.name: TimeDimensionRef(t.name, d)
                for t in tables.values()
                for d in t.time_dimensions
            },
            graph=JoinGraph.build(relationships),
            description=" ".join(f.description for f in files if f.description),
            locations=locations or {},
        )

    def table(self, name: str) -> Table:
        if name not in self.tables:
            raise _unknown("table", name, self.tables)
        return self.tables[name]

    def column(self, table: str, name: str) -> Column:
        found = self.table(table).column(name)
        if found is None:
            raise _unknown(
                f"column of '{table}'", name, [c.name for c in self.table(table).columns]
            )
        return found

    def dimension(self, name: str) -> DimensionRef:
        if name not in self.dimensions:
            raise _unknown("dimension", name, self.dimensions)
        return self.dimensions[name]

    def time_dimension(self, name: str) -> TimeDimensionRef:
        if name not in self.time_dimensions:
            raise _unknown("time dimension", name, self.time_dimensions)
        return self.time_dimensions[name]

    def path_to_dimension(self, source_table: str, dimension: DimensionRef) -> JoinPath:
        d = dimension.definition
        return self.graph.path(
            source_table, dimension.table, through=d.through, prefer_through=d.prefer_through
        )

    def path(self, source_table: str, target_table: str) -> JoinPath:
        return self.graph.path(source_table, target_table)

    def pii_columns(self) -> set[tuple[str, str]]:
        return {(t.name, c.name) for t in self.tables.values() for c in t.columns if c.pii}


def _unknown(kind: str, name: str, known: Iterable[str]) -> UnknownName:
    suggestions = closest(name, known)
    hint = f"Did you mean '{suggestions[0]}'?" if suggestions else None
    return UnknownName(
        f"Unknown {kind} '{name}'.", stage=Stage.COMPILE, hint=hint, suggestions=suggestions
    )
