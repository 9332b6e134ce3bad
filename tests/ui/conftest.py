"""Fixtures of the app's tests: a copy of the sample project the app may write into.

The app reads its project, data source and "today" from the environment, as it does when
started by ``askbi app``. Every test gets its own copy of the sample project, so saved
dashboards, feedback and promoted queries never land in ``sample_db/project``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from app.cli.app_process import LLM_VARIABLES
from app.project.folder import SAMPLE_PROJECT
from tests.conftest import TODAY

MAIN = Path(__file__).resolve().parents[2] / "app" / "ui" / "main.py"


def copy_project(target: Path) -> Path:
    shutil.copytree(SAMPLE_PROJECT, target, ignore=shutil.ignore_patterns("feedback"))
    return target


@pytest.fixture
def app_project(
    tmp_path: Path, sample_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private project copy, pointed at the small sample warehouse, offline planner."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("ASKBI_PROJECT", str(root))
    monkeypatch.setenv("ASKBI_SOURCE", f"duckdb:///{sample_warehouse}")
    monkeypatch.setenv("ASKBI_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ASKBI_PLANNER", "offline")
    for name in LLM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield root
    # Caches are process-wide; each test's project is new, and its connections must close.
    st.cache_data.clear()
    st.cache_resource.clear()
