"""Every library module's docstring examples run (pytest only collects ``tests/``).

The Streamlit pages are scripts, not libraries: importing them would run them.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("app", "kernel", "semantic_layer", "metrics", "connectors", "sample_db")
SKIP = ("app.ui",)


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not info.name.startswith(SKIP):
                names.append(info.name)
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_most_modules_show_an_example() -> None:
    with_examples = [
        n
        for n in MODULES
        if doctest.DocTestFinder().find(importlib.import_module(n))
        and any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(n)))
    ]
    assert len(with_examples) >= 40, len(with_examples)
