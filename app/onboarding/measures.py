"""Draft metrics: a count per table, and a total and an average of each amount-like column.

All of them ``status: draft``: a person certifies a metric, a machine only proposes one.
"""

from __future__ import annotations

from typing import Any

from app.onboarding.draft import AMOUNT_WORDS, Draft, main_time_dimension
from app.onboarding.naming import has_hangul, label, plural, snake, words
from semantic_layer.model import ColumnType

OWNER = "to be assigned (drafted by askbi init)"

# Column-name words that make a numeric column a draft metric's measure.
_AMOUNT_WORDS = AMOUNT_WORDS | {"payment", "profit", "discount", "score", "rating", "duration"}


def draft_metrics(
    table: dict[str, Any],
    entity: list[str],
    attributes: dict[str, list[str]],
    draft: Draft,
    prefix: list[str],
) -> None:
    """Add the table's draft metrics to ``draft.metrics``."""
    time_dimension = main_time_dimension(table)
    dated = {"time_dimension": time_dimension} if time_dimension else {}
    counted = (table.get("primary_key") or [table["columns"][0]["name"]])[0]
    many = [*entity[:-1], plural(entity[-1])]
    _metric(
        draft,
        snake([*entity, "count"]),
        label(many),
        f"Number of rows of {table['name']} ({' '.join(many)}).",
        [" ".join(many), f"number of {' '.join(many)}"],
        {"table": table["name"], "agg": "count", "expr": counted, **dated},
    )
    keys = set(table.get("primary_key", []))
    for column in table["columns"]:
        if not _is_amount(column, keys):
            continue
        attribute = _own_words(column["name"], prefix) or attributes[column["name"]]
        if attribute[:1] == ["total"] and len(attribute) > 1:
            attribute = attribute[1:]
        if any(m["name"] == snake(["total", *attribute]) for m in draft.metrics):
            attribute = [*entity, *attribute]  # two tables' "amount": name them apart
        text = " ".join(attribute)
        note = column.get("description", "")
        korean = [note] if has_hangul(note) else []
        base = {"table": table["name"], "expr": column["name"], **dated}
        for agg, words_, synonyms in (
            ("sum", ["total", *attribute], [text, f"total {text}", *korean]),
            ("avg", ["average", *attribute], [f"average {text}"]),
        ):
            name = snake(["avg" if agg == "avg" else "total", *attribute])
            title = f"{'Average' if agg == 'avg' else 'Sum'} of {column['name']}."
            _metric(draft, name, label(words_), title, synonyms, {**base, "agg": agg})


def _own_words(name: str, prefix: list[str]) -> list[str]:
    named = words(name)
    return named[len(prefix) :] if prefix and named[: len(prefix)] == prefix else named


def _is_amount(column: dict[str, Any], keys: set[str]) -> bool:
    if column["name"] in keys or column.get("pii") or "id" in words(column["name"]):
        return False
    if column["type"] == ColumnType.DECIMAL.value:
        return True
    return column["type"] == ColumnType.INTEGER.value and bool(
        set(words(column["name"])) & _AMOUNT_WORDS
    )


def _metric(
    draft: Draft,
    name: str,
    title: str,
    description: str,
    synonyms: list[str],
    definition: dict[str, Any],
) -> None:
    while name in {m["name"] for m in draft.metrics}:
        name += "_2"
    free = [s for s in dict.fromkeys(synonyms) if s and s not in draft.words_taken and s != name]
    draft.words_taken.update([name, *free])
    metric: dict[str, Any] = {
        "name": name,
        "label": title,
        "description": description,
        "owner": OWNER,
        "status": "draft",
        "type": "simple",
        **definition,
    }
    if free:
        metric["synonyms"] = free
    if definition["agg"] == "count":
        metric["format"] = "integer"
    draft.metrics.append(metric)
