"""Every prompt askbi sends, as versioned template files, and the one function that renders them.

A template is ``<name>.v<version>.txt`` in this folder, with ``$placeholders``
(:class:`string.Template`; ``$$`` is a literal dollar). Changing what a prompt says means
adding the next version's file, so traces and caches keyed by :attr:`RenderedPrompt.id`
tell old answers from new ones, and the golden files under ``tests/golden/prompts`` show
the change as a diff. No prompt text lives in Python code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from app.stages import AppStage
from kernel.errors import InternalError

_FILE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>[1-9][0-9]*)\.txt$")


@dataclass(frozen=True)
class RenderedPrompt:
    text: str
    name: str
    version: int

    @property
    def id(self) -> str:
        """``name.vN``: what traces and cache keys record.

        >>> RenderedPrompt("…", "plan", 1).id
        'plan.v1'
        """
        return f"{self.name}.v{self.version}"


def render_prompt(name: str, **values: object) -> RenderedPrompt:
    """Render the latest version of template ``name`` (or exactly ``name.vN``).

    Every placeholder must get a value and every value must have a placeholder: a mismatch
    is a bug in askbi, raised as :class:`InternalError` rather than sent to a model.

    >>> render_prompt("repair", tool="write_sql", error="no such column: regoin").id
    'repair.v1'
    """
    base, version = _resolve(name)
    template = Template(_source(base, version))
    wanted = set(template.get_identifiers())
    missing, unused = wanted - values.keys(), values.keys() - wanted
    if missing or unused:
        raise InternalError(
            f"Prompt '{base}.v{version}' needs {sorted(wanted)}; "
            f"missing {sorted(missing)}, unused {sorted(unused)}.",
            stage=AppStage.LLM,
        )
    text = template.substitute({k: str(v) for k, v in values.items()})
    return RenderedPrompt(text=text.rstrip("\n"), name=base, version=version)


def prompt_id(name: str) -> str:
    """The id the latest version of ``name`` renders with, without rendering it.

    >>> prompt_id("plan")
    'plan.v2'
    """
    base, version = _resolve(name)
    return f"{base}.v{version}"


@cache
def available() -> dict[str, tuple[int, ...]]:
    """Every template name and its versions, oldest first (read once: they are package data)."""
    found: dict[str, list[int]] = {}
    for entry in resources.files(__name__).iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.setdefault(match["name"], []).append(int(match["version"]))
    return {name: tuple(sorted(versions)) for name, versions in sorted(found.items())}


def _resolve(name: str) -> tuple[str, int]:
    base, _, pinned = name.partition(".v")
    versions = available().get(base, ())
    version = int(pinned) if pinned.isdigit() else (versions[-1] if versions else 0)
    if version not in versions:
        raise InternalError(f"No prompt template '{name}'.", stage=AppStage.LLM)
    return base, version


@cache
def _source(name: str, version: int) -> str:
    return resources.files(__name__).joinpath(f"{name}.v{version}.txt").read_text("utf-8")
