"""Check suites: groups of paraphrases that must mean the same, and what must hold for them.

A suite is YAML in the project's ``checks/`` folder. Each case is a paraphrase group (any
language) with what every question of it must produce: a status, a plan, values, SQL. The
regression suite (``askbi check``) and the project's own tests read the same files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field

from app.pipeline.records import Source
from kernel.errors import AskbiError
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_folder
from metrics.catalog import MetricCatalog
from metrics.compiler.resolve import resolve_query
from metrics.semantic_query import SemanticQuery
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Frozen, Name, ScalarValue

FOLDER = "checks"


class Case(Frozen):
    name: Name
    questions: tuple[str, ...] = Field(min_length=1)
    after: tuple[str, ...] = ()
    """Earlier questions of the conversation, for follow-ups."""
    expect: Literal["answer", "clarify", "cannot_answer", "no_answer"] = "answer"
    """``no_answer``: a clarification or cannot-answer are both right; nothing may run."""
    plan: SemanticQuery | None = None
    source: Source | None = None
    options: tuple[str, ...] = ()
    """Labels a clarification must offer."""
    values: tuple[dict[str, ScalarValue | None], ...] = ()
    """Rows that must appear: text columns locate the row, numbers must match."""
    tolerance: float = Field(default=1e-6, ge=0)
    """Relative tolerance for numbers in ``values`` and snapshots."""
    sql: str | None = None
    """The exact SQL every question must compile to (for the project's dialect)."""
    snapshot: bool = True
    """Compare the result with the stored snapshot of the data source, when there is one."""


class Suite(Frozen):
    description: str = ""
    today: dt.date
    cases: tuple[Case, ...] = ()


class LoadedSuite(Frozen):
    name: str
    suite: Suite

    @property
    def cases(self) -> tuple[Case, ...]:
        return self.suite.cases

    @property
    def today(self) -> dt.date:
        return self.suite.today


def load_suites(
    root: Path, layer: SemanticLayer, catalog: MetricCatalog, names: tuple[str, ...] = ()
) -> list[LoadedSuite]:
    """The project's suites (all, or those named); raises ``ValidationFailed``."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    files, problems = parse_folder(folder, Suite, root=root)
    problems += _check(files, layer, catalog)
    if problems:
        raise ValidationFailed(problems, what="check suite")
    loaded = [LoadedSuite(name=Path(f.doc.file).stem, suite=f.model) for f in files]
    return [s for s in loaded if not names or s.name in names]


def _check(
    files: list[ParsedFile[Suite]], layer: SemanticLayer, catalog: MetricCatalog
) -> list[Problem]:
    problems: list[Problem] = []
    for f in files:
        seen: set[str] = set()
        for i, case in enumerate(f.model.cases):
            at = f.at("cases", i)
            if case.name in seen:
                problems.append(at.child("name").problem(f"case '{case.name}' is defined twice"))
            seen.add(case.name)
            if case.expect == "answer" and case.plan is None:
                problems.append(at.problem("an answer case needs the `plan` it must produce"))
            if case.plan is not None:
                try:
                    resolve_query(case.plan, layer, catalog, f.model.today)
                except AskbiError as e:
                    problems.append(at.child("plan").problem(e.message, code=e.code))
    return problems
