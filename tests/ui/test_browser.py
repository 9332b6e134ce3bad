"""The app in a real browser: Debian's Chromium driven by Playwright against ``askbi app``.

Ask a question, see the chart, save it to a dashboard, reload, see the tile; a screenshot
of every page goes to ``test-artifacts/screenshots/`` for a person to look at.
Chromium comes from the system packages (``tests/browser/ensure_chromium.sh``); without it
the test is skipped, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.cli.app_bench import CHROMIUM, FLAGS, SCREENSHOTS, app_benchmark
from app.cli.app_process import running_app
from tests.conftest import TODAY
from tests.ui.conftest import copy_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.xdist_group("warehouse")

REPO = Path(__file__).resolve().parents[2]
ENSURE = REPO / "tests" / "browser" / "ensure_chromium.sh"
TIMEOUT_MS = 60_000
WIDTH = 1400
SCROLL_HEIGHT = """() => Math.max(...[...document.querySelectorAll('*')]
    .filter(e => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible')
    .map(e => e.scrollHeight + (window.innerHeight - e.clientHeight)), window.innerHeight)"""


def _shoot(page: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main pane, so grow the window to fit it."""
    height = page.evaluate(SCROLL_HEIGHT)
    page.set_viewport_size({"width": WIDTH, "height": max(800, min(int(height) + 400, 8000))})
    page.wait_for_timeout(500)  # let plotly redraw at the new size
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    page.screenshot(path=SCREENSHOTS / name)
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def _browser_or_skip() -> None:
    if not CHROMIUM.exists():
        subprocess.run(["sh", str(ENSURE)], check=False, capture_output=True, timeout=900)
    missing = [] if CHROMIUM.exists() else ["/usr/bin/chromium"]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if missing:
        reason = f"{' and '.join(missing)} missing; run {ENSURE.relative_to(REPO)}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def server(tmp_path: Path, sample_warehouse: Path) -> Iterator[str]:
    """``askbi app --headless`` on a free localhost port, in its own process group."""
    _browser_or_skip()
    root = copy_project(tmp_path / "project")
    source = f"duckdb:///{sample_warehouse}"
    with running_app(root, source, today=TODAY.isoformat(), log=tmp_path / "server.log") as url:
        yield url


def test_the_app_benchmark_asks_saves_reloads_and_screenshots(
    tmp_path: Path, sample_warehouse: Path
) -> None:
    """``askbi bench app`` with a few questions: correctness only, its times are not judged."""
    _browser_or_skip()
    root = copy_project(tmp_path / "project")
    result = app_benchmark(root, f"duckdb:///{sample_warehouse}", today=TODAY.isoformat(), count=3)
    assert result.questions == 3 and len(result.times_ms) == 3
    assert result.saved_to_new_dashboard and result.conversation_after_reload
    assert result.korean_interface
    assert result.requests_outside == []  # works offline: no CDN favicon, fonts or editor
    assert len(result.screenshots) == 10
    assert all((SCREENSHOTS / name).stat().st_size > 10_000 for name in result.screenshots)
    assert [p.name for p in (root / "dashboards").glob("*.yaml")] == ["weekly-review.yaml"]


def test_ask_see_the_chart_save_it_and_find_the_tile_after_a_reload(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server)
        expect(page.get_by_text("Try a question")).to_be_visible()
        _shoot(page, "1-ask-empty.png")

        box = page.get_by_placeholder("Ask a question, e.g. revenue by region last month")
        box.fill("지난달 지역별 매출")
        box.press("Enter")
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        expect(page.get_by_text("최고 경기").first).to_be_visible()  # Korean value names
        _shoot(page, "2-ask-answer.png")

        # The new answer is scrolled to its question; its actions sit lower and the popover
        # opens under them: bring them to the middle first, as a person would scroll.
        save = page.get_by_role("button", name="Save to dashboard").first
        page.wait_for_timeout(600)
        save.evaluate("e => e.scrollIntoView({block: 'center'})")
        save.click()
        page.get_by_label("Tile title").fill("지역별 매출 (browser)")
        page.get_by_role("button", name="Save to “Weekly business review”").click()
        saved = "Saved “지역별 매출 (browser)” to Weekly business review."
        expect(page.get_by_text(saved)).to_be_visible()
        _shoot(page, "3-ask-saved.png")

        page.keyboard.press("Escape")
        box.fill("profit by colour")
        box.press("Enter")
        # No colour in the sample: a clarification whose buttons are the breakdowns it has.
        expect(page.get_by_text("I don't know 'colour'").first).to_be_visible()
        expect(page.get_by_role("button", name="Customer segment")).to_be_visible()
        # The first answer is now one line; opening it draws it again, editor and all.
        page.locator(".st-key-turn-open-1 summary").click()
        page.get_by_text("Edit the interpretation").first.click()
        _shoot(page, "3b-ask-clarification-and-editor.png")

        page.goto(f"{server}/dashboards")
        page.reload()
        expect(page.get_by_text("지역별 매출 (browser)")).to_be_visible()
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        expect(page.get_by_text("Last refreshed")).to_be_visible()
        _shoot(page, "4-dashboards.png")

        page.goto(f"{server}/metrics")
        expect(page.get_by_role("tab", name="Metric catalog")).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()  # last month
        page.get_by_text("Last 12 months").click()  # the chart opens on demand
        expect(page.locator(".vega-embed").first).to_be_visible()
        _shoot(page, "5-metrics.png")

        page.goto(f"{server}/settings")
        expect(page.get_by_text("Offline planner only")).to_be_visible()
        _shoot(page, "6-settings.png")

        # An answer on screen follows the interface when it is switched to Korean.
        page.goto(server)
        box.fill("revenue by region last month")
        box.press("Enter")
        expect(page.get_by_text("Gyeonggi was highest").first).to_be_visible()
        page.goto(f"{server}/settings")
        page.get_by_label("Interface language").click()
        page.get_by_role("option", name="한국어").click()
        expect(page.get_by_role("heading", name="설정", exact=True)).to_be_visible()
        page.goto(server)
        expect(page.get_by_text("지역별 매출 (2026년 5월): 최고 경기").first).to_be_visible()
        expect(page.get_by_text("Gyeonggi was highest")).to_have_count(0)
        _shoot(page, "7-ask-switched-to-korean.png")
        browser.close()
