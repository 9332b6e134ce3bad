"""``askbi import`` and ``askbi export``: dbt MetricFlow and Snowflake Cortex Analyst models."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import emit
from app.interop.project_files import empty_folder, write_files
from app.stages import AppStage
from kernel.errors import UserError


def import_dbt(args: argparse.Namespace) -> int:
    from app.interop.dbt.importing import import_dbt as run
    from app.interop.warehouse_types import column_types

    out = args.out or Path(f"{Path(args.path).resolve().name}_askbi")
    empty_folder(out)
    types = column_types(args.source) if args.source else None
    result = run(Path(args.path), types=types, source=args.source)
    written = write_files(out, result.files)
    text = f"Wrote {out}: {', '.join(written)}\n{result.report.to_text()}\n\n"
    text += f"Then: askbi validate --project {out}"
    emit(args, {"out": str(out), "files": written, **result.report.to_dict()}, text)
    return 0


def export_dbt(args: argparse.Namespace) -> int:
    from app.interop.dbt.exporting import export_dbt as run
    from app.project.folder import load_project

    out = Path(args.out)
    if (out / "dbt_project.yml").exists():
        raise UserError(
            f"{out} already holds a dbt project.",
            stage=AppStage.CLI,
            hint="Choose an empty folder.",
        )
    result = run(load_project(args.project), schema=args.schema)
    written = write_files(out, result.files)
    text = f"Wrote {out}: {len(written)} files\n{result.report.to_text()}\n\n"
    text += f"Then: cd {out} && dbt parse && mf validate-configs"
    emit(args, {"out": str(out), "files": written, **result.report.to_dict()}, text)
    return 0
