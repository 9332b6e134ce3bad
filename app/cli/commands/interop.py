"""``askbi import`` and ``askbi export``: dbt MetricFlow and Snowflake Cortex Analyst models."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import emit
from app.interop.project_files import empty_folder, write_files
from app.interop.report import Report
from app.stages import AppStage
from kernel.errors import UserError


def import_dbt(args: argparse.Namespace) -> int:
    from app.interop.dbt.importing import import_dbt as run
    from app.interop.warehouse_types import column_types

    out = args.out or Path(f"{Path(args.path).resolve().name}_askbi")
    empty_folder(out)
    types = column_types(args.source) if args.source else None
    result = run(Path(args.path), types=types, source=args.source)
    return _imported(args, out, result.files, result.report)


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


def import_cortex(args: argparse.Namespace) -> int:
    from app.interop.cortex.importing import import_cortex as run

    out = args.out or Path(f"{Path(args.file).stem}_askbi")
    empty_folder(out)
    result = run(Path(args.file), schema=args.schema, source=args.source)
    return _imported(args, out, result.files, result.report)


def export_cortex(args: argparse.Namespace) -> int:
    from app.interop.cortex.exporting import export_cortex as run
    from app.project.folder import load_project
    from app.settings import resolve_today

    result = run(
        load_project(args.project),
        Path(args.file),
        database=args.database,
        schema=args.schema,
        today=resolve_today(args.today),
    )
    for name, text in result.files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")
    lines = f"Wrote {', '.join(result.files)}\n{result.report.to_text()}"
    emit(args, {"files": list(result.files), **result.report.to_dict()}, lines)
    return 0


def _imported(args: argparse.Namespace, out: Path, files: dict[str, str], report: Report) -> int:
    written = write_files(out, files)
    text = f"Wrote {out}: {', '.join(written)}\n{report.to_text()}\n\n"
    text += f"Then: askbi validate --project {out}"
    emit(args, {"out": str(out), "files": written, **report.to_dict()}, text)
    return 0
