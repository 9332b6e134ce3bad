"""Snowflake Cortex Analyst semantic model YAML ⇄ askbi."""
