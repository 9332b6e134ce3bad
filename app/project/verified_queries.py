"""Verified queries: question → plan pairs that metric owners certify.

They live in the project's ``verified_queries/`` folder as YAML. A question that means the
same as one is answered with its plan and says so (see ``app/pipeline/ground/verified.py``
for the matching); they are also the model's few-shot examples.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from kernel.errors import AskbiError
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_folder
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import resolve_query
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Frozen, Name

FOLDER = "verified_queries"


class VerifiedQuery(Frozen):
    name: Name
    question: str
    plan: SemanticQuery
    verified_by: str
    verified_on: dt.date
    note: str = ""


class VerifiedFile(Frozen):
    description: str = ""
    verified_queries: tuple[VerifiedQuery, ...] = Field(default=())


def load_verified_queries(
    root: Path, layer: SemanticLayer, catalog: MetricCatalog, today: dt.date
) -> tuple[VerifiedQuery, ...]:
    """Every verified query of a project; raises ``ValidationFailed`` listing every problem."""
    folder = root / FOLDER
    if not folder.is_dir():
        return ()
    files, problems = parse_folder(folder, VerifiedFile, root=root)
    problems += _check(files, layer, catalog, today)
    if problems:
        raise ValidationFailed(problems, what="verified query repository")
    return tuple(q for f in files for q in f.model.verified_queries)


def _check(
    files: list[ParsedFile[VerifiedFile]],
    layer: SemanticLayer,
    catalog: MetricCatalog,
    today: dt.date,
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for f in files:
        for i, query in enumerate(f.model.verified_queries):
            at = f.at("verified_queries", i)
            if query.name in seen:
                problems.append(at.child("name").problem(f"'{query.name}' is defined twice"))
            seen.add(query.name)
            try:
                resolve_query(query.plan, layer, catalog, today)
            except AskbiError as e:
                problems.append(at.child("plan").problem(e.message, code=e.code))
    return problems
