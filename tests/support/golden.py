"""Golden files: expected output kept as reviewable text next to the tests.

Run ``pytest --update-golden`` to rewrite them deliberately, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

GOLDEN_ROOT = Path(__file__).resolve().parent.parent / "golden"


def assert_golden(name: str, actual: str, *, update: bool) -> None:
    path = GOLDEN_ROOT / name
    text = actual.rstrip("\n") + "\n"
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs from its golden file; see the diff above"
