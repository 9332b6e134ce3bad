"""A measured child's peak memory is its own, not that of the process that started it.

Linux carries ``ru_maxrss`` over fork and exec, so a child of a test worker that once held a
gigabyte reported a gigabyte, and the hostile-input tests failed or passed depending on which
tests ran before them in the same worker.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

PARENT = textwrap.dedent(
    """
    blob = bytearray(300 * 1024 * 1024)
    for i in range(0, len(blob), 4096):
        blob[i] = 1
    del blob
    from app.cli.measure import run_measured
    print(run_measured("json.tool", ["--help"], timeout_s=60, rss_limit_mb=4000).peak_rss_mb)
    """
)


def test_a_child_of_a_big_process_reports_its_own_peak() -> None:
    # In a process of its own: inflating the test worker would skew the tests after this one.
    done = subprocess.run(
        [sys.executable, "-c", PARENT], capture_output=True, text=True, timeout=120, check=True
    )
    assert float(done.stdout.strip().splitlines()[-1]) < 150
