"""A project file opened for editing: its text and the version of the file it was opened at.

The version (a hash of the file's bytes) is what makes saves safe: a save is refused when the
file on disk is no longer the version the draft was opened at, so nobody overwrites a change
they never saw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from app.project.atomic_files import content_hash
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError
from kernel.yaml_models import yaml_files

EDITABLE_FOLDERS = ("metrics", "semantic_layer")
"""The metric catalog and the semantic layer: the YAML the business owns."""


class NotEditable(UserError):
    code = ErrorCode.NOT_EDITABLE


@dataclass(frozen=True)
class Draft:
    file: str
    """The file, relative to the project: ``metrics/sales.yaml``."""
    text: str
    based_on: str
    """Content hash of the file when it was opened; a save over another version is refused."""

    def with_text(self, text: str) -> Draft:
        """The same draft with the owner's edited text (still based on the same version)."""
        return replace(self, text=text)

    @property
    def is_metrics(self) -> bool:
        return self.file.startswith("metrics/")


def editable_files(root: Path) -> list[str]:
    """The project's editable YAML files, relative to the project, metric catalog first."""
    found: list[str] = []
    for folder in EDITABLE_FOLDERS:
        if (root / folder).is_dir():
            found += [f"{folder}/{p.name}" for p in yaml_files(root / folder)]
    return found


def path_of(root: Path, file: str) -> Path:
    """The file's path; only the catalog's and the semantic layer's own files are editable."""
    if file not in editable_files(root):
        raise NotEditable(
            f"'{file}' is not an editable file of this project.",
            stage=Stage.LOAD,
            hint="Pick one of the YAML files of metrics/ or semantic_layer/.",
        )
    return root / file


def open_draft(root: Path, file: str) -> Draft:
    """The file as saved now, as a draft based on its current version."""
    data = path_of(root, file).read_bytes()
    return Draft(file=file, text=data.decode("utf-8"), based_on=content_hash(data))


def saved_text(root: Path, file: str) -> str:
    """The file's text exactly as stored (no newline translation, so hashes agree)."""
    return path_of(root, file).read_bytes().decode("utf-8")
