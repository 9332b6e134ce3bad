"""Reading YAML safely while remembering where every key came from.

Validation messages must name the file, line and key of each problem. PyYAML's composed node
tree knows the line of every key; this module converts it to plain Python data plus a
``LineIndex`` that maps a key path such as ``("tables", 2, "columns", 0, "synonyms")`` to its
line, so pydantic errors (which carry such paths) and our own rules can both point at a line.

Project files are written by people and by tools, and one bad file must never hang or crash
the app that would let someone fix it. So the reader is bounded, and everything it refuses is
a :class:`YamlSyntaxError` with a line, never a traceback:

* a file is read as bytes, at most :data:`MAX_YAML_BYTES`, and must be UTF-8;
* composing YAML never expands an alias (PyYAML shares the node), but turning nodes into data
  does: a few hundred bytes of nested aliases (an "alias bomb") expand to billions of values,
  so values built again through aliases are counted against :data:`ALIAS_BUDGET`;
* an anchor that contains its own alias (``a: &x [*x]``) would be built for ever: refused;
* only the standard tags are read (strings, numbers, booleans, null, dates, lists, mappings);
  ``!!python/…``, ``!!binary``, ``!!set`` or a custom ``!tag`` is refused, not half-built;
* nesting deeper than :data:`MAX_NESTING` is refused before it can exhaust the stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kernel.error_codes import ErrorCode

KeyPath = tuple[str | int, ...]

MAX_YAML_BYTES = 4 * 1024 * 1024
"""A project file larger than this is refused unread: the largest real semantic layers (a
thousand tables of forty columns) are well under it, and composing a YAML node tree costs
about a hundred times the file's size in memory."""
ALIAS_BUDGET = 10_000
"""Values a document may build through aliases, beyond the ones written out."""
MAX_NESTING = 64
"""Lists and mappings inside one another; project files use fewer than ten levels."""

try:  # the C loader is several times faster on large files; both build the same nodes
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STANDARD = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
"""The scalar tags read: what a plain scalar resolves to, and the same written as ``!!str``."""


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
    """A file that can't be read as plain YAML: its line, what is wrong, and an error code."""

    def __init__(
        self, file: str, line: int | None, message: str, code: str = ErrorCode.YAML_SYNTAX
    ) -> None:
        super().__init__(f"{file}:{line or '?'}: {message}")
        self.file = file
        self.line = line
        self.message = message
        self.code = code


def decode_yaml(data: bytes, file: str) -> str:
    """A file's bytes as text: at most :data:`MAX_YAML_BYTES`, UTF-8 (a BOM is allowed).

    >>> decode_yaml(b"name: caf\\xc3\\xa9\\n", "x.yaml")
    'name: café\\n'
    >>> decode_yaml(b"a: 1\\nb: caf\\xe9\\n", "x.yaml")
    Traceback (most recent call last):
    ...
    kernel.yaml_source.YamlSyntaxError: x.yaml:2: the file is not UTF-8 text: byte 0xe9 ...
    """
    check_size(len(data), file)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise YamlSyntaxError(
            file,
            line,
            f"the file is not UTF-8 text: byte 0x{data[e.start]:02x} at line {line} can't be"
            " read. Save the file as UTF-8.",
            ErrorCode.BAD_ENCODING,
        ) from None


def check_size(size: int, file: str) -> None:
    """Raise :class:`YamlSyntaxError` (``file_too_large``) for a file over the cap."""
    if size > MAX_YAML_BYTES:
        raise YamlSyntaxError(
            file,
            None,
            f"the file is {size:,} bytes; a project file may be at most {MAX_YAML_BYTES:,}"
            " bytes. Split it into several files.",
            ErrorCode.FILE_TOO_LARGE,
        )


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document, keeping the line of every key.

    >>> doc = parse_yaml("tables:\\n  - name: orders\\n", "x.yaml")
    >>> doc.data, doc.index.line_of(("tables", 0, "name"))
    ({'tables': [{'name': 'orders'}]}, 2)
    >>> parse_yaml("a: &x [*x]\\n", "x.yaml")
    Traceback (most recent call last):
    ...
    kernel.yaml_source.YamlSyntaxError: x.yaml:1: a recursive anchor: this value contains ...
    """
    if len(text) > MAX_YAML_BYTES // 4:  # below that, even four bytes a character fit
        check_size(len(text.encode("utf-8", "surrogatepass")), file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(file, line, f"invalid YAML: {e.problem or e}") from e
    except yaml.YAMLError as e:  # the reader's errors (a control character) carry no mark
        position = getattr(e, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise YamlSyntaxError(file, line, f"invalid YAML: {e}") from e
    index = LineIndex(file)
    data = _Builder(index).build(node, ()) if node is not None else {}
    return YamlDocument(file=file, data=data, index=index)


class _Builder:
    """Nodes → plain data, refusing what the module docstring lists.

    ``built`` holds the nodes built at least once: meeting one again means an alias, and
    everything built beneath it then counts against the budget. ``open`` holds the nodes
    being built on the current path: meeting one of those means a recursive anchor.
    """

    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.constructor = yaml.SafeLoader("")
        self.built: set[int] = set()
        self.open: set[int] = set()
        self.aliased = 0
        self.inside_alias = 0
        self.alias_line: int | None = None
        """Where the alias being expanded is used (the node itself is at its anchor)."""

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.index.lines.setdefault(path, node.start_mark.line + 1)
        again = id(node) in self.built
        if id(node) in self.open:
            raise self._refuse(
                node,
                "a recursive anchor: this value contains an alias to itself, so it never ends."
                " Write the value out instead.",
            )
        if again and not self.inside_alias:
            self.alias_line = self._key_line(path)
        if again or self.inside_alias:
            self._count(node)
        self.built.add(id(node))
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self.scalar(node)
        if len(path) >= MAX_NESTING:
            raise self._refuse(node, f"lists and mappings are nested more than {MAX_NESTING} deep.")
        self.open.add(id(node))
        self.inside_alias += again
        try:
            return (
                self._mapping(node, path)
                if isinstance(node, yaml.MappingNode)
                else self._list(node, path)
            )
        finally:
            self.inside_alias -= again
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        self._check_tag(node, _STANDARD + "map")
        lines = self.index.lines
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

    def _list(self, node: yaml.SequenceNode, path: KeyPath) -> list[Any]:
        self._check_tag(node, _STANDARD + "seq")
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag not in SCALAR_TAGS:
            self._check_tag(node, "")
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as e:  # `!!int abc`, `!!float x`
            raise self._refuse(node, f"the value can't be read as {_shown(node.tag)}: {e}") from e

    def _count(self, node: yaml.Node) -> None:
        self.aliased += 1
        if self.aliased > ALIAS_BUDGET:
            raise YamlSyntaxError(
                self.index.file,
                self.alias_line or node.start_mark.line + 1,
                f"aliases expand to more than {ALIAS_BUDGET:,} values (an 'alias bomb')."
                " Write the values out, or use fewer aliases.",
                ErrorCode.YAML_UNSAFE,
            )

    def _key_line(self, path: KeyPath) -> int | None:
        """The line of the nearest key above ``path``: list items of an alias have none."""
        while path and isinstance(path[-1], int):
            path = path[:-1]
        return self.index.lines.get(path)

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self._refuse(
                node,
                f"the tag '{_shown(node.tag)}' is not allowed: askbi reads plain YAML only"
                " (text, numbers, true/false, null, dates, lists and mappings).",
            )

    def _refuse(self, node: yaml.Node, message: str) -> YamlSyntaxError:
        return YamlSyntaxError(
            self.index.file, node.start_mark.line + 1, message, ErrorCode.YAML_UNSAFE
        )


def _shown(tag: str) -> str:
    """``tag:yaml.org,2002:python/name:os.system`` → ``!!python/name:os.system``.

    >>> _shown("tag:yaml.org,2002:binary"), _shown("!money")
    ('!!binary', '!money')
    """
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag
