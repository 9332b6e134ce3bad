"""``askbi bench compile``: how fast plans become SQL.

Compiles every certified metric of the project alone and with each of its dimensions, with
and without a grain and a range, so the figure covers simple, cross-table, cumulative and
period-over-period metrics alike.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

from sqlglot import exp

from app.evaluation.latency import percentile
from app.project.folder import Project
from connectors.base import Connector
from metrics.compiler import compile_query
from metrics.model import Status
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Last
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain

TODAY = dt.date(2026, 6, 30)


@dataclass(frozen=True)
class CompileBenchmark:
    dialect: str
    plans: int
    iterations: int
    plans_per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float

    def to_dict(self) -> dict[str, object]:
        return {"benchmark": "compile", **asdict(self)}

    def to_text(self) -> str:
        rows = [
            ("dialect", self.dialect),
            ("distinct plans", f"{self.plans}"),
            ("compilations", f"{self.iterations}"),
            ("plans per second", f"{self.plans_per_second:,.0f}"),
            ("p50 compile time", f"{self.p50_ms:.2f} ms"),
            ("p95 compile time", f"{self.p95_ms:.2f} ms"),
            ("max compile time", f"{self.max_ms:.2f} ms"),
        ]
        return "\n".join(f"{k:<20}{v:>14}" for k, v in rows)


def benchmark_plans(project: Project) -> list[SemanticQuery]:
    plans = []
    for metric in sorted(project.catalog.metrics.values(), key=lambda m: m.name):
        if metric.status is not Status.CERTIFIED:
            continue
        allowed = sorted(project.catalog.allowed_dimensions(metric.name, project.layer))
        plans.append(SemanticQuery(metrics=(metric.name,)))
        for dim in allowed[:4]:
            plans.append(
                SemanticQuery(
                    metrics=(metric.name,),
                    dimensions=(dim,),
                    grain=Grain.MONTH,
                    time_range=Last(n=12, unit=Grain.MONTH),
                )
            )
    return plans


def compile_benchmark(project: Project, *, iterations: int, dialect: str) -> CompileBenchmark:
    plans = benchmark_plans(project)
    for plan in plans:  # warm up: first compilations pay for imports and caches
        _compile(project, plan, dialect)
    timings = []
    began = time.perf_counter()
    for i in range(iterations):
        start = time.perf_counter()
        _compile(project, plans[i % len(plans)], dialect)
        timings.append((time.perf_counter() - start) * 1000)
    total = time.perf_counter() - began
    return CompileBenchmark(
        dialect=dialect,
        plans=len(plans),
        iterations=iterations,
        plans_per_second=iterations / total,
        p50_ms=percentile(timings, 0.5),
        p95_ms=percentile(timings, 0.95),
        max_ms=max(timings),
    )


def _compile(project: Project, plan: SemanticQuery, dialect: str) -> None:
    compile_query(plan, project.layer, project.catalog, dialect=dialect, today=TODAY)


@dataclass(frozen=True)
class AskBenchmark:
    questions: int
    rounds: int
    answered: int
    p50_ms: float
    p95_ms: float
    plan_p50_ms: float
    plan_p95_ms: float
    ground_p50_ms: float
    execute_p50_ms: float
    index_build_ms: float

    def to_dict(self) -> dict[str, object]:
        return {"benchmark": "ask", **asdict(self)}

    def to_text(self) -> str:
        rows = [
            ("questions", f"{self.questions}"),
            ("rounds", f"{self.rounds}"),
            ("answered", f"{self.answered}"),
            ("end-to-end p50", f"{self.p50_ms:.1f} ms"),
            ("end-to-end p95", f"{self.p95_ms:.1f} ms"),
            ("grounding p50", f"{self.ground_p50_ms:.2f} ms"),
            ("planning p50", f"{self.plan_p50_ms:.2f} ms"),
            ("planning p95", f"{self.plan_p95_ms:.2f} ms"),
            ("execution p50", f"{self.execute_p50_ms:.1f} ms"),
            ("index build", f"{self.index_build_ms:.0f} ms"),
        ]
        return "\n".join(f"{k:<20}{v:>14}" for k, v in rows)


def ask_benchmark(project: Project, connector: Connector, *, rounds: int) -> AskBenchmark:
    """Every question of the project's check suites through the offline path, ``rounds`` times.

    The first round warms caches (the DuckDB file, data coverage); all rounds are timed, as a
    user's session would be.
    """
    from app.checks.suite import load_suites
    from app.pipeline.ask import ask
    from app.pipeline.startup import open_environment
    from app.settings import PlannerMode, Settings

    suites = load_suites(project.root, project.layer, project.catalog)
    questions = [q for suite in suites for case in suite.cases for q in case.questions]
    env = open_environment(project, connector, settings=Settings(planner=PlannerMode.OFFLINE))
    totals, plans, grounds, executes, answered = [], [], [], [], 0
    for _ in range(rounds):
        for question in questions:
            began = time.perf_counter()
            answer = ask(question, env)
            totals.append((time.perf_counter() - began) * 1000)
            plans.append(answer.timings_ms.get("plan", 0.0))
            grounds.append(answer.timings_ms.get("ground", 0.0))
            if "execute" in answer.timings_ms:
                executes.append(answer.timings_ms["execute"])
            answered += answer.ok
    return AskBenchmark(
        questions=len(questions),
        rounds=rounds,
        answered=answered // max(1, rounds),
        p50_ms=percentile(totals, 0.5),
        p95_ms=percentile(totals, 0.95),
        plan_p50_ms=percentile(plans, 0.5),
        plan_p95_ms=percentile(plans, 0.95),
        ground_p50_ms=percentile(grounds, 0.5),
        execute_p50_ms=percentile(executes, 0.5) if executes else 0.0,
        index_build_ms=env.index.build_ms,
    )


@dataclass(frozen=True)
class RetrievalBenchmark:
    tables: int
    columns: int
    questions: int
    build_ms: float
    lookup_p50_ms: float
    lookup_p95_ms: float
    recall_at_5: float
    guard_first_ms: float
    guard_p50_ms: float

    def to_dict(self) -> dict[str, object]:
        return {"benchmark": "retrieval", **asdict(self)}

    def to_text(self) -> str:
        rows = [
            ("schema", f"{self.tables} × {self.columns}"),
            ("questions", f"{self.questions}"),
            ("index build", f"{self.build_ms:.0f} ms"),
            ("lookup p50", f"{self.lookup_p50_ms:.2f} ms"),
            ("lookup p95", f"{self.lookup_p95_ms:.2f} ms"),
            ("needed table in top 5", f"{self.recall_at_5:.1%}"),
            ("guard, first query", f"{self.guard_first_ms:.1f} ms"),
            ("guard p50, later", f"{self.guard_p50_ms:.2f} ms"),
        ]
        return "\n".join(f"{k:<24}{v:>14}" for k, v in rows)


def retrieval_benchmark(*, tables: int, columns: int, questions: int) -> RetrievalBenchmark:
    """Grounding on a generated warehouse schema (see ``sample_db/wide_schema.py``)."""
    from app.pipeline.ground.grounding import ground
    from app.pipeline.ground.index import GroundingIndex
    from metrics.catalog import MetricCatalog
    from sample_db.wide_schema import build_wide_schema

    schema = build_wide_schema(tables, columns, cases=questions)
    index = GroundingIndex.build(schema.layer, MetricCatalog({}))
    timings, hits = [], 0
    for case in schema.cases:
        began = time.perf_counter()
        grounding = ground(case.question, index, TODAY)
        timings.append((time.perf_counter() - began) * 1000)
        top = {name for name, _ in grounding.tables[:5]}
        hits += set(case.tables) <= top
    guards = _guard_timings(schema.layer, [case.tables[0] for case in schema.cases])
    return RetrievalBenchmark(
        tables=tables,
        columns=columns,
        questions=len(schema.cases),
        build_ms=index.build_ms,
        lookup_p50_ms=percentile(timings, 0.5),
        lookup_p95_ms=percentile(timings, 0.95),
        recall_at_5=hits / max(1, len(schema.cases)),
        guard_first_ms=guards[0],
        guard_p50_ms=percentile(guards[1:] or guards, 0.5),
    )


def _guard_timings(layer: SemanticLayer, tables: list[str]) -> list[float]:
    """Every answer is guarded against the whole layer, so a wide layer must not make each
    one pay for indexing it: the first query builds the index, the rest should not."""
    from app.pipeline.guard import guard_sql

    timings = []
    for name in tables:
        column = layer.tables[name].columns[0].name
        query = exp.select(exp.column(column)).from_(exp.to_table(name)).limit(5)
        began = time.perf_counter()
        guard_sql(query.sql(dialect="duckdb"), dialect="duckdb", layer=layer)
        timings.append((time.perf_counter() - began) * 1000)
    return timings
