"""Cortex Analyst: the export follows the specification's keys, and importing it again gives
the same compiled SQL for every golden plan, in every dialect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from app.interop.cortex.exporting import export_cortex
from app.interop.cortex.importing import import_cortex
from app.interop.cortex.model import SemanticModel
from app.interop.cortex.sidecar import sidecar_path
from app.interop.project_files import write_files
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from metrics.compiler import DIALECTS, compile_query
from metrics.semantic_query import SemanticQuery
from tests.support.cli import run_cli
from tests.test_compiler_golden import PLANS, TODAY


@pytest.fixture(scope="module")
def sample() -> Project:
    return load_project(SAMPLE_PROJECT, source="duckdb:///unused.duckdb")


@pytest.fixture(scope="module")
def exported(sample: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cortex") / "semantic_model.yaml"
    result = export_cortex(sample, path, database="retail", schema="main", today=TODAY)
    for name, text in result.files.items():
        Path(name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def round_trip(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    out = tmp_path_factory.mktemp("back")
    write_files(out, import_cortex(exported).files)
    return load_project(out, source="duckdb:///unused.duckdb")


def test_the_export_uses_only_the_specifications_keys(exported: Path) -> None:
    model = SemanticModel.model_validate(yaml.safe_load(exported.read_text(encoding="utf-8")))
    tables = {t.name: t for t in model.tables}
    assert {"orders", "order_items", "regions"} <= set(tables)
    revenue = next(m for m in tables["order_items"].metrics if m.name == "revenue")
    assert revenue.expr.startswith("SUM(CASE WHEN orders.status = 'completed'")
    assert not any(d.name == "email" for d in tables["customers"].dimensions)  # PII stays out
    assert model.verified_queries and model.relationships


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_round_trip_compiles_every_golden_plan_the_same(
    plan_file: Path, dialect: str, sample: Project, round_trip: Project
) -> None:
    plan = SemanticQuery.from_json(plan_file.read_text(encoding="utf-8"))

    def sql(project: Project) -> str:
        return compile_query(plan, project.layer, project.catalog, dialect=dialect, today=TODAY).sql

    assert sql(round_trip) == sql(sample)


def test_without_the_sidecar_what_is_lost_is_reported(exported: Path, tmp_path: Path) -> None:
    alone = tmp_path / "semantic_model.yaml"
    alone.write_text(exported.read_text(encoding="utf-8"), encoding="utf-8")
    assert not sidecar_path(alone).exists()
    result = import_cortex(alone)
    lossy = {n.where for n in result.report.notes if n.lossy}
    assert any(w.startswith("verified query") for w in lossy)
    catalog = yaml.safe_load(result.files["metrics/cortex.yaml"])
    revenue = next(m for m in catalog["metrics"] if m["name"] == "revenue")
    assert revenue["filter"] == "orders.status = 'completed' AND NOT orders.is_test"
    assert revenue["expr"] == "quantity * unit_price * (1 - discount_pct)"


def test_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "model.yaml"
    code, _, err = run_cli(capsys, "export", "cortex", str(path), "--today", "2026-06-30")
    assert code == 0, err
    assert sidecar_path(path).exists()
    out = tmp_path / "back"
    code, _, err = run_cli(capsys, "import", "cortex", str(path), "--out", str(out))
    assert code == 0, err
    code, text, _ = run_cli(capsys, "validate", "--project", str(out))
    assert code == 0, text
    assert dt.date  # the verified queries came back as plans
    assert (out / "verified_queries" / "cortex.yaml").exists()


def test_a_key_outside_the_specification_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("name: m\ntables: []\nmeasurez: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "cortex", str(path), "--out", str(tmp_path / "o"))
    assert code == 2 and "not a Cortex Analyst semantic model" in err and "measurez" in err
