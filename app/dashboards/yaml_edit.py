"""Edits to a dashboard file that keep the rest of it as the author wrote it.

Comments, key order, flow lists (``metrics: [revenue]``) and indentation of everything
not touched come back byte for byte: ruamel.yaml's round-trip mode reads the file into
commented mappings, the one change is made there, and the same layout writes it back.
The file has passed the safe loader's validation before it gets here.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

FLOW_WIDTH = 70
WIDTH = 4096
"""Never re-wrap a long line of the author's."""


def append_tile(text: str, tile: dict[str, Any]) -> str:
    """``text`` with ``tile`` appended to its ``tiles`` list."""

    def edit(data: CommentedMap) -> None:
        tiles = data.get("tiles")
        if not isinstance(tiles, list):
            tiles = CommentedSeq()
            data["tiles"] = tiles
        tiles.append(_commented(tile))

    return _edited(text, edit)


def remove_tile(text: str, tile_id: str) -> str:
    """``text`` without the tile whose ``id`` is ``tile_id``."""

    def edit(data: CommentedMap) -> None:
        tiles = data.get("tiles") or []
        for i, item in enumerate(tiles):
            if isinstance(item, dict) and item.get("id") == tile_id:
                del tiles[i]
                return

    return _edited(text, edit)


def _edited(text: str, edit: Any) -> str:
    # The guess reads the sequence indent and the dash's offset in it; the mapping indent
    # is what is left after the dash.
    _, sequence, offset = load_yaml_guess_indent(text)
    sequence, offset = sequence or 2, offset or 0
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    data = yaml.load(text)
    edit(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _commented(value: Any) -> Any:
    """Plain data as ruamel nodes: short lists and mappings of scalars in flow style, as
    :func:`app.dashboards.store.to_yaml` writes them."""
    if isinstance(value, dict):
        node: Any = CommentedMap((k, _commented(v)) for k, v in value.items())
        if short(list(value.values())) and len(str(value)) <= FLOW_WIDTH:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_commented(v) for v in value)
        if short(list(value)):
            seq.fa.set_flow_style()
        return seq
    return value


def short(values: list[Any]) -> bool:
    """Whether a list of values reads best on one line: scalars, and not many."""
    scalars = all(isinstance(v, str | int | float | bool) for v in values)
    return scalars and len(str(values)) <= FLOW_WIDTH
