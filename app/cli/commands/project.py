"""``askbi validate``, ``metrics`` and ``sample-db``: the project and its data."""

from __future__ import annotations

import argparse

from app.cli import text as render
from app.cli.output import emit
from app.project.folder import SAMPLE_WAREHOUSE, load_project
from app.project.live_check import compare_with_database
from app.settings import resolve_today
from connectors.registry import open_connector
from kernel.problems import ValidationFailed


def validate(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    problems = []
    if args.source:
        with open_connector(args.source) as connector:
            problems = compare_with_database(project.layer, connector.list_tables())
    if problems:
        raise ValidationFailed(problems, what="semantic layer, checked against the database,")
    layer, catalog = project.layer, project.catalog
    summary = {
        "ok": True,
        "project": str(project.root),
        "tables": len(layer.tables),
        "dimensions": len(layer.dimensions),
        "time_dimensions": len(layer.time_dimensions),
        "relationships": len(layer.relationships),
        "metrics": len(catalog.metrics),
        "checked_against": args.source,
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
