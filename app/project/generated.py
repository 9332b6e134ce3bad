"""Projects askbi writes itself (``init``, ``import``): YAML as a person would write it, and
a check that what is about to be written loads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from app.project.folder import load_project
from app.stages import AppStage
from kernel.errors import InternalError
from kernel.problems import ValidationFailed

ProjectFiles = dict[str, str]
"""Relative path → text, e.g. ``semantic_layer/dbt.yaml``."""


class _Plain(yaml.SafeDumper):
    """No ``&id001`` anchors: a value written twice is written out twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(data: dict[str, Any], header: str = "") -> str:
    text = yaml.dump(
        data,
        Dumper=_Plain,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
    return header + text


def check_loads(files: ProjectFiles, who: str) -> None:
    """The project must load as it will be written: a failure here is askbi's bug."""
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        try:
            load_project(Path(folder), source="duckdb:///unused.duckdb")
        except ValidationFailed as e:
            raise InternalError(
                f"{who} a project that does not validate: {e.message}",
                stage=AppStage.CLI,
            ) from e
