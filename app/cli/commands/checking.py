"""``askbi check`` and ``askbi eval``: regression suites and accuracy."""

from __future__ import annotations

import argparse
import json

from app.checks.impact import assess_change, record_impact
from app.checks.runner import run_checks
from app.checks.suite import load_suites
from app.cli.flags import settings_from
from app.cli.output import emit
from app.evaluation.dataset import AnyDataset, load_any
from app.evaluation.gold_rows import databases, run_gold_rows
from app.evaluation.intents import IntentDataset, run_intents
from app.evaluation.runner import EvalReport, run_eval
from app.evaluation.verdicts import SetReport
from app.pipeline.environment import Environment
from app.pipeline.startup import open_environment
from app.project.folder import Project, load_project
from app.settings import resolve_today
from app.stages import AppStage
from connectors.registry import open_connector
from kernel.error_codes import ErrorCode
from kernel.errors import UserError


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
        env = open_environment(project, connector, settings=settings_from(args))
        report = run_checks(
            suites, env, metrics=args.metrics, update_snapshots=args.update_snapshots
        )
    emit(args, report.to_dict(), report.to_text())
    return 0 if report.ok else 1


def _check_change(args: argparse.Namespace, after: Project) -> int:
    before = load_project(args.before, source=after.source_url)
    with open_connector(after.source_url) as connector:
        impact = assess_change(before, after, connector)
    if args.record:
        record_impact(after, impact, author=args.author)
    emit(args, impact.to_dict(), impact.to_text())
    return 0 if impact.ok else 1


def evaluate(args: argparse.Namespace) -> int:
    dataset = load_any(args.dataset)
    project = load_project(args.project, source=args.source)
    with open_connector(project.source_url) as connector:
        env = open_environment(project, connector, settings=settings_from(args))
        report = _run(dataset, env, args)
    if args.out:
        args.out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    emit(args, report.to_dict(), report.to_text())
    return 0


def _run(dataset: AnyDataset, env: Environment, args: argparse.Namespace) -> EvalReport | SetReport:
    name = args.dataset.name
    if isinstance(dataset, IntentDataset):
        return run_intents(dataset, env, name=name)
    if isinstance(dataset, tuple):
        known = databases(dataset)
        if args.database not in known:
            raise UserError(
                f"{name} has questions about {', '.join(known)}; say which with --database.",
                stage=AppStage.CLI,
                code=ErrorCode.INVALID_ARGUMENT,
            )
        return run_gold_rows(dataset, env, database=args.database, today=resolve_today(args.today))
    return run_eval(dataset, env, name=name)
