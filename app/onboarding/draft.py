"""The draft itself: YAML data for the semantic layer and the metric catalog, and the list of
guesses a person should review.

Names come from the warehouse's own (``sbCustName`` on ``sbCustomer`` → ``customer_name``,
"Customer name"), so the draft reads like the database its owner knows. Everything is
plain data here; :mod:`app.onboarding.init` validates it with askbi's own loaders before a
file is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.onboarding.keys import Key, Link
from app.onboarding.naming import abbreviates, has_hangul, label, plural, snake, words
from app.onboarding.profile import ColumnProfile, TableProfile
from app.onboarding.types import date_format, looks_like_emails, looks_like_phones
from connectors.base import TableInfo
from semantic_layer.model import ColumnType, Grain
from semantic_layer.time_parts import SEPARATOR

ALLOWED_VALUES = 20
"""Text columns with at most this many values list them all as ``allowed_values``."""

DIMENSION_VALUES = 50
"""Text and integer columns with at most this many values become dimensions."""

_PII_NEVER = {"email", "mail", "phone", "mobile", "tel", "fax", "address", "street", "ssn"}
_PII_AGGREGATE = {"birth", "dob", "birthday", "birthdate"}
_PEOPLE = {"customer", "client", "user", "member", "patient", "person", "contact", "buyer"}
_NAMES = {"name", "first", "last", "surname", "fullname"}
_NAMEISH = {
    "name",
    "title",
    "symbol",
    "code",
    "label",
    "make",
    "model",
    "city",
    "state",
    "country",
    "region",
    "category",
    "type",
    "status",
    "method",
    "currency",
}
AMOUNT_WORDS = {
    "amount",
    "price",
    "cost",
    "total",
    "value",
    "revenue",
    "sales",
    "fee",
    "tax",
    "commission",
    "balance",
    "quantity",
    "qty",
    "shares",
    "volume",
    "salary",
    "spend",
}
_AUDIT = {"crtd", "created", "updated", "modified", "inserted", "load", "loaded", "etl", "ts"}
_GRAINS = {g.value for g in Grain}


@dataclass(frozen=True)
class Guess:
    kind: str
    where: str
    note: str


@dataclass
class Draft:
    tables: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    """Dimension and time dimension names in use (they share one namespace)."""
    words_taken: set[str] = field(default_factory=set)
    """Every dimension name and synonym, which metric synonyms may not reuse."""

    def unique(self, name: str) -> str:
        base, n = name, 2
        while name in self.taken or name in _GRAINS or SEPARATOR in name:
            name = f"{base.replace(SEPARATOR, '_')}_{n}"
            n += 1
        self.taken.add(name)
        return name


@dataclass(frozen=True)
class TableFacts:
    info: TableInfo
    profile: TableProfile
    entity: list[str]
    prefix: list[str]
    key: Key | None
    foreign: set[str]
    """Columns that point at another table (their values are ids, not dimensions)."""


def draft_table(facts: TableFacts, draft: Draft) -> dict[str, Any]:
    info, entity = facts.info, facts.entity
    data: dict[str, Any] = {"name": info.name, "label": label(entity)}
    if info.comment:
        data["description"] = info.comment
        if has_hangul(info.comment):
            data["labels"] = {"ko": _short(info.comment)}
    data["synonyms"] = _unique(
        [" ".join(plural(w) if i == len(entity) - 1 else w for i, w in enumerate(entity))]
    )
    if facts.key is not None:
        data["primary_key"] = list(facts.key.columns)
        if facts.key.inferred:
            draft.guesses.append(
                Guess(
                    "primary key",
                    info.name,
                    f"{', '.join(facts.key.columns)}: unique and "
                    "never empty, and named for the table",
                )
            )
    data["columns"] = [_column(facts, c.name, draft) for c in info.columns]
    pii = {c["name"]: c.get("pii", False) for c in data["columns"]}
    data["dimensions"] = [
        d for c in info.columns if (d := _dimension(facts, c.name, pii[c.name], draft))
    ]
    data["time_dimensions"] = [
        t for c in info.columns if (t := _time_dimension(facts, c.name, pii[c.name], draft))
    ]
    return {k: v for k, v in data.items() if v not in ([], {}, "")}


def _column(facts: TableFacts, name: str, draft: Draft) -> dict[str, Any]:
    stats = facts.profile.columns[name]
    info = next(c for c in facts.info.columns if c.name == name)
    column: dict[str, Any] = {"name": name, "type": stats.type.value}
    if not info.nullable:
        column["nullable"] = False
    if info.comment:
        column["description"] = info.comment
    pii = _pii(facts, stats)
    if pii is not None:
        column["pii"] = pii[0]
        draft.guesses.append(Guess("personal data", f"{facts.info.name}.{name}", pii[1]))
        return column
    is_key = facts.key is not None and name in facts.key.columns
    if is_key or name in facts.foreign:
        return column
    if stats.values and len(stats.values) <= ALLOWED_VALUES:
        column["allowed_values"] = list(stats.values)
    elif stats.type is ColumnType.STRING and stats.samples:
        column["sample_values"] = list(dict.fromkeys(stats.samples))[:3]
    return column


def _pii(facts: TableFacts, stats: ColumnProfile) -> tuple[bool | str, str] | None:
    named = set(words(stats.name))
    if named & _PII_AGGREGATE:
        return "aggregate", "a birth date: usable in averages and age bands, never shown"
    if named & _PII_NEVER:
        return True, f"named like contact data ({', '.join(sorted(named & _PII_NEVER))})"
    if stats.type is ColumnType.STRING and looks_like_emails(stats.samples):
        return True, "its values are e-mail addresses"
    dates = date_format(stats.samples) is not None
    if stats.type is ColumnType.STRING and looks_like_phones(stats.samples) and not dates:
        return True, "its values look like phone numbers"
    if named & _NAMES and facts.entity[-1] in _PEOPLE and stats.type is ColumnType.STRING:
        return True, f"a person's name in '{facts.info.name}'; clear it if names may be shown"
    return None


def _attribute(facts: TableFacts, name: str) -> list[str]:
    """The column's own words: without the shared prefix and the table's (abbreviated) name.

    ``sbCustName`` on ``sbCustomer`` → ``["name"]``; ``hire_date`` → ``["hire", "date"]``.
    """
    named = words(name)
    named = named[len(facts.prefix) :] if named[: len(facts.prefix)] == facts.prefix else named
    rest = [w for w in named if not any(abbreviates(w, e) for e in facts.entity)]
    return rest


def _dimension(
    facts: TableFacts, name: str, pii: bool | str, draft: Draft
) -> dict[str, Any] | None:
    stats = facts.profile.columns[name]
    is_key = facts.key is not None and facts.key.columns == (name,)
    if pii or (name in facts.foreign and not is_key) or not _is_dimension(stats, is_key):
        return None
    attribute = _attribute(facts, name) or ["id" if is_key else "name"]
    dim_name = draft.unique(snake([*facts.entity, *attribute]))
    synonyms = _unique([" ".join(attribute)], not_=dim_name)
    if attribute == ["name"]:
        synonyms.append(" ".join(facts.entity))
    data: dict[str, Any] = {
        "name": dim_name,
        "column": name,
        "label": label([*facts.entity, *attribute]),
    }
    comment = next(c.comment for c in facts.info.columns if c.name == name)
    if has_hangul(comment):
        data["labels"] = {"ko": _short(comment)}
        synonyms.append(_short(comment))
    synonyms = [s for s in synonyms if s != dim_name and s not in draft.taken]
    if synonyms:
        data["synonyms"] = synonyms
    draft.words_taken.update([dim_name, *synonyms])
    return data


def _is_dimension(stats: ColumnProfile, is_key: bool) -> bool:
    if is_key or stats.type is ColumnType.BOOLEAN:
        return True
    named = set(words(stats.name))
    if stats.type is ColumnType.STRING:
        return 0 < stats.distinct <= DIMENSION_VALUES or bool(named & _NAMEISH)
    if stats.type is ColumnType.INTEGER:
        measure = bool(named & AMOUNT_WORDS) or "id" in named
        return not measure and 0 < stats.distinct <= DIMENSION_VALUES
    return False


def _time_dimension(
    facts: TableFacts, name: str, pii: bool | str, draft: Draft
) -> dict[str, Any] | None:
    if pii:
        return None
    stats = facts.profile.columns[name]
    attribute = _attribute(facts, name) or ["date"]
    data: dict[str, Any]
    if stats.type in (ColumnType.DATE, ColumnType.TIMESTAMP):
        data = {"name": "", "column": name}
    elif stats.type is ColumnType.STRING and (found := date_format(stats.samples)):
        fmt, kind = found
        parsed = f"strptime(NULLIF({name}, ''), '{fmt}')"
        expr = f"CAST({parsed} AS DATE)" if kind is ColumnType.DATE else parsed
        data = {"name": "", "expr": expr, "type": kind.value}
        draft.guesses.append(
            Guess(
                "text read as dates", f"{facts.info.name}.{name}", f"every sample parses as '{fmt}'"
            )
        )
    else:
        return None
    data["name"] = draft.unique(snake([*facts.entity, *attribute]))
    data["label"] = label([*facts.entity, *attribute])
    return data


def main_time_dimension(table: dict[str, Any]) -> str | None:
    """The date a table's count is measured on: a business date before an audit stamp."""
    candidates = table.get("time_dimensions", [])
    business = [t for t in candidates if not set(words(t.get("column") or t["name"])) & _AUDIT]
    ranked = sorted(
        business or candidates,
        key=lambda t: (not ({"date", "day", "time"} & set(words(t["name"]))), "expr" in t),
    )
    return ranked[0]["name"] if ranked else None


def draft_relationship(
    link: Link, entities: dict[str, list[str]], names: set[str]
) -> dict[str, Any]:
    base = snake([*entities[link.source], *entities[link.target]])
    name, n = base, 2
    while name in names:
        name, n = f"{base}_{n}", n + 1
    names.add(name)
    data: dict[str, Any] = {
        "name": name,
        "from": link.source,
        "to": link.target,
        "on": [{"from": link.column, "to": link.key}],
    }
    if link.inferred:
        data["description"] = (
            f"Inferred by askbi init: {link.column} names {link.target}, and "
            f"{link.matched:.0%} of its values are keys of it. Review."
        )
    return data


def _unique(items: list[str], not_: str = "") -> list[str]:
    return [i for i in dict.fromkeys(s.strip() for s in items) if i and i != not_]


def _short(text: str) -> str:
    return text.strip().split("\n")[0][:40]
