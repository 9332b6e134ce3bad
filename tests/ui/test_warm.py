"""The server opens the shared environment as it starts, so the first reader does not."""

from __future__ import annotations

import pytest

from app.cli.commands import app_server
from app.pipeline import startup
from app.ui import cache

pytestmark = [pytest.mark.xdist_group("warehouse"), pytest.mark.usefixtures("app_project")]


def test_warming_opens_the_environment_a_page_then_reuses(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []

    def counting(*args: object, **kwargs: object) -> object:
        opened.append(args[0])
        return startup.open_environment(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "open_environment", counting)
    cache.warm()
    assert len(opened) == 1
    env = cache._connected(*cache.default_location())  # what a page's first visit asks for
    assert len(opened) == 1 and env.connector is not None


def test_askbi_app_starts_streamlit_through_the_warming_launcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    called: list[list[str]] = []

    def call(command: list[str], env: dict[str, str]) -> int:
        called.append(command)
        return 0

    monkeypatch.setattr(app_server.subprocess, "call", call)
    app_server.app(type("Args", (), {"project": None, "port": 8501, "headless": True})())
    assert called[0][1:4] == ["-m", "app.ui.serve", "run"]
