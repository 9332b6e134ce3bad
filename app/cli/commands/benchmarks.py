"""``askbi bench …``: the benchmarks, printed as a table or one JSON object."""

from __future__ import annotations

import argparse

from app.cli import bench, robustness
from app.cli.output import emit
from app.project.config import configured_source
from app.project.folder import load_project
from app.project.location import project_root, source_url
from connectors.registry import open_connector


def bench_compile(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    result = bench.compile_benchmark(project, iterations=args.iterations, dialect=args.dialect)
    emit(args, result.to_dict(), result.to_text())
    return 0


def bench_ask(args: argparse.Namespace) -> int:
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        result = bench.ask_benchmark(project, connector, rounds=args.rounds)
    emit(args, result.to_dict(), result.to_text())
    return 0


def bench_retrieval(args: argparse.Namespace) -> int:
    result = bench.retrieval_benchmark(
        tables=args.tables, columns=args.columns, questions=args.questions
    )
    emit(args, result.to_dict(), result.to_text())
    return 0


def bench_robustness(args: argparse.Namespace) -> int:
    root = project_root(args.project)
    source = source_url(root, args.source, configured_source(root))
    result = robustness.robustness_benchmark(
        root, source, postgres=args.postgres, only=tuple(args.cases or ())
    )
    emit(args, result.to_dict(), result.to_text())
    return 0


def bench_app(args: argparse.Namespace) -> int:
    from app.cli.app_bench import app_benchmark, suite_today

    root = project_root(args.project)
    source = source_url(root, args.source, configured_source(root))
    today = (args.today or suite_today(root)).isoformat()
    result = app_benchmark(root, source, today=today, count=args.count)
    emit(args, result.to_dict(), result.to_text())
    return 0


def bench_review(args: argparse.Namespace) -> int:
    from app.cli.review_bench import review_benchmark
    from app.project.config import featured_metric
    from app.settings import resolve_today

    project = load_project(args.project, source=args.source)
    metric = args.metric or featured_metric(project.config, project.catalog) or ""
    with open_connector(project.source_url) as connector:
        result = review_benchmark(
            project, connector, metric=metric, rounds=args.rounds, today=resolve_today(args.today)
        )
    emit(args, result.to_dict(), result.to_text())
    return 0
