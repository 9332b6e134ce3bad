"""``askbi app`` as a child process on a free localhost port: for the app benchmark and the
browser tests, which drive a real server the way a person's browser does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LLM_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASKBI_LLM_MODEL", "ASKBI_LLM_TIMEOUT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"askbi app exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"askbi app did not become healthy at {url} in {seconds} s")


@contextmanager
def running_app(root: Path, source: str, *, today: str, log: Path) -> Iterator[str]:
    """``askbi app --headless`` on ``root`` with the offline planner; yields its URL.

    The app runs in its own process group (``askbi app`` starts streamlit as a child), and
    exactly that group is ended afterwards."""
    env = {k: v for k, v in os.environ.items() if k not in LLM_VARIABLES}
    env.update(
        ASKBI_PROJECT=str(root), ASKBI_SOURCE=source, ASKBI_TODAY=today, ASKBI_PLANNER="offline"
    )
    port = free_port()
    command = [sys.executable, "-m", "app.cli.main", "app", "--headless", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
