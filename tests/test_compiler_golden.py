"""Golden SQL per dialect for a set of plans; every dialect's SQL parses back with sqlglot.

The plans live in ``tests/cases/plans/*.json`` (plans a model may also write) and
``tests/cases/capability_plans/*.json`` (the rest of the plan format); their SQL in
``tests/golden/sql/<plan>.<dialect>.sql``. A compiler change shows up as a reviewable diff;
rewrite with ``pytest --update-golden``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlglot

from app.project.folder import SAMPLE_PROJECT, Project, load_project
from metrics.compiler import DIALECTS, compile_query
from metrics.semantic_query import SemanticQuery
from tests.support.golden import assert_golden

CASES = Path(__file__).parent / "cases"
PLANS = sorted([*(CASES / "plans").glob("*.json"), *(CASES / "capability_plans").glob("*.json")])
TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def sample_project() -> Project:
    return load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")


def _plan(path: Path) -> SemanticQuery:
    return SemanticQuery.from_json(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_golden_sql(
    plan_file: Path, dialect: str, sample_project: Project, update_golden: bool
) -> None:
    compiled = compile_query(
        _plan(plan_file), sample_project.layer, sample_project.catalog, dialect=dialect, today=TODAY
    )
    assert_golden(f"sql/{plan_file.stem}.{dialect}.sql", compiled.sql, update=update_golden)
    parsed = sqlglot.parse(compiled.sql, read=dialect)
    assert len(parsed) == 1 and parsed[0] is not None


@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_equal_plans_give_identical_sql(plan_file: Path, sample_project: Project) -> None:
    plan = _plan(plan_file)
    again = SemanticQuery.from_json(plan.canonical_json())
    layer, catalog = sample_project.layer, sample_project.catalog
    first = compile_query(plan, layer, catalog, today=TODAY).sql
    assert compile_query(again, layer, catalog, today=TODAY).sql == first
