"""Names as SQL identifiers: quoted exactly where the warehouse would otherwise misread them.

A name in the semantic layer is the warehouse's own spelling. Written in the dialect's
folding case (lower case, or Snowflake's upper case) with plain characters, it means what
that name means unquoted, and stays unquoted, so ordinary SQL stays ordinary. Anything else
is an exact name and must be quoted: ``OrderDate`` in PostgreSQL (unquoted it folds to
``orderdate``), ``주문일`` or ``order date``, and reserved words such as ``order`` or
``user`` (unquoted, PostgreSQL reads ``user`` as ``CURRENT_USER``). A reserved word in the
folding case is quoted in its folded form, so ``order`` is ``"ORDER"`` in Snowflake, which is
what an unquoted ``order`` would have named.

sqlglot's generator already quotes the reserved words it knows for DuckDB, MySQL, BigQuery
and Trino; the others' lists are kept here, as data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

E = TypeVar("E", bound=exp.Expr)

_PLAIN = (re.compile(r"^[a-z_][a-z0-9_]*$"),)
PLAIN: Mapping[str, tuple[re.Pattern[str], ...]] = MappingProxyType(
    {"snowflake": (re.compile(r"^[a-z_][a-z0-9_$]*$"), re.compile(r"^[A-Z_][A-Z0-9_$]*$"))}
)
"""dialect → the spellings that mean the same quoted or not (default: lower-case ASCII)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSTGRES_RESERVED = _words(
    """
    all analyse analyze and any array as asc asymmetric authorization binary both case
    cast check collate collation column concurrently constraint create cross
    current_catalog current_date current_role current_schema current_time
    current_timestamp current_user default deferrable desc distinct do else end except
    false fetch for foreign freeze from full grant group having ilike in initially inner
    intersect into is isnull join lateral leading left like limit localtime
    localtimestamp natural not notnull null offset on only or order outer overlaps
    placing primary references returning right select session_user similar some
    symmetric system_user table tablesample then to trailing true union unique user
    using variadic verbose when where window with
    """
)
"""PostgreSQL's reserved key words (both "reserved" kinds of its key word appendix)."""

_SNOWFLAKE_RESERVED = _words(
    """
    account all alter and any as between by case cast check column connect connection
    constraint create cross current current_date current_time current_timestamp
    current_user database delete distinct drop else exists false following for from full
    grant group gscluster having ilike in increment inner insert intersect into is issue
    join lateral left like localtime localtimestamp minus natural not null of on or
    order organization qualify regexp revoke right rlike row rows sample schema select
    set some start table tablesample then to trigger true try_cast union unique update
    using values view when whenever where window with
    """
)

_SPARK_RESERVED = _words(
    """
    all and anti any as authorization both case cast check collate column constraint
    create cross current_date current_time current_timestamp current_user distinct else
    end escape except false fetch filter for foreign from full grant group having in
    inner intersect into is join lateral leading left minus natural not null offset on
    only or order outer overlaps primary references right select semi session_user
    setminus some table then time to trailing true union unique unknown user using when
    where with
    """
)
"""Spark SQL's reserved words under ANSI mode, a superset of the default mode's."""

RESERVED: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "postgres": _POSTGRES_RESERVED,
        "snowflake": _SNOWFLAKE_RESERVED,
        "spark": _SPARK_RESERVED,
    }
)
"""dialect → reserved words sqlglot's generator does not quote on its own (lower case)."""


def _reserved(dialect: str, name: str) -> bool:
    key = name.lower()
    generator = Dialect.get_or_raise(dialect).generator_class
    return key in RESERVED.get(dialect, frozenset()) or key in generator.RESERVED_KEYWORDS


def _plain(dialect: str, name: str) -> bool:
    return any(p.match(name) for p in PLAIN.get(dialect, _PLAIN))


def identifier(name: str, dialect: str) -> exp.Identifier:
    """``name`` as an identifier the ``dialect`` reads as the layer means it.

    >>> [identifier(n, "postgres").sql("postgres") for n in ("orders", "OrderDate", "user")]
    ['orders', '"OrderDate"', '"user"']
    >>> identifier("order", "snowflake").sql("snowflake"), identifier("주문", "mysql").sql("mysql")
    ('"ORDER"', '`주문`')
    """
    text, quoted = _spelling(name, dialect)
    return exp.Identifier(this=text, quoted=quoted)


@lru_cache(maxsize=65536)
def _spelling(name: str, dialect: str) -> tuple[str, bool]:
    if not _plain(dialect, name):
        return name, True
    if not _reserved(dialect, name):
        return name, False
    unquoted = exp.Identifier(this=name, quoted=False)
    return Dialect.get_or_raise(dialect).normalize_identifier(unquoted).this, True


def table(name: str) -> exp.Table:
    """A layer table name, plain or qualified (``sales.orders``), as a table reference whose
    parts :func:`quote_identifiers` quotes; the name is split, never parsed as SQL.

    >>> quote_identifiers(table("sales.Order Items"), "postgres").sql("postgres")
    'sales."Order Items"'
    """
    *qualifiers, own = name.split(".")
    parts: list[exp.Identifier | None] = [exp.Identifier(this=p) for p in qualifiers]
    catalog, db = ([None, None, *parts])[-2:]
    return exp.Table(this=exp.Identifier(this=own), db=db, catalog=catalog)


def quote_identifiers(tree: E, dialect: str) -> E:
    """Every identifier of a tree built from layer names, quoted as :func:`identifier` says.

    Works in place and returns ``tree``. Names the compiler made up (``spine``, metric
    aliases) are plain and stay unquoted; function names are not identifiers here.

    >>> import sqlglot
    >>> tree = sqlglot.parse_one("SELECT t.OrderDate AS user FROM Customers AS t")
    >>> quote_identifiers(tree, "postgres").sql("postgres")
    'SELECT t."OrderDate" AS "user" FROM "Customers" AS t'
    """
    for node in list(tree.find_all(exp.Identifier)):
        if isinstance(node.parent, exp.Func):
            continue
        text, quoted = _spelling(node.this, dialect)
        node.set("this", text)
        node.set("quoted", quoted)
    return tree


def resolved(name: str, dialect: str) -> str:
    """The name the warehouse looks up for ``name`` (a layer name, or a catalogue's in the
    same convention: SQLAlchemy reports Snowflake's ``ORDERS`` as ``orders``); two names
    match when these are equal.

    >>> resolved("orders", "snowflake"), resolved("order", "snowflake")
    ('ORDERS', 'ORDER')
    >>> resolved("customers", "postgres") == resolved("Customers", "postgres")
    False
    >>> resolved("customers", "duckdb") == resolved("Customers", "duckdb")
    True
    """
    return Dialect.get_or_raise(dialect).normalize_identifier(identifier(name, dialect)).this
