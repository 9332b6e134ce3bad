"""Column types as the warehouse declares them, for an import given a ``--source``."""

from __future__ import annotations

from app.onboarding.types import column_type
from semantic_layer.model import ColumnType


def column_types(url: str) -> dict[str, dict[str, ColumnType]]:
    """Table (as the connection names it) → column → askbi type."""
    from connectors.registry import open_connector

    with open_connector(url) as connector:
        return {
            table.name: {c.name: column_type(c.data_type) for c in table.columns}
            for table in connector.list_tables()
        }
