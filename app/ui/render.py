"""Rendering shared by every page: the one error renderer, and an answer in full."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from app.answers.alternatives import nearest_metrics
from app.answers.export import file_stem
from app.i18n.catalog import Language
from app.i18n.formatting import day, period_label
from app.pipeline.present import reader_language
from app.pipeline.present.formatting import format_value
from app.pipeline.present.wording import shown_in
from app.pipeline.records import Answer, ErrorInfo, ResultColumn, Status
from app.ui import cache, state
from app.ui.figures import TITLE_ROOM, chart_kinds, figure
from app.ui.lang import language, t
from kernel.errors import AskbiError

TOOLBAR = 28
"""Pixels of plotly's toolbar (the modebar) at the top of a chart."""


def error(problem: AskbiError | ErrorInfo | Answer) -> None:
    """The one way the app shows a failure: what happened, where, and what to do next."""
    if isinstance(problem, Answer):
        if problem.error is None:
            st.warning(problem.narrative or t("answer.not_answered"), icon=":material/help:")
            return
        problem = problem.error
    message, hint = problem.message, problem.hint
    st.error(message.replace("\n", "  \n"), icon=":material/error:")
    details = [hint] if hint else []
    if problem.suggestions:
        details.append(t("answer.did_you_mean", options=", ".join(problem.suggestions)))
    if details:
        st.caption(" ".join(details))


def instead(result: Answer, *, key: str) -> None:
    """Buttons for the nearest askable metrics, so the next step is one click."""
    env = cache.environment().env
    options = nearest_metrics(result.question, env.project.catalog, language())
    if options:
        st.caption(t("answer.try_instead"))
        row = st.container(horizontal=True)
        for i, option in enumerate(options):
            row.button(
                option.label,
                key=f"{key}-instead-{i}",
                icon=":material/lightbulb:",
                on_click=state.ask_next,
                args=(option.question,),
            )
    st.page_link("metrics_page.py", label=t("answer.see_metrics"), icon=":material/menu_book:")


def answer(result: Answer, *, key: str) -> None:
    """Narrative, chart, warnings, then the table, SQL and interpretation in tabs."""
    if result.status is Status.CLARIFY:
        clarification(result, key=key)
        return
    if not result.ok:
        error(result)
        if result.status is Status.CANNOT_ANSWER:
            instead(result, key=key)
        if result.sql:
            with st.expander("SQL"):
                st.code(result.sql, language="sql")
        return
    result = shown(result)
    st.markdown(result.narrative)
    st.caption(t("answer.as_of", day=day(result.today, language())))
    _switchable_visual(result, key=key)
    for warning in result.warnings:
        st.warning(warning.render(reader(result)), icon=":material/warning:")
    table_tab, sql_tab, understood_tab = st.tabs([t("answer.table"), "SQL", t("answer.understood")])
    with table_tab:
        _table(result)
    with sql_tab:
        st.code(result.sql or "", language="sql")
    with understood_tab:
        understood(result)


def clarification(result: Answer, *, key: str) -> None:
    """The planner's question back, with one button per way to resolve it."""
    assert result.clarification is not None
    st.info(result.clarification.message, icon=":material/help:")
    options = result.clarification.options
    if options:
        columns = st.columns(min(len(options), 4))
        for i, option in enumerate(options):
            columns[i % len(columns)].button(
                option.label,
                key=f"{key}-option-{i}",
                help=t("answer.ask_option", question=option.question),
                on_click=state.ask_next,
                args=(option.question,),
            )
    else:
        st.caption(t("answer.rephrase"))


def reader(result: Answer) -> Language:
    """The language an answer is shown in: the interface's, or Korean for a question asked
    in Korean, whichever language the interface is in."""
    return Language(reader_language(result.question, language().value))


def shown(result: Answer) -> Answer:
    """The answer written in its reader's language — sentence, labels, chart, values and
    interpretation — from its record, whichever language it was first written in: switching
    the interface rewrites the answers already on screen."""
    return shown_in(result, cache.environment().env, reader(result))


def visual(result: Answer, *, key: str, compact: bool = False) -> None:
    _visual(shown(result), key=key, compact=compact)


def _visual(result: Answer, *, key: str, compact: bool = False) -> None:
    """``result`` drawn as it is: already :func:`shown` in the reader's language."""
    spec = result.chart
    if spec is not None and spec.kind == "number" and result.rows:
        measures = [(i, c) for i, c in enumerate(result.columns) if c.role == "metric"]
        for column, (i, measure) in zip(st.columns(len(measures)), measures, strict=True):
            column.metric(measure.label, _formatted(result.rows[0][i], measure, reader(result)))
        return
    fig = figure(result, compact=compact, language=reader(result))
    if fig is not None:
        if not compact and spec is not None and spec.title:
            # Above the chart as text, which wraps on a phone; inside plotly it is cut off
            # and the toolbar sits on top of it.
            st.markdown(f"**{spec.title}**")
            # The toolbar is always shown here, across the top right; on a phone it spans
            # most of the width, so the value axis's title goes under it.
            fig.update_layout(title_text="", margin={"t": TITLE_ROOM + TOOLBAR})
        # The modebar's camera saves the chart as a PNG in the browser: no server, no CDN.
        config = {
            "displaylogo": False,
            "displayModeBar": "hover" if compact else True,
            "toImageButtonOptions": {"format": "png", "filename": file_stem(result), "scale": 2},
        }
        st.plotly_chart(fig, key=f"{key}-chart", config=config)


def _switchable_visual(result: Answer, *, key: str) -> None:
    """The chart with a switch to show the same rows as another kind (line, bar, …)."""
    spec = result.chart
    kinds = chart_kinds(result)
    if spec is None or len(kinds) < 2:
        _visual(result, key=key)
        return
    chosen = st.segmented_control(
        t("chart.kind"),
        kinds,
        default=spec.kind if spec.kind in kinds else kinds[0],
        format_func=lambda kind: t(f"chart.{kind}"),
        key=f"{key}-kind",
        label_visibility="collapsed",
    )
    if chosen == "table" or chosen is None:
        return  # the table is right below, in its tab
    _visual(result.model_copy(update={"chart": replace(spec, kind=chosen)}), key=key)


def table(result: Answer) -> None:
    _table(shown(result))


def _table(result: Answer) -> None:
    if not result.rows:
        st.caption(t("answer.no_rows"))
        return
    labels = [c.label or c.name for c in result.columns]
    frame = pd.DataFrame.from_records(list(result.rows), columns=labels)
    # A Styler keeps the numbers underneath, so sorting a column sorts by value, not text.
    chosen = reader(result)
    formats = {
        c.label or c.name: _formatter(c, chosen) for c in result.columns if c.role == "metric"
    }
    formats |= {
        c.label or c.name: _period_formatter(c, chosen) for c in result.columns if c.role == "time"
    }
    st.dataframe(frame.style.format(formats), hide_index=True)
    if result.truncated:
        st.caption(t("answer.truncated", rows=f"{result.row_count:,}"))


def understood(result: Answer) -> None:
    st.markdown(f"**{result.understood}**")
    source = t(f"source.{result.source.value}") if result.source else ""
    if result.verified_query:
        source += f" '{result.verified_query}'"
    versions = ", ".join(f"{k} v{v}" for k, v in sorted(result.metric_versions.items()))
    facts = [t("answer.from", source=source)] if source else []
    facts.append(t("answer.confidence", confidence=f"{result.confidence:.0%}"))
    if versions:
        facts.append(t("answer.versions", versions=versions))
    facts.append(f"{sum(result.timings_ms.values()):.0f} ms")
    st.caption(" · ".join(facts))
    for note in result.notes:
        st.caption(f"• {note.render(reader(result))}")


def _period_formatter(column: ResultColumn, chosen: Language) -> Any:
    return lambda value: period_label(value, column.name, chosen)


def _formatter(column: ResultColumn, chosen: Language) -> Any:
    return lambda value: _formatted(value, column, chosen)


def _formatted(value: object, column: ResultColumn, chosen: Language) -> str:
    return format_value(value, column.format, column.decimals, column.unit, language=chosen.value)
