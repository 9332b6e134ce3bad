"""Invalid YAML: every problem reported at once, each with file, line, key and a fix.

Each case is a file under ``tests/cases``; its expected messages are a golden file under
``tests/golden/validation``. Rewrite them with ``pytest --update-golden`` and read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.project.folder import SAMPLE_PROJECT
from kernel.problems import ValidationFailed
from metrics.loader import load_metric_catalog
from semantic_layer.loader import load_semantic_layer
from tests.support.golden import assert_golden

CASES = Path(__file__).parent / "cases"
LAYER_CASES = sorted((CASES / "invalid_layer").glob("*.yaml"))
METRIC_CASES = sorted((CASES / "invalid_metrics").glob("*.yaml"))


def _messages(error: ValidationFailed) -> str:
    return "\n".join(str(p) for p in error.problems)


def _isolated(case: Path, tmp_path: Path, folder: str) -> Path:
    target = tmp_path / folder
    target.mkdir()
    shutil.copy(case, target / case.name)
    return target


@pytest.mark.parametrize("case", LAYER_CASES, ids=lambda p: p.stem)
def test_invalid_semantic_layer(case: Path, tmp_path: Path, update_golden: bool) -> None:
    before = case.read_bytes()
    folder = _isolated(case, tmp_path, "semantic_layer")
    with pytest.raises(ValidationFailed) as raised:
        load_semantic_layer(folder, root=tmp_path)
    assert all(p.line for p in raised.value.problems), "every problem names its line"
    assert_golden(
        f"validation/layer_{case.stem}.txt", _messages(raised.value), update=update_golden
    )
    assert case.read_bytes() == before, "validation never touches the file"


@pytest.mark.parametrize("case", METRIC_CASES, ids=lambda p: p.stem)
def test_invalid_metric_catalog(case: Path, tmp_path: Path, update_golden: bool) -> None:
    layer = load_semantic_layer(SAMPLE_PROJECT / "semantic_layer")
    folder = _isolated(case, tmp_path, "metrics")
    with pytest.raises(ValidationFailed) as raised:
        load_metric_catalog(folder, layer, root=tmp_path)
    assert all(p.line for p in raised.value.problems), "every problem names its line"
    assert_golden(
        f"validation/metrics_{case.stem}.txt", _messages(raised.value), update=update_golden
    )


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "semantic_layer"
    folder.mkdir()
    for case in ("unknown_key", "bad_join"):
        shutil.copy(CASES / "invalid_layer" / f"{case}.yaml", folder / f"{case}.yaml")
    with pytest.raises(ValidationFailed) as raised:
        load_semantic_layer(folder, root=tmp_path)
    files = {p.file for p in raised.value.problems}
    assert files == {"semantic_layer/unknown_key.yaml", "semantic_layer/bad_join.yaml"}


def test_error_json_lists_problems(tmp_path: Path) -> None:
    folder = _isolated(CASES / "invalid_layer" / "bad_join.yaml", tmp_path, "semantic_layer")
    with pytest.raises(ValidationFailed) as raised:
        load_semantic_layer(folder, root=tmp_path)
    data = raised.value.to_dict()
    assert data["code"] == "invalid_project"
    problems = data["problems"]
    assert isinstance(problems, list)
    assert {p["code"] for p in problems} >= {"unknown_column", "unknown_table"}
