"""A conservative token estimate that needs no tokenizer download.

Prompts must fit a budget before they are sent, for any model behind any server, and askbi
runs offline: no tokenizer files can be fetched. So the estimate over-counts on purpose:
one token per three ASCII characters (BPE tokenizers average about four on English prose and
three to four on SQL and snake_case names) and two per other character (a Hangul syllable is
about 1.3 tokens in ``cl100k_base`` and 0.5 in ``o200k_base``). docs/llm.md records how it
compares with real tokenizers on askbi's own prompts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from app.llm.messages import ToolSpec

SQL_BUDGET_TOKENS = 4000
"""Estimated tokens of the SQL path's first request, tool included; the context gets the rest."""
PLAN_BUDGET_TOKENS = 6000
"""The plan path's: its tool schema describes the whole plan model and lists the catalog's
names (about 2,450 estimated tokens for the sample project, which leaves the context what
it had before the schema grew). Estimates run about 1.3 times real counts, so the SQL path
stays under 3,100 real tokens and the plan path under 4,700; docs/llm.md has the
measurements."""

CHARS_PER_TOKEN = 3
TOKENS_PER_OTHER_CHAR = 2


def estimate_tokens(text: str) -> int:
    """At least as many tokens as common tokenizers count for ``text``.

    >>> estimate_tokens("revenue by region")
    6
    >>> estimate_tokens("지난달 매출")
    11
    """
    ascii_chars = sum(1 for ch in text if ch.isascii())
    other = len(text) - ascii_chars
    return math.ceil(ascii_chars / CHARS_PER_TOKEN) + TOKENS_PER_OTHER_CHAR * other


def estimate_request_tokens(texts: Iterable[str], tool: ToolSpec) -> int:
    """Estimated tokens of messages with these ``texts`` plus the tool's definition."""
    definition = json.dumps(
        {"name": tool.name, "description": tool.description, "parameters": tool.parameters}
    )
    return estimate_tokens(definition) + sum(estimate_tokens(t) for t in texts)
