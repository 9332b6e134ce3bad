"""``askbi app``: start the Streamlit app."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def app(args: argparse.Namespace) -> int:
    script = Path(__file__).resolve().parents[2] / "ui" / "main.py"
    env = dict(os.environ)
    if args.project:
        env["ASKBI_PROJECT"] = str(Path(args.project).resolve())
    command = [
        sys.executable,
        "-m",
        "app.ui.serve",  # streamlit's CLI, with the shared environment warming meanwhile
        "run",
        str(script),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true" if args.headless else "false",
        "--browser.gatherUsageStats",
        "false",
        # A local analyst tool: no "Deploy" button or developer menu in the toolbar.
        "--client.toolbarMode",
        "minimal",
    ]
    return subprocess.call(command, env=env)
