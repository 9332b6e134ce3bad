"""The docs are part of the product: every YAML key and CLI command is documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from pydantic import BaseModel

from app.cli.main import build_parser, main
from app.project import config as project_config
from app.project.folder import Project
from metrics import model as metric_model
from metrics import semantic_query as plan_model
from metrics import timeframe
from semantic_layer import model as layer_model

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _models(module: object) -> list[type[BaseModel]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == getattr(module, "__name__", "")
    ]


def _keys(models: list[type[BaseModel]]) -> set[str]:
    return {(field.alias or name) for m in models for name, field in m.model_fields.items()}


@pytest.mark.parametrize(
    ("module", "doc"),
    [
        (layer_model, "semantic-layer.md"),
        (metric_model, "metric-catalog.md"),
        (project_config, "project.md"),
    ],
    ids=["semantic-layer", "metric-catalog", "project"],
)
def test_every_yaml_key_is_documented(module: object, doc: str) -> None:
    text = (DOCS / doc).read_text(encoding="utf-8")
    missing = sorted(k for k in _keys(_models(module)) if f"`{k}`" not in text)
    assert not missing, f"undocumented keys in docs/{doc}: {missing}"


def test_metric_types_and_enums_are_documented() -> None:
    text = (DOCS / "metric-catalog.md").read_text(encoding="utf-8")
    for enum in (
        metric_model.Aggregation,
        metric_model.Status,
        metric_model.Format,
        metric_model.Calculation,
        metric_model.CumulativeWindow,
    ):
        for member in enum:
            assert f"`{member.value}`" in text, f"{enum.__name__}.{member.name} is undocumented"
    for kind in ("simple", "ratio", "derived", "cumulative", "period_over_period", "target"):
        assert f"`{kind}`" in text


def test_plan_format_is_documented() -> None:
    text = (DOCS / "query-plan.md").read_text(encoding="utf-8")
    keys = _keys(_models(plan_model)) | _keys(_models(timeframe))
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert not missing, f"undocumented plan keys: {missing}"


def test_readme_shows_every_cli_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    for name in commands:
        assert re.search(rf"askbi {re.escape(name)}\b", readme), f"README misses `askbi {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _readme_examples() -> list[list[str]]:
    """The ``askbi`` lines of the README's "For example" block, split as a shell would."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("For example:", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.strip().splitlines()]


@pytest.mark.xdist_group("warehouse")
@pytest.mark.parametrize("argv", _readme_examples(), ids=lambda a: " ".join(a[:4]))
def test_readme_examples_run(
    argv: list[str], capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    assert len(_readme_examples()) >= 3
    code = main([*argv, "--source", project.source_url, "--today", "2026-06-30"])
    out = capsys.readouterr().out
    assert code == 0 and "SELECT" in out
