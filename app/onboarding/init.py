"""``askbi init SOURCE_URL``: read a database, draft a project, check it, write it.

The straight line: list the tables (with keys and comments), profile each column through
the guard, name entities, find keys and relationships, draft the YAML, load the draft with
askbi's own loaders (so ``askbi validate`` passes on what is written), write the folder,
and say what was guessed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlglot import exp

from app.onboarding.draft import (
    Draft,
    Guess,
    TableFacts,
    _attribute,
    draft_relationship,
    draft_table,
)
from app.onboarding.keys import Key, links, primary_key
from app.onboarding.measures import draft_metrics
from app.onboarding.naming import column_prefix, shared_prefix, singular, words
from app.onboarding.profile import TableProfile, overlap, profile_table
from app.onboarding.types import column_type
from app.pipeline.execute import run_profile
from app.project.atomic_files import write_atomically
from app.project.generated import check_loads, to_yaml
from app.stages import AppStage
from connectors.base import Connector, QueryResult, TableInfo, redact
from connectors.duckdb_connector import path_of
from connectors.registry import open_connector
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import ColumnType, SemanticLayerFile

TIMEOUT_S = 60.0


@dataclass(frozen=True)
class InitResult:
    out: Path
    source: str
    counts: dict[str, int]
    guesses: tuple[Guess, ...]
    skipped: tuple[str, ...] = ()
    elapsed_ms: float = 0.0
    files: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "source": self.source,
            "counts": self.counts,
            "review": [{"kind": g.kind, "where": g.where, "note": g.note} for g in self.guesses],
            "skipped": list(self.skipped),
            "files": list(self.files),
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


class InitFailed(UserError):
    code = ErrorCode.INIT_FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, stage=AppStage.CLI, hint=hint)


def init_project(url: str, out: Path, *, schema: str | None = None) -> InitResult:
    """Draft a project for the database at ``url`` into the folder ``out``."""
    began = time.perf_counter()
    _check_out(out)
    with open_connector(url) as connector:
        tables, skipped = _tables(connector, schema)
        draft = _draft(connector, tables)
    files = _render(draft, _source_line(url, out), redact(url))
    check_loads(files, "askbi init drafted")
    written = [_write(out / name, text) for name, text in files.items()]
    counts = {
        "tables": len(draft.tables),
        "columns": sum(len(t.get("columns", [])) for t in draft.tables),
        "dimensions": sum(len(t.get("dimensions", [])) for t in draft.tables),
        "time_dimensions": sum(len(t.get("time_dimensions", [])) for t in draft.tables),
        "relationships": len(draft.relationships),
        "inferred_relationships": sum("description" in r for r in draft.relationships),
        "metrics": len(draft.metrics),
    }
    return InitResult(
        out,
        redact(url),
        counts,
        tuple(draft.guesses),
        tuple(skipped),
        (time.perf_counter() - began) * 1000,
        tuple(written),
    )


def _check_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise InitFailed(
            f"{out} is not empty; askbi init writes a new project folder.",
            hint="Choose another --out, or remove the folder.",
        )


def _tables(connector: Connector, schema: str | None) -> tuple[list[TableInfo], list[str]]:
    if schema and schema not in connector.list_schemas():
        raise InitFailed(
            f"There is no schema '{schema}' in {redact(connector.url)}.",
            hint=f"Schemas: {', '.join(connector.list_schemas())}.",
        )
    listed = connector.list_tables([schema] if schema else [])
    if schema:
        qualified = [t for t in listed if t.name.startswith(f"{schema}.")]
        listed = qualified or listed  # the default schema is listed with plain names
    kept, skipped = [], []
    for table in listed:
        usable = tuple(c for c in table.columns if _plain(c.name))
        skipped += [f"{table.name}.{c.name}" for c in table.columns if not _plain(c.name)]
        if usable and _plain(table.name.replace(".", "_")):
            kept.append(
                TableInfo(table.name, usable, table.comment, table.primary_key, table.foreign_keys)
            )
        else:
            skipped.append(table.name)
    if not kept:
        raise InitFailed(
            f"No tables to draft from in {redact(connector.url)}"
            + (f" (schema {schema})." if schema else "."),
            hint="Check the URL, or name the schema with --schema.",
        )
    return kept, skipped


def _plain(name: str) -> bool:
    """Names the layer can hold unquoted: letters, digits, _ and $, not starting with a digit."""
    return (
        bool(name)
        and (name[0].isalpha() or name[0] == "_")
        and all(ch.isalnum() or ch in "_$" for ch in name)
    )


def _draft(connector: Connector, tables: list[TableInfo]) -> Draft:
    types = {t.name: {c.name: column_type(c.data_type) for c in t.columns} for t in tables}
    layer = _provisional_layer(tables, types)

    def run(select: exp.Select, rows: int) -> QueryResult:
        sql = select.sql(dialect=connector.dialect)
        return run_profile(sql, connector, layer, timeout_s=TIMEOUT_S, max_rows=rows)

    profiles = {t.name: profile_table(t, types[t.name], run) for t in tables}
    prefix = shared_prefix(t.name for t in tables)
    entities = {t.name: _entity(t.name, prefix) for t in tables}
    keys = {
        t.name: key
        for t in tables
        if (key := primary_key(t, profiles[t.name], entities[t.name])) is not None
    }
    found = links(
        tables,
        keys,
        entities,
        types,
        lambda s, c, t, k: overlap(s, c, t, k, run),
    )
    return _assemble(tables, profiles, prefix, entities, keys, found)


def _entity(table: str, prefix: list[str]) -> list[str]:
    named = words(table)
    named = named[len(prefix) :] if named[: len(prefix)] == prefix else named
    named = named or words(table)
    return [*named[:-1], singular(named[-1])]


def _assemble(
    tables: list[TableInfo],
    profiles: dict[str, TableProfile],
    prefix: list[str],
    entities: dict[str, list[str]],
    keys: dict[str, Key],
    found: list[Any],
) -> Draft:
    draft = Draft()
    foreign: dict[str, set[str]] = {}
    for link in found:
        foreign.setdefault(link.source, set()).add(link.column)
    for table in tables:
        tag = column_prefix([c.name for c in table.columns], prefix)
        facts = TableFacts(
            table,
            profiles[table.name],
            entities[table.name],
            tag,
            keys.get(table.name),
            foreign.get(table.name, set()),
        )
        data = draft_table(facts, draft)
        draft.tables.append(data)
        attributes = {c.name: _attribute(facts, c.name) for c in table.columns}
        draft_metrics(data, entities[table.name], attributes, draft, tag)
        if not data.get("time_dimensions"):
            draft.guesses.append(
                Guess("no date", table.name, "its metrics can't be asked by time range")
            )
    names: set[str] = set()
    draft.relationships = [draft_relationship(link, entities, names) for link in found]
    for link in found:
        if link.inferred:
            draft.guesses.append(
                Guess(
                    "relationship",
                    f"{link.source}.{link.column} → {link.target}.{link.key}",
                    f"inferred from the names; {link.matched:.0%} of the values match",
                )
            )
    linked = {r["from"] for r in draft.relationships} | {r["to"] for r in draft.relationships}
    for table in tables:
        if table.name not in linked and len(tables) > 1:
            draft.guesses.append(
                Guess(
                    "no relationship",
                    table.name,
                    "joined to nothing: reached only by its own metrics",
                )
            )
    return draft


def _provisional_layer(
    tables: list[TableInfo], types: dict[str, dict[str, ColumnType]]
) -> SemanticLayer:
    """Every table and column as listed, so the guard can check the profiling queries."""
    file = SemanticLayerFile.model_validate(
        {
            "tables": [
                {
                    "name": t.name,
                    "columns": [
                        {"name": c.name, "type": types[t.name][c.name].value} for c in t.columns
                    ],
                }
                for t in tables
            ]
        }
    )
    return SemanticLayer.from_files([file])


def _source_line(url: str, out: Path) -> str:
    """``askbi.yaml``'s source: a DuckDB path relative to the project, no password ever."""
    if url.startswith("duckdb:///"):
        target = path_of(url).resolve()
        return f"source: duckdb:///{os.path.relpath(target, out.resolve())}\n"
    if redact(url) != url:
        return "# source: set ASKBI_SOURCE (the URL has a password, which is not written here)\n"
    return f"source: {url}\n"


def _render(draft: Draft, source: str, shown: str) -> dict[str, str]:
    stamp = dt.datetime.now().strftime("%Y-%m-%d")  # an audit stamp, not "today"
    header = f"# Drafted by askbi init from {shown} on {stamp}. Review before you rely on it.\n"
    layer = {"tables": draft.tables, "relationships": draft.relationships}
    metrics = {
        "description": "Draft metrics: certify each, with an owner.",
        "metrics": draft.metrics,
    }
    return {
        "askbi.yaml": header + source,
        "semantic_layer/tables.yaml": header + to_yaml(layer),
        "metrics/drafts.yaml": header + to_yaml(metrics),
    }


def _write(path: Path, text: str) -> str:
    write_atomically(path, text)
    return str(path)
