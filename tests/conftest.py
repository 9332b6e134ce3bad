"""Shared fixtures: the sample project, a small sample warehouse, golden files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from app.llm.client import LLMClient
from app.llm.settings import LLMSettings
from app.project.folder import SAMPLE_PROJECT, Project, load_project
from tests.support.openai_server import OpenAIServer

if TYPE_CHECKING:
    from connectors.base import Connector

TODAY = dt.date(2026, 6, 30)
"""Every test pins "today": relative ranges must not drift with the calendar."""

SAMPLE_SCALE = 0.05

# Properties assert correctness only: a deadline or a "generation too slow" check is a timing
# assertion in disguise, and fails on a busy two-core machine while the code is right.
settings.register_profile("askbi", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("askbi")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files with the current output (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample warehouse ending on TODAY, built once per test process."""
    from sample_db.generate import build_sample_warehouse

    path = tmp_path_factory.mktemp("warehouse") / "retail.duckdb"
    build_sample_warehouse(path, scale=SAMPLE_SCALE, seed=7, end_date=TODAY)
    return path


@pytest.fixture(scope="session")
def project(sample_warehouse: Path) -> Project:
    return load_project(SAMPLE_PROJECT, source=f"duckdb:///{sample_warehouse}")


@pytest.fixture(scope="session")
def duckdb_connector(project: Project) -> Iterator[Connector]:
    from connectors.registry import open_connector

    with open_connector(project.source_url) as connector:
        yield connector


@pytest.fixture(scope="session")
def sample() -> Project:
    """The sample project without a database: for prompts, schemas and plans."""
    return load_project(SAMPLE_PROJECT)


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    """A scripted OpenAI-compatible server on localhost (see tests/support/openai_server.py)."""
    with OpenAIServer() as running:
        yield running


@pytest.fixture
def client(server: OpenAIServer) -> Iterator[LLMClient]:
    """The real ``openai``-backed client pointed at ``server``, with quick retries."""
    settings = LLMSettings(
        api_key="sk-test", base_url=server.url, model="test-model", timeout_s=5, backoff_s=0.01
    )
    with LLMClient(settings) as llm:
        yield llm
