"""Turn a folder of YAML files into validated pydantic models, or a list of problems.

Shared by the semantic layer and the metric catalog: both are folders of YAML files whose
every file parses into one pydantic model.
"""

from __future__ import annotations

import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from kernel.errors import did_you_mean
from kernel.problems import Located, Problem
from kernel.yaml_source import (
    MAX_YAML_BYTES,
    KeyPath,
    YamlDocument,
    YamlSyntaxError,
    check_size,
    decode_yaml,
    parse_yaml,
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ParsedFile(Generic[M]):
    doc: YamlDocument
    model: M
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """list field → the YAML index of each item the model kept (invalid items are left out)"""
    dropped: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """list field → the names of items left out, so references to them aren't reported twice"""

    def at(self, *path: str | int) -> Located:
        """Where a model path came from in the YAML, for messages with the right line."""
        return Located(self.doc.index, self.doc.data, self.doc_path(*path))

    def doc_path(self, *path: str | int) -> KeyPath:
        if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
            kept = self.positions.get(path[0])
            if kept is not None:
                return (path[0], kept[path[1]], *path[2:])
        return path


def yaml_files(folder: Path) -> list[Path]:
    """The ``*.yaml``/``*.yml`` files of a folder, sorted so loading order is stable."""
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def read_file(path: Path, display_name: str) -> tuple[str | None, list[Problem]]:
    """A project file's text, or the problem that stops it being read: too large, not UTF-8,
    unreadable. Reads at most one byte past the size cap, whatever the file's size."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
            if len(data) > MAX_YAML_BYTES:
                check_size(os.fstat(handle.fileno()).st_size, display_name)
    except OSError as e:
        return None, [Problem(display_name, None, "", f"can't read the file: {e.strerror}.")]
    except YamlSyntaxError as e:
        return None, [_problem(e)]
    return decode_text(data, display_name)


def decode_text(data: bytes, display_name: str) -> tuple[str | None, list[Problem]]:
    """``data`` as UTF-8 text, or the problem: too large, or not UTF-8 (with its line)."""
    try:
        return decode_yaml(data, display_name), []
    except YamlSyntaxError as e:
        return None, [_problem(e)]


def parse_path(
    path: Path, display_name: str, model: type[M]
) -> tuple[ParsedFile[M] | None, list[Problem]]:
    """:func:`parse_file` of a file on disk, read with :func:`read_file`'s bounds."""
    text, problems = read_file(path, display_name)
    return (None, problems) if text is None else parse_file(text, display_name, model)


def parse_bytes(
    data: bytes, display_name: str, model: type[M]
) -> tuple[ParsedFile[M] | None, list[Problem]]:
    """:func:`parse_file` of a file's bytes, decoded with :func:`decode_text`'s bounds."""
    text, problems = decode_text(data, display_name)
    return (None, problems) if text is None else parse_file(text, display_name, model)


def parse_file(
    text: str, display_name: str, model: type[M]
) -> tuple[ParsedFile[M] | None, list[Problem]]:
    try:
        doc = parse_yaml(text, display_name)
    except YamlSyntaxError as e:
        return None, [_problem(e)]
    problems = _duplicate_keys(doc)
    if not isinstance(doc.data, dict):
        problems.append(Problem(display_name, 1, "", "expected a mapping at the top level"))
        return None, problems
    data, positions, dropped = _valid_items(doc, model, problems)
    try:
        parsed = model.model_validate(data)
    except ValidationError as e:
        problems.extend(_pydantic_problems(e, doc, model))
        return None, problems
    return ParsedFile(doc, parsed, positions, dropped), problems


def _valid_items(
    doc: YamlDocument, model: type[M], problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, tuple[int, ...]], dict[str, tuple[str, ...]]]:
    """Validate list items (each metric, each table) one by one and keep the valid ones.

    One mistake in one metric must not hide the rest of its file: every other metric is
    still checked, and only the broken one's own problems are reported.
    """
    data = dict(doc.data)
    positions: dict[str, tuple[int, ...]] = {}
    dropped: dict[str, tuple[str, ...]] = {}
    for name, item_type in _list_fields(model).items():
        items = data.get(name)
        if not isinstance(items, list):
            continue
        kept, kept_at, lost = [], [], []
        for i, item in enumerate(items):
            try:
                TypeAdapter(item_type).validate_python(item)
            except ValidationError as e:
                problems.extend(_pydantic_problems(e, doc, model, prefix=(name, i)))
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    lost.append(item["name"])
                continue
            kept.append(item)
            kept_at.append(i)
        data[name], positions[name], dropped[name] = kept, tuple(kept_at), tuple(lost)
    return data, positions, dropped


def _list_fields(model: type[BaseModel]) -> dict[str, Any]:
    """``tuple[X, ...]`` fields whose items are models (or unions of them), by YAML key."""
    found = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is tuple:
            args = [a for a in typing.get_args(annotation) if a is not ...]
            if len(args) == 1 and _is_model_like(args[0]):
                found[info.alias or name] = args[0]
    return found


def _is_model_like(annotation: Any) -> bool:
    inner = _inner_model(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return True
    return any(
        isinstance(_inner_model(a), type) and issubclass(_inner_model(a), BaseModel)
        for a in typing.get_args(annotation)
    )


def parse_folder(
    folder: Path, model: type[M], *, root: Path | None = None
) -> tuple[list[ParsedFile[M]], list[Problem]]:
    parsed: list[ParsedFile[M]] = []
    problems: list[Problem] = []
    for path in yaml_files(folder):
        name = str(path.relative_to(root)) if root else str(path)
        one, found = parse_path(path, name, model)
        problems.extend(found)
        if one is not None:
            parsed.append(one)
    return parsed, problems


def _problem(error: YamlSyntaxError) -> Problem:
    return Problem(error.file, error.line, "", error.message, code=error.code)


def _duplicate_keys(doc: YamlDocument) -> list[Problem]:
    problems = []
    for path, line in doc.index.lines.items():
        if path and path[0] == "__duplicate_key__":
            key = Located(doc.index, doc.data, path[1:]).problem("").key
            problems.append(
                Problem(doc.file, line, key, "duplicate key: the earlier value would be lost")
            )
    return problems


def _pydantic_problems(
    error: ValidationError, doc: YamlDocument, model: type[M], prefix: KeyPath = ()
) -> list[Problem]:
    problems = []
    for item in error.errors():
        item = {**item, "loc": (*prefix, *item["loc"])}
        path = _data_path(doc.data, item["loc"])
        located = Located(doc.index, doc.data, path)
        problems.append(located.problem(_message(item, model, path), code=item["type"]))
    return problems


def _data_path(data: Any, loc: tuple[int | str, ...]) -> KeyPath:
    """Drop the union tags pydantic adds to ``loc`` so the path walks the YAML data."""
    path: list[str | int] = []
    node = data
    for key in loc:
        if _contains(node, key):
            node = node[key]
            path.append(key)
        elif key == loc[-1] and isinstance(key, str):
            path.append(key)  # a missing key: point at its parent's line, name the key
    return tuple(path)


def _contains(node: Any, key: int | str) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and key < len(node)


def _message(item: Any, model: type[M], path: KeyPath) -> str:
    kind = item["type"]
    key = path[-1] if path else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, item["loc"][:-1])
        return f"unknown key '{key}'.{did_you_mean(str(key), allowed)}".rstrip(".") + (
            "" if did_you_mean(str(key), allowed) else f" Allowed keys: {', '.join(allowed)}."
        )
    if kind == "union_tag_invalid":
        tag = str(item.get("ctx", {}).get("tag", ""))
        expected = [t.strip(" '") for t in str(item["ctx"].get("expected_tags", "")).split(",")]
        hint = did_you_mean(tag, expected) or f" Expected one of: {', '.join(expected)}."
        return f"unknown type '{tag}'.{hint}"
    if kind == "missing":
        return f"missing required key '{key}'"
    if kind in ("enum", "literal_error") and "expected" in item.get("ctx", {}):
        got = item.get("input")
        return f"{got!r} is not allowed; expected {item['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{item.get('input')!r} is not a valid name (use lowercase letters, digits and _)"
    return str(item["msg"])


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys valid at ``loc`` inside ``model``, walking nested models, lists and unions."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        fields = _model_fields(current)
        if key in fields:
            current = _inner_model(fields[key])
        else:
            current = _union_member(current, key) or current
    return sorted(_model_fields(current))


def _model_fields(cls: Any) -> dict[str, Any]:
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        return {}
    return {(f.alias or name): f.annotation for name, f in cls.model_fields.items()}


def _inner_model(annotation: Any) -> Any:
    """Unwrap ``tuple[X, ...]``, ``X | None`` and ``Annotated`` down to a model class."""
    for _ in range(5):
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not ...]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (tuple, list, typing.Union, types.UnionType) and len(args) >= 1:
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if len(models) == 1 else args[0]
        else:
            return annotation
    return annotation


def _union_member(annotation: Any, tag: str) -> Any:
    """For a discriminated union, the member whose ``type`` literal equals ``tag``."""
    for arg in typing.get_args(annotation):
        inner = _inner_model(arg)
        fields = _model_fields(inner)
        literal = fields.get("type")
        if literal is not None and tag in typing.get_args(literal):
            return inner
    return None
