"""Is this data source reachable, and does it have the semantic layer's tables?

The Settings page's "Test connection": opens a connector for the URL, lists its tables, asks
whether its role could write (a warning: askbi only reads, but a SELECT-only role is the
wall that holds when others fail) and closes it again, turning any failure into a message
rather than an exception.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.project.live_check import name_matcher
from connectors.base import Connector, redact, write_warnings
from connectors.registry import open_connector
from kernel.errors import AskbiError
from semantic_layer.layer import SemanticLayer


@dataclass(frozen=True)
class SourceCheck:
    url: str
    """The URL with any password replaced by ``***``."""
    ok: bool
    message: str
    hint: str = ""
    dialect: str = ""
    tables: int = 0
    missing: tuple[str, ...] = ()
    """Tables the semantic layer describes that the database does not have."""
    elapsed_ms: float = 0.0
    code: str = ""
    """The error code when the connection failed."""
    warnings: tuple[str, ...] = ()
    """A role that could write, for one; also at the end of ``message``."""


def check_source(url: str, layer: SemanticLayer | None = None) -> SourceCheck:
    began = time.perf_counter()
    shown = redact(url)
    try:
        with open_connector(url) as connector:
            schemas = layer.schemas() if layer else ()
            dialect = connector.dialect
            key = name_matcher(dialect)
            found = {key(t.name) for t in connector.list_tables(schemas)}
            warnings = _warnings(connector)
    except AskbiError as e:
        return SourceCheck(url=shown, ok=False, message=e.message, hint=e.hint or "", code=e.code)
    elapsed = round((time.perf_counter() - began) * 1000, 1)
    tables = layer.tables if layer else ()
    missing = tuple(sorted(t for t in tables if key(t) not in found))
    message = f"Connected: {len(found)} tables ({dialect})."
    if missing:
        message += f" Missing tables the semantic layer describes: {', '.join(missing)}."
    message += "".join(f" Warning: {w}" for w in warnings)
    return SourceCheck(
        url=shown,
        ok=not missing,
        message=message,
        dialect=dialect,
        tables=len(found),
        missing=missing,
        elapsed_ms=elapsed,
        warnings=warnings,
    )


def _warnings(connector: Connector) -> tuple[str, ...]:
    try:
        return write_warnings(connector)
    except AskbiError:  # the tables were read; a failed privilege check is no reason to fail
        return ()
