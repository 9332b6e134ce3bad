"""Load a project's ``semantic_layer/`` folder, validating everything before returning."""

from __future__ import annotations

from pathlib import Path

from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_folder
from semantic_layer import rules
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import SemanticLayerFile


def load_semantic_layer(folder: Path, *, root: Path | None = None) -> SemanticLayer:
    """Every ``*.yaml`` in ``folder`` as one :class:`SemanticLayer`.

    Raises :class:`ValidationFailed` listing every problem of every file.
    """
    files, problems = parse_folder(folder, SemanticLayerFile, root=root)
    if not files and not problems:
        problems.append(Problem(str(folder), None, "", "no semantic layer YAML files found"))
    return build_semantic_layer(files, problems)


def build_semantic_layer(
    files: list[ParsedFile[SemanticLayerFile]], problems: list[Problem]
) -> SemanticLayer:
    problems = problems + rules.validate(files)
    if problems:
        raise ValidationFailed(problems, what="semantic layer")
    return SemanticLayer.from_files((f.model for f in files), _locations(files))


def _locations(files: list[ParsedFile[SemanticLayerFile]]) -> dict[str, tuple[str, int | None]]:
    found: dict[str, tuple[str, int | None]] = {}
    for f in files:
        for i, table in enumerate(f.model.tables):
            found[table.name] = (f.doc.file, f.doc.index.line_of(f.doc_path("tables", i, "name")))
            for j, column in enumerate(table.columns):
                line = f.doc.index.line_of(f.doc_path("tables", i, "columns", j, "name"))
                found[f"{table.name}.{column.name}"] = (f.doc.file, line)
    return found
