"""MetricFlow in its own virtual environment, built once per machine and cached.

``dbt-metricflow==0.15.0`` brings its own duckdb and sqlglot, so it can't share askbi's
environment. The environment is built from the package index (offline-capable) under
``~/.cache/askbi/metricflow/<key>``, the key naming the pinned versions and the Python, so a
machine builds it once; ``ASKBI_METRICFLOW_VENV`` points at one built elsewhere.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

REQUIREMENTS = ("dbt-metricflow==0.15.0", "dbt-core>=1.11,<1.12", "dbt-duckdb")
RUNNER = Path(__file__).with_name("metricflow_runner.py")
BUILD_TIMEOUT_S = 1200


class MetricFlowUnavailable(RuntimeError):
    """The environment could not be built; the message says which step failed and why."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "askbi" / "metricflow"


def venv_key() -> str:
    pins = "\n".join((*REQUIREMENTS, sys.version.split()[0]))
    return hashlib.sha256(pins.encode()).hexdigest()[:12]


def metricflow_python() -> Path:
    """The interpreter of a MetricFlow environment, building it first if needed."""
    given = os.environ.get("ASKBI_METRICFLOW_VENV")
    if given:
        return Path(given) / "bin" / "python"
    target = cache_root() / venv_key()
    python = target / "bin" / "python"
    if (target / ".complete").exists():
        return python
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test process may be building it
        if not (target / ".complete").exists():
            _build(target)
    return python


def _build(target: Path) -> None:
    staging = target.with_name(f"{target.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(staging)],
        [
            str(staging / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *REQUIREMENTS,
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
            raise MetricFlowUnavailable(f"`{' '.join(step[:4])} …` failed:\n" + "\n".join(tail))
    staging.rename(target)  # the same path it will run from: venv scripts name their python
    (target / ".complete").write_text("\n".join(REQUIREMENTS), encoding="utf-8")


def run_metricflow(
    python: Path,
    project: Path,
    build: list[str],
    queries: list[dict[str, Any]],
    work: Path,
    *,
    validate: bool = False,
) -> dict[str, Any]:
    """``{"validation": [errors], "answers": [one per query]}`` from MetricFlow, in one
    process; ``build`` names the models ``dbt run`` builds (all when empty)."""
    requests, results = work / "mf_requests.json", work / "mf_results.json"
    spec = {"build": build, "queries": queries, "validate": validate}
    requests.write_text(json.dumps(spec), encoding="utf-8")
    done = subprocess.run(
        [str(python), "-I", str(RUNNER), str(project), str(requests), str(results)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False", "DO_NOT_TRACK": "1"},
    )
    if done.returncode != 0:
        raise MetricFlowUnavailable(f"MetricFlow failed: {(done.stderr or done.stdout)[-3000:]}")
    answers: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    return answers
