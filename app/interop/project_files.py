"""Write an imported project folder, never over an existing project."""

from __future__ import annotations

from pathlib import Path

from app.project.generated import ProjectFiles
from app.stages import AppStage
from kernel.errors import UserError


def write_files(out: Path, files: ProjectFiles) -> list[str]:
    written = []
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    return written


def empty_folder(out: Path) -> None:
    """Refuse to write into a folder that already holds a project: nothing is overwritten."""
    if (out / "semantic_layer").exists() or (out / "metrics").exists():
        raise UserError(
            f"{out} already holds a project.",
            stage=AppStage.CLI,
            hint="Choose an empty folder with --out.",
        )
