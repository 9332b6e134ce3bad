"""Every error code askbi reports: part of the ``--json`` contract, so listed in one place.

A failure prints ``{"error": {"code": …}}`` and a validation problem carries a ``code``; both
come from :class:`ErrorCode` (validation problems that pydantic finds carry pydantic's own
error type, such as ``missing`` or ``extra_forbidden``). ``docs/errors.md`` is rendered from
:data:`MEANINGS`, and a test keeps every code raised in the source listed here.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # general
    ASKBI_ERROR = "askbi_error"
    USER_ERROR = "user_error"
    INTERNAL_ERROR = "internal_error"
    INVALID = "invalid"
    # project files
    PROJECT_NOT_FOUND = "project_not_found"
    INVALID_PROJECT = "invalid_project"
    YAML_SYNTAX = "yaml_syntax"
    YAML_UNSAFE = "yaml_unsafe"
    FILE_TOO_LARGE = "file_too_large"
    BAD_ENCODING = "bad_encoding"
    INVALID_SETTING = "invalid_setting"
    DUPLICATE_NAME = "duplicate_name"
    RESERVED_NAME = "reserved_name"
    WRONG_TYPE = "wrong_type"
    SYNONYM_CLASH = "synonym_clash"
    CYCLE = "cycle"
    INVALID_EXPRESSION = "invalid_expression"
    UNSUPPORTED_NESTING = "unsupported_nesting"
    NOT_ADDITIVE = "not_additive"
    MISSING_CHANGELOG = "missing_changelog"
    VERSION_MISMATCH = "version_mismatch"
    UNKNOWN_SUITE = "unknown_suite"
    INVALID_DATASET = "invalid_dataset"
    DIALECT_MISMATCH = "dialect_mismatch"
    # names and plans
    UNKNOWN_NAME = "unknown_name"
    UNKNOWN_TABLE = "unknown_table"
    UNKNOWN_COLUMN = "unknown_column"
    UNKNOWN_METRIC = "unknown_metric"
    UNKNOWN_DIMENSION = "unknown_dimension"
    DIMENSION_NOT_ALLOWED = "dimension_not_allowed"
    GRAIN_NOT_SUPPORTED = "grain_not_supported"
    NO_TIME_DIMENSION = "no_time_dimension"
    CANNOT_COMPUTE = "cannot_compute"
    INIT_FAILED = "init_failed"
    NO_JOIN_PATH = "no_join_path"
    AMBIGUOUS_JOIN_PATH = "ambiguous_join_path"
    INVALID_ORDER = "invalid_order"
    INVALID_PLAN = "invalid_plan"
    INVALID_FILTER = "invalid_filter"
    INVALID_ARGUMENT = "invalid_argument"
    INVALID_MAX_ROWS = "invalid_max_rows"
    UNSUPPORTED_DIALECT = "unsupported_dialect"
    # SQL and databases
    SQL_REFUSED = "sql_refused"
    NO_DATABASE = "no_database"
    INVALID_SOURCE = "invalid_source"
    UNSUPPORTED_SOURCE = "unsupported_source"
    DRIVER_MISSING = "driver_missing"
    DATABASE_NOT_FOUND = "database_not_found"
    CONNECTION_FAILED = "connection_failed"
    QUERY_FAILED = "query_failed"
    QUERY_TIMEOUT = "query_timeout"
    OUT_OF_TIME = "out_of_time"
    # models
    LLM_ERROR = "llm_error"
    LLM_NOT_CONFIGURED = "llm_not_configured"
    LLM_BAD_SETTING = "llm_bad_setting"
    LLM_UNREACHABLE = "llm_unreachable"
    LLM_UNAVAILABLE = "llm_unavailable"
    LLM_TIMEOUT = "llm_timeout"
    LLM_RATE_LIMITED = "llm_rate_limited"
    LLM_SERVER_ERROR = "llm_server_error"
    LLM_REJECTED = "llm_rejected"
    LLM_FAILED = "llm_failed"
    LLM_BAD_REPLY = "llm_bad_reply"
    LLM_BAD_JSON = "llm_bad_json"
    LLM_BAD_OUTPUT = "llm_bad_output"
    LLM_NO_TOOL_CALL = "llm_no_tool_call"
    LLM_INVALID_PLAN = "llm_invalid_plan"
    # saving and editing
    NOT_PROMOTABLE = "not_promotable"
    NOT_SAVEABLE = "not_saveable"
    NOT_EDITABLE = "not_editable"
    INVALID_EDIT = "invalid_edit"
    EDIT_INCOMPLETE = "edit_incomplete"
    EDIT_CONFLICT = "edit_conflict"
    CANNOT_BUMP = "cannot_bump"
    DASHBOARD_NOT_FOUND = "dashboard_not_found"
    DASHBOARD_CONFLICT = "dashboard_conflict"


MEANINGS: dict[ErrorCode, str] = {
    ErrorCode.ASKBI_ERROR: "an error with no more specific code",
    ErrorCode.USER_ERROR: "something the user can fix, with no more specific code",
    ErrorCode.INTERNAL_ERROR: "a bug in askbi (exit code 3); please report it",
    ErrorCode.INVALID: "a validation problem with no more specific code",
    ErrorCode.PROJECT_NOT_FOUND: "the project folder does not exist",
    ErrorCode.INVALID_PROJECT: "the project's YAML has problems; each is listed with file:line",
    ErrorCode.YAML_SYNTAX: "a file is not valid YAML",
    ErrorCode.YAML_UNSAFE: "a file uses YAML askbi refuses: aliases that expand too far, a "
    "recursive anchor, a non-standard tag (`!!python/…`), nesting too deep",
    ErrorCode.FILE_TOO_LARGE: "a project file is larger than askbi reads",
    ErrorCode.BAD_ENCODING: "a file is not UTF-8 text",
    ErrorCode.INVALID_SETTING: "an `ASKBI_*` variable, flag or `askbi.yaml` setting is malformed",
    ErrorCode.DUPLICATE_NAME: "two things of one kind share a name",
    ErrorCode.RESERVED_NAME: "a name askbi uses itself",
    ErrorCode.WRONG_TYPE: "a column's type does not fit its use (a sum over text)",
    ErrorCode.SYNONYM_CLASH: "one synonym names two different things",
    ErrorCode.CYCLE: "a metric depends on itself",
    ErrorCode.INVALID_EXPRESSION: "a metric's or filter's expression does not parse or check",
    ErrorCode.UNSUPPORTED_NESTING: "a metric built on a kind of metric it can't be built on",
    ErrorCode.NOT_ADDITIVE: "a metric summed over a dimension it can't be summed over",
    ErrorCode.MISSING_CHANGELOG: "a metric's version went up without a changelog entry",
    ErrorCode.VERSION_MISMATCH: "a metric's version and changelog disagree",
    ErrorCode.UNKNOWN_SUITE: "no check suite by that name",
    ErrorCode.INVALID_DATASET: "an evaluation dataset is malformed",
    ErrorCode.DIALECT_MISMATCH: "the gold SQL's dialect is not the database's",
    ErrorCode.UNKNOWN_NAME: "a name the semantic layer does not define",
    ErrorCode.UNKNOWN_TABLE: "a table the semantic layer or the database does not have",
    ErrorCode.UNKNOWN_COLUMN: "a column the semantic layer or the database does not have",
    ErrorCode.UNKNOWN_METRIC: "a metric the catalog does not define",
    ErrorCode.UNKNOWN_DIMENSION: "a dimension the semantic layer does not define",
    ErrorCode.DIMENSION_NOT_ALLOWED: "a metric can't be broken down by that dimension",
    ErrorCode.GRAIN_NOT_SUPPORTED: "a time grain the metric or dimension does not support",
    ErrorCode.NO_TIME_DIMENSION: "a metric without a date asked with a time range or a grain",
    ErrorCode.INIT_FAILED: "askbi init could not draft a project (an existing folder, no tables)",
    ErrorCode.CANNOT_COMPUTE: "the warehouse has no exact way to compute it (a median on MySQL)",
    ErrorCode.NO_JOIN_PATH: "no many-to-one path joins the metric's table to the dimension",
    ErrorCode.AMBIGUOUS_JOIN_PATH: "two join paths of equal length; the layer must choose",
    ErrorCode.INVALID_ORDER: "ordering by something the query does not return",
    ErrorCode.INVALID_PLAN: "a semantic query (plan JSON) is malformed",
    ErrorCode.INVALID_FILTER: "a filter's operator does not fit its dimension (text on a number)",
    ErrorCode.INVALID_ARGUMENT: "a command-line argument is malformed",
    ErrorCode.INVALID_MAX_ROWS: "the row cap is not a positive number",
    ErrorCode.UNSUPPORTED_DIALECT: "a SQL dialect askbi does not compile to",
    ErrorCode.SQL_REFUSED: "the SQL guard refused a statement; the reasons are listed",
    ErrorCode.NO_DATABASE: "no database is connected",
    ErrorCode.INVALID_SOURCE: "the database URL is malformed",
    ErrorCode.UNSUPPORTED_SOURCE: "no connector for that kind of database",
    ErrorCode.DRIVER_MISSING: "the database's driver is not installed; the message names the extra",
    ErrorCode.DATABASE_NOT_FOUND: "the database file or name does not exist",
    ErrorCode.CONNECTION_FAILED: "the database could not be reached or refused the login",
    ErrorCode.QUERY_FAILED: "the database refused or failed a query",
    ErrorCode.QUERY_TIMEOUT: "a query ran past its time limit and was stopped",
    ErrorCode.OUT_OF_TIME: "the question used up its time budget (`ASKBI_QUESTION_TIMEOUT`) "
    "across its model calls, checks, repairs and queries",
    ErrorCode.LLM_ERROR: "the model failed, with no more specific code",
    ErrorCode.LLM_NOT_CONFIGURED: "no model is configured",
    ErrorCode.LLM_BAD_SETTING: "a model setting is malformed",
    ErrorCode.LLM_UNREACHABLE: "the model server could not be reached",
    ErrorCode.LLM_UNAVAILABLE: "the model server is up but the model is not available",
    ErrorCode.LLM_TIMEOUT: "the model did not answer in time",
    ErrorCode.LLM_RATE_LIMITED: "the model server kept refusing for rate limits",
    ErrorCode.LLM_SERVER_ERROR: "the model server failed",
    ErrorCode.LLM_REJECTED: "the model server rejected the request (key, model name, size)",
    ErrorCode.LLM_FAILED: "the model call failed for another reason",
    ErrorCode.LLM_BAD_REPLY: "the model's reply could not be read",
    ErrorCode.LLM_BAD_JSON: "the model's tool arguments are not JSON",
    ErrorCode.LLM_BAD_OUTPUT: "the model's output is not what was asked for",
    ErrorCode.LLM_NO_TOOL_CALL: "the model answered in prose instead of calling the tool",
    ErrorCode.LLM_INVALID_PLAN: "the model's plan does not fit the catalog",
    ErrorCode.NOT_PROMOTABLE: "this answer can't become a verified query",
    ErrorCode.NOT_SAVEABLE: "this answer can't be saved as a dashboard tile",
    ErrorCode.NOT_EDITABLE: "this file can't be edited in the app",
    ErrorCode.INVALID_EDIT: "an edited interpretation is not a valid plan",
    ErrorCode.EDIT_INCOMPLETE: "a saved edit could not be finished; nothing was changed",
    ErrorCode.EDIT_CONFLICT: "the file changed since the edit began; the draft is kept",
    ErrorCode.CANNOT_BUMP: "a metric's version could not be raised",
    ErrorCode.DASHBOARD_NOT_FOUND: "no dashboard by that name",
    ErrorCode.DASHBOARD_CONFLICT: "the dashboard changed while saving",
}


def markdown_table() -> str:
    """``docs/errors.md``'s table of codes."""
    rows = [f"| `{code.value}` | {MEANINGS[code]} |" for code in ErrorCode]
    return "\n".join(["| code | meaning |", "| --- | --- |", *rows])
