"""What the Metrics page shows: the catalog as rows, one metric in full, the semantic layer.

Everything here is read from the loaded project (and the dashboards and check suites that
refer to it), so the page only lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.checks.suite import LoadedSuite
from app.dashboards.store import LoadedDashboard
from app.pipeline.records import ErrorInfo
from app.project.folder import Project
from kernel.errors import AskbiError
from metrics.catalog import MetricCatalog, dependencies
from metrics.compiler import compile_query
from metrics.model import (
    ChangelogEntry,
    CumulativeMetric,
    DerivedMetric,
    Metric,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    TargetMetric,
)
from metrics.semantic_query import SemanticQuery
from metrics.timeframe import Last
from semantic_layer.layer import SemanticLayer
from semantic_layer.model import Grain


@dataclass(frozen=True)
class MetricRow:
    label: str
    name: str
    type: str
    status: str
    version: int
    owner: str
    description: str


@dataclass(frozen=True)
class MetricDetail:
    metric: Metric
    definition: str
    depends_on: tuple[str, ...]
    used_by: tuple[str, ...]
    """Metrics computed from this one."""
    dimensions: tuple[str, ...]
    changelog: tuple[ChangelogEntry, ...]
    preview: SemanticQuery
    sql: str
    sql_error: ErrorInfo | None
    dashboards: tuple[str, ...]
    """``Dashboard title › tile title`` of every tile that shows the metric."""
    cases: tuple[str, ...]
    """``suite › case`` of every regression case whose plan uses it."""


def catalog_rows(project: Project) -> list[MetricRow]:
    rows = [
        MetricRow(
            label=m.label,
            name=m.name,
            type=m.type,
            status=m.status.value,
            version=m.version,
            owner=m.owner,
            description=m.description,
        )
        for m in project.catalog.metrics.values()
    ]
    return sorted(rows, key=lambda r: r.label.lower())


def preview_plan(name: str) -> SemanticQuery:
    """The small chart of a metric: its monthly value over the last twelve complete months."""
    last_year = Last(n=12, unit=Grain.MONTH)
    return SemanticQuery(metrics=(name,), grain=Grain.MONTH, time_range=last_year)


def sparkline_spec(x: str, y: str) -> dict[str, object]:
    """The twelve months as a Vega-Lite line: the page draws it with ``st.vega_lite_chart``,
    which sends this as it is, where ``st.line_chart`` builds and validates the same chart
    through altair for a third of a second on every visit.

    >>> sparkline_spec("month", "revenue")["encoding"]["y"]["field"]
    'revenue'
    """
    return {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": x, "type": "temporal", "title": None, "timeUnit": "yearmonth"},
            "y": {"field": y, "type": "quantitative", "title": None},
        },
    }


def metric_detail(
    project: Project,
    name: str,
    *,
    dialect: str,
    today: dt.date,
    dashboards: Sequence[LoadedDashboard] = (),
    suites: Sequence[LoadedSuite] = (),
) -> MetricDetail:
    catalog, layer = project.catalog, project.layer
    metric = catalog.get(name)
    preview = preview_plan(name)
    try:
        compiled = compile_query(preview, layer, catalog, dialect=dialect, today=today)
        sql, sql_error = compiled.sql, None
    except AskbiError as e:
        sql, sql_error = "", error_info(e)
    return MetricDetail(
        metric=metric,
        definition=definition_text(metric),
        depends_on=dependencies(metric),
        used_by=tuple(sorted(m for m in catalog.metrics if name in dependencies(catalog.get(m)))),
        dimensions=tuple(sorted(_dimension_labels(catalog.allowed_dimensions(name, layer), layer))),
        changelog=tuple(sorted(metric.changelog, key=lambda c: c.version, reverse=True)),
        preview=preview,
        sql=sql,
        sql_error=sql_error,
        dashboards=dashboards_using(dashboards, name),
        cases=cases_using(suites, name),
    )


def with_dashboards(detail: MetricDetail, dashboards: Sequence[LoadedDashboard]) -> MetricDetail:
    """The detail with the tiles of ``dashboards`` that show its metric (dashboards are
    files that change apart from the definitions, so they are read fresh)."""
    return replace(detail, dashboards=dashboards_using(dashboards, detail.metric.name))


def latest_change(rows: Sequence[Sequence[object]]) -> tuple[object, float, float | None] | None:
    """(period, value, change on the period before) of the last row with a number, from
    (period, value) rows; the change is None without an earlier non-zero number.

    >>> latest_change([("2026-09-01", 80.0), ("2026-10-01", 100.0), ("2026-11-01", None)])
    ('2026-10-01', 100.0, 0.25)
    """
    valued = [(r[0], float(r[1])) for r in rows if isinstance(r[1], int | float)]
    if not valued:
        return None
    period, value = valued[-1]
    before = valued[-2][1] if len(valued) > 1 else 0.0
    return period, value, (value - before) / abs(before) if before else None


def changelog_lines(changelog: Sequence[ChangelogEntry]) -> list[str]:
    """One Markdown list item per version, as the Metrics page lists them.

    >>> changelog_lines([ChangelogEntry(version=2, date=dt.date(2025, 3, 2), author="Kim",
    ...     change="Exclude test orders.")])
    ['- **v2** · 2025-03-02 · Kim — Exclude test orders.']
    """
    return [f"- **v{c.version}** · {c.date:%Y-%m-%d} · {c.author} — {c.change}" for c in changelog]


def error_info(e: AskbiError) -> ErrorInfo:
    return ErrorInfo(
        code=e.code, message=e.message, stage=str(e.stage), hint=e.hint, suggestions=e.suggestions
    )


def dashboards_using(dashboards: Sequence[LoadedDashboard], metric: str) -> tuple[str, ...]:
    return tuple(
        f"{d.dashboard.title} › {t.title}"
        for d in dashboards
        for t in d.dashboard.tiles
        if t.plan is not None and metric in t.plan.metrics
    )


def cases_using(suites: Sequence[LoadedSuite], metric: str) -> tuple[str, ...]:
    return tuple(
        f"{s.name} › {c.name}"
        for s in suites
        for c in s.cases
        if c.plan is not None and metric in c.plan.metrics
    )


def definition_text(metric: Metric) -> str:
    """The metric's formula in one line.

    >>> from metrics.model import RatioMetric
    >>> definition_text(RatioMetric(type="ratio", name="aov", label="AOV", description="",
    ...     owner="x", numerator="revenue", denominator="order_count"))
    'revenue ÷ order_count'
    """
    if isinstance(metric, SimpleMetric):
        where = f" where {metric.filter}" if metric.filter else ""
        aggregate = f"{metric.agg.value}({metric.expr})"
        return f"{aggregate} over {metric.table}{where}, dated by {metric.time_dimension}"
    if isinstance(metric, RatioMetric):
        scale = f" × {metric.scale:g}" if metric.scale != 1 else ""
        return f"{metric.numerator} ÷ {metric.denominator}{scale}"
    if isinstance(metric, DerivedMetric):
        return metric.expr
    if isinstance(metric, CumulativeMetric):
        if metric.window.value == "all":
            return f"running total of {metric.metric}"
        return f"{metric.metric}, {metric.window.value} to date"
    if isinstance(metric, PeriodOverPeriodMetric):
        offset = f"{metric.offset.n} {metric.offset.unit.value}"
        return f"{metric.calculation.value} of {metric.metric} against {offset} earlier"
    assert isinstance(metric, TargetMetric)
    return f"{metric.actual} ÷ {metric.target}"


@dataclass(frozen=True)
class TableRow:
    table: str
    label: str
    description: str
    columns: int
    dimensions: str
    dated_by: str


@dataclass(frozen=True)
class ColumnRow:
    column: str
    type: str
    description: str
    synonyms: str
    pii: bool


@dataclass(frozen=True)
class DimensionRow:
    dimension: str
    label: str
    column: str
    synonyms: str


@dataclass(frozen=True)
class JoinRow:
    name: str
    from_table: str
    to_table: str
    on: str
    cardinality: str


def table_rows(layer: SemanticLayer) -> list[TableRow]:
    return [
        TableRow(
            table=t.name,
            label=t.label,
            description=t.description,
            columns=len(t.columns),
            dimensions=", ".join(d.name for d in t.dimensions),
            dated_by=", ".join(d.name for d in t.time_dimensions),
        )
        for t in sorted(layer.tables.values(), key=lambda t: t.name)
    ]


def column_rows(layer: SemanticLayer, table: str) -> list[ColumnRow]:
    return [
        ColumnRow(
            column=c.name,
            type=c.type.value,
            description=c.description,
            synonyms=", ".join(c.synonyms),
            pii=bool(c.pii),
        )
        for c in layer.table(table).columns
    ]


def dimension_rows(layer: SemanticLayer) -> list[DimensionRow]:
    rows = [
        DimensionRow(
            dimension=ref.name,
            label=ref.definition.label,
            column=f"{ref.table}.{ref.definition.column or ref.definition.expr}",
            synonyms=", ".join(ref.definition.synonyms),
        )
        for ref in layer.dimensions.values()
    ]
    return sorted(rows, key=lambda r: r.dimension)


def join_rows(layer: SemanticLayer) -> list[JoinRow]:
    return [
        JoinRow(
            name=r.name,
            from_table=r.from_table,
            to_table=r.to_table,
            on=" and ".join(f"{k.from_column} = {k.to_column}" for k in r.keys),
            cardinality=r.cardinality.value,
        )
        for r in layer.relationships
    ]


def _dimension_labels(names: frozenset[str], layer: SemanticLayer) -> list[str]:
    return [layer.dimensions[n].definition.label or n for n in names]


def find_metrics(catalog: MetricCatalog, query: str) -> list[str]:
    """Names of the metrics whose name, label, translated labels or synonyms contain
    ``query`` (case-blind, spaces ignored); every metric for an empty query.

    >>> from app.project.folder import load_project, SAMPLE_PROJECT
    >>> find_metrics(load_project(SAMPLE_PROJECT).catalog, "객단가")
    ['aov']
    """
    wanted = "".join(query.split()).casefold()
    found = []
    for name, metric in catalog.metrics.items():
        words = (name, metric.label, *metric.labels.values(), *metric.synonyms)
        if not wanted or any(wanted in "".join(w.split()).casefold() for w in words):
            found.append(name)
    return found
