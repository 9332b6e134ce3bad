"""Foreign YAML (dbt files, a Cortex model) read with the bounds askbi's own files have:
a size cap, UTF-8, no recursive or exploding anchors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.stages import AppStage
from kernel.errors import UserError
from kernel.yaml_source import YamlSyntaxError, decode_yaml, parse_yaml


class ForeignFileError(UserError):
    pass


def load_yaml(path: Path) -> Any:
    """The data of the YAML file at ``path``; raises :class:`ForeignFileError` saying where."""
    try:
        return parse_yaml(decode_yaml(path.read_bytes(), str(path)), str(path)).data
    except OSError as e:
        raise ForeignFileError(f"Can't read {path}: {e.strerror}.", stage=AppStage.CLI) from e
    except YamlSyntaxError as e:
        raise ForeignFileError(str(e), stage=AppStage.CLI, hint="Fix the file.") from e
