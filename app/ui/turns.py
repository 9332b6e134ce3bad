"""How the conversation is drawn: the newest exchange in full, older ones as one line each.

A rerun costs what is on screen, so fifty drawn answers (charts, tables, forms) make every
click slow. Older exchanges are collapsed expanders whose content runs only when opened,
each in its own fragment, so opening one reruns just that one.
"""

from __future__ import annotations

import streamlit as st

from app.pipeline.records import Answer, Status
from app.ui import actions, refine, render, state
from app.ui.lang import t

STAGES = ("ground", "plan", "compile", "guard", "execute", "present")


def stages(result: Answer) -> None:
    """What each stage took; the status box stays collapsed once the answer is there."""
    total = f"{sum(result.timings_ms.values()):,.0f}"
    labels = {
        Status.ANSWERED: t("ask.answered_in", ms=total),
        Status.CLARIFY: t("ask.needs_choice", ms=total),
        Status.CANNOT_ANSWER: t("ask.cannot_express"),
    }
    stage = result.error.stage if result.error else "run"
    # The stage is for whoever looks inside; the label says what happened in plain words.
    label = labels.get(result.status, t("ask.not_answered"))
    failed = result.status in (Status.ERROR, Status.REFUSED)
    with st.status(label, state="error" if failed else "complete", expanded=False):
        if failed:
            st.caption(t("ask.failed_at", stage=t(f"stage.{stage}")))
        for name, ms in result.timings_ms.items():
            title = t(f"stage.{name}") if name in STAGES else name
            st.markdown(f"✓ {title} — {ms:,.1f} ms")


def full(item: state.Exchange, *, n: int) -> None:
    """The newest exchange: question, answer, actions and the interpretation editor.

    The container's key marks it for the app benchmark ("turn <n> is on screen")."""
    with st.container(key=f"turn-{n}"):
        question(item.question, edited=item.edited)
        with st.chat_message("assistant"):
            body(item.answer, key=f"x{n - 1}")


def question(text: str, *, edited: bool = False) -> None:
    with st.chat_message("user", avatar=":material/edit:" if edited else None):
        st.markdown(text)


def body(result: Answer, *, key: str) -> None:
    stages(result)
    render.answer(result, key=key)
    if result.ok:
        actions.actions(result, key=key)
        if result.plan is not None:
            with st.expander(t("ask.edit_interpretation"), icon=":material/tune:"):
                refine.editor(result, key=key)


@st.fragment
def collapsed(item: state.Exchange, *, n: int) -> None:
    """An older exchange as one line; opening it draws the answer (and only then)."""
    icon = ":material/check_circle:" if item.answer.ok else ":material/help:"
    label = f"{item.question} — {summary(render.shown(item.answer))}"
    box = st.expander(label, icon=icon, key=f"turn-open-{n}", on_change="rerun")
    if box.open:
        with box:
            body(item.answer, key=f"x{n - 1}")


def summary(result: Answer, width: int = 90) -> str:
    """The answer's first sentence, or why there is none, shortened to one line.

    >>> from app.pipeline.records import Status
    >>> import datetime as dt
    >>> day = dt.date(2026, 1, 1)
    >>> summary(Answer(question="q", status=Status.ANSWERED, narrative="A b. C.", today=day))
    'A b.'
    """
    if result.status is Status.CLARIFY and result.clarification is not None:
        text = result.clarification.message
    elif result.error is not None:
        text = result.error.message
    else:
        text = result.narrative or result.understood
    head, sep, _ = " ".join(text.split()).partition(". ")
    first = head + ("." if sep else "")
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def scroll_to(n: int) -> None:
    """Bring the new question to the top of the view once its answer is drawn (the page
    would otherwise stay where the last one ended, or at its very bottom)."""
    target = f".st-key-turn-{int(n)}"
    st.html(
        f"<script>setTimeout(() => document.querySelector('{target}')"
        "?.scrollIntoView({block: 'start', behavior: 'smooth'}), 400);</script>",
        unsafe_allow_javascript=True,
    )
