"""``askbi bench …``: the benchmarks, printed as a table or one JSON object."""

from __future__ import annotations

import argparse

from app.cli import bench
from app.cli.output import emit
from app.project.folder import load_project
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
