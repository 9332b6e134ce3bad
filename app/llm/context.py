"""The compact schema a prompt carries: relevant tables, their joins, metric definitions, examples.

Everything here comes from the two YAML artifacts and from verified examples, never from the
database: no result rows, no values read from a table. Sample values appear only where the
YAML lists ``allowed_values`` or ``sample_values``, and columns marked ``pii: true`` are left
out entirely, name and all, so a model can neither see nor select personal data.

The context fits a token budget (:func:`app.llm.tokens.estimate_tokens`). Metric
definitions come first (a plan or a query is wrong without them), then tables in the order
given, most relevant first, then examples; whatever does not fit is dropped from the end of
its list, so the least relevant tables go first. :class:`PromptContext` records what was
left out, for traces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.llm.prompts import RenderedPrompt, render_prompt
from app.llm.tokens import estimate_tokens
from metrics.catalog import MetricCatalog
from metrics.identifiers import identifier
from metrics.model import (
    Aggregation,
    CumulativeMetric,
    CumulativeWindow,
    DerivedMetric,
    Metric,
    PeriodOverPeriodMetric,
    RatioMetric,
    SimpleMetric,
    Status,
    TargetMetric,
)
from semantic_layer.layer import SemanticLayer, columns_of_text
from semantic_layer.model import Cardinality, Column, Relationship, Table

DEFAULT_BUDGET_TOKENS = 3500
NONE = "(none)"
DESCRIPTION_CHARS = 100
_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+(?=[A-Z])")
_FILLER = frozenset({"a", "an", "the", "of", "in", "for", "and", "per", "to", "on", "by", "s"})


@dataclass(frozen=True)
class Example:
    """A verified question and the plan (canonical JSON) that answers it."""

    question: str
    plan_json: str


@dataclass(frozen=True)
class PromptContext:
    text: str
    tokens: int
    """Estimated tokens of ``text``."""
    tables: tuple[str, ...]
    dropped_tables: tuple[str, ...]
    metrics: tuple[str, ...]
    """The metrics defined in ``text``: those asked for, then what they are computed from."""
    dropped_metrics: tuple[str, ...]
    examples: int
    dropped_examples: int
    version: str
    """The context template's id (``context.v1``), for traces and cache keys."""


def build_context(
    layer: SemanticLayer,
    catalog: MetricCatalog,
    *,
    tables: Sequence[str],
    metrics: Sequence[str],
    examples: Sequence[Example],
    budget_tokens: int = DEFAULT_BUDGET_TOKENS,
    dialect: str | None = None,
) -> PromptContext:
    """The context for ``tables`` (most relevant first), ``metrics`` and ``examples``.

    With a ``dialect`` (the SQL path), table and column names are written as that dialect
    must read them: ``"OrderDate"`` in PostgreSQL, so SQL copied from the context runs.
    """
    spell = _speller(dialect)
    table_names = list(dict.fromkeys(tables))
    metric_names = _with_dependencies(metrics, catalog)
    metric_lines = [_metric_line(catalog.get(m), catalog, layer) for m in metric_names]
    table_blocks = _table_blocks(layer, table_names, spell)
    example_blocks = [f"Q: {e.question}\nplan: {e.plan_json}" for e in examples]

    # Sums of per-part estimates never undercount the whole (each part rounds up).
    left = budget_tokens - estimate_tokens(_render("", "", "", "").text)
    n_metrics, left = _fit([estimate_tokens(m) + 1 for m in metric_lines], left)
    n_tables, left = _fit([cost for _, cost in table_blocks], left)
    n_examples, left = _fit([estimate_tokens(e) + 2 for e in example_blocks], left)

    kept = table_names[:n_tables]
    rendered = _render(
        "\n\n".join(text for text, _ in table_blocks[:n_tables]),
        "\n".join(_join_line(r, spell) for r in _joins_among(layer, kept)),
        "\n".join(metric_lines[:n_metrics]),
        "\n\n".join(example_blocks[:n_examples]),
    )
    return PromptContext(
        text=rendered.text,
        tokens=estimate_tokens(rendered.text),
        tables=tuple(kept),
        dropped_tables=tuple(table_names[n_tables:]),
        metrics=tuple(metric_names[:n_metrics]),
        dropped_metrics=tuple(metric_names[n_metrics:]),
        examples=n_examples,
        dropped_examples=len(example_blocks) - n_examples,
        version=rendered.id,
    )


def _render(tables: str, joins: str, metrics: str, examples: str) -> RenderedPrompt:
    return render_prompt(
        "context",
        tables=tables or NONE,
        joins=joins or NONE,
        metrics=metrics or NONE,
        examples=examples or NONE,
    )


Spell = Callable[[str], str]
"""A layer name (``sales.Orders``) → how the context writes it."""


def _speller(dialect: str | None) -> Spell:
    """
    >>> _speller("postgres")("sales.OrderLines"), _speller(None)("sales.OrderLines")
    ('sales."OrderLines"', 'sales.OrderLines')
    """
    if dialect is None:
        return lambda name: name
    return lambda name: ".".join(
        identifier(part, dialect).sql(dialect=dialect) for part in name.split(".")
    )


def _fit(costs: Sequence[int], budget: int) -> tuple[int, int]:
    """How many leading items fit in ``budget``, and the budget left after them.

    >>> _fit([3, 4, 5], 8)
    (2, 1)
    """
    used = 0
    for count, cost in enumerate(costs):
        if used + cost > budget:
            return count, budget - used
        used += cost
    return len(costs), budget - used


def _with_dependencies(names: Sequence[str], catalog: MetricCatalog) -> list[str]:
    """The metrics asked for, then every metric they are computed from, without repeats."""
    ordered = list(dict.fromkeys(names))
    for name in list(ordered):
        ordered.extend(d for d in catalog.all_dependencies(name) if d not in ordered)
    return ordered


# --- tables -----------------------------------------------------------------------------


def _table_blocks(
    layer: SemanticLayer, names: Sequence[str], spell: Spell
) -> list[tuple[str, int]]:
    """Each table's text and its cost, which includes its joins to the tables before it."""
    blocks = []
    for i, name in enumerate(names):
        text = _table_text(layer.table(name), spell)
        joins = _joins_among(layer, names[: i + 1], touching=name)
        lines = [_join_line(r, spell) for r in joins]
        cost = estimate_tokens(text) + 2 + sum(estimate_tokens(line) + 1 for line in lines)
        blocks.append((text, cost))
    return blocks


def _table_text(table: Table, spell: Spell) -> str:
    head = spell(table.name)
    if table.synonyms:
        head += f" ({', '.join(table.synonyms)})"
    if table.description:
        head += f": {_short(table.description)}"
    lines = [head]
    if table.primary_key:
        lines.append(f"  primary key: {', '.join(spell(c) for c in table.primary_key)}")
    visible = [c for c in table.columns if not c.pii]
    notes = {c.name: _notes(c, table) for c in visible}
    lines.extend(
        f"  {spell(c.name)} {c.type.value}{notes[c.name]}" for c in visible if notes[c.name]
    )
    lines.extend(_plain_columns([c for c in visible if not notes[c.name]], spell))
    lines.extend(_dimension_lines(table, spell))
    return "\n".join(lines)


def _notes(column: Column, table: Table) -> str:
    """What the YAML says about a column beyond its name and type, or ``""``."""
    notes = ""
    if column.description and _adds_information(column.description, column.name, table.name):
        notes += f" — {_short(column.description).rstrip('.')}"
    if column.allowed_values:
        notes += f"; values: {_values(column.allowed_values)}"
    elif column.sample_values:
        notes += f"; e.g. {_values(column.sample_values)}"
    if column.range is not None:
        notes += f"; {_range(column.range.min, column.range.max)}"
    return notes


def _plain_columns(columns: Sequence[Column], spell: Spell) -> list[str]:
    """Columns with nothing to add, one line per type: wide tables stay a few lines long."""
    by_type: dict[str, list[str]] = {}
    for c in columns:
        by_type.setdefault(c.type.value, []).append(spell(c.name))
    return [f"  {kind}: {', '.join(names)}" for kind, names in by_type.items()]


def _dimension_lines(table: Table, spell: Spell) -> list[str]:
    pii = {c.name for c in table.columns if c.pii}
    lines = []
    for d in table.dimensions:
        reads = [d.column] if d.column else columns_of_text(d.expr)
        if pii.intersection(reads):
            continue
        text = f"  dimension {d.name} = {spell(d.column) if d.column else d.expr}"
        if d.through:
            text += f" via {', '.join(d.through)}"
        if d.description:
            text += f": {_short(d.description).rstrip('.')}"
        if d.synonyms:
            text += f" ({', '.join(d.synonyms)})"
        lines.append(text)
    for t in table.time_dimensions:
        grains = ", ".join(g.value for g in t.grains)
        source = spell(t.column) if t.column else t.expr
        lines.append(f"  time dimension {t.name} = {source} ({grains})")
    return lines


def _adds_information(description: str, column: str, table: str) -> bool:
    """False for descriptions that only restate the names ("Order amount of the order.").

    >>> _adds_information("Order amount of the order.", "order_amount", "sales_order_detail")
    False
    >>> _adds_information("Units returned.", "quantity", "returns")
    True
    """
    words = set(re.findall(r"[a-z0-9]+", description.lower())) - _FILLER
    return not words <= {*column.lower().split("_"), *table.lower().split("_")}


def _short(text: str) -> str:
    """The first sentence, at most about a hundred characters.

    >>> _short("Registered customers. Name and e-mail are personal data.")
    'Registered customers.'
    >>> _short('Display name, e.g. "Maeil Mart Gangnam". Unique.')
    'Display name, e.g. "Maeil Mart Gangnam".'
    """
    text = " ".join(text.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    return first if len(first) <= DESCRIPTION_CHARS else first[: DESCRIPTION_CHARS - 1] + "…"


def _values(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def _range(low: float | None, high: float | None) -> str:
    """
    >>> _range(1, 5), _range(0, None)
    ('1 to 5', '>= 0')
    """
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f">= {low:g}" if low is not None else f"<= {high:g}"


# --- joins ------------------------------------------------------------------------------


def _joins_among(
    layer: SemanticLayer, tables: Sequence[str], touching: str | None = None
) -> list[Relationship]:
    included = set(tables)
    return [
        r
        for r in layer.relationships
        if r.from_table in included
        and r.to_table in included
        and (touching is None or touching in (r.from_table, r.to_table))
    ]


def _join_line(r: Relationship, spell: Spell) -> str:
    left = ", ".join(f"{spell(r.from_table)}.{spell(k.from_column)}" for k in r.keys)
    right = ", ".join(f"{spell(r.to_table)}.{spell(k.to_column)}" for k in r.keys)
    kind = "" if r.cardinality is Cardinality.MANY_TO_ONE else f" ({r.cardinality.value})"
    return f"{left} -> {right}{kind}"


# --- metrics ----------------------------------------------------------------------------


def _metric_line(metric: Metric, catalog: MetricCatalog, layer: SemanticLayer) -> str:
    unit = f", {metric.unit}" if metric.unit else ""
    line = f"{metric.name} ({metric.label}{unit}): {_short(metric.description)}"
    line += f" = {_formula(metric)}"
    if metric.status is Status.DEPRECATED:
        line += f"; deprecated, use {metric.replaced_by}" if metric.replaced_by else "; deprecated"
    elif metric.status is Status.DRAFT:
        line += "; draft"
    by = sorted(catalog.allowed_dimensions(metric.name, layer))
    return line + (f"; by {', '.join(by)}" if by else "")


def _formula(metric: Metric) -> str:
    """How a metric is computed, in SQL-like notation a model reads without a legend."""
    if isinstance(metric, SimpleMetric):
        where = f" WHERE {metric.filter}" if metric.filter else ""
        call = f"{metric.agg.value.upper()}({metric.expr})"
        if metric.agg is Aggregation.COUNT_DISTINCT:
            call = f"COUNT(DISTINCT {metric.expr})"
        return f"{call} FROM {metric.table}{where}; time {metric.time_dimension}"
    if isinstance(metric, RatioMetric):
        scale = f" * {metric.scale:g}" if metric.scale != 1 else ""
        return f"{metric.numerator} / {metric.denominator}{scale}"
    if isinstance(metric, DerivedMetric):
        return metric.expr
    if isinstance(metric, CumulativeMetric):
        if metric.window is CumulativeWindow.ALL:
            return f"running total of {metric.metric}"
        return f"{metric.metric} from the start of each {metric.window.value} to date"
    if isinstance(metric, PeriodOverPeriodMetric):
        before = f"{metric.metric} {metric.offset.n} {metric.offset.unit.value} earlier"
        return {
            "growth": f"({metric.metric} - {before}) / {before}",
            "change": f"{metric.metric} - {before}",
            "previous": before,
        }[metric.calculation.value]
    assert isinstance(metric, TargetMetric)
    return f"{metric.actual} / {metric.target}"
