"""An answer becomes a tile: its plan (or guarded SQL), a title and its chart — not its question."""

from __future__ import annotations

from app.dashboards.model import ChartKind, Tile, new_tile_id
from app.i18n.catalog import Language, text
from app.i18n.formatting import period
from app.i18n.names import dimension_name, metric_name
from app.pipeline.records import Answer, Source
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from metrics.catalog import MetricCatalog
from semantic_layer.layer import SemanticLayer

_KINDS: dict[str, ChartKind] = {
    "number": "number",
    "line": "line",
    "bar": "bar",
    "scatter": "scatter",
    "table": "table",
}


class NotSaveable(UserError):
    code = ErrorCode.NOT_SAVEABLE


def tile_for(answer: Answer, title: str = "") -> Tile:
    """A tile that recomputes ``answer``; raises :class:`NotSaveable` for answers without one.

    The title defaults to the chart's title ("Revenue by region").
    """
    if not answer.ok or (answer.plan is None and answer.sql is None):
        raise NotSaveable(
            "Only an answered question can be saved to a dashboard.",
            stage=AppStage.PRESENT,
            hint="Pick one of the suggested options or rephrase the question first.",
        )
    chart = _KINDS.get(answer.chart.kind, "table") if answer.chart else "table"
    name = title.strip() or (answer.chart.title if answer.chart else "") or answer.understood
    if answer.plan is not None and answer.source is not Source.LLM_SQL:
        return Tile(id=new_tile_id(), title=name, chart=chart, plan=answer.plan)
    return Tile(id=new_tile_id(), title=name, chart=chart, sql=answer.sql, dialect=answer.dialect)


def default_title(
    answer: Answer, layer: SemanticLayer, catalog: MetricCatalog, language: Language
) -> str:
    """A tile title that says what the tile computes: metric, breakdown, filters, period.

    "Revenue by Region · Seoul · May 2026" / "지역별 매출 · 서울 · 2026년 5월". A plan-less
    answer keeps its chart's title.
    """
    plan = answer.plan
    if plan is None or not plan.metrics:
        return (answer.chart.title if answer.chart else "") or answer.understood
    metrics = [metric_name(catalog, m, language) for m in plan.metrics]
    breakdown = [dimension_name(layer, d, language) for d in plan.dimensions]
    if plan.grain is not None:
        breakdown.insert(0, text(f"grain.{plan.grain.value}", language))
    head = text("tile.metrics_joiner", language).join(metrics)
    if breakdown:
        head = text("tile.by", language, metrics=head, breakdown=", ".join(breakdown))
    names = answer.value_names
    filters = [
        ", ".join(names.get(f.dimension, {}).get(str(v), str(v)) for v in f.values)
        for f in plan.filters
    ]
    window = answer.time_window
    when = period(window.start, window.end, language) if window else ""
    return " · ".join(p for p in (head, *filters, when) if p)
