"""The reader's language: chosen in Settings (kept by the browser), else the browser's own."""

from __future__ import annotations

import streamlit as st

from app.i18n import Language, language_of, text
from app.ui import cookies

CHOSEN = "askbi_language"
COOKIE = "askbi_language"
SAVED = "askbi_language_saved"
AUTO = "auto"


def choice() -> str:
    """``auto`` (follow the browser), ``en`` or ``ko``."""
    chosen = st.session_state.get(CHOSEN) or cookies.read(COOKIE)
    return chosen if chosen in (AUTO, *Language._value2member_map_) else AUTO


def language() -> Language:
    chosen = choice()
    return Language(chosen) if chosen != AUTO else language_of(st.context.locale)


def choose(key: str) -> None:
    """Widget callback: use the language picked in widget ``key`` from now on."""
    st.session_state[CHOSEN] = st.session_state[key]


def keep_choice() -> None:
    """Have the browser remember a language chosen in this session (once), so a reload
    keeps it. Called from page bodies: a callback cannot draw the element that does it."""
    chosen = st.session_state.get(CHOSEN)
    if chosen and st.session_state.get(SAVED) != chosen and cookies.read(COOKIE) != chosen:
        cookies.remember(COOKIE, chosen)
        st.session_state[SAVED] = chosen


def t(key: str, **values: object) -> str:
    """Interface text in the reader's language."""
    return text(key, language(), **values)
