"""A synthetic warehouse schema of hundreds of tables, for scale benchmarks and tests.

Real warehouses have hundreds of tables with similar-sounding names ("shipment_history",
"shipment_daily_summary"). Grounding and LLM context building must stay fast and precise
there, so this module generates such a semantic layer deterministically, together with
questions that each need known tables: the benchmark checks those tables rank in the top 5.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from semantic_layer.layer import SemanticLayer
from semantic_layer.model import (
    Column,
    ColumnType,
    Dimension,
    Relationship,
    SemanticLayerFile,
    Table,
)

DOMAINS = (
    "sales", "finance", "hr", "logistics", "marketing", "support", "manufacturing",
    "inventory", "procurement", "legal", "payments", "loyalty", "web", "store_ops", "catalog",
    "pricing", "fleet", "energy", "quality", "research",
)  # fmt: skip
ENTITIES = (
    "order", "invoice", "shipment", "employee", "campaign", "ticket", "work_order", "stock",
    "purchase_order", "contract", "payment", "member", "pageview", "shift", "product",
    "price", "vehicle", "meter", "inspection", "experiment", "supplier", "warehouse",
    "refund", "budget", "lead",
)  # fmt: skip
SHAPES = ("detail", "history", "daily_summary", "monthly_snapshot", "audit", "forecast")
MEASURES = (
    "amount", "quantity", "cost", "weight_kg", "duration_minutes", "score", "fee", "tax",
    "discount", "margin", "distance_km", "headcount", "hours", "units", "balance", "budget",
    "revenue", "volume", "rating", "count",
)  # fmt: skip
ATTRIBUTES = (
    "status", "type", "channel", "region", "category", "priority", "carrier", "currency",
    "department", "grade", "segment", "source", "tier", "reason", "method", "team", "plant",
    "brand", "country", "language",
)  # fmt: skip
DATES = ("created_at", "updated_at", "closed_at", "due_date", "effective_date", "posted_on")
SYNONYMS = {
    "shipment": ("delivery", "consignment"),
    "employee": ("staff", "worker"),
    "ticket": ("case", "support request"),
    "invoice": ("bill",),
    "campaign": ("promotion",),
    "member": ("subscriber",),
    "vehicle": ("truck",),
    "supplier": ("vendor",),
    "lead": ("prospect",),
    "cost": ("expense",),
    "carrier": ("shipper",),
}


@dataclass(frozen=True)
class WideCase:
    """A question and the tables it needs, for retrieval benchmarks."""

    question: str
    tables: tuple[str, ...]


@dataclass(frozen=True)
class WideSchema:
    layer: SemanticLayer
    cases: tuple[WideCase, ...]


def build_wide_schema(
    tables: int = 500, columns: int = 40, *, seed: int = 0, cases: int = 200
) -> WideSchema:
    """``tables`` tables of ``columns`` columns each, joined into one graph, plus questions.

    >>> schema = build_wide_schema(tables=30, columns=12, cases=5)
    >>> len(schema.layer.tables), len(next(iter(schema.layer.tables.values())).columns)
    (30, 12)
    """
    rng = random.Random(seed)
    names = _table_names(tables, rng)
    built = [_table(name, i, columns, rng) for i, name in enumerate(names)]
    relationships = tuple(_relationship(built, i, rng) for i in range(1, len(built)))
    layer = SemanticLayer.from_files(
        [
            SemanticLayerFile(
                description="synthetic", tables=tuple(built), relationships=relationships
            )
        ]
    )
    return WideSchema(layer, tuple(_case(built, rng) for _ in range(cases)))


def _table_names(count: int, rng: random.Random) -> list[str]:
    combos = [f"{d}_{e}_{s}" for d in DOMAINS for e in ENTITIES for s in SHAPES]
    rng.shuffle(combos)
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} distinct tables")
    return sorted(combos[:count])


def _words(name: str) -> str:
    return name.replace("_", " ")


def _table(name: str, index: int, width: int, rng: random.Random) -> Table:
    domain, entity = _domain_entity(name)
    key = f"{entity}_id"
    columns = [Column(name=key, type=ColumnType.INTEGER, description=f"Key of the {entity}.")]
    columns.append(Column(name="parent_id", type=ColumnType.INTEGER, description="Parent row."))
    pool = (
        [(f"{entity}_{m}", ColumnType.DECIMAL) for m in MEASURES]
        + [(f"{entity}_{a}", ColumnType.STRING) for a in ATTRIBUTES]
        + [(d, ColumnType.DATE) for d in DATES]
        + [(f"{a}_{m}", ColumnType.DECIMAL) for a in ATTRIBUTES[:8] for m in MEASURES[:8]]
    )
    rng.shuffle(pool)
    for column_name, column_type in pool[: max(0, width - 2)]:
        columns.append(
            Column(
                name=column_name,
                type=column_type,
                description=f"{_words(column_name).capitalize()} of the {_words(entity)}.",
                synonyms=tuple(_synonyms(column_name)),
            )
        )
    dimensions = tuple(
        Dimension(name=f"t{index}_{c.name}", column=c.name, label=_words(c.name))
        for c in columns
        if c.type is ColumnType.STRING
    )[:3]
    return Table(
        name=name,
        label=_words(name).title(),
        description=f"{_words(SHAPES_LABEL.get(name.rsplit('_', 1)[-1], 'records'))} of "
        f"{_words(entity)}s in {_words(domain)}.",
        synonyms=tuple(f"{s} {name.split('_', 1)[0]}" for s in SYNONYMS.get(entity, ())),
        primary_key=(key,),
        columns=tuple(columns),
        dimensions=dimensions,
    )


SHAPES_LABEL = {"detail": "detail rows", "history": "history", "audit": "audit trail"}


def _domain_entity(name: str) -> tuple[str, str]:
    for domain in sorted(DOMAINS, key=len, reverse=True):
        if name.startswith(domain + "_"):
            rest = name[len(domain) + 1 :]
            for entity in sorted(ENTITIES, key=len, reverse=True):
                if rest.startswith(entity + "_"):
                    return domain, entity
    raise ValueError(name)


def _synonyms(column: str) -> list[str]:
    found: list[str] = []
    for word, alternatives in SYNONYMS.items():
        if word in column.split("_"):
            found.extend(column.replace(word, alt).replace("_", " ") for alt in alternatives)
    return found


def _relationship(tables: list[Table], index: int, rng: random.Random) -> Relationship:
    """Each table points at one earlier table, so the graph is connected and acyclic."""
    parent = tables[rng.randrange(index)]
    return Relationship.model_validate(
        {
            "name": f"r{index}",
            "from": tables[index].name,
            "to": parent.name,
            "on": [{"from": "parent_id", "to": parent.primary_key[0]}],
        }
    )


def _case(tables: list[Table], rng: random.Random) -> WideCase:
    """A question naming a measure and an attribute of one table, as an analyst would."""
    table = rng.choice(tables)
    domain, entity = _domain_entity(table.name)
    shape = table.name[len(domain) + len(entity) + 2 :]
    measures = [c for c in table.columns if c.type is ColumnType.DECIMAL]
    attributes = [c for c in table.columns if c.type is ColumnType.STRING]
    measure = rng.choice(measures).name if measures else f"{entity}_count"
    by = f" by {_words(rng.choice(attributes).name)}" if attributes else ""
    entity_words = rng.choice([_words(entity), *SYNONYMS.get(entity, ())])
    question = f"total {_words(measure)}{by} in the {_words(domain)} {entity_words} {_words(shape)}"
    return WideCase(question=question, tables=(table.name,))
