"""The foreign development questions answered by hand-written plans (eval/foreign/plans.yaml).

Each plan runs through ``answer_plan`` (the path of ``askbi query``) on its project in
``eval/foreign/projects`` against the DuckDB file in ``../shared/eval/foreign_dev``, and is
graded against the question's gold rows by the evaluation's own grader. Gold timestamps
written as ISO text (``2023-04-01T00:00:00+00:00``) are read as the instants they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from app.evaluation.grade import CORRECT, grade
from app.pipeline.ask import answer_plan
from app.pipeline.startup import open_environment
from app.project.folder import load_project
from connectors.registry import open_connector
from metrics.semantic_query import SemanticQuery

ROOT = Path(__file__).resolve().parent.parent.parent
FOREIGN = ROOT / "eval" / "foreign"
SHARED = ROOT.parent / "shared" / "eval" / "foreign_dev"
TODAY = dt.date(2026, 11, 28)


@dataclass(frozen=True)
class Outcome:
    id: str
    verdict: str
    detail: str = ""


def plans(name: str = "plans.yaml") -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = yaml.safe_load((FOREIGN / name).read_text(encoding="utf-8"))
    return loaded


def questions() -> dict[str, dict[str, Any]]:
    items = yaml.safe_load((SHARED / "questions.yaml").read_text(encoding="utf-8"))
    return {q["id"]: q for q in items}


def _instant(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed.replace(tzinfo=None)
    return value


def _rounded(value: Any, digits: int | None) -> Any:
    if digits is None or isinstance(value, bool) or not isinstance(value, float | Decimal):
        return value
    return round(float(value), digits)


def run_database(
    database: str, folder: Path | None = None, plan_file: str = "plans.yaml"
) -> Iterator[Outcome]:
    """Every plan of one database, graded; plans marked ``out`` are reported as such."""
    gold = questions()
    project = load_project(folder or FOREIGN / "projects" / database)
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector, today=TODAY, read_values=False)
        for qid, entry in plans(plan_file).items():
            if entry["database"] != database:
                continue
            if "out" in entry:
                yield Outcome(qid, "out", entry["out"])
                continue
            answer = answer_plan(SemanticQuery.model_validate(entry["plan"]), env)
            if answer.error is not None:
                yield Outcome(qid, "error", answer.error.message)
                continue
            expected = gold[qid]["gold"][0]
            rows = [tuple(_instant(v) for v in row) for row in expected["rows"]]
            got = [tuple(_rounded(v, entry.get("round")) for v in row) for row in answer.rows]
            verdict = grade(expected["columns"], rows, answer.column_names(), got)
            detail = "" if verdict == CORRECT else f"{answer.row_count} rows vs {len(rows)}"
            yield Outcome(qid, verdict, detail)
