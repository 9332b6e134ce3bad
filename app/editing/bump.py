"""Bump a changed metric's ``version`` and ``changelog`` by editing the YAML text in place.

Re-dumping the YAML would lose the owner's comments, key order and flow lists, so the editor
changes only the characters it must: the ``version`` value, and one new line per changelog
entry after the last one. Positions come from PyYAML's node marks (the same parse that gives
the loaders their line index), which also give the column, so a value is replaced exactly.

Who bumps: a metric whose computation changed (``changed_metrics``) gets the saved version
plus one and a changelog entry saying who, when and why — unless the owner already raised
the version in the draft. Entries of the saved changelog the draft lacks are carried over
first (a rollback restores old text, but the changelog is history and keeps every version).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import yaml

from app.checks.impact import changed_metrics
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from metrics.catalog import MetricCatalog
from metrics.model import ChangelogEntry

Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` with the string."""


class CannotBump(UserError):
    code = ErrorCode.CANNOT_BUMP


@dataclass(frozen=True)
class Bump:
    metric: str
    previous: int
    """The saved version."""
    version: int
    entries: tuple[ChangelogEntry, ...]
    """Appended to the changelog: carried-over saved entries, then the new one."""


def plan_bumps(
    names: Iterable[str],
    before: MetricCatalog,
    after: MetricCatalog,
    *,
    author: str,
    change: str,
    on: dt.date,
) -> tuple[Bump, ...]:
    """The bumps a save of the metrics ``names`` (those the draft's file defines) needs.

    >>> plan_bumps([], MetricCatalog({}), MetricCatalog({}), author="a", change="c",
    ...     on=dt.date(2026, 1, 1))
    ()
    """
    changed = changed_metrics(before, after)
    bumps = []
    for name in sorted(set(names) & changed & set(before.metrics) & set(after.metrics)):
        old, new = before.get(name), after.get(name)
        if new.version > old.version:
            continue  # the owner bumped it and wrote the changelog entry themselves
        version = old.version + 1
        known = max((e.version for e in new.changelog), default=0)
        carried = sorted((e for e in old.changelog if e.version > known), key=lambda e: e.version)
        entry = ChangelogEntry(version=version, date=on, author=author, change=change)
        bumps.append(Bump(name, old.version, version, (*carried, entry)))
    return tuple(bumps)


def apply_bumps(text: str, bumps: Sequence[Bump], *, file: str) -> str:
    """``text`` with each bump's version and changelog written; everything else unchanged."""
    if not bumps:
        return text
    if not text.endswith("\n"):
        text += "\n"  # new lines may go after the last one
    metrics = _metric_nodes(yaml.compose(text, Loader=yaml.SafeLoader))
    edits: list[Edit] = []
    for bump in bumps:
        node = metrics.get(bump.metric)
        if node is None or node.flow_style:
            raise CannotBump(
                f"The version of '{bump.metric}' in {file} can't be bumped automatically.",
                stage=Stage.VALIDATE,
                hint="Write the metric in block style (one key per line), or raise its "
                "`version` and add the changelog entry yourself.",
            )
        edits += _metric_edits(text, node, bump)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def metric_names(text: str) -> list[str]:
    """The names of the metrics a file defines, in order (none for other files).

    >>> metric_names("metrics:\\n  - name: revenue\\n  - name: aov\\n")
    ['revenue', 'aov']
    """
    return list(_metric_nodes(yaml.compose(text, Loader=yaml.SafeLoader)))


def _metric_nodes(root: yaml.Node | None) -> dict[str, yaml.MappingNode]:
    """Each metric's mapping node, by name."""
    top = _mapping(root)
    listed = top.get("metrics", (None, None))[1] if top else None
    found: dict[str, yaml.MappingNode] = {}
    if isinstance(listed, yaml.SequenceNode):
        for item in listed.value:
            name = _mapping(item).get("name", (None, None))[1]
            if isinstance(item, yaml.MappingNode) and isinstance(name, yaml.ScalarNode):
                found[name.value] = item
    return found


def _mapping(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


def _metric_edits(text: str, node: yaml.MappingNode, bump: Bump) -> list[Edit]:
    keys = _mapping(node)
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = " " * node.value[0][0].start_mark.column
    version = keys.get("version")
    changelog = keys.get("changelog")
    edits: list[Edit] = []
    if version is not None:
        value = version[1]
        edits.append((value.start_mark.index, value.end_mark.index, str(bump.version)))
    if changelog is not None:
        return [*edits, _append_entries(text, changelog[1], bump, newline)]
    # No changelog key (and maybe no version): both go after the version, else at the end.
    after = version[1] if version is not None else node
    lines = [] if version is not None else [f"{indent}version: {bump.version}"]
    lines.append(f"{indent}changelog:")
    lines += [f"{indent}  - {_flow(e)}" for e in bump.entries]
    at = _line_end(text, _last_mark(after))
    return [*edits, (at, at, "".join(line + newline for line in lines))]


def _append_entries(text: str, node: yaml.Node, bump: Bump, newline: str) -> Edit:
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        # ``changelog: [...]`` (or empty): rewrite just that list, still on its line(s).
        start, end = node.start_mark.index, node.end_mark.index
        old = [_flow_node(text, item) for item in getattr(node, "value", [])]
        return start, end, "[" + ", ".join([*old, *map(_flow, bump.entries)]) + "]"
    dash = _dash_prefix(text, node.value[0])
    at = _line_end(text, _last_mark(node))
    return at, at, "".join(f"{dash}{_flow(e)}{newline}" for e in bump.entries)


def _dash_prefix(text: str, item: yaml.Node) -> str:
    """``"      - "``: the indentation and dash of a block list's items."""
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    match = re.match(r"[ \t]*-[ \t]+", text[line_start:])
    if match is None:  # pragma: no cover - a block sequence item always starts with "- "
        raise CannotBump("unexpected changelog layout", stage=Stage.VALIDATE)
    return match.group(0)


def _last_mark(node: yaml.Node) -> yaml.Mark:
    """Where a node's own text ends. A block collection's end mark is the next token (maybe
    lines further, past comments), so it ends where its last value ends."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_mark(last[1] if isinstance(last, tuple) else last)
    return node.end_mark


def _line_end(text: str, mark: yaml.Mark) -> int:
    """Where a new line goes after a value ending at ``mark``: after its line's break."""
    if mark.column == 0:
        return int(mark.index)  # the value ended with its line break (a block scalar)
    return text.index("\n", mark.index) + 1  # the text ends with a line break


def _flow_node(text: str, node: yaml.Node) -> str:
    return text[node.start_mark.index : node.end_mark.index]


def _flow(entry: ChangelogEntry) -> str:
    """One changelog entry on one line, quoted where YAML needs it.

    >>> _flow(ChangelogEntry(version=3, date=dt.date(2026, 6, 30), author="Kim", change="x: y"))
    "{version: 3, date: 2026-06-30, author: Kim, change: 'x: y'}"
    """
    data = {
        "version": entry.version,
        "date": entry.date,
        "author": entry.author,
        "change": entry.change,
    }
    dumped = yaml.safe_dump(
        data, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1_000_000
    )
    return dumped.strip()
