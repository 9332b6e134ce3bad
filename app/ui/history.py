"""The history panel: this browser's past questions, each a button that asks it again."""

from __future__ import annotations

import streamlit as st

from app.answers.history import past_questions
from app.ui import cache, state
from app.ui.lang import t

SHOWN = 15


def panel() -> None:
    try:
        past = past_questions(cache.project_folder(), state.browser_id(), limit=SHOWN)
    except Exception:  # an unreadable history file hides the panel, nothing more
        return
    if not past:
        return
    st.markdown(f"**{t('history.title')}**")
    for i, item in enumerate(past):
        st.button(
            item.question,
            key=f"history-{i}",
            help=t("history.ask_again", when=f"{item.asked_at:%Y-%m-%d %H:%M}"),
            icon=":material/history:",
            type="tertiary",
            on_click=state.ask_next,
            args=(item.question,),
        )
