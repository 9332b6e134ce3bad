"""One settings table and one error-code catalogue, and the documents rendered from them."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from app.cli.main import build_parser
from app.settings import SETTINGS, Settings, markdown_table, resolve_today
from kernel.error_codes import MEANINGS, ErrorCode
from kernel.error_codes import markdown_table as codes_table
from kernel.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_configuration_table_is_the_settings_table() -> None:
    assert markdown_table() in (ROOT / "README.md").read_text("utf-8")


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _flags(sub)
    return found


def test_every_declared_flag_exists() -> None:
    flags = _flags(build_parser())
    assert {s.flag for s in SETTINGS if s.flag} <= flags


def test_every_askbi_variable_read_anywhere_is_declared() -> None:
    declared = {s.variable for s in SETTINGS}
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "app").rglob("*.py"))
    read = set(re.findall(r"\"(ASKBI_[A-Z_]+)\"", source)) - {"ASKBI_TEST_POSTGRES_URL"}
    assert read <= declared


def test_a_flag_wins_over_its_variable_and_the_variable_over_the_default() -> None:
    env = {"ASKBI_MAX_ROWS": "50", "ASKBI_PLANNER": "offline", "ASKBI_TODAY": "2024-01-15"}
    assert Settings.resolve(env=env).max_rows == 50
    assert Settings.resolve(max_rows=7, env=env).max_rows == 7
    assert Settings.resolve(env={}).max_rows == Settings().max_rows
    assert Settings.resolve(env=env).planner.value == "offline"
    assert Settings.resolve(planner="llm", env=env).planner.value == "llm"
    assert str(resolve_today(None, env)) == "2024-01-15"


@pytest.mark.parametrize(
    ("variable", "value"),
    [("ASKBI_MAX_ROWS", "0"), ("ASKBI_MAX_ROWS", "many"), ("ASKBI_QUERY_TIMEOUT", "-1"),
     ("ASKBI_PLANNER", "gpt"), ("ASKBI_TODAY", "2026-13-45")],
)  # fmt: skip
def test_a_malformed_setting_is_a_clear_error(variable: str, value: str) -> None:
    with pytest.raises(UserError) as caught:
        Settings.resolve(env={variable: value})
        resolve_today(None, {variable: value})
    assert caught.value.code == ErrorCode.INVALID_SETTING and variable in caught.value.message


def test_every_error_code_has_a_meaning_and_the_docs_list_them() -> None:
    assert set(MEANINGS) == set(ErrorCode)
    assert codes_table() in (ROOT / "docs" / "errors.md").read_text("utf-8")


CODE_LITERAL = re.compile(r"\bcode\s*(?::\s*str\s*)?=\s*\"[a-z_]+\"")


def test_no_error_code_is_an_inline_string() -> None:
    """Codes are ``ErrorCode`` members, so a typo is a NameError, not a new contract."""
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for package in ("app", "kernel", "semantic_layer", "metrics", "connectors")
        for p in (ROOT / package).rglob("*.py")
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if CODE_LITERAL.search(line)
    ]
    assert not offenders
