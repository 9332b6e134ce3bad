"""Saving to a dashboard keeps the author's file, and goes exactly where the user said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.dashboards.model import Tile
from app.dashboards.store import add_tile, load_dashboard, path_of, remove_tile
from app.dashboards.targets import save_target
from app.dashboards.tiles import default_title
from app.i18n import Language
from app.pipeline.records import Answer, Status, TimeWindow
from app.project.folder import Project
from metrics.semantic_query import Filter, SemanticQuery

COMMENTED = """\
# Weekly numbers. Owned by the finance team; ask before removing a tile.
title: Weekly review   # shown as the page heading
description: What we read on Mondays.

tiles:
  # the trend comes first
  - id: trend
    title: Revenue by month
    chart: line
    plan:
      metrics: [revenue]          # net of discounts
      grain: month
      time_range: {kind: last, n: 12, unit: month}

  - id: regions
    title: "Revenue by region, last month"
    chart: bar
    plan:
      metrics: [revenue]
      dimensions: [region]
      order_by: [{field: revenue, descending: true}]
# end of the tiles
"""

PLAN = SemanticQuery(metrics=("aov",), dimensions=("region",))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "dashboards").mkdir()
    path_of(tmp_path, "weekly").write_text(COMMENTED, encoding="utf-8")
    return tmp_path


def test_a_saved_tile_leaves_comments_and_other_tiles_byte_identical(root: Path) -> None:
    add_tile(root, "weekly", Tile(id="t-new", title="AOV by region", chart="bar", plan=PLAN))
    after = path_of(root, "weekly").read_text(encoding="utf-8")
    before_tiles = COMMENTED.removesuffix("# end of the tiles\n")
    assert after.startswith(before_tiles), after
    added = after.removeprefix(before_tiles)
    assert "# end of the tiles" in added
    assert "id: t-new" in added and "metrics: [aov]" in added
    loaded = load_dashboard(root, "weekly").dashboard
    assert [t.id for t in loaded.tiles] == ["trend", "regions", "t-new"]


def test_removing_a_tile_keeps_the_rest_of_the_file(root: Path) -> None:
    remove_tile(root, load_dashboard(root, "weekly"), "regions")
    after = path_of(root, "weekly").read_text(encoding="utf-8")
    # The blank line before the removed tile belongs to it in the YAML's comment model.
    head = COMMENTED[: COMMENTED.index("  - id: regions")].rstrip("\n")
    assert after.startswith(head)
    assert "regions" not in after and "# end of the tiles" in after


def test_a_typed_title_makes_a_new_dashboard_whatever_the_picker_says() -> None:
    existing = {"weekly-review": "Weekly business review"}
    target = save_target("weekly-review", "Regional deep dive", existing)
    assert target is not None and target.new and target.title == "Regional deep dive"
    assert target.name == "regional-deep-dive"
    same = save_target(None, "weekly business review", existing)
    assert same is not None and not same.new and same.name == "weekly-review"
    assert save_target(None, "  ", existing) is None


def test_the_default_tile_title_names_metric_breakdown_filter_and_period(
    sample: Project,
) -> None:
    plan = SemanticQuery(
        metrics=("revenue",),
        dimensions=("region",),
        filters=(Filter(dimension="channel", values=("online",)),),
    )
    answer = Answer(
        question="q",
        status=Status.ANSWERED,
        plan=plan,
        time_window=TimeWindow(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31)),
        value_names={"channel": {"online": "온라인"}},
        today=dt.date(2026, 6, 30),
    )
    layer, catalog = sample.layer, sample.catalog
    english = default_title(answer, layer, catalog, Language.EN)
    assert english == "Revenue by Region · 온라인 · May 2026"
    assert default_title(answer, layer, catalog, Language.KO) == "지역별 매출 · 온라인 · 2026년 5월"
