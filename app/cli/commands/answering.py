"""``askbi ask``, ``askbi query`` and ``askbi compile``: questions and plans to answers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from app.cli import text as render
from app.cli.flags import settings_from
from app.cli.output import emit
from app.cli.query_args import build_plan
from app.pipeline.ask import answer_plan
from app.pipeline.ask import ask as ask_question
from app.pipeline.ask import explain as explain_question
from app.pipeline.records import Answer, Status
from app.pipeline.startup import open_environment
from app.project.folder import load_project
from app.settings import resolve_today
from app.stages import AppStage
from connectors.registry import open_connector
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from metrics.compiler import compile_query
from metrics.semantic_query import SemanticQuery


def ask(args: argparse.Namespace) -> int:
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector, settings=settings_from(args), today=args.today)
        answer = (explain_question if args.explain else ask_question)(args.question, env)
    if answer.error is not None:
        return _failed(args, answer)
    emit(args, answer.model_dump(mode="json"), render.answer_text(answer))
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
        emit(args, render.compiled_json(compiled), compiled.sql)
        return 0
    settings = settings_from(args)
    with open_connector(project.source_url) as connector:
        env = open_environment(
            project, connector, settings=settings, today=today, read_values=False
        )
        answer = answer_plan(plan, env)
    if answer.error is not None:
        return _failed(args, answer)
    emit(args, render.plan_answer_json(answer), render.plan_answer_text(answer))
    return 0


def compile_plan(args: argparse.Namespace) -> int:
    text = sys.stdin.read(MAX_PLAN_BYTES + 1) if args.plan == "-" else _read(Path(args.plan))
    plan = _parse_plan(text)
    project = load_project(args.project)
    compiled = compile_query(
        plan, project.layer, project.catalog, dialect=args.dialect, today=resolve_today(args.today)
    )
    emit(args, render.compiled_json(compiled), compiled.sql)
    return 0


MAX_PLAN_BYTES = 1024 * 1024
"""A plan is a few hundred bytes; reading stops here (``/dev/zero`` never ends)."""


def _read(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PLAN_BYTES + 1)
    except OSError as e:
        raise UserError(
            f"Can't read {path}: {e.strerror}.", stage=AppStage.CLI, code=ErrorCode.INVALID_PLAN
        ) from e
    if len(data) > MAX_PLAN_BYTES:
        raise UserError(
            f"{path} is larger than a plan can be ({MAX_PLAN_BYTES:,} bytes).",
            stage=AppStage.CLI,
            code=ErrorCode.INVALID_PLAN,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise UserError(
            f"{path} is not UTF-8 text (byte 0x{data[e.start]:02x} at line {line}).",
            stage=AppStage.CLI,
            hint="Save the plan as UTF-8 JSON.",
            code=ErrorCode.INVALID_PLAN,
        ) from e


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
