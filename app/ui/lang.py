"""The reader's language for this session: chosen in Settings, else the browser's."""

from __future__ import annotations

import streamlit as st

from app.i18n import Language, language_of, text

CHOSEN = "askbi_language"


def language() -> Language:
    chosen = st.session_state.get(CHOSEN)
    if isinstance(chosen, str) and chosen in Language._value2member_map_:
        return Language(chosen)
    return language_of(st.context.locale)


def t(key: str, **values: object) -> str:
    """Interface text in the reader's language."""
    return text(key, language(), **values)
