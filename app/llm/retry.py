"""When to retry a failed model request, and how long to wait first.

askbi retries itself instead of leaving it to the SDK (which it calls with
``max_retries=0``) for three reasons: one deadline covers a whole tool call, waits included,
so a question fails within ``timeout_s`` instead of after three timeouts and two-minute
``Retry-After`` waits; a timeout is not retried, because the user already waited the whole
budget for it; and the number of attempts is known exactly, on success and on failure.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Mapping

MAX_BACKOFF_S = 8.0


def is_retryable_status(status: int) -> bool:
    """Rate limits and server-side failures pass; client errors (bad key, bad request) stay.

    >>> [s for s in (400, 401, 404, 408, 429, 500, 503) if is_retryable_status(s)]
    [408, 429, 500, 503]
    """
    return status in (408, 429) or status >= 500


def retry_after_s(headers: Mapping[str, str], now: float) -> float | None:
    """The wait a server asks for: ``retry-after-ms``, else ``retry-after`` in seconds or as
    an HTTP date (``now`` is the current Unix time); ``None`` when absent or unreadable.

    >>> retry_after_s({"retry-after": "1.5"}, now=0)
    1.5
    >>> retry_after_s({"retry-after-ms": "250", "retry-after": "9"}, now=0)
    0.25
    >>> retry_after_s({"retry-after": "Thu, 01 Jan 1970 00:00:30 GMT"}, now=10)
    20.0
    >>> retry_after_s({}, now=0) is None
    True
    """
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = _number(headers.get(name))
        if value is not None:
            return max(0.0, value / divisor)
    stamp = headers.get("retry-after")
    parsed = email.utils.parsedate_tz(stamp) if stamp else None
    if parsed is None:
        return None
    return max(0.0, float(email.utils.mktime_tz(parsed)) - now)


def backoff_s(retry: int, base_s: float, jitter: float) -> float:
    """Exponential backoff for the ``retry``-th retry (1, 2, …), capped at eight seconds.

    ``jitter`` in [0, 1] shortens the wait by up to a quarter, so clients that failed
    together do not retry together.

    >>> [backoff_s(r, 0.5, jitter=0.0) for r in (1, 2, 3)]
    [0.5, 1.0, 2.0]
    >>> backoff_s(1, 0.5, jitter=1.0)
    0.375
    """
    return min(base_s * 2.0 ** (retry - 1), MAX_BACKOFF_S) * (1.0 - 0.25 * jitter)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
