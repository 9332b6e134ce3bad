"""The semantic layer's YAML format, as frozen pydantic models.

These models are both the parser of the YAML (``extra="forbid"`` turns a misspelt key into
an error) and the immutable values the rest of askbi reads. ``docs/semantic-layer.md``
documents every key; ``tests/test_docs.py`` checks that each field here is documented.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=63)]
"""Identifiers users and planners type: lowercase snake_case, so they never need quoting."""

_SQL_PART = r'[^."`\x00-\x1f\x7f]+'
"""One part of a warehouse name: anything but a dot, a quote character or a control character."""

SqlName = Annotated[str, StringConstraints(pattern=rf"^{_SQL_PART}$", max_length=128)]
"""A physical column name exactly as the warehouse spells it: ``amount``, ``OrderDate``,
``order``, ``주문 금액``. The compiler quotes it where the dialect needs quotes to read it so
(``metrics.identifiers``)."""

TableName = Annotated[
    str, StringConstraints(pattern=rf"^{_SQL_PART}(\.{_SQL_PART}){{0,2}}$", max_length=390)
]
"""A physical table name, plain or qualified: ``orders``, ``sales.orders``, ``db.sales.orders``,
each part spelt as the warehouse spells it, without quotes (``Sales.Customers``).

A plain name is resolved by the connection's default schema; a qualified one is read from
that schema (and database, where the warehouse has them)."""

ScalarValue = str | int | float | bool

_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _locale(tag: str) -> str:
    if not _LOCALE.match(tag):
        raise ValueError(f"{tag!r} is not a language tag such as 'ko', 'en' or 'pt-BR'")
    return tag


Locale = Annotated[str, AfterValidator(_locale)]
"""A language tag such as ``ko``, ``en`` or ``pt-BR``."""

Labels = dict[Locale, str]
"""Locale → the business name in that language: ``{ko: 매출}``."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Grain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def rank(self) -> int:
        return list(Grain).index(self)


class ColumnType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    TIMESTAMP = "timestamp"


class Cardinality(StrEnum):
    MANY_TO_ONE = "many_to_one"
    ONE_TO_ONE = "one_to_one"
    ONE_TO_MANY = "one_to_many"


class ValueRange(Frozen):
    min: float | None = None
    max: float | None = None


class Column(Frozen):
    name: SqlName
    type: ColumnType
    description: str = ""
    synonyms: tuple[str, ...] = ()
    pii: bool | Literal["aggregate"] = False
    """``true``: never read; ``aggregate``: usable inside aggregates and conditions (a count
    of distinct e-mails, age bands from a birth date), never shown as a value."""
    allowed_values: tuple[ScalarValue, ...] = ()
    range: ValueRange | None = None
    sample_values: tuple[ScalarValue, ...] = ()
    nullable: bool = True


class Dimension(Frozen):
    """A categorical attribute users group and filter by, e.g. ``region``.

    It reads one ``column`` of its table, or an ``expr`` over its columns (a full name, a
    year, an age band), whose result has ``type``. ``through`` forces the join path to pass
    through the named tables (role-playing: the *customer's* region rather than the
    store's), ``via`` through the named relationships (the *sender's* country when two
    relationships reach the same table); ``prefer_through`` only breaks ties when several
    equally short paths exist.
    """

    name: Name
    column: SqlName | None = None
    expr: str | None = None
    type: ColumnType | None = None
    label: str = ""
    labels: Labels = Field(default_factory=dict)
    description: str = ""
    synonyms: tuple[str, ...] = ()
    through: tuple[TableName, ...] = ()
    via: tuple[Name, ...] = ()
    prefer_through: tuple[TableName, ...] = ()
    value_synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    localized_values: dict[Locale, SqlName] = Field(default_factory=dict)
    """Locale → a column of the same table holding each value's name in that language."""

    @model_validator(mode="after")
    def _one_source(self) -> Dimension:
        _column_or_expr(self.column, self.expr)
        return self


class TimeDimension(Frozen):
    """A date or timestamp metrics are measured on: a ``column`` of type date or timestamp,
    or an ``expr`` of ``type`` date (the default) or timestamp, such as a text column that
    holds dates."""

    name: Name
    column: SqlName | None = None
    expr: str | None = None
    type: ColumnType | None = None
    label: str = ""
    labels: Labels = Field(default_factory=dict)
    description: str = ""
    synonyms: tuple[str, ...] = ()
    grains: tuple[Grain, ...] = (Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR)

    @property
    def finest_grain(self) -> Grain:
        return min(self.grains, key=lambda g: g.rank)

    @model_validator(mode="after")
    def _one_source(self) -> TimeDimension:
        _column_or_expr(self.column, self.expr)
        return self


def _column_or_expr(column: str | None, expr: str | None) -> None:
    if (column is None) == (expr is None):
        raise ValueError("give exactly one of `column` and `expr`")


class Table(Frozen):
    name: TableName
    description: str = ""
    label: str = ""
    labels: Labels = Field(default_factory=dict)
    synonyms: tuple[str, ...] = ()
    primary_key: tuple[SqlName, ...] = ()
    columns: tuple[Column, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    time_dimensions: tuple[TimeDimension, ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


class JoinKey(Frozen):
    from_column: SqlName = Field(alias="from")
    to_column: SqlName = Field(alias="to")


class Relationship(Frozen):
    """``from_table`` rows point at ``to_table`` rows through ``keys``.

    Declared in the direction of the foreign key: ``order_items → orders`` is many-to-one.
    """

    name: Name
    from_table: TableName = Field(alias="from")
    to_table: TableName = Field(alias="to")
    keys: tuple[JoinKey, ...] = Field(alias="on", min_length=1)
    cardinality: Cardinality = Cardinality.MANY_TO_ONE
    condition: str | None = None
    """An extra join condition over the two tables' columns (unqualified: the ``from``
    table's), e.g. ``receiver_type = 'merchant'`` when one id column points at several
    tables depending on a type column."""
    description: str = ""


class GlossaryTerm(Frozen):
    term: str
    definition: str
    synonyms: tuple[str, ...] = ()
    metrics: tuple[Name, ...] = ()


class SemanticLayerFile(Frozen):
    """One YAML file of the semantic layer; a project may split tables across many."""

    description: str = ""
    tables: tuple[Table, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
