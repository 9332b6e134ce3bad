"""Ask page: a conversation with the warehouse, in English or Korean."""

from __future__ import annotations

import streamlit as st

from app.pipeline.ask import ask
from app.pipeline.environment import Environment
from app.pipeline.records import Answer, Status
from app.ui import actions, layout, refine, render, state

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

STAGES = {
    "ground": "Grounding the words in the semantic layer",
    "plan": "Planning the query",
    "compile": "Compiling the plan to SQL",
    "guard": "Validating the SQL (read-only guard)",
    "execute": "Running the query",
    "present": "Charting and writing the answer",
}


def examples() -> None:
    st.markdown("#### Try a question")
    st.caption("Type your own below, or start from one of these. Follow-ups keep the context.")
    columns = st.columns(2)
    for i, example in enumerate(EXAMPLES):
        columns[i % 2].button(
            example, key=f"example-{i}", on_click=state.ask_next, args=(example,), width="stretch"
        )


def stages(result: Answer) -> None:
    """What each stage took; the status box stays collapsed once the answer is there."""
    total = sum(result.timings_ms.values())
    labels = {
        Status.ANSWERED: f"Answered in {total:,.0f} ms",
        Status.CLARIFY: f"Needs a choice ({total:,.0f} ms)",
        Status.CANNOT_ANSWER: "The metric catalog can't express this",
    }
    label = labels.get(result.status, f"Failed at {result.error.stage if result.error else 'run'}")
    failed = result.status in (Status.ERROR, Status.REFUSED)
    with st.status(label, state="error" if failed else "complete", expanded=False):
        for stage, ms in result.timings_ms.items():
            st.markdown(f"✓ {STAGES.get(stage, stage)} — {ms:,.1f} ms")


def exchange(item: state.Exchange, *, key: str) -> None:
    with st.chat_message("user", avatar=":material/edit:" if item.edited else None):
        st.markdown(item.question)
    with st.chat_message("assistant"):
        stages(item.answer)
        render.answer(item.answer, key=key)
        if item.answer.ok:
            actions.actions(item.answer, key=key)
            if item.answer.plan is not None:
                with st.expander("Edit the interpretation", icon=":material/tune:"):
                    refine.editor(item.answer, key=key)


def answer_live(question: str, env: Environment) -> Answer:
    """Ask with the stages showing while they run."""
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"), st.status("Grounding, planning, validating…") as status:
        result = ask(question, env, state.turns())
        status.update(label="Done", state="complete")
    return result


INTRO = "Ask about the business in English or Korean. Every number comes from the metric catalog."

env = layout.page("Ask", INTRO)
with st.sidebar:
    st.button("New conversation", icon=":material/add_comment:", on_click=state.clear_conversation)
typed = st.chat_input("Ask a question, e.g. revenue by region last month")
question = typed or state.take_pending()
conversation = state.conversation()
if not conversation and not question:
    examples()
for i, item in enumerate(conversation):
    exchange(item, key=f"x{i}")
if question:
    state.add(state.Exchange(question=question, answer=answer_live(question, env)))
    st.rerun()  # draw it like every other exchange, with its actions
