"""A child process that sends one statement straight to a connector, with no guard in front.

``python -m tests.support.connector_child URL MAX_ROWS SQL`` prints one JSON line: what the
connector returned, or the error it raised. The hostile-SQL tests run it under
``app.cli.measure`` to bound its time and memory, and read its standard error to prove that
a failure prints no traceback.
"""

from __future__ import annotations

import json
import sys

from connectors.registry import open_connector
from kernel.errors import AskbiError


def main(url: str, max_rows: int, sql: str) -> dict[str, object]:
    with open_connector(url) as connector:
        try:
            result = connector.query(sql, max_rows=max_rows, timeout_s=30)
        except AskbiError as e:
            return {"error": e.code, "message": e.message}
    return {
        "error": None,
        "rows": result.row_count,
        "truncated": result.truncated,
        "over_budget": result.over_budget,
        "cut_cells": result.cut_cells,
        "widest_cell": max((len(str(v)) for row in result.rows for v in row), default=0),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), sys.argv[3])))
