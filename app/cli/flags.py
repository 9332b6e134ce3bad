"""Flag values checked where they are parsed: every bad value is a clear error, none a crash.

argparse calls these as ``type=``; an :class:`argparse.ArgumentTypeError` becomes argparse's
own error, which ``main`` prints as JSON under ``--json``. The ranges are what the rest of
askbi can honour: a row cap or limit of at least one, a positive finite number of seconds,
a port a server can bind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math

from app.settings import Settings


def date(text: str) -> dt.date:
    """``YYYY-MM-DD``.

    >>> date("2026-02-28")
    datetime.date(2026, 2, 28)
    >>> date("2026-13-45")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '2026-13-45' is not a date: write YYYY-MM-DD (...)
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD ({e})") from e


def positive_int(text: str) -> int:
    """A whole number of at least 1.

    >>> positive_int("5")
    5
    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '0' is not a whole number of at least 1
    """
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return number


def seconds(text: str) -> float:
    """A finite number above zero.

    >>> seconds("1.5")
    1.5
    >>> seconds("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'nan' is not a number of seconds above 0
    """
    return _positive_number(text, "a number of seconds above 0")


def scale(text: str) -> float:
    """A finite number above zero (the sample warehouse's size factor)."""
    return _positive_number(text, "a number above 0")


def port(text: str) -> int:
    """A TCP port, 1 to 65535.

    >>> port("8501")
    8501
    """
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 65_535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return number


def _positive_number(text: str, what: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
    return number


def settings_from(args: argparse.Namespace) -> Settings:
    """The answer limits of a command's flags, over ``ASKBI_*`` variables and defaults."""
    return Settings.resolve(
        planner=getattr(args, "planner", None),
        max_rows=args.max_rows,
        timeout_s=args.timeout,
        question_timeout_s=getattr(args, "question_timeout", None),
    )
