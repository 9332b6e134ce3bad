"""Numbers as a Korean business reader expects them: ₩1,234,567, 12.3%, 4.52."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from babel.numbers import format_compact_currency

from metrics.model import Format


def format_value(
    value: object,
    fmt: Format | None,
    decimals: int = 0,
    unit: str = "",
    *,
    language: str = "en",
    compact: bool = False,
) -> str:
    """Format one metric value for display; won in Korean as a Korean reader writes it: in
    full in a table ("648,203,135원"), rounded to 억/만 in a sentence ("₩6.5억").

    >>> format_value(1234567.4, Format.CURRENCY, 0, "KRW")
    '₩1,234,567'
    >>> format_value(648203135, Format.CURRENCY, 0, "KRW", language="ko")
    '648,203,135원'
    >>> format_value(648203135, Format.CURRENCY, 0, "KRW", language="ko", compact=True)
    '₩6.5억'
    >>> format_value(32592460, Format.CURRENCY, 0, "KRW", language="ko", compact=True)
    '₩3,259만'
    >>> format_value(0.1234, Format.PERCENT, 1)
    '12.3%'
    >>> format_value(None, Format.NUMBER)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if not isinstance(value, int | float):
        return str(value)
    if fmt is Format.CURRENCY and unit in ("", "KRW") and language == "ko":
        return _korean_won(value, compact)
    if fmt is Format.CURRENCY:
        symbol = "₩" if unit in ("", "KRW") else ""
        suffix = "" if unit in ("", "KRW") else f" {unit}"
        return f"{symbol}{value:,.{decimals}f}{suffix}"
    if fmt is Format.PERCENT:
        return f"{value * 100:,.{decimals}f}%"
    if fmt is Format.INTEGER:
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def _korean_won(value: float, compact: bool) -> str:
    """Below 억, whole 만 ("₩3,259만"): a tenth of 만 is noise in a sentence."""
    if compact and abs(value) >= 100_000_000:
        return format_compact_currency(value, "KRW", locale="ko", fraction_digits=1)
    if compact and abs(value) >= 10_000:
        return f"₩{value / 10_000:,.0f}만"
    return f"{value:,.0f}원"


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
