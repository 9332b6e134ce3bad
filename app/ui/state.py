"""Session state: the conversation and small UI flags only, initialised once per session.

The conversation is also written to the project's history file as it grows, under an id
the browser keeps in a cookie, so a reload (a new session) picks it up where it was.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

import streamlit as st

from app.answers.history import StoredTurn, latest_conversation, record_turn
from app.pipeline.records import Answer, Turn
from app.ui import cache, cookies

CONVERSATION = "askbi_conversation"
CONVERSATION_ID = "askbi_conversation_id"
BROWSER = "askbi_browser"
PENDING = "askbi_pending_question"
REFRESH_NONCE = "askbi_refresh_nonce"
OPEN_DASHBOARD = "askbi_open_dashboard"
"""The dashboard a tile was just saved to: the Dashboards page opens on it."""
COOKIE = "askbi_browser"
_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Exchange:
    """One question and its answer; ``edited`` when the user changed the interpretation."""

    question: str
    answer: Answer
    edited: bool = False


def init() -> None:
    st.session_state.setdefault(PENDING, None)
    st.session_state.setdefault(REFRESH_NONCE, 0)
    if CONVERSATION not in st.session_state:
        _restore()


def _restore() -> None:
    """The browser's latest conversation from the history file, or a new one."""
    st.session_state[CONVERSATION] = []
    st.session_state[CONVERSATION_ID] = secrets.token_hex(8)
    try:
        found = latest_conversation(cache.project_folder(), browser_id())
    except Exception:  # an unreadable history must never stop the app
        found = None
    if found is not None:
        st.session_state[CONVERSATION_ID] = found[0]
        st.session_state[CONVERSATION] = [
            Exchange(t.question, t.answer, t.edited) for t in found[1]
        ]


def browser_id() -> str:
    """This browser's id: from its cookie, or new (and given to the browser to keep)."""
    known = st.session_state.get(BROWSER)
    if isinstance(known, str):
        return known
    cookie = cookies.read(COOKIE)
    value = cookie if _ID.match(cookie) else secrets.token_hex(8)
    st.session_state[BROWSER] = value
    if value != cookie:
        cookies.remember(COOKIE, value)
    return value


def conversation() -> list[Exchange]:
    exchanges: list[Exchange] = st.session_state[CONVERSATION]
    return exchanges


def add(exchange: Exchange) -> None:
    st.session_state[CONVERSATION] = [*conversation(), exchange]
    turn = StoredTurn(exchange.question, exchange.answer, exchange.edited)
    try:
        record_turn(
            cache.project_folder(),
            browser_id(),
            st.session_state[CONVERSATION_ID],
            turn,
            at=dt.datetime.now(),
        )
    except Exception as e:  # losing history must not lose the answer on screen
        st.toast(f"The question was not saved to history: {e}", icon=":material/warning:")


def turns() -> list[Turn]:
    """The conversation as the planner reads it for follow-ups ("now by month")."""
    return [Turn(question=e.question, plan=e.answer.plan) for e in conversation()]


def clear_conversation() -> None:
    st.session_state[CONVERSATION] = []
    st.session_state[CONVERSATION_ID] = secrets.token_hex(8)


def ask_next(question: str) -> None:
    """A button callback: the next run asks ``question`` as if it had been typed."""
    st.session_state[PENDING] = question


def take_pending() -> str | None:
    question: str | None = st.session_state[PENDING]
    st.session_state[PENDING] = None
    return question


def bump_refresh() -> None:
    st.session_state[REFRESH_NONCE] += 1


def refresh_nonce() -> int:
    nonce: int = st.session_state[REFRESH_NONCE]
    return nonce
