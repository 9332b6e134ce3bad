"""Cortex Analyst's semantic model YAML, key by key, as the public specification gives it.

``extra="forbid"``: a file askbi writes that uses a key outside the specification fails
here, and so does a file to import with a misspelt key. Sources: Snowflake's "Cortex
Analyst semantic model specification" and its protobuf in Snowflake-Labs'
semantic-model-generator.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BaseTable(Spec):
    database: str
    schema_: str = Field(alias="schema")
    table: str

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class PrimaryKey(Spec):
    columns: tuple[str, ...]


class Column(Spec):
    """What dimensions, time dimensions and facts share."""

    name: str
    synonyms: tuple[str, ...] = ()
    description: str | None = None
    expr: str
    data_type: str
    unique: bool = False
    sample_values: tuple[Scalar, ...] = ()


class Dimension(Column):
    is_enum: bool = False
    cortex_search_service_name: str | None = None


class TimeDimension(Column):
    pass


class Fact(Column):
    pass


class MetricFilter(Spec):
    expr: str


class Metric(Spec):
    name: str
    synonyms: tuple[str, ...] = ()
    description: str | None = None
    expr: str
    """An aggregate; columns qualified by logical table names."""
    filter: MetricFilter | None = None


class NamedFilter(Spec):
    name: str
    synonyms: tuple[str, ...] = ()
    description: str | None = None
    expr: str


class Table(Spec):
    name: str
    synonyms: tuple[str, ...] = ()
    description: str | None = None
    base_table: BaseTable
    primary_key: PrimaryKey | None = None
    dimensions: tuple[Dimension, ...] = ()
    time_dimensions: tuple[TimeDimension, ...] = ()
    facts: tuple[Fact, ...] = ()
    measures: tuple[Fact, ...] = ()
    """The older name of ``facts``, still read."""
    metrics: tuple[Metric, ...] = ()
    filters: tuple[NamedFilter, ...] = ()


class RelationKey(Spec):
    left_column: str
    right_column: str


class Relationship(Spec):
    name: str
    left_table: str
    right_table: str
    relationship_columns: tuple[RelationKey, ...]
    join_type: Literal["left_outer", "inner"] = "left_outer"
    relationship_type: Literal["many_to_one", "one_to_one"] = "many_to_one"


class VerifiedQuery(Spec):
    name: str
    question: str
    sql: str
    semantic_model_name: str | None = None
    verified_at: int | None = None
    verified_by: str | None = None
    use_as_onboarding_question: bool = False


class ModuleCustomInstructions(Spec):
    sql_generation: str | None = None
    question_categorization: str | None = None


class SemanticModel(Spec):
    name: str
    description: str | None = None
    tables: tuple[Table, ...]
    relationships: tuple[Relationship, ...] = ()
    verified_queries: tuple[VerifiedQuery, ...] = ()
    custom_instructions: str | None = None
    module_custom_instructions: ModuleCustomInstructions | None = None
