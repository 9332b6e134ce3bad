"""Reading YAML while remembering where every key came from.

Validation messages must name the file, line and key of each problem. PyYAML's composed node
tree knows the line of every key; this module converts it to plain Python data plus a
``LineIndex`` that maps a key path such as ``("tables", 2, "columns", 0, "synonyms")`` to its
line, so pydantic errors (which carry such paths) and our own rules can both point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]

try:  # the C loader is several times faster on large files; both build the same nodes
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class LineIndex:
    """Key path → 1-based line number, for one file."""

    file: str
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its closest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return None


@dataclass(frozen=True)
class YamlDocument:
    file: str
    data: Any
    index: LineIndex


class YamlSyntaxError(ValueError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line or '?'}: {message}")
        self.file = file
        self.line = line
        self.message = message


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document, keeping the line of every key.

    >>> doc = parse_yaml("tables:\\n  - name: orders\\n", "x.yaml")
    >>> doc.data, doc.index.line_of(("tables", 0, "name"))
    ({'tables': [{'name': 'orders'}]}, 2)
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(file, line, f"invalid YAML: {e.problem or e}") from e
    index = LineIndex(file)
    builder = _Builder(index)
    data = builder.build(node, ()) if node is not None else {}
    return YamlDocument(file=file, data=data, index=index)


class _Builder:
    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        lines = self.index.lines
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                # Keys keep their spelling: YAML 1.1 would read `on:` (a join's keys) as True.
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                child = (*path, str(key))
                lines[child] = key_node.start_mark.line + 1
                if key in result:
                    # PyYAML silently keeps the last duplicate; two `label:` keys in a business
                    # file are almost always a mistake, so remember it for the validator.
                    lines[("__duplicate_key__", *child)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        return self.constructor.construct_object(node, deep=True)
