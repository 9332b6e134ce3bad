"""The ``askbi`` command line: thin wiring from flags to the library, like the app.

Every failure is a message, never a traceback: bad flags (argparse's own errors included)
and every :class:`AskbiError` print ``{"error": {…}}`` under ``--json`` and exit 2; an
unexpected exception is reported as ``internal_error`` and exits 3.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from app.cli import flags
from app.settings import MAX_ROWS, PLANNER, QUERY_TIMEOUT, QUESTION_TIMEOUT
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import AskbiError, InternalError, UserError

Handler = Callable[[argparse.Namespace], int]
JSON_BY_DEFAULT = ("sql-check",)
"""Commands that always print JSON, so their flag errors are JSON too."""


class _BadFlag(Exception):
    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


class _Parser(argparse.ArgumentParser):
    """argparse, except that an error is raised to ``main`` instead of exiting, so that it
    can be printed as JSON when ``--json`` was asked for."""

    def error(self, message: str) -> NoReturn:
        raise _BadFlag(message, self.format_usage())


def _limits(parser: argparse.ArgumentParser, *, planner: bool = True) -> None:
    """The flags of :data:`app.settings.SETTINGS` that bound an answer; unset, the
    ``ASKBI_*`` variable or the default applies."""
    if planner:
        parser.add_argument("--planner", choices=["auto", "offline", "llm"], help=PLANNER.meaning)
    parser.add_argument(
        "--max-rows", type=flags.positive_int, help=f"{MAX_ROWS.meaning} (${MAX_ROWS.variable})"
    )
    parser.add_argument(
        "--timeout",
        type=flags.seconds,
        help=f"{QUERY_TIMEOUT.meaning} (${QUERY_TIMEOUT.variable})",
    )
    parser.add_argument(
        "--question-timeout",
        type=flags.seconds,
        help=f"{QUESTION_TIMEOUT.meaning} (${QUESTION_TIMEOUT.variable})",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", help="project folder (default: $ASKBI_PROJECT or the sample)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="askbi", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample-db", help="build the sample DuckDB warehouse")
    p.add_argument("--path", type=Path, default=None, help="default: sample_db/retail.duckdb")
    p.add_argument("--scale", type=flags.scale, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument(
        "--end-date",
        type=flags.date,
        default=None,
        help="last day of data (default: $ASKBI_TODAY, else the clock)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="project:sample_db")

    p = sub.add_parser("init", help="draft a project (semantic layer, metrics) from a database")
    p.add_argument("source", help="database URL, e.g. duckdb:///shop.duckdb")
    p.add_argument("--schema", help="read this schema (default: the connection's default)")
    p.add_argument("--out", type=Path, help="folder to write (default: ./<database>_project)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler="onboarding:init")

    _interop(sub)

    p = sub.add_parser("validate", help="validate the semantic layer and metric catalog")
    _common(p)
    p.add_argument("--source", help="also check tables and columns against this database URL")
    p.set_defaults(handler="project:validate")

    p = sub.add_parser("compile", help="compile a plan (JSON file, or - for stdin) to SQL")
    _common(p)
    p.add_argument("plan", help="path of a plan JSON file, or -")
    p.add_argument("--dialect", default="duckdb")
    p.add_argument("--today", type=flags.date, default=None)
    p.set_defaults(handler="answering:compile_plan")

    p = sub.add_parser("query", help="compute metrics by dimensions and print SQL and result")
    _common(p)
    _query_flags(p)
    p.set_defaults(handler="answering:query")

    p = sub.add_parser("ask", help="answer a question in English or Korean")
    _common(p)
    p.add_argument("question")
    p.add_argument("--source", help="database URL (default: $ASKBI_SOURCE or the sample)")
    p.add_argument("--today", type=flags.date, help="pin 'today' (also $ASKBI_TODAY)")
    p.add_argument("--explain", action="store_true", help="plan, compile and guard; don't run")
    _limits(p)
    p.set_defaults(handler="answering:ask")

    p = sub.add_parser("sql-check", help="check SQL from stdin with the guard; print the verdict")
    _common(p)
    p.add_argument("--dialect", default="duckdb")
    p.add_argument(
        "--max-rows", type=flags.positive_int, help=f"{MAX_ROWS.meaning} (${MAX_ROWS.variable})"
    )
    p.set_defaults(handler="guarding:sql_check", json=True)

    p = sub.add_parser("check", help="run the consistency regression suites")
    _common(p)
    p.add_argument("suites", nargs="*", help="suite names (files in checks/); default all")
    p.add_argument("--source", help="database URL (default: $ASKBI_SOURCE or the sample)")
    p.add_argument("--metric", action="append", dest="metrics", help="only cases using it")
    p.add_argument("--update-snapshots", action="store_true", help="rewrite stored results")
    p.add_argument(
        "--before",
        type=Path,
        help="a copy of the project before a change: check only what the change affects, "
        "and re-check verified queries that use changed metrics",
    )
    p.add_argument("--record", action="store_true", help="with --before: log it in history/")
    p.add_argument("--author", default="", help="with --record: who made the change")
    _limits(p)
    p.set_defaults(handler="checking:check")

    p = sub.add_parser("eval", help="measure the planner or a model on a dataset with gold SQL")
    _common(p)
    p.add_argument("dataset", type=Path, help="a dataset YAML (see docs/evaluation.md)")
    p.add_argument("--source", help="database URL (default: $ASKBI_SOURCE or the sample)")
    p.add_argument("--out", type=Path, help="also write the JSON report here")
    p.add_argument("--database", help="for benchmark files about several databases: which one")
    p.add_argument(
        "--today", type=flags.date, help="pin 'today' for files without one ($ASKBI_TODAY)"
    )
    _limits(p)
    p.set_defaults(handler="checking:evaluate")

    p = sub.add_parser("metrics", help="list the metric catalog")
    _common(p)
    p.set_defaults(handler="project:list_metrics")

    p = sub.add_parser("bench", help="benchmarks")
    bench = p.add_subparsers(dest="bench", required=True)
    b = bench.add_parser("compile", help="plans compiled per second, p50/p95 compile time")
    _common(b)
    b.add_argument("--iterations", type=flags.positive_int, default=2000)
    b.add_argument("--dialect", default="duckdb")
    b.set_defaults(handler="benchmarks:bench_compile")
    b = bench.add_parser("ask", help="end-to-end time of the offline path over the question cases")
    _common(b)
    b.add_argument("--source", help="database URL (default: the sample warehouse)")
    b.add_argument("--rounds", type=flags.positive_int, default=3)
    b.set_defaults(handler="benchmarks:bench_ask")
    b = bench.add_parser("retrieval", help="grounding on a generated 500-table schema")
    _common(b)
    b.add_argument("--tables", type=flags.positive_int, default=500)
    b.add_argument("--columns", type=flags.positive_int, default=40)
    b.add_argument("--questions", type=flags.positive_int, default=200)
    b.set_defaults(handler="benchmarks:bench_retrieval")
    b = bench.add_parser(
        "robustness", help="time and peak memory of hostile files, SQL and statements"
    )
    _common(b)
    b.add_argument("--source", help="database URL (default: the project's, else the sample)")
    b.add_argument("--postgres", help="also run the PostgreSQL cases on this database URL")
    b.add_argument(
        "--case", action="append", dest="cases", help="only cases whose name contains this"
    )
    b.set_defaults(handler="benchmarks:bench_robustness")
    b = bench.add_parser("app", help="the Ask page in Chromium: Enter-to-drawn, 1st and last")
    _common(b)
    b.add_argument("--source", help="database URL (default: the project's, else the sample)")
    b.add_argument("--questions", type=flags.positive_int, default=50, dest="count")
    b.add_argument("--today", type=flags.date, help="pin 'today' (default: the suite's)")
    b.set_defaults(handler="benchmarks:bench_app")
    b = bench.add_parser(
        "review", help="the Edit page's whole review of a change to one metric, end to end"
    )
    _common(b)
    b.add_argument("--source", help="database URL (default: the sample warehouse)")
    b.add_argument("--metric", help="the metric to change (default: the featured one)")
    b.add_argument("--rounds", type=flags.positive_int, default=3)
    b.add_argument("--today", type=flags.date, help="pin 'today' (default: the clock)")
    b.set_defaults(handler="benchmarks:bench_review")

    p = sub.add_parser("app", help="start the Streamlit app")
    p.add_argument("--port", type=flags.port, default=8501)
    p.add_argument("--headless", action="store_true", help="don't open a browser")
    p.add_argument("--project")
    p.set_defaults(handler="app_server:app")
    return parser


def _interop(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("import", help="a dbt MetricFlow or Cortex Analyst model as a project")
    kinds = p.add_subparsers(dest="format", required=True)
    k = kinds.add_parser("dbt", help="a dbt project's semantic models and metrics")
    k.add_argument("path", type=Path, help="the dbt project folder (holds dbt_project.yml)")
    k.add_argument("--out", type=Path, help="folder to write (default: ./<project>_askbi)")
    k.add_argument("--source", help="database URL: read column types, and write it in askbi.yaml")
    k.add_argument("--json", action="store_true", help="print one JSON object")
    k.set_defaults(handler="interop:import_dbt")
    k = kinds.add_parser("cortex", help="a Snowflake Cortex Analyst semantic model YAML")
    k.add_argument(
        "file", type=Path, help="the semantic model (its .askbi.yaml sidecar is read too)"
    )
    k.add_argument("--out", type=Path, help="folder to write (default: ./<file>_askbi)")
    k.add_argument(
        "--schema", default="main", help="base tables in this schema are read unqualified"
    )
    k.add_argument("--source", help="database URL to write in askbi.yaml")
    k.add_argument("--json", action="store_true", help="print one JSON object")
    k.set_defaults(handler="interop:import_cortex")
    p = sub.add_parser("export", help="the project as a dbt MetricFlow or Cortex Analyst model")
    _common(p)
    kinds = p.add_subparsers(dest="format", required=True)
    k = kinds.add_parser("dbt", help="a dbt project: models, semantic models, metrics")
    _common(k)
    k.add_argument("out", type=Path, help="folder to write the dbt project in")
    k.add_argument("--schema", default="main", help="schema of the warehouse tables (sources)")
    k.set_defaults(handler="interop:export_dbt")
    k = kinds.add_parser("cortex", help="a Cortex Analyst semantic model, and its askbi sidecar")
    _common(k)
    k.add_argument("file", type=Path, help="the semantic model YAML to write")
    k.add_argument("--database", default="askbi", help="database of the base tables")
    k.add_argument("--schema", default="main", help="schema of unqualified tables")
    k.add_argument("--today", type=flags.date, help="checks verified queries' relative ranges")
    k.set_defaults(handler="interop:export_cortex")


def _query_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--metric", action="append", required=True, dest="metrics")
    p.add_argument("--by", action="append", default=[], help="dimension (repeatable)")
    p.add_argument("--grain", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--from", dest="start", type=flags.date)
    p.add_argument("--to", dest="end", type=flags.date)
    p.add_argument("--last", help='e.g. "3 months", "7 days", "year"')
    p.add_argument("--to-date", help="month, quarter or year: period to date")
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        dest="filters",
        help='"category=Electronics", "region in Seoul,Busan"',
    )
    p.add_argument("--order", choices=["asc", "desc"])
    p.add_argument("--order-by", help="column to order by (default: the first metric)")
    p.add_argument("--limit", type=flags.positive_int)
    p.add_argument("--today", type=flags.date, help="pin 'today' for relative ranges")
    p.add_argument("--dialect", help="only compile, for this SQL dialect; don't run")
    p.add_argument("--source", help="database URL (default: $ASKBI_SOURCE or the sample)")
    _limits(p, planner=False)


def _handler(spec: str) -> Handler:
    """``"answering:ask"`` → ``app.cli.commands.answering.ask``, imported only now: a
    command pays for the libraries it uses, and ``askbi --help`` for none of them."""
    module, _, function = spec.partition(":")
    handler: Handler = getattr(importlib.import_module(f"app.cli.commands.{module}"), function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`askbi ask … | head -1`): nothing left to say, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(given: list[str]) -> int:
    try:
        args = build_parser().parse_args(given)
    except _BadFlag as e:
        return _bad_flag(e, as_json="--json" in given or bool(set(given) & set(JSON_BY_DEFAULT)))
    handler = _handler(args.handler)
    try:
        return handler(args)
    except AskbiError as e:
        return _report(e, getattr(args, "json", False))
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as e:  # the one place an unexpected error becomes a message
        error = InternalError(
            f"askbi failed unexpectedly: {e!r}",
            stage=AppStage.CLI,
            hint="This is a bug; please report it with the command you ran.",
        )
        return _report(error, getattr(args, "json", False))


def _bad_flag(error: _BadFlag, *, as_json: bool) -> int:
    if not as_json:  # argparse's own way: the usage, then the error, exit 2
        print(f"{error.usage}askbi: error: {error}", file=sys.stderr)
        return 2
    return _report(
        UserError(
            f"{str(error)[:1].upper()}{str(error)[1:]}.",
            stage=AppStage.CLI,
            hint="Run the command with --help for its flags.",
            code=ErrorCode.INVALID_ARGUMENT,
        ),
        as_json=True,
    )


def _report(error: AskbiError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": error.to_dict()}, ensure_ascii=False))
    else:
        print(f"error: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        for warning in getattr(error, "warnings", ()):
            print(f"warning: {warning}", file=sys.stderr)
    return 2 if error.code != "internal_error" else 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
