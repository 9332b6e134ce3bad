"""docs/interop.md stays true: every MetricFlow parity query and every outcome is listed, and
every import/export command is shown."""

from __future__ import annotations

from pathlib import Path

from tests.interop.parity_queries import QUERIES

DOC = Path(__file__).parents[1] / "docs" / "interop.md"


def test_every_parity_query_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [q.id for q in QUERIES if f"`{q.id}`" not in text]
    assert not missing, f"docs/interop.md misses parity queries: {missing}"
    same = sum(q.outcome == "same" for q in QUERIES)
    assert f"{same} queries give identical numbers" in text


def test_every_interop_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for command in ("import dbt", "export dbt", "import cortex", "export cortex"):
        assert f"askbi {command}" in text
