"""Edit an interpretation with widgets and re-run it through the compiler — no model involved."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from app.pipeline.environment import Environment
from app.pipeline.plan.edit import (
    RANGE_PRESETS,
    PlanEdit,
    allowed_dimensions,
    edited_plan,
    range_label,
)
from app.pipeline.records import Answer, ErrorInfo
from app.ui import cache, render, state
from kernel.error_codes import ErrorCode
from metrics.model import Status as MetricStatus
from metrics.semantic_query import Filter, SemanticQuery
from metrics.timeframe import Between, TimeRange, resolve
from semantic_layer.model import Grain

AS_ASKED = "As asked"
CUSTOM = "Custom dates"
NO_GRAIN = "No time breakdown"
NO_FILTER = "No filter"


def editor(result: Answer, *, key: str) -> None:
    """Widgets for every part of the plan; "Re-run" adds the edited answer to the conversation."""
    plan = result.plan
    if plan is None:
        return
    env = cache.environment().env
    layer, catalog = env.project.layer, env.project.catalog
    usable = [m for m in catalog.metrics.values() if m.status is not MetricStatus.DEPRECATED]
    labels = {m.name: m.label for m in sorted(usable, key=lambda m: m.label)}
    labels.update({m: catalog.get(m).label for m in plan.metrics})
    chosen = st.multiselect(
        "Metrics",
        list(labels),
        default=list(plan.metrics),
        key=f"{key}-metrics",
        format_func=labels.__getitem__,
    )
    allowed = sorted(allowed_dimensions(chosen, layer, catalog) | set(plan.dimensions))
    dim_label = {d: layer.dimension(d).definition.label or d for d in allowed}
    left, right = st.columns(2)
    left.multiselect(
        "Break down by",
        allowed,
        default=list(plan.dimensions),
        key=f"{key}-dimensions",
        format_func=dim_label.__getitem__,
    )
    grains = [NO_GRAIN, *(g.value for g in Grain)]
    right.selectbox(
        "Over time",
        grains,
        index=grains.index(plan.grain.value if plan.grain else NO_GRAIN),
        key=f"{key}-grain",
    )
    _time_widgets(plan, env, key)
    _filter_widgets(plan, env, allowed, dim_label, key)
    st.button(
        "Re-run",
        key=f"{key}-rerun",
        type="primary",
        icon=":material/refresh:",
        on_click=_apply,
        args=(result, key),
    )
    problem = st.session_state.get(f"{key}-edit-error")
    if isinstance(problem, ErrorInfo):
        render.error(problem)


def _time_widgets(plan: SemanticQuery, env: Environment, key: str) -> None:
    ranges = [AS_ASKED, *RANGE_PRESETS, CUSTOM]
    left, right = st.columns(2)
    asked = range_label(plan.time_range)
    choice = left.selectbox(
        "Time range",
        ranges,
        key=f"{key}-range",
        format_func=lambda option: f"As asked ({asked.lower()})" if option == AS_ASKED else option,
    )
    if choice == CUSTOM:
        start, end = resolve(plan.time_range, env.today) if plan.time_range else _year(env.today)
        right.date_input("Dates", value=(start, end), key=f"{key}-dates")


def _filter_widgets(
    plan: SemanticQuery, env: Environment, allowed: list[str], labels: dict[str, str], key: str
) -> None:
    current = plan.filters[0] if plan.filters else None
    options = [NO_FILTER, *allowed]
    left, right = st.columns(2)
    dimension = left.selectbox(
        "Filter by",
        options,
        key=f"{key}-filter-dim",
        index=options.index(current.dimension) if current and current.dimension in allowed else 0,
        format_func=lambda d: labels.get(d, d),
    )
    if dimension == NO_FILTER:
        return
    known = list(env.values.values.get(dimension, ())) if env.values else []
    chosen = [str(v) for v in current.values] if current and current.dimension == dimension else []
    right.multiselect(
        "Values",
        sorted({*known, *chosen}),
        default=chosen,
        key=f"{key}-values-{dimension}",
        accept_new_options=True,
    )
    if len(plan.filters) > 1:
        st.caption("Other filters of the question are kept.")


def _apply(result: Answer, key: str) -> None:
    """Button callback: build the edited plan from the widgets, run it, add it to the chat."""
    get = st.session_state.get
    st.session_state[f"{key}-edit-error"] = None
    assert result.plan is not None
    try:
        plan = edited_plan(
            result.plan,
            PlanEdit(
                metrics=tuple(get(f"{key}-metrics", ())),
                dimensions=tuple(get(f"{key}-dimensions", ())),
                grain=_chosen_grain(key),
                time_range=_chosen_range(result.plan, key),
                filters=_chosen_filters(result.plan, key),
            ),
        )
    except (ValidationError, ValueError):
        st.session_state[f"{key}-edit-error"] = ErrorInfo(
            code=ErrorCode.INVALID_EDIT,
            message="This interpretation can't run as edited.",
            stage="plan",
            hint="Pick at least one metric; a filter needs at least one value; "
            "custom dates need a start and an end.",
        )
        return
    answer = cache.run_plan(plan, title=result.question, intent=result.intent)
    state.add(state.Exchange(question=f"(edited) {answer.understood}", answer=answer, edited=True))


def _chosen_grain(key: str) -> Grain | None:
    choice = st.session_state.get(f"{key}-grain", NO_GRAIN)
    return None if choice == NO_GRAIN else Grain(choice)


def _chosen_range(plan: SemanticQuery, key: str) -> TimeRange | None:
    choice = st.session_state.get(f"{key}-range", AS_ASKED)
    if choice == AS_ASKED:
        return plan.time_range
    if choice == CUSTOM:
        dates: tuple[dt.date, ...] = tuple(st.session_state.get(f"{key}-dates") or ())
        if len(dates) != 2:
            raise ValueError("a custom range needs a start and an end date")
        return Between(start=dates[0], end=dates[1])
    return RANGE_PRESETS[choice]


def _chosen_filters(plan: SemanticQuery, key: str) -> tuple[Filter, ...]:
    dimension = st.session_state.get(f"{key}-filter-dim", NO_FILTER)
    first = plan.filters[0].dimension if plan.filters else None
    kept = tuple(f for f in plan.filters if f.dimension not in (dimension, first))
    if dimension == NO_FILTER:
        return kept
    values = tuple(st.session_state.get(f"{key}-values-{dimension}") or ())
    return (*kept, Filter(dimension=dimension, values=values))


def _year(today: dt.date) -> tuple[dt.date, dt.date]:
    return today.replace(month=1, day=1), today
