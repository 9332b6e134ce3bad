"""Which chart shows a result best: rules over the result's shape, returned as a spec.

The UI renders the spec with plotly; nothing here draws, and nothing an LLM writes is run.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.compiler import OutputColumn


@dataclass(frozen=True)
class ChartSpec:
    kind: str  # "line", "bar", "number" or "table"
    x: str | None
    y: tuple[str, ...]
    color: str | None
    title: str
    y_title: str


def choose_chart(columns: tuple[OutputColumn, ...], row_count: int) -> ChartSpec:
    """A line over time, bars across categories, a big number for a single value.

    >>> from metrics.compiler import OutputColumn as C
    >>> choose_chart((C("month", "time", "Month"), C("revenue", "metric", "Revenue")), 12).kind
    'line'
    """
    metrics = tuple(c.name for c in columns if c.role == "metric")
    labels = {c.name: c.label for c in columns}
    dims = [c for c in columns if c.role == "dimension"]
    time = next((c for c in columns if c.role == "time"), None)
    title = " and ".join(labels[m] for m in metrics)
    y_title = labels[metrics[0]] if len(metrics) == 1 else "Value"
    color = dims[0].name if dims else None
    if time is not None and row_count > 1:
        return ChartSpec(
            "line", time.name, metrics, color, f"{title} by {time.label.lower()}", y_title
        )
    if dims and row_count > 1 and len(dims) <= 2:
        second = dims[1].name if len(dims) == 2 else None
        return ChartSpec(
            "bar",
            dims[0].name,
            metrics[:1] if second else metrics,
            second,
            f"{title} by {dims[0].label.lower()}",
            y_title,
        )
    if row_count == 1 and not dims and time is None:
        return ChartSpec("number", None, metrics, None, title, y_title)
    return ChartSpec("table", None, metrics, None, title, y_title)
