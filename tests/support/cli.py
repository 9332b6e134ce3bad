"""Run the ``askbi`` command line in-process, exactly as a user would type it."""

from __future__ import annotations

import pytest

from app.cli.main import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
