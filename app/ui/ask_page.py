"""Ask page: a conversation with the warehouse, in English or Korean."""

from __future__ import annotations

import streamlit as st

from app.pipeline.ask import ask
from app.ui import history, layout, preload, state, turns
from app.ui.lang import language, t

SHOWN_NEWEST = "askbi_shown_newest"
EXAMPLES = (
    "revenue by region last month",
    "monthly revenue and AOV this year",
    "top 5 products by revenue in Seoul last quarter",
    "how does customer satisfaction affect revenue",
    "지난달 지역별 매출",
    "올해 월별 매출과 객단가",
    "지난 3개월 지역별 ROAS",
    "고객 수",
)


def examples() -> None:
    st.markdown(f"#### {t('ask.try')}")
    st.caption(t("ask.try_caption"))
    columns = st.columns(2)
    for i, example in enumerate(EXAMPLES):
        columns[i % 2].button(
            example, key=f"example-{i}", on_click=state.ask_next, args=(example,), width="stretch"
        )


def answer_new(question: str, n: int) -> None:
    """Ask with a spinner by the question, then draw the answer in the same place."""
    with st.container(key=f"turn-{n}"):
        turns.question(question)
        with st.chat_message("assistant"):
            with st.spinner(t("ask.working"), show_time=True):
                result = ask(question, env, state.turns(), language=language().value)
            state.add(state.Exchange(question=question, answer=result))
            turns.body(result, key=f"x{n - 1}")
    turns.scroll_to(n)


env = layout.page(t("page.ask"), t("ask.intro"))
preload.chart_library(run_charts=not state.conversation())
with st.sidebar:
    st.button(
        t("ask.new_conversation"),
        icon=":material/add_comment:",
        on_click=state.clear_conversation,
    )
    history.panel()
typed = st.chat_input(t("ask.placeholder"))
question = typed or state.take_pending()
conversation = state.conversation()
if not conversation and not question:
    examples()
older = conversation if question else conversation[:-1]
for i, item in enumerate(older):
    turns.collapsed(item, n=i + 1)
if question:
    answer_new(question, len(conversation) + 1)
elif conversation:
    turns.full(conversation[-1], n=len(conversation))
    if not st.session_state.get(SHOWN_NEWEST):  # a reload: show where the talk left off
        st.session_state[SHOWN_NEWEST] = True
        turns.scroll_to(len(conversation))
