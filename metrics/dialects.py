"""The SQL dialects askbi compiles to and guards, by their sqlglot names."""

DIALECTS = ("duckdb", "postgres", "mysql", "snowflake", "bigquery", "trino", "spark")
