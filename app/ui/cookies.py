"""Small values the browser keeps for us across reloads (a reload is a new session)."""

from __future__ import annotations

import re

import streamlit as st

YEAR_S = 365 * 24 * 3600
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def read(name: str) -> str:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and _SAFE.match(value) else ""


def remember(name: str, value: str) -> None:
    """Ask the browser to keep ``name=value`` for a year; only plain tokens are accepted,
    so nothing typed by a person ever reaches the script."""
    if not (_SAFE.match(name) and _SAFE.match(value)):
        raise ValueError(f"not a cookie token: {name}={value}")
    st.html(
        f"<script>document.cookie = '{name}={value}; path=/; max-age={YEAR_S}; "
        "SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )
