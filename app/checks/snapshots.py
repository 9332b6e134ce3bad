"""Stored results, per data source, so a moved number is caught before anyone sees it.

A snapshot belongs to the data it was taken on: the same suite run on another warehouse
(or on the sample rebuilt for another day) has nothing to compare with, so snapshots are
filed under a fingerprint of the data — row counts and date spans of every table — and a
run on unknown data reports "no snapshot" instead of a false failure.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from app.pipeline.environment import Environment
from app.pipeline.execute import data_span, run_guarded
from app.project.atomic_files import write_atomically
from metrics.identifiers import quote_identifiers
from metrics.identifiers import table as table_ref

FOLDER = "snapshots"


def fingerprint(env: Environment) -> str:
    """12 hex digits that change when any table's size or date span changes."""
    parts: list[str] = []
    for name in sorted(env.project.layer.tables):
        count = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(table_ref(name))
        sql = quote_identifiers(count, env.dialect).sql(dialect=env.dialect)
        rows = run_guarded(sql, env).rows[0][0]
        parts.append(f"{name}:{rows!s}")
    for name in sorted(env.project.layer.time_dimensions):
        parts.append(f"{name}:{data_span(env, name)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Snapshot:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    plan: str

    def to_json(self) -> str:
        data = {
            "plan": self.plan,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        data = json.loads(text)
        return cls(tuple(data["columns"]), tuple(tuple(r) for r in data["rows"]), data["plan"])


@dataclass(frozen=True)
class SnapshotStore:
    folder: Path

    @classmethod
    def for_data(cls, checks_folder: Path, data: str) -> SnapshotStore:
        return cls(checks_folder / FOLDER / data)

    def path(self, suite: str, case: str) -> Path:
        return self.folder / suite / f"{case}.json"

    def load(self, suite: str, case: str) -> Snapshot | None:
        path = self.path(suite, case)
        return Snapshot.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None

    def save(self, suite: str, case: str, snapshot: Snapshot) -> None:
        """Atomically: a crash mid-write never leaves half a snapshot."""
        write_atomically(self.path(suite, case), snapshot.to_json())
