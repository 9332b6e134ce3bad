"""The guard's answer: run this SQL, or don't, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuardVerdict:
    """Whether SQL may run, the SQL to run, and every reason when it may not.

    ``sql`` is rendered for ``dialect`` with the row limit added or capped, and is empty when
    refused; ``reasons`` is empty when allowed; ``tables`` are the layer tables it reads.
    """

    ok: bool
    sql: str
    reasons: tuple[str, ...]
    tables: tuple[str, ...]
    dialect: str

    def to_dict(self) -> dict[str, object]:
        """The JSON shape ``askbi sql-check`` prints.

        >>> GuardVerdict(False, "", ("The SQL is empty.",), (), "duckdb").to_dict()
        {'ok': False, 'reasons': ['The SQL is empty.'], 'sql': ''}
        """
        return {"ok": self.ok, "reasons": list(self.reasons), "sql": self.sql}


def refused(dialect: str, reasons: list[str] | tuple[str, ...]) -> GuardVerdict:
    """A refusal carrying each distinct reason once, in the order found.

    >>> refused("duckdb", ["a", "b", "a"]).reasons
    ('a', 'b')
    """
    return GuardVerdict(False, "", tuple(dict.fromkeys(reasons)), (), dialect)
