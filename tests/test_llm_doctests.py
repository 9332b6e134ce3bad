"""The LLM modules' docstring examples run, since ``pytest`` collects ``tests/`` only."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "app.llm.context",
    "app.llm.messages",
    "app.llm.plan_tool",
    "app.llm.planner",
    "app.llm.prompts",
    "app.llm.retry",
    "app.llm.settings",
    "app.llm.sql_writer",
    "app.llm.tokens",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
