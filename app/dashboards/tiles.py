"""An answer becomes a tile: its plan (or guarded SQL), a title and its chart — not its question."""

from __future__ import annotations

from app.dashboards.model import ChartKind, Tile, new_tile_id
from app.pipeline.records import Answer, Source
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError

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
