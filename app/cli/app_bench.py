"""``askbi bench app``: the Ask page in a real browser, as an analyst uses it for an afternoon.

One session asks ``count`` questions from the project's question suite (English and Korean
in turn) and times each from Enter to the answer drawn; it saves the last answer to a new
dashboard by typing a title, reloads and looks for the conversation, and screenshots every
page at a desktop and a phone size. Chromium comes from the system (``/usr/bin/chromium``);
Playwright is the dev extra's, and never downloads a browser.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.cli.app_process import REPO, running_app
from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from app.checks.suite import LoadedSuite

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SIZES = ((1280, 800), (390, 844))
PAGES = ("", "dashboards", "metrics", "edit", "settings")
"""URL paths of every page; the Ask page is the root."""
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
TIMEOUT_MS = 20_000
DRAWN = """n => {
  const turn = document.querySelector('.st-key-turn-' + n);
  const idle = document.querySelector('[data-test-script-state="notRunning"]');
  if (!turn || !idle || turn.closest('[data-stale="true"]')) return false;
  const charts = turn.querySelectorAll('[data-testid="stPlotlyChart"]');
  return [...charts].every(c => c.querySelector('.main-svg'));
}"""
"""The newest answer (a container keyed ``turn-<n>``) is on screen, charts drawn, and the
script is idle: what a person sees as "the answer is there"."""


@dataclass(frozen=True)
class AppBenchmark:
    questions: int
    first_ms: float
    last_ms: float
    slowest_ms: float
    saved_to_new_dashboard: bool
    conversation_after_reload: bool
    korean_interface: bool
    metrics_first_visit_ms: float
    """The Metrics page, first page of a new app process."""
    metrics_new_session_ms: float
    """The Metrics page in a second browser session of the same process."""
    settings_new_session_ms: float
    """The Settings page, which reads nothing, in a new session: what Streamlit itself takes
    to draw any page (its bundle, its websocket), the floor under the Metrics page."""
    screenshots: list[str] = field(default_factory=list)
    requests_outside: list[str] = field(default_factory=list)
    """Hosts other than the app's that the pages asked for (a CDN favicon, fonts): none
    is the goal, the app works offline."""
    times_ms: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"benchmark": "app", **asdict(self)}

    def to_text(self) -> str:
        rows = [
            ("questions in one session", f"{self.questions}"),
            ("Enter to drawn, 1st", f"{self.first_ms:,.0f} ms"),
            (f"Enter to drawn, {_ordinal(self.questions)}", f"{self.last_ms:,.0f} ms"),
            ("slowest", f"{self.slowest_ms:,.0f} ms"),
            ("Metrics page, new process", f"{self.metrics_first_visit_ms:,.0f} ms"),
            ("Metrics page, new session", f"{self.metrics_new_session_ms:,.0f} ms"),
            ("Settings page, new session", f"{self.settings_new_session_ms:,.0f} ms"),
            ("saved to a new dashboard", "yes" if self.saved_to_new_dashboard else "NO"),
            ("conversation after reload", "yes" if self.conversation_after_reload else "NO"),
            ("switched to Korean", "yes" if self.korean_interface else "NO"),
            ("requests to other hosts", ", ".join(self.requests_outside) or "none"),
            ("screenshots", f"{len(self.screenshots)} in {_shown(SCREENSHOTS)}"),
        ]
        return "\n".join(f"{k:<28}{v:>16}" for k, v in rows)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _suites(root: Path) -> list[LoadedSuite]:
    from app.checks.suite import load_suites
    from app.project.folder import load_project

    project = load_project(root)
    return load_suites(project.root, project.layer, project.catalog)


def suite_today(root: Path) -> dt.date:
    """The day the question suite pins "today" to, so relative ranges have data."""
    suites = _suites(root)
    return suites[0].today if suites else dt.date.today()


def bench_questions(root: Path, count: int) -> list[str]:
    """``count`` questions of the project's suites, English and Korean in turn, the last one
    answerable with a chart (it is the one saved to a dashboard)."""
    # The hand-written suite first: its questions are phrased as people phrase them.
    suites = sorted(_suites(root), key=lambda s: s.name != "questions")
    cases = [case for suite in suites for case in suite.cases]
    korean = [q for c in cases for q in c.questions[:3] if _hangul(q)]
    english = [q for c in cases for q in c.questions[:2] if not _hangul(q)]
    mixed = [q for pair in zip(english, korean, strict=False) for q in pair]
    if not mixed:
        raise UserError("The project has no questions to ask.", stage=Stage.LOAD)
    picked = [mixed[i % len(mixed)] for i in range(count - 1)]
    return [*picked, english[0]]


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def app_benchmark(root: Path, source: str, *, today: str, count: int) -> AppBenchmark:
    """Run the session against a copy of ``root`` (the save must not touch the original)."""
    _require_browser()
    with tempfile.TemporaryDirectory(prefix="askbi-bench-app-") as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("feedback", ".askbi"))
        questions = bench_questions(copy, count)
        with running_app(copy, source, today=today, log=Path(scratch) / "app.log") as url:
            return _session(url, questions, copy)


def _require_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        raise UserError(
            "The app benchmark needs Playwright.",
            stage=Stage.LOAD,
            hint="pip install -e '.[dev]' (the Python package only; the browser is Debian's).",
            code=ErrorCode.DRIVER_MISSING,
        ) from e
    if not CHROMIUM.exists():
        raise UserError(
            f"The app benchmark drives {CHROMIUM}, which is not installed.",
            stage=Stage.LOAD,
            hint="Run tests/browser/ensure_chromium.sh (apt-get install chromium fonts-noto-cjk).",
            code=ErrorCode.DRIVER_MISSING,
        )


def _session(url: str, questions: list[str], root: Path) -> AppBenchmark:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
        page.set_default_timeout(TIMEOUT_MS)
        outside: set[str] = set()
        page.on("request", lambda r: _note_outside(r.url, url, outside))
        metrics_cold = _visit_ms(page, f"{url}/metrics")
        # A person types once the page is there: Enter-to-drawn starts from a drawn page.
        _visit_ms(page, url)
        times = [_ask(page, q, n) for n, q in enumerate(questions, start=1)]
        saved = _passes(
            page, "save", lambda: _save_to_new_dashboard(page, url, root, len(questions))
        )
        remembered = _passes(page, "reload", lambda: _reload_finds(page, questions[-1]))
        korean = _passes(page, "korean", lambda: _switch_to_korean(page, url))
        shots = _screenshots(page, url)
        metrics_new_session = _visit_ms(browser.new_page(), f"{url}/metrics")
        settings_new_session = _visit_ms(browser.new_page(), f"{url}/settings")
        browser.close()
    return AppBenchmark(
        questions=len(questions),
        first_ms=times[0],
        last_ms=times[-1],
        slowest_ms=max(times),
        saved_to_new_dashboard=saved,
        conversation_after_reload=remembered,
        korean_interface=korean,
        metrics_first_visit_ms=metrics_cold,
        metrics_new_session_ms=metrics_new_session,
        settings_new_session_ms=settings_new_session,
        screenshots=shots,
        requests_outside=sorted(outside),
        times_ms=[round(t, 1) for t in times],
    )


def _ask(page: Page, question: str, n: int) -> float:
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.fill(question)
    began = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(DRAWN, arg=n, timeout=TIMEOUT_MS, polling="raf")
    ms = (time.perf_counter() - began) * 1000
    print(f"bench app: {n:>3} {ms:8,.0f} ms  {question}", file=sys.stderr)
    return ms


def _note_outside(requested: str, app_url: str, outside: set[str]) -> None:
    host = urlsplit(requested).netloc
    if requested.startswith(("http://", "https://")) and host != urlsplit(app_url).netloc:
        outside.add(host)


def _visit_ms(page: Page, url: str) -> float:
    """From navigation to the page drawn: script idle, nothing stale, no placeholders."""
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_function(_DRAWN_PAGE, timeout=TIMEOUT_MS, polling="raf")
    return (time.perf_counter() - began) * 1000


def _save_to_new_dashboard(page: Page, url: str, root: Path, n: int) -> bool:
    from playwright.sync_api import expect

    title = f"Bench {time.strftime('%H%M%S')}"
    newest = page.locator(f".st-key-turn-{n}")
    save = newest.get_by_role("button", name="Save to dashboard")
    # The new answer is scrolled to its question; its actions sit lower, and the popover
    # opens under them: bring them to the middle first, as a person would scroll.
    page.wait_for_timeout(600)
    save.evaluate("e => e.scrollIntoView({block: 'center'})")
    save.click()
    typed = page.get_by_label("New dashboard title")
    typed.fill(title)
    typed.press("Enter")
    page.get_by_role("button", name=f"Save to new dashboard “{title}”").click()
    expect(page.get_by_text(f"to {title}.")).to_be_visible()
    page.keyboard.press("Escape")
    page.goto(f"{url}/dashboards")  # opens on the dashboard just saved to
    expect(page.get_by_role("combobox", name="Dashboard")).to_have_value(title)
    expect(page.locator(".js-plotly-plot, [data-testid='stMetric']").first).to_be_visible()
    return any(title in p.read_text(encoding="utf-8") for p in (root / "dashboards").glob("*"))


def _reload_finds(page: Page, question: str) -> bool:
    page.go_back()
    page.reload()
    page.get_by_text(question).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    return True


def _switch_to_korean(page: Page, url: str) -> bool:
    """Pick 한국어 on the Settings page; the browser keeps the choice across reloads."""
    from playwright.sync_api import expect

    page.goto(f"{url}/settings")
    page.get_by_label("Interface language").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_role("heading", name="설정", exact=True)).to_be_visible()
    page.goto(url)
    expect(page.get_by_role("heading", name="질문하기", exact=True)).to_be_visible()
    return True


def _passes(page: Page, name: str, step: Callable[[], bool]) -> bool:
    """A step that times out is reported as not done (with a screenshot of the page as it
    was), so the times are still printed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return step()
    except (PlaywrightTimeout, AssertionError) as e:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"failed-{name}.png")
        print(f"bench app: {name}: {str(e).splitlines()[0]}", file=sys.stderr)
        return False


def _screenshots(page: Page, url: str) -> list[str]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    names = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for path in PAGES:
            name = path or "ask"
            page.goto(f"{url}/{path}")
            page.wait_for_function(_IDLE, timeout=TIMEOUT_MS)
            page.wait_for_timeout(800)  # plotly lays out after the script is idle
            target = SCREENSHOTS / f"{name}-{width}x{height}.png"
            page.screenshot(path=target)
            names.append(target.name)
    return names


_IDLE = """() => document.querySelector('[data-test-script-state="notRunning"]')
    && !document.querySelector('[data-stale="true"]')"""
_DRAWN_PAGE = """() => document.querySelector('[data-test-script-state="notRunning"]')
    && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')
    && document.querySelector('[data-testid="stMainBlockContainer"] h1')"""
