"""Validation problems: collected, never raised one at a time.

A metric owner who saved a file with five mistakes should see five messages, each with the
file, line and key, not fix-run-fix five times. Rules return ``Problem`` values; the loader
raises one :class:`ValidationFailed` carrying all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from kernel.yaml_source import KeyPath, LineIndex


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str
    code: str = ErrorCode.INVALID

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "message": self.message,
            "code": self.code,
        }


class ValidationFailed(UserError):
    """Raised with every problem found, sorted by file and line."""

    code = ErrorCode.INVALID_PROJECT

    def __init__(
        self, problems: Iterable[Problem], *, what: str = "project", warnings: Iterable[str] = ()
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        self.warnings = tuple(warnings)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        details = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"The {what} has {count} {noun}:\n{details}",
            stage=Stage.VALIDATE,
            hint="Fix the files named above; nothing was loaded.",
        )

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["problems"] = [p.to_dict() for p in self.problems]
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


@dataclass(frozen=True)
class Located:
    """Where a value came from: a file's line index, its parsed data and its key path."""

    index: LineIndex
    data: Any
    path: KeyPath

    def child(self, *keys: str | int) -> Located:
        return Located(self.index, self.data, (*self.path, *keys))

    def problem(self, message: str, *, code: str = ErrorCode.INVALID) -> Problem:
        return Problem(
            file=self.index.file,
            line=self.index.line_of(self.path),
            key=describe_path(self.data, self.path),
            message=message,
            code=code,
        )


def describe_path(data: Any, path: Sequence[str | int]) -> str:
    """A key path as a person reads it, naming list items by their ``name``.

    >>> describe_path({"tables": [{"name": "orders", "columns": []}]}, ("tables", 0, "columns"))
    'tables[orders].columns'
    """
    parts: list[str] = []
    node = data
    for key in path:
        node = node[key] if _has(node, key) else None
        if isinstance(key, int):
            label = _item_label(node, key)
            parts[-1:] = [f"{parts[-1]}[{label}]"] if parts else [f"[{label}]"]
        else:
            parts.append(key)
    return ".".join(parts)


def _has(node: Any, key: str | int) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def _item_label(node: Any, index: int) -> str:
    if isinstance(node, dict):
        for field in ("name", "term", "version"):
            if isinstance(node.get(field), str | int) and not isinstance(node.get(field), bool):
                return str(node[field])
    return str(index)
