"""One "today": ``--today`` and ``ASKBI_TODAY`` mean the same to every command.

The date is resolved once (the flag, then the variable, then the clock) and handed to every
stage; nothing re-reads the clock. Each command that resolves relative dates is run both ways
and must produce the same SQL and the same time window.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.project.folder import SAMPLE_PROJECT, Project
from tests.support.cli import run_cli as run

pytestmark = pytest.mark.xdist_group("warehouse")

PINNED = "2024-01-15"
LAST_MONTH = {"start": "2023-12-01", "end": "2023-12-31"}


def _both_ways(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
) -> tuple[dict[str, object], dict[str, object]]:
    monkeypatch.delenv("ASKBI_TODAY", raising=False)
    code, flag_out, err = run(capsys, *argv, "--today", PINNED)
    assert code in (0, 1), err
    monkeypatch.setenv("ASKBI_TODAY", PINNED)
    code, env_out, err = run(capsys, *argv)
    assert code in (0, 1), err
    return json.loads(flag_out), json.loads(env_out)


def test_query_compiled_for_a_dialect(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("query", "--metric", "revenue", "--last", "1 month", "--dialect", "duckdb", "--json")
    by_flag, by_variable = _both_ways(capsys, monkeypatch, *argv)
    assert by_flag == by_variable
    assert by_flag["time_window"] == LAST_MONTH


def test_query_run_on_the_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    argv = ("query", "--metric", "revenue", "--last", "1 month", "--json")
    argv += ("--source", project.source_url)
    by_flag, by_variable = _both_ways(capsys, monkeypatch, *argv)
    assert by_flag["sql"] == by_variable["sql"]
    assert by_flag["time_window"] == by_variable["time_window"] == LAST_MONTH


def test_ask(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    argv = ("ask", "revenue last month", "--explain", "--json", "--source", project.source_url)
    by_flag, by_variable = _both_ways(capsys, monkeypatch, *argv)
    assert by_flag["sql"] == by_variable["sql"]
    assert by_flag["today"] == by_variable["today"] == PINNED
    assert str(by_flag["understood"]).endswith("last month (December 2023)")


def test_compile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    last_month = {"kind": "last", "n": 1, "unit": "month"}
    plan.write_text(json.dumps({"metrics": ["revenue"], "time_range": last_month}))
    by_flag, by_variable = _both_ways(capsys, monkeypatch, "compile", str(plan), "--json")
    assert by_flag == by_variable
    assert by_flag["time_window"] == LAST_MONTH


def test_sample_db_ends_on_the_pinned_day(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASKBI_TODAY", PINNED)
    path = tmp_path / "tiny.duckdb"
    code, out, err = run(capsys, "sample-db", "--path", str(path), "--scale", "0.01", "--json")
    assert code == 0, err
    assert json.loads(out)["end_date"] == PINNED


def test_askbi_query_refuses_what_the_guard_refuses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, project: Project
) -> None:
    """A dimension a metric owner put on a personal-data column compiles, but the guard —
    the one door to the database — refuses to read it, for ``askbi query`` as for questions."""
    copied = tmp_path / "project"
    shutil.copytree(SAMPLE_PROJECT, copied)
    layer = copied / "semantic_layer" / "customers_and_products.yaml"
    text = layer.read_text("utf-8")
    anchor = "    dimensions:\n"
    assert anchor in text
    email = "      - {name: customer_email, column: email, label: Customer e-mail}\n"
    layer.write_text(text.replace(anchor, anchor + email, 1), "utf-8")
    argv = ("query", "--project", str(copied), "--source", project.source_url)
    code, out, _ = run(capsys, *argv, "--metric", "revenue", "--by", "customer_email", "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == "sql_refused" and "personal" in error["message"].lower()
