"""No database value and no personal data ever reaches a model.

The sample warehouse holds hundreds of product and store names, customers' names, e-mail
addresses and phone numbers; the YAML lists a handful of sample values. Every request the
LLM path sends is checked against the warehouse's actual values: only the YAML's may appear.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.llm.client import LLMClient
from app.llm.plan_request import request_plan
from app.llm.plan_tool import PLAN_TOOL
from app.llm.settings import LLMSettings
from app.llm.sql_request import SQL_TOOL, request_sql
from app.project.folder import Project
from connectors.base import Connector
from tests.support.openai_server import OpenAIServer, tool_call

TODAY = dt.date(2026, 6, 30)
VALUE_COLUMNS = [
    ("customers", "full_name"),
    ("customers", "email"),
    ("customers", "phone"),
    ("stores", "store_name"),
    ("products", "product_name"),
    ("products", "brand"),
    ("satisfaction_surveys", "comment"),
]


def warehouse_values(project: Project, connector: Connector) -> set[str]:
    """String values in the warehouse that the YAML does not declare, long enough to be unique."""
    found: set[str] = set()
    for table, column in VALUE_COLUMNS:
        result = connector.query(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
        )
        declared = project.layer.column(table, column)
        yaml_values = {str(v) for v in (*declared.allowed_values, *declared.sample_values)}
        found |= {str(v) for v in result.frame.iloc[:, 0] if len(str(v)) >= 6} - yaml_values
    return found


def test_no_database_value_is_in_any_prompt(
    project: Project, duckdb_connector: Connector, server: OpenAIServer
) -> None:
    values = warehouse_values(project, duckdb_connector)
    assert len(values) > 500  # names, e-mails, phones, products, stores, comments
    everything = list(project.layer.tables)
    server.reply(
        tool_call({"outcome": "plan", "plan": {"metrics": ["revnue"]}}, name=PLAN_TOOL),
        tool_call({"outcome": "cannot_express", "reason": "No median."}, name=PLAN_TOOL),
        tool_call({"sql": "SELECT 1 FROM nowhere"}, name=SQL_TOOL),
        tool_call({"sql": "SELECT 1"}, name=SQL_TOOL),
    )
    settings = LLMSettings(api_key="sk-test", base_url=server.url, model="test-model")
    with LLMClient(settings) as client:
        common: dict[str, Any] = {
            "today": TODAY,
            "layer": project.layer,
            "catalog": project.catalog,
            "client": client,
            "tables": everything,
            "metrics": list(project.catalog.metrics),
            "examples": [],
        }
        request_plan("median basket size per customer", **common)
        errors = iter(["Catalog Error: Table with name nowhere does not exist!", None])
        request_sql(
            "median basket size per customer",
            dialect="duckdb",
            check=lambda sql: next(errors),
            **common,
        )
    assert len(server.requests) == 4
    for request in server.requests:
        sent = request.text
        leaked = sorted(v for v in values if v in sent)
        assert not leaked, f"database values in a prompt: {leaked[:5]}"
        prompt = "\n".join(str(m.get("content")) for m in request.messages)
        for _, column in project.layer.pii_columns():
            # Listed columns are "  name type …" lines or "  type: a, b" groups.
            assert not re.search(rf"^\s+{column} \w+", prompt, re.M), column
            assert not re.search(rf"^\s+\w+: (.*, )?{column}(,|$)", prompt, re.M), column
