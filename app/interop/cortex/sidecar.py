"""The askbi sidecar of a Cortex semantic model: what Cortex has no key for."""

from __future__ import annotations

from pathlib import Path

SIDECAR_VERSION = 1


def sidecar_path(path: Path) -> Path:
    """``semantic_model.yaml`` → ``semantic_model.askbi.yaml``."""
    return path.with_name(f"{path.stem}.askbi{path.suffix or '.yaml'}")
