"""``askbi sql-check``: the SQL guard's verdict on SQL from stdin.

It needs only the semantic layer (which tables and columns exist), not the metric catalog,
so it loads just that and starts fast enough for an editor hook.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.pipeline.guard import guard_sql
from app.project.location import project_root
from app.settings import Settings
from semantic_layer.loader import load_semantic_layer


def sql_check(args: argparse.Namespace) -> int:
    root = project_root(args.project)
    layer = load_semantic_layer(root / "semantic_layer", root=root)
    max_rows = Settings.resolve(max_rows=args.max_rows).max_rows
    verdict = guard_sql(sys.stdin.read(), dialect=args.dialect, layer=layer, max_rows=max_rows)
    print(json.dumps(verdict.to_dict(), ensure_ascii=False))
    return 0 if verdict.ok else 1
