"""Database column types as the semantic layer's six, and what a column's values look like."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from semantic_layer.model import ColumnType

_TYPES: tuple[tuple[str, ColumnType], ...] = (
    ("tinyint(1)", ColumnType.BOOLEAN),  # MySQL's BOOLEAN
    ("bool", ColumnType.BOOLEAN),
    ("bit", ColumnType.BOOLEAN),
    ("timestamp", ColumnType.TIMESTAMP),
    ("datetime", ColumnType.TIMESTAMP),
    ("date", ColumnType.DATE),
    ("int", ColumnType.INTEGER),
    ("serial", ColumnType.INTEGER),
    ("decimal", ColumnType.DECIMAL),
    ("numeric", ColumnType.DECIMAL),
    ("double", ColumnType.DECIMAL),
    ("float", ColumnType.DECIMAL),
    ("real", ColumnType.DECIMAL),
    ("money", ColumnType.DECIMAL),
    ("number", ColumnType.DECIMAL),
)


def column_type(data_type: str) -> ColumnType:
    """
    >>> kinds = ("VARCHAR", "BIGINT", "DECIMAL(10,2)", "TIMESTAMP WITH TIME ZONE", "TINYINT(1)")
    >>> [column_type(t).value for t in kinds]
    ['string', 'integer', 'decimal', 'timestamp', 'boolean']
    """
    lowered = data_type.lower()
    for fragment, kind in _TYPES:
        if fragment in lowered:
            return kind
    return ColumnType.STRING


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().-]{7,20}$")


def share(samples: Sequence[str], test: re.Pattern[str]) -> float:
    return sum(bool(test.match(s.strip())) for s in samples) / len(samples) if samples else 0.0


def looks_like_emails(samples: Sequence[str]) -> bool:
    return len(samples) >= 3 and share(samples, _EMAIL) >= 0.8


def looks_like_phones(samples: Sequence[str]) -> bool:
    digits = [s for s in samples if sum(ch.isdigit() for ch in s) >= 7]
    return len(samples) >= 3 and len(digits) == len(samples) and share(samples, _PHONE) >= 0.8


DATE_FORMATS = (
    ("%Y-%m-%d %H:%M:%S", ColumnType.TIMESTAMP),
    ("%Y%m%d %H:%M:%S", ColumnType.TIMESTAMP),
    ("%Y-%m-%dT%H:%M:%S", ColumnType.TIMESTAMP),
    ("%Y-%m-%d", ColumnType.DATE),
    ("%Y%m%d", ColumnType.DATE),
    ("%Y/%m/%d", ColumnType.DATE),
    ("%d/%m/%Y", ColumnType.DATE),
    ("%m/%d/%Y", ColumnType.DATE),
)
"""Formats a text column of dates is tried with, most specific first (strptime's codes,
which DuckDB's ``strptime`` shares)."""


def date_format(samples: Sequence[str]) -> tuple[str, ColumnType] | None:
    """The one format every sample parses with, if there are enough samples to tell.

    >>> date_format(["20230401 09:30:00", "20230402 16:00:00", "20230403 10:00:00"])
    ('%Y%m%d %H:%M:%S', <ColumnType.TIMESTAMP: 'timestamp'>)
    >>> date_format(["C001", "C002", "C003"]) is None
    True
    """
    if len(samples) < 3:
        return None
    for fmt, kind in DATE_FORMATS:
        if all(_parses(s.strip(), fmt) for s in samples):
            return fmt, kind
    return None


def _parses(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True
