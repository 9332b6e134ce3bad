"""Bad command-line input: a clear error for every flag, as JSON under ``--json``, never a
crash, never a silent wrong answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.error_codes import ErrorCode
from tests.support.cli import run_cli

QUERY = ("query", "--metric", "revenue", "--today", "2026-06-30")

CASES = [
    ((*QUERY, "--from", "2025-05-01", "--to", "2025-01-01"), "--from 2025-05-01 is after --to"),
    ((*QUERY, "--last", "999999999 years"), "1 to 1,000"),
    ((*QUERY, "--last", "0 days"), "1 to 1,000"),
    ((*QUERY, "--last", "3 decades"), "--last"),
    ((*QUERY, "--limit", "0"), "--limit"),
    ((*QUERY, "--limit", "-5"), "--limit"),
    ((*QUERY, "--limit", "2000000"), "--limit"),
    ((*QUERY, "--max-rows", "-3"), "--max-rows"),
    ((*QUERY, "--max-rows", "0"), "--max-rows"),
    ((*QUERY, "--max-rows", "many"), "--max-rows"),
    ((*QUERY, "--timeout", "nan"), "--timeout"),
    ((*QUERY, "--timeout", "-1"), "--timeout"),
    (("query", "--metric", "revenue", "--today", "2026-13-45"), "--today"),
    ((*QUERY, "--grain", "decade"), "--grain"),
    ((*QUERY, "--order", "sideways"), "--order"),
    ((*QUERY, "--filter", "region"), "--filter"),
    (("query", "--today", "2026-06-30"), "--metric"),
    (("ask", "revenue", "--question-timeout", "0"), "--question-timeout"),
    (("ask", "revenue", "--no-such-flag"), "Unrecognized arguments"),
    (("bench", "compile", "--iterations", "0"), "--iterations"),
    (("bench", "ask", "--rounds", "-1"), "--rounds"),
    (("sample-db", "--scale", "0"), "--scale"),
    (("sample-db", "--scale", "inf"), "--scale"),
    (("sample-db", "--end-date", "yesterday"), "--end-date"),
]


@pytest.mark.parametrize(("argv", "names"), CASES, ids=[" ".join(a[1:])[:60] for a, _ in CASES])
def test_a_bad_flag_is_a_json_error(
    argv: tuple[str, ...], names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 2 and "Traceback" not in out + err, (out, err)
    error = json.loads(out)["error"]
    assert error["code"] in (ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_SETTING), error
    assert names in error["message"], error["message"]


def test_without_json_a_bad_flag_is_argparse_usage_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(capsys, *QUERY, "--grain", "decade")
    assert code == 2 and out == ""
    assert err.startswith("usage: askbi query") and "invalid choice: 'decade'" in err


def test_sql_check_prints_flag_errors_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "sql-check", "--max-rows", "0")
    assert code == 2 and json.loads(out)["error"]["code"] == ErrorCode.INVALID_ARGUMENT


def test_a_plan_file_that_is_not_utf8_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(b'{"metrics": ["revenue"], "note": "caf\xe9"}')
    code, out, _ = run_cli(capsys, "compile", str(plan), "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["code"] == ErrorCode.INVALID_PLAN
    assert "not UTF-8" in error["message"] and "line 1" in error["message"]


def test_an_endless_plan_file_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "compile", "/dev/zero", "--json")
    assert code == 2 and "larger than a plan can be" in json.loads(out)["error"]["message"]


def test_a_project_that_is_a_file_is_not_called_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASKBI_PROJECT", "/etc/passwd")
    code, out, _ = run_cli(capsys, "validate", "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["code"] == ErrorCode.PROJECT_NOT_FOUND
    assert "is not a folder" in error["message"]
