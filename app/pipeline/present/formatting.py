"""Numbers as a Korean business reader expects them: ₩1,234,567, 12.3%, 4.52."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from metrics.model import Format


def format_value(value: object, fmt: Format | None, decimals: int = 0, unit: str = "") -> str:
    """Format one metric value for display.

    >>> format_value(1234567.4, Format.CURRENCY, 0, "KRW")
    '₩1,234,567'
    >>> format_value(0.1234, Format.PERCENT, 1)
    '12.3%'
    >>> format_value(None, Format.NUMBER)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if not isinstance(value, int | float):
        return str(value)
    if fmt is Format.CURRENCY:
        symbol = "₩" if unit in ("", "KRW") else ""
        suffix = "" if unit in ("", "KRW") else f" {unit}"
        return f"{symbol}{value:,.{decimals}f}{suffix}"
    if fmt is Format.PERCENT:
        return f"{value * 100:,.{decimals}f}%"
    if fmt is Format.INTEGER:
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def json_value(value: Any) -> Any:
    """A cell as JSON: dates as ISO text, NaN/NA as null, decimals and numpy scalars as
    Python numbers.

    >>> json_value(Decimal("12.50")), json_value(Decimal("3")), json_value(dt.date(2026, 1, 2))
    (12.5, 3, '2026-01-02')
    """
    if value is None or type(value).__name__ == "NaTType":
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if _is_midnight(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _is_midnight(value: dt.datetime) -> bool:
    return (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
