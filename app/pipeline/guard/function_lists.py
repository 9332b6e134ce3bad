"""Which functions the guard refuses and which unknown-to-sqlglot functions it lets through.

Data, not code: one mapping per dialect (``mysql`` covers MariaDB too). The guard matches a
call by name, case-insensitively: the name written for functions sqlglot does not know
(``exp.Anonymous``), every SQL name and the class key for those it does (``exp.ReadCSV`` is
``read_csv``/``readcsv``).

Two lists, two policies:

* ``DENIED`` names functions that read files, reach the network, sleep, lock, change state,
  run SQL given as text or expose server internals. Matching is by exact name or prefix.
  These are refused even where sqlglot knows them, and the reason says why.
* ``ALLOWED_UNKNOWN`` is an allowlist for the rest: a function sqlglot does not recognise is
  refused unless listed here for the dialect. A denylist alone cannot keep up with every
  extension and user-defined function a warehouse may have; an allowlist of pure, well-known
  analytic functions can. Add a name here, with its dialect, when a real query needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FILES = "reads or writes files on the database server"
NETWORK = "reaches the network or another database"
SLEEP = "sleeps or burns CPU on purpose"
LOCKS = "takes or releases locks"
SIDE_EFFECTS = "changes database or session state"
DYNAMIC_SQL = "runs SQL given as text, which the guard cannot check"
INTERNALS = "exposes server configuration, secrets or internals"
AI = "calls a paid AI or machine-learning service"
PATTERN = "picks columns by name pattern, which the guard cannot check (name the columns)"


def _names(why: str, *names: str) -> dict[str, str]:
    return dict.fromkeys(names, why)


# Functions sqlglot parses into typed expressions; dangerous in whichever dialect has them.
_COMMON: dict[str, str] = {
    **_names(FILES, "read_csv", "readcsv", "read_parquet", "readparquet", "to_file", "tofile"),
    **_names(INTERNALS, "secret", "version", "current_version", "currentversion"),
    **_names(SIDE_EFFECTS, "next_value_for", "nextvaluefor"),
    **_names(PATTERN, "columns"),
    **_names(
        AI,
        "ai_generate",
        "aigenerate",
        "generate_embedding",
        "generateembedding",
        "generate_bool",
        "generatebool",
        "generate_double",
        "generatedouble",
        "generate_int",
        "generateint",
        "generate_table",
        "generatetable",
        "generate_text",
        "generatetext",
        "mlforecast",
        "mltranslate",
    ),
}

_DUCKDB: dict[str, str] = {
    **_names(
        FILES,
        "read_csv_auto",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_json_objects_auto",
        "read_ndjson",
        "read_ndjson_auto",
        "read_ndjson_objects",
        "read_text",
        "read_blob",
        "read_xlsx",
        "parquet_scan",
        "glob",
        "sniff_csv",
        "iceberg_scan",
        "delta_scan",
        "st_read",
    ),
    **_names(
        NETWORK,
        "postgres_scan",
        "postgres_query",
        "postgres_execute",
        "mysql_query",
        "mysql_execute",
        "sqlite_scan",
    ),
    **_names(DYNAMIC_SQL, "query", "query_table", "json_execute_serialized_sql"),
    **_names(
        INTERNALS,
        "getenv",
        "current_setting",
        "getvariable",
        "which_secret",
        "duckdb_secrets",
        "duckdb_settings",
    ),
    **_names(SIDE_EFFECTS, "checkpoint", "force_checkpoint", "nextval", "currval", "setseed"),
}
_DUCKDB_PREFIXES: dict[str, str] = {
    "read_": FILES,
    "parquet_": FILES,
    "iceberg_": FILES,
    "delta_": FILES,
    "postgres_": NETWORK,
    "mysql_": NETWORK,
    "sqlite_": FILES,
    "duckdb_": INTERNALS,
    "pragma_": INTERNALS,
}

# current_setting() is refused though it only reads: it shows server configuration
# (data_directory, hba_file, …) that no analytic question needs. txid_current() assigns a
# transaction id, which is a write (and an error in a read-only transaction).
_POSTGRES: dict[str, str] = {
    **_names(
        FILES,
        "pg_read_file",
        "pg_read_binary_file",
        "pg_ls_dir",
        "pg_stat_file",
        "pg_file_write",
        "lo_import",
        "lo_export",
        "lo_get",
        "lo_put",
        "lo_open",
        "loread",
        "lowrite",
    ),
    **_names(NETWORK, "dblink"),
    **_names(SLEEP, "pg_sleep", "pg_sleep_for", "pg_sleep_until"),
    **_names(LOCKS, "pg_advisory_lock", "pg_try_advisory_lock"),
    **_names(
        SIDE_EFFECTS,
        "set_config",
        "nextval",
        "setval",
        "currval",
        "lastval",
        "txid_current",
        "pg_current_xact_id",
        "pg_terminate_backend",
        "pg_cancel_backend",
        "pg_reload_conf",
        "pg_notify",
    ),
    **_names(
        DYNAMIC_SQL,
        "query_to_xml",
        "query_to_xmlschema",
        "query_to_xml_and_xmlschema",
        "cursor_to_xml",
        "table_to_xml",
        "schema_to_xml",
        "database_to_xml",
    ),
    **_names(INTERNALS, "current_setting", "inet_server_addr", "inet_server_port"),
}
_POSTGRES_PREFIXES: dict[str, str] = {
    "pg_sleep": SLEEP,
    "pg_advisory": LOCKS,
    "pg_try_advisory": LOCKS,
    "pg_read": FILES,
    "pg_ls_": FILES,
    "pg_file_": FILES,
    "lo_": FILES,
    "dblink": NETWORK,
    "query_to_xml": DYNAMIC_SQL,
    "cursor_to_xml": DYNAMIC_SQL,
    "table_to_xml": DYNAMIC_SQL,
    "schema_to_xml": DYNAMIC_SQL,
    "database_to_xml": DYNAMIC_SQL,
    "pg_": INTERNALS,
}

_MYSQL: dict[str, str] = {
    **_names(FILES, "load_file"),
    **_names(SLEEP, "sleep", "benchmark"),
    **_names(
        LOCKS, "get_lock", "release_lock", "release_all_locks", "is_free_lock", "is_used_lock"
    ),
    **_names(
        SIDE_EFFECTS,
        "master_pos_wait",
        "source_pos_wait",
        "wait_for_executed_gtid_set",
        "wait_until_sql_thread_after_gtids",
        "last_insert_id",
        "nextval",
        "setval",
        "lastval",
    ),
    **_names(NETWORK, "sys_exec", "sys_eval"),
}

_SNOWFLAKE: dict[str, str] = {
    **_names(
        FILES,
        "infer_schema",
        "get_presigned_url",
        "build_scoped_file_url",
        "build_stage_file_url",
        "get_stage_location",
    ),
    **_names(DYNAMIC_SQL, "result_scan"),
}
_SNOWFLAKE_PREFIXES: dict[str, str] = {"system$": INTERNALS}

_BIGQUERY: dict[str, str] = {**_names(NETWORK, "external_query")}

_SPARK: dict[str, str] = {
    # reflect/java_method call any static Java method: remote code execution.
    **_names(NETWORK, "reflect", "try_reflect", "java_method", "http_request"),
    **_names(
        FILES,
        "input_file_name",
        "input_file_block_start",
        "input_file_block_length",
        "read_files",
    ),
}
_SPARK_PREFIXES: dict[str, str] = {"ai_": AI}

DENIED: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "duckdb": {**_COMMON, **_DUCKDB},
        "postgres": {**_COMMON, **_POSTGRES},
        "mysql": {**_COMMON, **_MYSQL},
        "snowflake": {**_COMMON, **_SNOWFLAKE},
        "bigquery": {**_COMMON, **_BIGQUERY},
        "trino": dict(_COMMON),
        "spark": {**_COMMON, **_SPARK},
    }
)
"""dialect → function name → why it is refused."""

DENIED_PREFIXES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "duckdb": _DUCKDB_PREFIXES,
        "postgres": _POSTGRES_PREFIXES,
        "mysql": {},
        "snowflake": _SNOWFLAKE_PREFIXES,
        "bigquery": {},
        "trino": {},
        "spark": _SPARK_PREFIXES,
    }
)
"""dialect → name prefix → why every function starting with it is refused."""

_ANALYTIC = frozenset({"every", "cardinality", "octet_length", "width_bucket"})

ALLOWED_UNKNOWN: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "duckdb": _ANALYTIC
        | {
            "date_part",
            "datepart",
            "date_sub",
            "age",
            "now",
            "isoyear",
            "yearweek",
            "weekday",
            "isinf",
            "isfinite",
            "product",
            "fsum",
            "favg",
            "sumkahan",
            "bool_xor",
            "entropy",
            "histogram",
            "reservoir_quantile",
            "element_at",
            "epoch_ms",
            "make_time",
            "century",
            "decade",
        },
        "postgres": _ANALYTIC
        | {"age", "make_date", "make_timestamp", "date_bin", "isfinite", "clock_timestamp"},
        "mysql": _ANALYTIC
        | {
            "now",
            "makedate",
            "maketime",
            "yearweek",
            "weekday",
            "unix_timestamp",
            "period_diff",
            "period_add",
            "to_seconds",
            "time_to_sec",
            "sec_to_time",
            "utc_date",
            "utc_timestamp",
            "curtime",
            "microsecond",
            "locate",
            "mid",
            "field",
            "find_in_set",
            "isnull",
            "std",
        },
        "snowflake": _ANALYTIC
        | {
            "to_timestamp",
            "ratio_to_report",
            "time_slice",
            "dayofweekiso",
            "weekiso",
            "yearofweek",
            "yearofweekiso",
        },
        "bigquery": _ANALYTIC | {"approx_quantiles", "date_bucket"},
        "trino": _ANALYTIC | {"arbitrary", "format_datetime", "year_of_week", "to_unixtime"},
        "spark": _ANALYTIC
        | {"date_part", "datepart", "make_date", "make_timestamp", "now", "weekday", "any"},
    }
)
"""dialect → functions sqlglot does not know that are still safe to run."""


def denial(dialect: str, names: frozenset[str]) -> str | None:
    """Why a function known by ``names`` is refused in ``dialect``, or ``None``.

    >>> denial("postgres", frozenset({"pg_sleep"}))
    'sleeps or burns CPU on purpose'
    >>> denial("duckdb", frozenset({"read_json_auto"}))
    'reads or writes files on the database server'
    >>> denial("duckdb", frozenset({"sum"})) is None
    True
    """
    exact = DENIED[dialect]
    for name in sorted(names):
        if name in exact:
            return exact[name]
    for name in sorted(names):
        for prefix, why in DENIED_PREFIXES[dialect].items():
            if name.startswith(prefix):
                return why
    return None
