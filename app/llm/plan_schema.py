"""The plan model's JSON schema, generated from the pydantic models and made compact.

Generated rather than written by hand, so the tool always describes the whole plan model: a
field added to :class:`~metrics.semantic_query.SemanticQuery` reaches the model with its
docstring. pydantic writes its schema for documentation, though, and a tool's schema is
prompt text paid on every call, so one pass rewrites it:

* titles and defaults go; a description is its docstring's first paragraph, in plain text;
* a one-value ``const`` (a time range's ``kind``) becomes a one-value enum, and required:
  it is what tells the variants apart;
* ``oneOf`` with a discriminator becomes a plain ``anyOf``, the union every server takes;
* ``X or null`` becomes ``X`` (the parser reads null as "not given"), and a union of plain
  types one ``type`` list;
* a union several fields share (every ``time_range``) is defined once in ``$defs``;
* a string marked as a catalog name (:data:`~metrics.semantic_query.NAME_OF`) becomes a
  reference to one enum of that kind's names in ``$defs``, so each list is sent once however
  many fields use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from metrics.semantic_query import NAME_OF, SemanticQuery

_DROPPED = frozenset({"title", "default", "discriminator"})
_MAPS = frozenset({"properties", "$defs"})
"""Keys whose values map names to schemas: a field called ``title`` is no title."""
_MARKUP = re.compile(r"``([^`]*)``")

Names = Mapping[str, Sequence[str]]
"""Kind of name (``metric``, ``dimension``, ``time_dimension``) → the names a plan may use."""


def plan_schema(names: Names) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan's schema and the ``$defs`` it refers to, which belong at the tool's root.

    >>> plan, defs = plan_schema({"metric": ["revenue"], "dimension": [], "time_dimension": []})
    >>> defs["metric"], plan["properties"]["metrics"]["items"]
    ({'type': 'string', 'enum': ['revenue']}, {'$ref': '#/$defs/metric'})
    >>> defs["dimension"]
    {'type': 'string', 'maxLength': 0}
    """
    raw = SemanticQuery.model_json_schema(by_alias=True)
    defs = {name: compact(schema) for name, schema in raw.pop("$defs", {}).items()}
    plan = compact(raw)
    _share_unions([plan, *defs.values()], defs)
    defs.update({kind: _enum(list(values)) for kind, values in names.items()})
    return plan, defs


def compact(schema: Any) -> Any:
    """``schema`` rewritten as the module docstring says; a new value, the input is kept."""
    if isinstance(schema, list):
        return [compact(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if NAME_OF in schema:
        return {"$ref": f"#/$defs/{schema[NAME_OF]}"}
    out = {k: _members(v) if k in _MAPS else compact(v) for k, v in schema.items()}
    out = {k: v for k, v in out.items() if k not in _DROPPED}
    for rule in _RULES:
        out = rule(out)
    return out


def _members(mapping: dict[str, Any]) -> dict[str, Any]:
    return {name: compact(schema) for name, schema in mapping.items()}


def _describe(schema: dict[str, Any]) -> dict[str, Any]:
    """A docstring's first paragraph, its summary, in plain text on one line."""
    if "description" in schema:
        summary = schema["description"].split("\n\n")[0]
        schema["description"] = " ".join(_MARKUP.sub(r"\1", summary).split())
    return schema


def _const_is_a_required_enum(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {})
    fixed = [name for name, p in properties.items() if "const" in p]
    for name in fixed:
        prop = dict(properties[name])
        prop["enum"] = [prop.pop("const")]
        properties[name] = prop
    if fixed:
        required = schema.get("required", [])
        schema["required"] = [*fixed, *(r for r in required if r not in fixed)]
    return schema


def _one_of_is_any_of(schema: dict[str, Any]) -> dict[str, Any]:
    if "oneOf" in schema:
        schema["anyOf"] = schema.pop("oneOf")
    return schema


def _simplify_unions(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema.get("anyOf")
    if options is None:
        return schema
    options = [o for o in options if o != {"type": "null"}]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(options) == 1:
        return {**options[0], **rest}
    if all(set(o) == {"type"} and isinstance(o["type"], str) for o in options):
        types = list(dict.fromkeys(o["type"] for o in options))
        if "number" in types and "integer" in types:
            types.remove("integer")  # every integer is a number
        return {"type": types[0] if len(types) == 1 else types, **rest}
    return {"anyOf": options, **rest}


_RULES: tuple[Callable[[dict[str, Any]], dict[str, Any]], ...] = (
    _describe,
    _const_is_a_required_enum,
    _one_of_is_any_of,
    _simplify_unions,
)


def _share_unions(schemas: list[dict[str, Any]], defs: dict[str, Any]) -> None:
    """A union that several fields of one name use (every ``time_range``) is defined once,
    in ``defs`` under that name, and referred to; pydantic writes it out at each field."""
    seen: dict[str, list[dict[str, Any]]] = {}
    for schema in schemas:
        for name, prop in schema.get("properties", {}).items():
            if "anyOf" in prop:
                seen.setdefault(name, []).append(schema)
    for name, owners in seen.items():
        unions = [owner["properties"][name] for owner in owners]
        if len(unions) > 1 and all(u == unions[0] for u in unions) and name not in defs:
            defs[name] = unions[0]
            for owner in owners:
                owner["properties"][name] = {"$ref": f"#/$defs/{name}"}


def _enum(names: list[str]) -> dict[str, Any]:
    # JSON Schema forbids an empty enum; a layer without dimensions allows none instead.
    return {"type": "string", "enum": names} if names else {"type": "string", "maxLength": 0}
