"""``askbi init SOURCE_URL``: draft a project from a live database, then say what to review."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from app.cli.output import emit
from app.onboarding.init import InitResult, init_project
from connectors.duckdb_connector import path_of


def init(args: argparse.Namespace) -> int:
    out = args.out or Path(f"{_database_name(args.source)}_project")
    result = init_project(args.source, out, schema=args.schema)
    emit(args, result.to_dict(), report_text(result, args.source))
    return 0


def _database_name(url: str) -> str:
    if url.startswith("duckdb:///"):
        return path_of(url).stem
    tail = url.rsplit("/", 1)[-1].split("?", 1)[0]
    return re.sub(r"[^A-Za-z0-9_]", "_", tail) or "askbi"


def report_text(result: InitResult, url: str) -> str:
    c = result.counts
    lines = [
        f"Drafted {result.out}: {c['tables']} tables, {c['columns']} columns, "
        f"{c['dimensions']} dimensions, {c['time_dimensions']} time dimensions, "
        f"{c['relationships']} relationships ({c['inferred_relationships']} inferred), "
        f"{c['metrics']} draft metrics ({result.elapsed_ms / 1000:.1f} s).",
        "",
        "Review:",
    ]
    by_kind: dict[str, list[str]] = {}
    for guess in result.guesses:
        by_kind.setdefault(guess.kind, []).append(f"    {guess.where}: {guess.note}")
    for kind, items in by_kind.items():
        lines += [f"  {kind} ({len(items)})", *items]
    lines += [
        f"  metrics ({c['metrics']}): all drafts; give each an owner, a description and a "
        "changelog, then certify",
        "  labels and synonyms: drawn from the names; add the words your people use",
    ]
    if result.skipped:
        lines.append(f"  skipped (names askbi can't hold unquoted): {', '.join(result.skipped)}")
    lines += ["", f"Then: askbi validate --project {result.out} --source {url}"]
    return "\n".join(lines)
