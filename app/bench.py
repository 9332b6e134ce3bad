"""``askbi bench compile``: how fast plans become SQL.

Compiles every certified metric of the project alone and with each of its dimensions, with
and without a grain and a range, so the figure covers simple, cross-table, cumulative and
period-over-period metrics alike.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import asdict, dataclass

from app.project import Project
from metrics.compiler import compile_query
from metrics.model import Status
from metrics.plan import SemanticQuery
from metrics.timeframe import Last
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
    ordered = sorted(timings)
    return CompileBenchmark(
        dialect=dialect,
        plans=len(plans),
        iterations=iterations,
        plans_per_second=iterations / total,
        p50_ms=statistics.median(ordered),
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))],
        max_ms=ordered[-1],
    )


def _compile(project: Project, plan: SemanticQuery, dialect: str) -> None:
    compile_query(plan, project.layer, project.catalog, dialect=dialect, today=TODAY)
