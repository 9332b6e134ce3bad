"""Bring a semantic layer in or take it out: dbt MetricFlow and Snowflake Cortex Analyst.

Each format has a reader (the foreign files as typed values), a mapping to or from askbi's
YAML, and a :class:`~app.interop.report.Report` of every step that loses something.
"""
