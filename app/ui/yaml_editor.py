"""A YAML code editor (Ace, bundled in the ``streamlit-code-editor`` wheel: no CDN) with
line numbers, highlighting and a monospace font; a plain text box for those who prefer it.

The component sends its text back after a pause in typing and when it loses focus; a new
file or a rolled-back version remounts it under a new key so it shows that text.
"""

from __future__ import annotations

import streamlit as st

from app.ui.lang import t

PLAIN = "askbi_plain_editor"
VERSION = "askbi_editor_version"
SEEN = "askbi_editor_seen"
OPTIONS = {
    "showLineNumbers": True,
    "tabSize": 2,
    "useSoftTabs": True,
    "wrap": False,
    # Hangul is twice as wide as Latin in a CJK mono font, as Ace assumes.
    "fontFamily": "'Noto Sans Mono CJK KR', 'DejaVu Sans Mono', monospace",
}
THEME = {"theme": "chrome"}
"""Ace's own light theme: the component's Streamlit themes load a web font from a CDN."""


def reload_text() -> None:
    """The editor's text was replaced from outside (a file opened, a version restored)."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def yaml_editor(key: str, *, label: str) -> str:
    """The text under ``st.session_state[key]``, edited in place; returns the current text."""
    st.toggle(t("edit.plain_editor"), key=PLAIN, help=t("edit.plain_editor_help"))
    if st.session_state.get(PLAIN):
        return str(st.text_area(label, key=key, height=480))
    from code_editor import code_editor  # a UI component: imported only when drawn

    st.caption(label)
    version = st.session_state.get(VERSION, 0)
    response = code_editor(
        st.session_state[key],
        lang="yaml",
        height=[22, 30],
        options=OPTIONS,
        props=THEME,
        response_mode=["debounce", "blur"],
        key=f"{key}-code-{version}",
    )
    event = response.get("id") if isinstance(response, dict) else None
    if event and event != st.session_state.get(SEEN):
        st.session_state[SEEN] = event
        st.session_state[key] = response.get("text", st.session_state[key])
    return str(st.session_state[key])
