"""The prompt context: only relevant tables, within budget, never personal data or DB values."""

from __future__ import annotations

import pytest

from app.llm.context import Example, build_context
from app.llm.tokens import estimate_tokens
from app.project.folder import Project
from metrics.catalog import MetricCatalog
from sample_db.wide_schema import WideSchema, build_wide_schema
from semantic_layer.layer import SemanticLayer, UnknownName

NO_METRICS = MetricCatalog({})


@pytest.fixture(scope="module")
def wide() -> WideSchema:
    return build_wide_schema()  # 500 tables of 40 columns


def relevant_tables(layer: SemanticLayer, seed_table: str, count: int = 8) -> list[str]:
    """A grounding-like ranking: the table asked about, its join neighbours, then others."""
    ranked = [seed_table]
    for r in layer.relationships:
        if seed_table in (r.from_table, r.to_table):
            ranked.append(r.to_table if r.from_table == seed_table else r.from_table)
    ranked.extend(t for t in sorted(layer.tables) if t not in ranked)
    return ranked[:count]


@pytest.mark.parametrize("case", range(0, 200, 40))
def test_eight_tables_of_a_500_table_schema_fit_under_4000_tokens(
    wide: WideSchema, case: int
) -> None:
    tables = relevant_tables(wide.layer, wide.cases[case].tables[0])
    context = build_context(wide.layer, NO_METRICS, tables=tables, metrics=[], examples=[])
    assert context.tables == tuple(tables)  # nothing had to be dropped
    assert context.tokens == estimate_tokens(context.text)
    assert context.tokens < 4000
    for table in tables:
        assert f"\n{table}" in context.text
    other = next(t for t in sorted(wide.layer.tables) if t not in tables)
    assert other not in context.text  # only what was asked for


def test_over_budget_the_least_relevant_tables_go_first(wide: WideSchema) -> None:
    tables = relevant_tables(wide.layer, wide.cases[0].tables[0])
    full = build_context(wide.layer, NO_METRICS, tables=tables, metrics=[], examples=[])
    budget = full.tokens // 2
    half = build_context(
        wide.layer, NO_METRICS, tables=tables, metrics=[], examples=[], budget_tokens=budget
    )
    assert half.tokens <= budget
    assert 0 < len(half.tables) < len(tables)
    assert half.tables + half.dropped_tables == tuple(tables)  # a prefix is kept
    reversed_ = build_context(
        wide.layer, NO_METRICS, tables=tables[::-1], metrics=[], examples=[], budget_tokens=budget
    )
    assert reversed_.tables == tuple(tables[::-1][: len(reversed_.tables)])
    assert tables[0] in reversed_.dropped_tables


def test_joins_are_listed_only_between_included_tables(sample: Project) -> None:
    context = build_context(
        sample.layer, sample.catalog, tables=["order_items", "products"], metrics=[], examples=[]
    )
    assert "order_items.product_id -> products.product_id" in context.text
    assert "order_items.order_id -> orders.order_id" not in context.text  # orders left out
    both = build_context(
        sample.layer,
        sample.catalog,
        tables=["returns", "order_items"],
        metrics=[],
        examples=[],
    )
    assert (
        "returns.order_id, returns.line_number -> "
        "order_items.order_id, order_items.line_number" in both.text
    )


def test_personal_data_columns_are_left_out_entirely(sample: Project) -> None:
    context = build_context(
        sample.layer, sample.catalog, tables=["customers"], metrics=[], examples=[]
    )
    pii = {column for table, column in sample.layer.pii_columns() if table == "customers"}
    assert pii == {"full_name", "email", "phone"}
    for column in pii:
        assert column not in context.text
    assert "segment string" in context.text  # the rest of the table is there


def test_values_come_only_from_the_yaml(sample: Project) -> None:
    context = build_context(
        sample.layer, sample.catalog, tables=["products", "regions"], metrics=[], examples=[]
    )
    text = context.text
    assert "values: Electronics, Home, Apparel, Beauty, Grocery, Sports" in text
    assert "e.g. Hanbit Smartphone Pro, Nongwon Barley Tea, Iseul Serum Lite" in text
    assert "values: Seoul, Busan, Incheon" in text
    bare = build_context(
        _without_values(sample.layer), sample.catalog, tables=["products"], metrics=[], examples=[]
    )
    assert "Electronics" not in bare.text and "Hanbit" not in bare.text


def _without_values(layer: SemanticLayer) -> SemanticLayer:
    tables = {
        name: table.model_copy(
            update={
                "columns": tuple(
                    c.model_copy(update={"allowed_values": (), "sample_values": ()})
                    for c in table.columns
                )
            }
        )
        for name, table in layer.tables.items()
    }
    return SemanticLayer(
        tables=tables,
        relationships=layer.relationships,
        glossary=layer.glossary,
        dimensions=layer.dimensions,
        time_dimensions=layer.time_dimensions,
        graph=layer.graph,
    )


def test_metric_definitions_say_how_they_are_computed(sample: Project) -> None:
    context = build_context(sample.layer, sample.catalog, tables=[], metrics=["aov"], examples=[])
    assert context.metrics == ("aov", "revenue", "order_count")  # dependencies follow
    lines = {line.split(" ", 1)[0]: line for line in context.text.splitlines()}
    assert "= revenue / order_count" in lines["aov"]
    assert (
        "= SUM(quantity * unit_price * (1 - discount_pct)) FROM order_items "
        "WHERE orders.status = 'completed' AND NOT orders.is_test" in lines["revenue"]
    )
    assert "COUNT(DISTINCT order_id) FROM order_items" in lines["order_count"]
    assert "by brand, category, country" in lines["aov"]
    yoy = build_context(
        sample.layer, sample.catalog, tables=[], metrics=["revenue_growth_yoy"], examples=[]
    )
    assert "(revenue - revenue 1 year earlier) / revenue 1 year earlier" in yoy.text


def test_examples_are_included_and_dropped_last(sample: Project) -> None:
    examples = [
        Example("revenue by region last month", '{"metrics":["revenue"]}'),
        Example("지난달 지역별 매출", '{"metrics":["revenue"],"dimensions":["region"]}'),
    ]
    context = build_context(
        sample.layer, sample.catalog, tables=["orders"], metrics=["revenue"], examples=examples
    )
    assert context.examples == 2
    assert 'Q: 지난달 지역별 매출\nplan: {"metrics":["revenue"],"dimensions":["region"]}' in (
        context.text
    )
    tight = build_context(
        sample.layer,
        sample.catalog,
        tables=["orders"],
        metrics=["revenue"],
        examples=examples,
        budget_tokens=context.tokens - 5,
    )
    assert (tight.examples, tight.dropped_examples, tight.tables) == (1, 1, ("orders",))


def test_the_context_is_deterministic_and_versioned(sample: Project) -> None:
    def build() -> str:
        return build_context(
            sample.layer,
            sample.catalog,
            tables=["orders", "stores", "orders"],
            metrics=["roas"],
            examples=[],
        ).text

    assert build() == build()
    context = build_context(sample.layer, sample.catalog, tables=[], metrics=[], examples=[])
    assert context.version == "context.v1"
    assert context.text.count("(none)") == 4


def test_an_unknown_table_is_an_error_not_a_silent_gap(sample: Project) -> None:
    with pytest.raises(UnknownName, match="Did you mean 'orders'"):
        build_context(sample.layer, sample.catalog, tables=["ordres"], metrics=[], examples=[])
