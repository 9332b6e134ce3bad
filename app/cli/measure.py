"""Run a module in a child process and measure it: time and peak memory, with a leash.

``askbi bench robustness`` and the hostile-input tests need the same figure: the peak
resident memory of one command, whatever it imported before, and a hang or a runaway that
cannot take the machine down with it. The child measures itself with
``resource.getrusage`` (its own peak, not a sibling's, and the CPU time it used) and writes
the figures to a file the parent names; the parent stops the child when it runs past its
time or, where ``/proc`` shows memory, past its memory limit. CPU time is the figure to hold
a case to on a shared machine: wall time also counts the other processes' turns.

Run as ``python -m app.cli.measure REPORT_FILE MODULE [ARGS…]``: runs ``MODULE`` as
``__main__`` with ``ARGS`` and writes ``{"peak_rss_kb": …, "cpu_s": …}`` to ``REPORT_FILE``
on the way out, however the module ends.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_S = 0.02


@dataclass(frozen=True)
class Measured:
    returncode: int | None
    """``None`` when the child was stopped."""
    stdout: str
    stderr: str
    seconds: float
    """Wall time, interpreter start to exit."""
    peak_rss_mb: float
    stopped: str | None = None
    """Why the child was stopped: ``"time"`` or ``"memory"``."""
    cpu_seconds: float = 0.0
    """CPU time the child used (user and system), as it reported it; 0 when stopped."""


def run_measured(
    module: str,
    args: Sequence[str],
    *,
    timeout_s: float,
    rss_limit_mb: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Measured:
    """Run ``python -m module args`` and measure it; never waits past ``timeout_s``."""
    with tempfile.TemporaryDirectory(prefix="askbi-measure-") as scratch:
        report = Path(scratch) / "peak.json"
        out, err = Path(scratch) / "out", Path(scratch) / "err"
        command = [sys.executable, "-m", __name__, str(report), module, *args]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            began = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=stdout, stderr=stderr, env=dict(env or os.environ), cwd=cwd
            )
            polled, stopped = _watch(child, began + timeout_s, rss_limit_mb)
            seconds = time.perf_counter() - began
        reported = _reported(report)
        return Measured(
            returncode=None if stopped else child.returncode,
            stdout=out.read_text("utf-8", errors="replace"),
            stderr=err.read_text("utf-8", errors="replace"),
            seconds=round(seconds, 3),
            peak_rss_mb=round(max(polled, int(reported.get("peak_rss_kb", 0))) / 1024, 1),
            stopped=stopped,
            cpu_seconds=round(float(reported.get("cpu_s", 0.0)), 3),
        )


def _watch(
    child: subprocess.Popen[bytes], deadline: float, rss_limit_mb: float
) -> tuple[int, str | None]:
    """Wait for ``child``; the highest RSS seen (kB) and why it was stopped, if it was."""
    peak = 0
    while child.poll() is None:
        peak = max(peak, _rss_kb(child.pid))
        stopped = (
            "memory"
            if peak > rss_limit_mb * 1024
            else "time"
            if time.perf_counter() > deadline
            else None
        )
        if stopped:
            child.kill()
            child.wait()
            return peak, stopped
        time.sleep(POLL_S)
    return peak, None


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # gone already, or no /proc: the child's own report still counts
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _reported(report: Path) -> dict[str, float]:
    try:
        data = json.loads(report.read_text())
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _own_usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes
    return {"peak_rss_kb": _high_water_kb() or peak, "cpu_s": usage.ru_utime + usage.ru_stime}


def _high_water_kb() -> int:
    """This program's own peak. Linux carries ``ru_maxrss`` across exec, so a child of a
    large parent (a test worker) would report the parent's peak as its own; ``VmHWM``
    belongs to the address space exec made."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _child(argv: Sequence[str]) -> None:
    report, module, *args = argv
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        Path(report).write_text(json.dumps(_own_usage()))


if __name__ == "__main__":  # pragma: no cover - the child side, run by run_measured
    _child(sys.argv[1:])
