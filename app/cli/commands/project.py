"""``askbi validate``, ``metrics`` and ``sample-db``: the project and its data."""

from __future__ import annotations

import argparse

from app.cli import text as render
from app.cli.output import emit
from app.project.folder import SAMPLE_WAREHOUSE, load_project
from app.project.location import project_root
from app.project.validation import validate_project
from app.settings import resolve_today
from connectors.base import redact


def validate(args: argparse.Namespace) -> int:
    checked = validate_project(project_root(args.project), source=args.source)
    if not checked.ok:
        raise checked.error()
    assert checked.project is not None  # no problems: everything loaded
    layer, catalog = checked.project.layer, checked.project.catalog
    summary = {
        "ok": True,
        "project": str(checked.root),
        "tables": len(layer.tables),
        "dimensions": len(layer.dimensions),
        "time_dimensions": len(layer.time_dimensions),
        "relationships": len(layer.relationships),
        "metrics": len(catalog.metrics),
        "files": checked.counts,
        "checked_against": redact(args.source) if args.source else None,
        "warnings": list(checked.warnings),
    }
    emit(args, summary, render.validation_summary(summary))
    return 0


def list_metrics(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    rows = [
        {
            "name": m.name,
            "label": m.label,
            "type": m.type,
            "status": m.status.value,
            "version": m.version,
            "owner": m.owner,
        }
        for m in sorted(project.catalog.metrics.values(), key=lambda m: m.name)
    ]
    emit(args, {"metrics": rows}, render.table(rows))
    return 0


def sample_db(args: argparse.Namespace) -> int:
    # Imported here: the generator pulls in numpy-heavy code no other command needs.
    from sample_db.generate import build_sample_warehouse

    path = args.path or SAMPLE_WAREHOUSE
    end = args.end_date or resolve_today()
    report = build_sample_warehouse(path, scale=args.scale, seed=args.seed, end_date=end)
    data = {
        "path": str(report.path),
        "seed": report.seed,
        "scale": report.scale,
        "start_date": report.start_date.isoformat(),
        "end_date": report.end_date.isoformat(),
        "seconds": round(report.seconds, 2),
        "row_counts": report.row_counts,
    }
    emit(args, data, render.build_report(data))
    return 0
