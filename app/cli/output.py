"""Printing a command's result: one JSON object with ``--json``, else readable text."""

from __future__ import annotations

import argparse
import json
from typing import Any


def emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)
