"""Text → statements, refusing what cannot be checked: empty, unparsable, huge, too deep.

``sqlglot.parse`` is used rather than ``parse_one``, which silently keeps one statement of
``SELECT 1; DROP TABLE t``. Every statement is returned, so the checks can name what the
extra ones would have done.

Comments. The SQL the guard hands back is rendered from the parsed tree without comments,
so a comment can never smuggle text to the database, whatever the tokenizer thought of it
(a parser differential such as PostgreSQL's nested ``/* /* */ */`` or MySQL's ``--x``
cannot reach execution). Ordinary comments are therefore allowed in the input (LLMs like to
annotate their SQL). The exception is MySQL/MariaDB's executable comments, ``/*! … */`` and
``/*M! … */``, which those servers run as SQL: they are refused outright, in every dialect,
because nothing legitimate needs them and they are a common way to hide statements. That
check reads the raw text, the only check that does, and it is deliberately broad: it also
fires on the marker inside a string literal, where a server running with different quoting
or escaping rules than sqlglot assumed might see a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError

from app.pipeline.guard.normalize import normalize

MAX_SQL_CHARS = 100_000
MAX_DEPTH = 250
"""Deeper trees are refused: real analytics stay far below, and sqlglot's recursive passes
(qualify, the generator) would run out of stack on much deeper ones."""
MAX_NODES = 10_000
"""Larger trees are refused: the largest query the compiler writes for the sample has about
600 nodes, and the checks' time grows with the tree (faster than linearly in its depth,
which sqlglot's scope analysis walks up from every column)."""

_EXECUTABLE_COMMENT = re.compile(r"/\*M?!", re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    statements: tuple[exp.Expr, ...]
    reasons: tuple[str, ...]


def parse_statements(sql: str, dialect: str) -> Parsed:
    """Every statement of ``sql`` and the reasons it cannot be run as it stands.

    >>> parse_statements("SELECT 1; DROP TABLE t", "duckdb").reasons
    ('The SQL holds 2 statements; askbi runs exactly one SELECT.',)
    >>> parse_statements("   ", "duckdb").reasons
    ('The SQL is empty.',)
    """
    if not sql.strip():
        return Parsed((), ("The SQL is empty.",))
    if len(sql) > MAX_SQL_CHARS:
        return Parsed(
            (), (f"The SQL is {len(sql):,} characters long; the limit is {MAX_SQL_CHARS:,}.",)
        )
    reasons = _executable_comments(sql)
    try:
        parsed = sqlglot.parse(sql, read=dialect)
    except SqlglotError as e:
        return Parsed((), (*reasons, f"This is not valid {dialect} SQL: {_describe(e)}."))
    except RecursionError:
        return Parsed((), (*reasons, "The SQL is nested too deeply for the parser to read."))
    statements = tuple(normalize(s) for s in parsed if s is not None and not _is_separator(s))
    if not statements:
        return Parsed((), (*reasons, "The SQL holds no statement, only comments or semicolons."))
    if len(statements) > 1:
        reasons.append(
            f"The SQL holds {len(statements)} statements; askbi runs exactly one SELECT."
        )
    too_big = [_too_big(s, n, len(statements)) for n, s in enumerate(statements, 1)]
    if any(too_big):
        # No statement is handed on: the checks' time grows with the tree.
        return Parsed((), (*reasons, *(r for r in too_big if r)))
    return Parsed(statements, tuple(reasons))


def _too_big(statement: exp.Expr, number: int, count: int) -> str | None:
    which = f"Statement {number}" if count > 1 else "The SQL"
    if too_many_nodes(statement):
        return (
            f"{which} has more than {MAX_NODES:,} parts (names, values, operators), too many"
            " to check quickly; split it, or put long value lists in a table."
        )
    if depth(statement) > MAX_DEPTH:
        return f"{which} is nested more than {MAX_DEPTH} levels deep; simplify it."
    return None


def depth(tree: exp.Expr) -> int:
    """How deeply the tree nests, counted without recursion (the tree may be hostile).

    Measured after :func:`~app.pipeline.guard.normalize.normalize`, which rebuilds long
    AND/OR chains balanced: a flat 300-term OR is a list of terms, not 300 levels.

    >>> depth(sqlglot.parse_one("SELECT 1"))
    2
    """
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in node.iter_expressions())
    return deepest


def too_many_nodes(tree: exp.Expr) -> bool:
    """More than :data:`MAX_NODES` nodes; stops counting there.

    >>> too_many_nodes(sqlglot.parse_one("SELECT 1"))
    False
    """
    return any(count > MAX_NODES for count, _ in enumerate(tree.walk(), 1))


def _executable_comments(sql: str) -> list[str]:
    found = _EXECUTABLE_COMMENT.search(sql)
    if found is None:
        return []
    line = sql.count("\n", 0, found.start()) + 1
    return [
        f"The SQL contains a MySQL/MariaDB executable comment '{found.group()}' (line {line}),"
        " which those servers run as SQL; remove it."
    ]


def _describe(error: SqlglotError) -> str:
    """The parser's first complaint, without the ANSI underlining sqlglot adds."""
    if isinstance(error, ParseError) and error.errors:
        first = error.errors[0]
        near = str(first.get("highlight") or "").strip()
        at = f" near '{near}'" if near else ""
        return (
            f"{first.get('description')}{at} at line {first.get('line')}, column {first.get('col')}"
        )
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _is_separator(statement: exp.Expr) -> bool:
    # A trailing ``; -- comment`` parses as a Semicolon node that carries the comment.
    return isinstance(statement, exp.Semicolon)
