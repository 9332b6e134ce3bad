"""Every Streamlit cache wrapper of the app, in one place; pages never open connections."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.project import Project, load_project
from app.run import PlanResult, run_plan
from connectors.base import Connector
from connectors.registry import open_connector
from metrics.plan import SemanticQuery


@st.cache_resource(show_spinner="Loading the semantic layer and metric catalog…")
def project() -> Project:
    return load_project()


@st.cache_resource(show_spinner="Connecting to the warehouse…")
def connector(url: str) -> Connector:
    return open_connector(url)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def answer(plan_json: str, url: str, today: dt.date) -> PlanResult:
    """Results cached per (plan, source, day): the same question costs one query."""
    current = project()
    return run_plan(current, SemanticQuery.from_json(plan_json), connector(url), today=today)
