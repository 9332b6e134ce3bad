"""The loaded semantic layer: every file merged, names indexed, join graph built.

Names are resolved here once. Later stages hold a :class:`DimensionRef` or
:class:`TimeDimensionRef` (table plus definition), never a raw string to look up again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError, closest
from semantic_layer.expressions import columns_of, parse_dimension_expr
from semantic_layer.join_graph import JoinGraph, JoinPath, JoinPathError
from semantic_layer.model import (
    Column,
    ColumnType,
    Dimension,
    GlossaryTerm,
    Relationship,
    SemanticLayerFile,
    Table,
    TimeDimension,
)
from semantic_layer.time_parts import SEPARATOR, TimePart, part_name, split_part_name

KEY = "key"
"""The suffix of a table's built-in key dimension: ``cars__key``."""


@dataclass(frozen=True)
class TimeDimensionRef:
    table: str
    definition: TimeDimension

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True)
class DimensionRef:
    """A dimension and its table; for a built-in part of a time dimension (its day of
    week, its month), ``part`` and the ``time_dimension`` it is a part of."""

    table: str
    definition: Dimension
    part: TimePart | None = None
    time_dimension: TimeDimensionRef | None = None
    implicit: bool = False
    """Built in rather than declared: a part of a time dimension, or a table's key."""

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
        """A declared dimension, or a built-in part of a time dimension
        (``order_date__day_of_week``)."""
        if name in self.dimensions:
            return self.dimensions[name]
        split = split_part_name(name)
        if split is not None and split.time_dimension in self.time_dimensions:
            return self.time_part(self.time_dimensions[split.time_dimension], split.part)
        base, sep, suffix = name.rpartition(SEPARATOR)
        table = next((t for t in self.tables if _name_of(t) == base), None) if sep else None
        if suffix == KEY and table is not None and (key := self.key(table)) is not None:
            return key
        raise _unknown("dimension", name, self.dimensions)

    def key(self, table: str) -> DimensionRef | None:
        """A table's one-column primary key as a dimension nobody declared (``cars__key``),
        so "car IDs" can be listed where the owner declared no dimension for the id, as
        MetricFlow makes every entity's key groupable. None where the key is personal data or
        a declared dimension already shows it: that one is the answer."""
        t = self.tables[table]
        if len(t.primary_key) != 1 or (column := t.column(t.primary_key[0])) is None:
            return None
        if column.pii or any(d.column == column.name for d in t.dimensions):
            return None
        name = t.label or table.replace("_", " ")
        definition = Dimension.model_construct(
            name=f"{_name_of(table)}{SEPARATOR}{KEY}",
            column=column.name,
            label=f"{name} ID" if column.name.lower().endswith("id") else f"{name} key",
            labels={k: f"{v} ID" for k, v in t.labels.items()},
            description=f"The key of {name}: {column.description or column.name}.",
        )
        return DimensionRef(table, definition, implicit=True)

    def time_part(self, time_dimension: TimeDimensionRef, part: TimePart) -> DimensionRef:
        td = time_dimension.definition
        definition = Dimension.model_construct(
            name=part_name(td.name, part),
            type=part.type,
            label=f"{td.label or td.name} ({part.label})",
            description=f"The {part.label} of {td.label or td.name}.",
        )
        return DimensionRef(time_dimension.table, definition, part, time_dimension, implicit=True)

    def time_parts(self) -> list[str]:
        """Every built-in part's name; parts of dates only (no hour) where a column is a date."""
        return [
            part_name(name, part)
            for name, ref in sorted(self.time_dimensions.items())
            for part in TimePart
            if part is not TimePart.HOUR or self.time_type(ref) is ColumnType.TIMESTAMP
        ]

    def value_type(self, dimension: DimensionRef) -> ColumnType:
        """The type of a dimension's values: its column's, its expression's, its part's."""
        d = dimension.definition
        if dimension.part is not None:
            return dimension.part.type
        if d.column is not None:
            return self.column(dimension.table, d.column).type
        return d.type or ColumnType.STRING

    def value_column(self, dimension: DimensionRef) -> Column:
        """The dimension as a column: the real one, or one standing for an expression or a
        part, typed, and personal data if any column it reads is."""
        d = dimension.definition
        if d.column is not None:
            return self.column(dimension.table, d.column)
        return Column(
            name=d.name,
            type=self.value_type(dimension),
            description=d.description,
            pii=self._reads_pii(dimension),
        )

    def time_type(self, time_dimension: TimeDimensionRef) -> ColumnType:
        td = time_dimension.definition
        if td.column is not None:
            return self.column(time_dimension.table, td.column).type
        return td.type or ColumnType.DATE

    def _reads_pii(self, dimension: DimensionRef) -> bool | str:
        table = self.tables[dimension.table]
        if dimension.time_dimension is not None:
            source = dimension.time_dimension.definition
            names = [source.column] if source.column else columns_of_text(source.expr)
        else:
            names = columns_of_text(dimension.definition.expr)
        flags = [c.pii for c in table.columns if c.name in names and c.pii]
        return True if True in flags else (flags[0] if flags else False)

    def time_dimension(self, name: str) -> TimeDimensionRef:
        if name not in self.time_dimensions:
            raise _unknown("time dimension", name, self.time_dimensions)
        return self.time_dimensions[name]

    def path_to_dimension(self, source_table: str, dimension: DimensionRef) -> JoinPath:
        d = dimension.definition
        return self.graph.path(
            source_table,
            dimension.table,
            through=d.through,
            prefer_through=d.prefer_through,
            via=d.via,
        )

    def path(self, source_table: str, target_table: str) -> JoinPath:
        return self.graph.path(source_table, target_table)

    def reaches(self, source_table: str, target_table: str) -> bool:
        """Whether ``source_table``'s rows are ``target_table``'s or lead to one row of it
        by a single many-to-one path (an order to its store)."""
        if source_table == target_table:
            return True
        try:
            self.graph.path(source_table, target_table)
        except JoinPathError:
            return False
        return True

    def schemas(self) -> tuple[str, ...]:
        """The schemas of the layer's qualified tables (``sales`` of ``sales.orders``)."""
        return tuple(sorted({t.rpartition(".")[0] for t in self.tables if "." in t}))

    def dimensions_for_word(self, word: str) -> tuple[DimensionRef, ...]:
        """Every dimension whose name, label or synonym is ``word`` (case-blind): several
        when dimensions share a word ("country" of the sender and of the receiver)."""
        key = word.casefold()
        return tuple(
            ref
            for ref in self.dimensions.values()
            if key
            in {
                ref.name.casefold(),
                ref.definition.label.casefold(),
                *(s.casefold() for s in ref.definition.synonyms),
            }
        )

    def pii_columns(self) -> set[tuple[str, str]]:
        return {(t.name, c.name) for t in self.tables.values() for c in t.columns if c.pii}


def _name_of(table: str) -> str:
    """A table's name as a dimension's (lower case, letters, digits and _): "sbTicker" →
    "sbticker"."""
    name = re.sub(r"[^a-z0-9_]", "_", table.lower())
    return name if name[:1].isalpha() else f"t_{name}"


def columns_of_text(expr: str | None) -> list[str]:
    return columns_of(parse_dimension_expr(expr)) if expr else []


def _unknown(kind: str, name: str, known: Iterable[str]) -> UnknownName:
    suggestions = closest(name, known)
    hint = f"Did you mean '{suggestions[0]}'?" if suggestions else None
    return UnknownName(
        f"Unknown {kind} '{name}'.", stage=Stage.COMPILE, hint=hint, suggestions=suggestions
    )
