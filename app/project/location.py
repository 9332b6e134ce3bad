"""Where a project and its data are: the folder, and the database URL.

The folder comes from ``--project``, else ``ASKBI_PROJECT``, else the sample's. The data
source comes from ``--source``, else ``ASKBI_SOURCE``, else the project's ``askbi.yaml``,
else the sample warehouse. Kept apart from loading, so commands that only need a path (the
SQL guard's ``sql-check``) don't pay for the metric catalog.
"""

from __future__ import annotations

from pathlib import Path

from app.settings import PROJECT, SOURCE, value_of
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError

SAMPLE_ROOT = Path(__file__).resolve().parents[2] / "sample_db"
SAMPLE_PROJECT = SAMPLE_ROOT / "project"
SAMPLE_WAREHOUSE = SAMPLE_ROOT / "retail.duckdb"
CONFIG_FILE = "askbi.yaml"


def project_root(explicit: str | Path | None = None) -> Path:
    chosen = value_of(PROJECT, str(explicit) if explicit else None) or SAMPLE_PROJECT
    root = Path(chosen).expanduser().resolve()
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise UserError(
            f"Project folder {root} {what}.",
            stage=Stage.LOAD,
            hint="Set ASKBI_PROJECT or --project to a folder with semantic_layer/ and metrics/.",
            code=ErrorCode.PROJECT_NOT_FOUND,
        )
    return root


def source_url(root: Path, explicit: str | None = None, configured: str | None = None) -> str:
    """The database URL: the flag, ``ASKBI_SOURCE``, ``askbi.yaml``'s ``source``, the sample."""
    chosen = value_of(SOURCE, explicit)
    if chosen:
        return chosen
    if configured:
        return _relative_to(configured, root)
    return f"duckdb:///{SAMPLE_WAREHOUSE}"


def _relative_to(url: str, root: Path) -> str:
    """``duckdb:///warehouse.duckdb`` in a project config means next to the config."""
    prefix = "duckdb:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/"):
        return prefix + str((root / url[len(prefix) :]).resolve())
    return url
