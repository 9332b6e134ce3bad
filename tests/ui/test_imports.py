"""The UI is thin: it never talks SQL, to a model or to a database driver itself."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
FORBIDDEN = {"sqlglot", "openai", "duckdb", "sqlalchemy", "psycopg", "psycopg2", "pymysql"}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports (``import x.y``, ``from x import y``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_ui_imports_no_sql_library_model_client_or_database_driver() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) >= 8, "the UI package moved; update this test"
    offenders = {
        str(f.relative_to(UI)): sorted(imported_modules(f) & FORBIDDEN)
        for f in files
        if imported_modules(f) & FORBIDDEN
    }
    assert not offenders, f"app/ui must not import {sorted(FORBIDDEN)}: {offenders}"


def test_the_check_sees_imports_in_any_form(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text(
        "import sqlglot.exp\nfrom duckdb import connect\ndef f():\n    import openai\n",
        encoding="utf-8",
    )
    assert imported_modules(sample) >= {"sqlglot", "duckdb", "openai"}
