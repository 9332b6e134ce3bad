"""Session state: the conversation and small UI flags only, initialised once per session."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app.pipeline.records import Answer, Turn

CONVERSATION = "askbi_conversation"
PENDING = "askbi_pending_question"
REFRESH_NONCE = "askbi_refresh_nonce"


@dataclass(frozen=True)
class Exchange:
    """One question and its answer; ``edited`` when the user changed the interpretation."""

    question: str
    answer: Answer
    edited: bool = False


def init() -> None:
    st.session_state.setdefault(CONVERSATION, [])
    st.session_state.setdefault(PENDING, None)
    st.session_state.setdefault(REFRESH_NONCE, 0)


def conversation() -> list[Exchange]:
    exchanges: list[Exchange] = st.session_state[CONVERSATION]
    return exchanges


def add(exchange: Exchange) -> None:
    st.session_state[CONVERSATION] = [*conversation(), exchange]


def turns() -> list[Turn]:
    """The conversation as the planner reads it for follow-ups ("now by month")."""
    return [Turn(question=e.question, plan=e.answer.plan) for e in conversation()]


def clear_conversation() -> None:
    st.session_state[CONVERSATION] = []


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
