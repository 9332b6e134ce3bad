"""One handler per CLI command: read the arguments, call the library, print."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.checks.impact import assess_change, record_impact
from app.checks.runner import run_checks
from app.checks.suite import load_suites
from app.cli import bench
from app.cli import text as render
from app.cli.query_args import build_plan
from app.evaluation.dataset import load_dataset
from app.evaluation.runner import run_eval
from app.pipeline.ask import answer_plan
from app.pipeline.ask import ask as ask_question
from app.pipeline.ask import explain as explain_question
from app.pipeline.guard import guard_sql
from app.pipeline.records import Answer, Status
from app.pipeline.startup import open_environment
from app.project.folder import SAMPLE_WAREHOUSE, Project, load_project
from app.project.live_check import compare_with_database
from app.settings import Settings, resolve_today
from app.stages import AppStage
from connectors.registry import open_connector
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from kernel.problems import ValidationFailed
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def sample_db(args: argparse.Namespace) -> int:
    # Imported here: the generator pulls in numpy-heavy code no other command needs.
    from sample_db.generate import build_sample_warehouse

    path = args.path or SAMPLE_WAREHOUSE
    report = build_sample_warehouse(path, scale=args.scale, seed=args.seed, end_date=args.end_date)
    data = {
        "path": str(report.path),
        "seed": report.seed,
        "scale": report.scale,
        "start_date": report.start_date.isoformat(),
        "end_date": report.end_date.isoformat(),
        "seconds": round(report.seconds, 2),
        "row_counts": report.row_counts,
    }
    _emit(args, data, render.build_report(data))
    return 0


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
    _emit(args, summary, render.validation_summary(summary))
    return 0


def compile_plan(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.plan == "-" else _read(Path(args.plan))
    plan = _parse_plan(text)
    project = load_project(args.project)
    compiled = compile_query(
        plan, project.layer, project.catalog, dialect=args.dialect, today=resolve_today(args.today)
    )
    _emit(args, render.compiled_json(compiled), compiled.sql)
    return 0


def query(args: argparse.Namespace) -> int:
    plan = build_plan(
        metrics=args.metrics,
        by=args.by,
        grain=args.grain,
        start=args.start,
        end=args.end,
        last=args.last,
        to_date=args.to_date,
        filters=args.filters,
        order=args.order,
        order_by=args.order_by,
        limit=args.limit,
    )
    project = load_project(args.project, source=args.source)
    today = resolve_today(args.today)
    if args.dialect:
        compiled = compile_query(
            plan, project.layer, project.catalog, dialect=args.dialect, today=today
        )
        _emit(args, render.compiled_json(compiled), compiled.sql)
        return 0
    settings = Settings.resolve(max_rows=args.max_rows)
    with open_connector(project.source_url) as connector:
        env = open_environment(
            project, connector, settings=settings, today=today, read_values=False
        )
        answer = answer_plan(plan, env)
    if answer.error is not None:
        return _failed(args, answer)
    _emit(args, render.plan_answer_json(answer), render.plan_answer_text(answer))
    return 0


def ask(args: argparse.Namespace) -> int:
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector, today=args.today)
        answer = (explain_question if args.explain else ask_question)(args.question, env)
    if answer.error is not None:
        return _failed(args, answer)
    _emit(args, answer.model_dump(mode="json"), render.answer_text(answer))
    return 0 if answer.status is Status.ANSWERED else 1


def _failed(args: argparse.Namespace, answer: Answer) -> int:
    """An answer that failed: the error object with ``--json``, else the answer on stderr."""
    assert answer.error is not None
    if args.json:
        error = answer.error.model_dump(mode="json", exclude_none=True)
        print(json.dumps({"error": error}, ensure_ascii=False))
    else:
        print(render.answer_text(answer), file=sys.stderr)
    return 2


def check(args: argparse.Namespace) -> int:
    project = load_project(args.project, source=args.source)
    if args.before:
        return _check_change(args, project)
    suites = load_suites(project.root, project.layer, project.catalog, tuple(args.suites))
    missing = set(args.suites) - {s.name for s in suites}
    if missing:
        raise UserError(
            f"No check suite named {', '.join(sorted(missing))}.",
            stage=AppStage.CLI,
            hint=f"Suites are the YAML files in {project.root / 'checks'}.",
            code=ErrorCode.UNKNOWN_SUITE,
        )
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector)
        report = run_checks(
            suites, env, metrics=args.metrics, update_snapshots=args.update_snapshots
        )
    _emit(args, report.to_dict(), report.to_text())
    return 0 if report.ok else 1


def evaluate(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dataset)
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector)
        report = run_eval(dataset, env, name=args.dataset.name)
    if args.out:
        args.out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    _emit(args, report.to_dict(), report.to_text())
    return 0


def _check_change(args: argparse.Namespace, after: Project) -> int:
    before = load_project(args.before, source=after.source_url)
    with open_connector(after.source_url) as connector:
        impact = assess_change(before, after, connector)
    if args.record:
        record_impact(after, impact, author=args.author)
    _emit(args, impact.to_dict(), impact.to_text())
    return 0 if impact.ok else 1


def sql_check(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    verdict = guard_sql(
        sys.stdin.read(), dialect=args.dialect, layer=project.layer, max_rows=args.max_rows
    )
    print(json.dumps(verdict.to_dict(), ensure_ascii=False))
    return 0 if verdict.ok else 1


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
    _emit(args, {"metrics": rows}, render.table(rows))
    return 0


def bench_compile(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    result = bench.compile_benchmark(project, iterations=args.iterations, dialect=args.dialect)
    _emit(args, result.to_dict(), result.to_text())
    return 0


def bench_ask(args: argparse.Namespace) -> int:
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        result = bench.ask_benchmark(project, connector, rounds=args.rounds)
    _emit(args, result.to_dict(), result.to_text())
    return 0


def bench_retrieval(args: argparse.Namespace) -> int:
    result = bench.retrieval_benchmark(
        tables=args.tables, columns=args.columns, questions=args.questions
    )
    _emit(args, result.to_dict(), result.to_text())
    return 0


def app(args: argparse.Namespace) -> int:
    script = Path(__file__).resolve().parents[1] / "ui" / "main.py"
    env = dict(os.environ)
    if args.project:
        env["ASKBI_PROJECT"] = str(Path(args.project).resolve())
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true" if args.headless else "false",
        "--browser.gatherUsageStats",
        "false",
        # A local analyst tool: no "Deploy" button or developer menu in the toolbar.
        "--client.toolbarMode",
        "minimal",
    ]
    return subprocess.call(command, env=env)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise UserError(f"Can't read {path}: {e.strerror}.", stage=AppStage.CLI) from e


def _parse_plan(text: str) -> SemanticQuery:
    try:
        return SemanticQuery.from_json(text)
    except ValidationError as e:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise UserError(
            f"Invalid plan: {details}", stage=AppStage.PLAN, code=ErrorCode.INVALID_PLAN
        ) from e
