"""Plain-text and JSON renderings of results for the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.pipeline.present.narrative import language_of
from app.pipeline.records import Answer
from metrics.compiler import CompiledQuery


def compiled_json(compiled: CompiledQuery) -> dict[str, Any]:
    return {
        "plan": compiled.plan.model_dump(mode="json", exclude_none=True),
        "dialect": compiled.dialect,
        "sql": compiled.sql,
        "columns": [c.name for c in compiled.columns],
        "time_window": _window(compiled),
        "metric_versions": compiled.metric_versions,
        "warnings": list(compiled.warnings),
    }


def plan_answer_json(answer: Answer) -> dict[str, Any]:
    """``askbi query --json``: the plan, the SQL that ran, and its rows."""
    window = answer.time_window
    return {
        "plan": answer.plan.model_dump(mode="json", exclude_none=True) if answer.plan else None,
        "dialect": answer.dialect,
        "sql": answer.sql,
        "columns": answer.column_names(),
        "time_window": (
            {"start": str(window.start or ""), "end": str(window.end or "")} if window else None
        ),
        "metric_versions": answer.metric_versions,
        "warnings": [str(w) for w in answer.warnings],
        "rows": [list(row) for row in answer.rows],
        "row_count": answer.row_count,
        "truncated": answer.truncated,
        "elapsed_ms": round(answer.timings_ms.get("execute", 0.0), 1),
    }


def _window(compiled: CompiledQuery) -> dict[str, str] | None:
    if compiled.start is None and compiled.end is None:
        return None
    return {"start": str(compiled.start or ""), "end": str(compiled.end or "")}


def plan_answer_text(answer: Answer) -> str:
    lines = [answer.sql or "", ""]
    lines.extend(f"warning: {w}" for w in answer.warnings)
    if answer.time_window:
        window = answer.time_window
        lines.append(f"time window: {window.start or ''} to {window.end or ''}")
    names = answer.column_names()
    rows = [dict(zip(names, row, strict=True)) for row in answer.rows]
    lines.append(table(rows, columns=names) if rows else "(no rows)")
    more = " (truncated at the row cap)" if answer.truncated else ""
    elapsed = answer.timings_ms.get("execute", 0.0)
    lines.append(f"{answer.row_count} rows in {elapsed:.0f} ms{more}")
    return "\n".join(lines)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A fixed-width text table; numbers right-aligned with thousands separators."""
    if not rows:
        return "(no rows)"
    names = list(columns or rows[0].keys())
    cells = [[_cell(row.get(n)) for n in names] for row in rows]
    widths = [max(len(n), *(len(r[i]) for r in cells)) for i, n in enumerate(names)]
    numeric = [all(_is_number(row.get(n)) for row in rows) for n in names]
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for r in cells:
        out.append(
            "  ".join(
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(r, widths, numeric, strict=True)
            )
        )
    return "\n".join(out)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def build_report(data: dict[str, Any]) -> str:
    counts = "\n".join(f"  {k:<22}{v:>12,}" for k, v in data["row_counts"].items())
    return (
        f"Built {data['path']} in {data['seconds']} s "
        f"({data['start_date']} to {data['end_date']}, "
        f"scale {data['scale']}, seed {data['seed']})\n"
        f"{counts}"
    )


def validation_summary(data: dict[str, Any]) -> str:
    where = f", checked against {data['checked_against']}" if data["checked_against"] else ""
    files = data.get("files", {})
    lines = [
        f"OK: {data['project']}{where}",
        f"  {data['tables']} tables, {data['dimensions']} dimensions, "
        f"{data['time_dimensions']} time dimensions, {data['relationships']} relationships, "
        f"{data['metrics']} metrics",
    ]
    if files:
        lines.append("  files: " + ", ".join(f"{name} {count}" for name, count in files.items()))
    lines += [f"warning: {w}" for w in data.get("warnings", [])]
    return "\n".join(lines)


def answer_text(answer: Answer) -> str:
    """An answer for the terminal: the sentence first, then the table, then the trace."""
    lines = [answer.narrative]
    if answer.clarification is not None:
        lines += [f"  - {o.label}: {o.question}" for o in answer.clarification.options]
    if answer.rows:
        rows = [dict(zip(answer.column_names(), row, strict=True)) for row in answer.rows[:50]]
        lines += ["", table(rows, columns=answer.column_names())]
        if answer.row_count > 50:
            lines.append(f"… {answer.row_count - 50:,} more rows (use --json for all)")
    if answer.understood:
        lines += ["", f"understood: {answer.understood}"]
    if answer.source:
        lines.append(f"source: {answer.source.value}, confidence {answer.confidence:.2f}")
    language = language_of(answer.question)
    lines += [f"note: {n.render(language)}" for n in answer.notes]
    lines += [f"warning: {w.render(language)}" for w in answer.warnings]
    if answer.error and answer.error.hint:
        lines.append(f"hint: {answer.error.hint}")
    if answer.sql:
        lines += ["", answer.sql]
    timings = ", ".join(f"{k} {v:.1f} ms" for k, v in answer.timings_ms.items())
    lines += ["", f"timings: {timings}"]
    if answer.llm_calls:
        tokens = answer.tokens
        lines.append(
            f"model: {answer.llm_calls} calls, {tokens.prompt_tokens} prompt + "
            f"{tokens.completion_tokens} completion tokens ({answer.prompt_version})"
        )
    return "\n".join(lines)
