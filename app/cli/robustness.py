"""``askbi bench robustness``: time and peak memory of the worst inputs askbi is sent.

Each case runs in a child process of its own (:mod:`app.cli.measure`), so its peak memory
is its own and a case that runs away is stopped rather than taking the machine down:

* hostile project files, through ``askbi validate``: an alias bomb, a recursive anchor, a
  ``!!python`` tag, a non-UTF-8 byte, an oversized file;
* memory-heavy model-written SQL, through the guard and the execute stage (the same path as
  a model's answer): a gigabyte ``repeat``, a wide ``repeat`` on every order line, rows
  wider than the byte budget, many rows at a small row cap; on PostgreSQL too when
  ``--postgres URL`` is given;
* the guard on a flat 300-term ``OR`` and on a 99,000-character statement.

Run as ``python -m app.cli.robustness SOURCE MAX_ROWS SQL``, it is the child of the SQL
cases: it answers ``SQL`` as model-written SQL and prints one JSON line about the answer.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from app.cli.measure import Measured, run_measured
from kernel.yaml_source import MAX_YAML_BYTES

TIMEOUT_S = 60.0
RSS_LIMIT_MB = 3_000.0
"""Where a runaway case is stopped: well past the bounds the hardening promises (10 s, 1 GB)."""


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """One flow list of nested aliases: ~150 bytes that expand to ``width ** levels`` values.

    >>> alias_bomb(2, 2)
    '[&a0 [lol, lol], &a1 [*a0, *a0]]'
    """
    items = ", ".join(["lol"] * width)
    anchors = [f"&a0 [{items}]"]
    for level in range(1, levels):
        anchors.append(f"&a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "[" + ", ".join(anchors) + "]"


@dataclass(frozen=True)
class FileCase:
    name: str
    file: str
    change: Callable[[bytes], bytes]


FILE_CASES = (
    FileCase(
        "yaml: alias bomb in a metric's synonyms",
        "metrics/sales.yaml",
        lambda data: data + f"\nextra_synonyms: {alias_bomb()}\n".encode(),
    ),
    FileCase(
        "yaml: alias bomb in askbi.yaml",
        "askbi.yaml",
        lambda data: data + f"\nsuggested: {alias_bomb()}\n".encode(),
    ),
    FileCase("yaml: recursive anchor", "metrics/returns.yaml", lambda d: d + b"\nx: &x [*x]\n"),
    FileCase(
        "yaml: !!python tag",
        "semantic_layer/places.yaml",
        lambda data: data + b"\nx: !!python/object/apply:os.system [ls]\n",
    ),
    FileCase("yaml: non-UTF-8 byte", "metrics/marketing.yaml", lambda d: d + b"\n# caf\xe9\n"),
    FileCase(
        "yaml: oversized file",
        "metrics/customers.yaml",
        lambda data: data + b"\n# " + b"x" * (2 * MAX_YAML_BYTES) + b"\n",
    ),
)

NINETY_NINE_K = "SELECT order_id FROM orders WHERE " + " OR ".join(
    f"order_id = {i}" for i in range(6_000)
)
FLAT_OR = "SELECT order_id FROM orders WHERE " + " OR ".join(f"order_id = {i}" for i in range(300))
SERIES = "FROM generate_series(1, 766000) AS g"
SQL_CASES: tuple[tuple[str, str, int], ...] = (
    ("sql: repeat('x', 1e9)", "SELECT repeat('x', 1000000000) AS x", 10_000),
    (
        "sql: repeat('x', 1e5) per order line",
        "SELECT repeat('x', 100000) AS x FROM order_items",
        10_000,
    ),
    (
        "sql: 10 kB rows past the byte budget",
        "SELECT order_id, repeat('x', 10000) AS x FROM order_items",
        10_000,
    ),
    (
        "sql: every order line at --max-rows 10",
        "SELECT order_id, product_id, quantity FROM order_items",
        10,
    ),
    ("guard: flat 300-term OR", FLAT_OR, 10),
    ("guard: 99,000-character statement", NINETY_NINE_K[:99_000], 10),
)
POSTGRES_CASES: tuple[tuple[str, str, int], ...] = (
    ("postgres: 766k rows at --max-rows 10", f"SELECT g, md5(CAST(g AS TEXT)) AS h {SERIES}", 10),
    (
        "postgres: 10 kB rows past the byte budget",
        f"SELECT g, repeat('x', 10000) AS x {SERIES}",
        10_000,
    ),
    ("postgres: repeat('x', 1e9)", "SELECT repeat('x', 1000000000) AS x", 10_000),
)


@dataclass(frozen=True)
class CaseResult:
    case: str
    outcome: str
    seconds: float
    """Wall time of the whole command, interpreter start to exit."""
    cpu_seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class RobustnessBenchmark:
    cases: tuple[CaseResult, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "benchmark": "robustness",
            "cases": [asdict(c) for c in self.cases],
            "worst_seconds": max((c.seconds for c in self.cases), default=0.0),
            "worst_cpu_seconds": max((c.cpu_seconds for c in self.cases), default=0.0),
            "worst_peak_rss_mb": max((c.peak_rss_mb for c in self.cases), default=0.0),
        }

    def to_text(self) -> str:
        width = max((len(c.case) for c in self.cases), default=10)
        lines = [f"{'case':<{width}}  {'wall s':>7}  {'CPU s':>6}  {'peak MB':>7}  outcome"]
        lines += [
            f"{c.case:<{width}}  {c.seconds:>7.2f}  {c.cpu_seconds:>6.2f}"
            f"  {c.peak_rss_mb:>7.0f}  {c.outcome}"
            for c in self.cases
        ]
        data = self.to_dict()
        lines.append(
            f"worst: {data['worst_seconds']:.2f} s wall, {data['worst_cpu_seconds']:.2f} s CPU,"
            f" {data['worst_peak_rss_mb']:.0f} MB peak (each case is a whole command:"
            " Python, imports, the project and the database opened)"
        )
        return "\n".join(lines)


def robustness_benchmark(
    project: Path, source: str, postgres: str | None = None, only: tuple[str, ...] = ()
) -> RobustnessBenchmark:
    """Every case (or those whose name contains one of ``only``) against a copy of
    ``project`` and the database at ``source``."""

    def chosen(name: str) -> bool:
        return not only or any(part in name for part in only)

    results = [_file_case(project, case) for case in FILE_CASES if chosen(case.name)]
    runs = [(source, *case) for case in SQL_CASES]
    runs += [(postgres, *case) for case in POSTGRES_CASES if postgres]
    results += [_sql_case(project, *run) for run in runs if run[0] and chosen(run[1])]
    return RobustnessBenchmark(tuple(results))


def _file_case(project: Path, case: FileCase) -> CaseResult:
    with _broken_copy(project, case) as copy:
        run = run_measured(
            "app.cli.main",
            ["validate", "--project", str(copy), "--json"],
            timeout_s=TIMEOUT_S,
            rss_limit_mb=RSS_LIMIT_MB,
        )
    return CaseResult(
        case.name, _validate_outcome(run), run.seconds, run.cpu_seconds, run.peak_rss_mb
    )


def _sql_case(project: Path, source: str, name: str, sql: str, max_rows: int) -> CaseResult:
    run = run_measured(
        __name__,
        [str(project), source, str(max_rows), sql],
        timeout_s=TIMEOUT_S,
        rss_limit_mb=RSS_LIMIT_MB,
    )
    return _result(name, _sql_outcome(run), run)


def _result(name: str, outcome: str, run: Measured) -> CaseResult:
    return CaseResult(name, outcome, run.seconds, run.cpu_seconds, run.peak_rss_mb)


@contextlib.contextmanager
def _broken_copy(project: Path, case: FileCase) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="askbi-robustness-") as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("snapshots", "history"))
        target = copy / case.file
        target.write_bytes(case.change(target.read_bytes()))
        yield copy


def _validate_outcome(run: Measured) -> str:
    if run.stopped:
        return f"stopped ({run.stopped})"
    try:
        error = json.loads(run.stdout)["error"]
    except (ValueError, KeyError, TypeError):
        return f"exit {run.returncode}" + (", traceback" if "Traceback" in run.stderr else "")
    codes = sorted({p["code"] for p in error.get("problems", [])})
    return f"{error['code']}: {', '.join(codes)}" if codes else str(error["code"])


def _sql_outcome(run: Measured) -> str:
    if run.stopped:
        return f"stopped ({run.stopped})"
    try:
        data = json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"exit {run.returncode}" + (", traceback" if "Traceback" in run.stderr else "")
    took = f" in {data['answer_s']:.2f} s"
    if data["error"]:
        return f"refused: {data['error']}{took}"
    cut = ", truncated" if data["truncated"] else ""
    return f"{data['rows']:,} rows{cut}, {data['json_bytes'] / 1e6:.1f} MB of JSON{took}"


def _answer(project: str, source: str, max_rows: int, sql: str) -> dict[str, object]:
    """The child's side: ``sql`` answered as model-written SQL, summarised."""
    from app.pipeline.ask import answer_sql
    from app.pipeline.startup import open_environment
    from app.project.folder import load_project
    from app.settings import Settings
    from connectors.registry import open_connector

    loaded = load_project(project, source=source)
    with open_connector(loaded.source_url) as connector:
        settings = Settings(max_rows=max_rows)
        env = open_environment(loaded, connector, settings=settings, read_values=False)
        began = time.perf_counter()
        answer = answer_sql(sql, connector.dialect, env)
        text = json.dumps(answer.model_dump(mode="json"), default=str)
        seconds = time.perf_counter() - began
    return {
        "answer_s": round(seconds, 3),
        "error": answer.error.code if answer.error else None,
        "rows": len(answer.rows),
        "truncated": answer.truncated,
        "json_bytes": len(text.encode("utf-8")),
    }


if __name__ == "__main__":  # pragma: no cover - the child side, run by _sql_case
    project_arg, source_arg, rows_arg, sql_arg = sys.argv[1:5]
    print(json.dumps(_answer(project_arg, source_arg, int(rows_arg), sql_arg)))
