"""Words from database names: ``sbTxCustId`` → ``tx cust id``, ``salespersons`` → salesperson.

Warehouse names are the first vocabulary a project has. They are split on underscores and
case changes, a prefix every table shares (``sb`` in ``sbCustomer``, ``sbTicker``) is set
aside, plurals are made singular with the usual English rules, and abbreviations are
recognised as prefixes of the words they shorten (``cust`` of ``customer``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """Lower-case words of a snake_case, camelCase or dotted name.

    >>> words("sbTxCustId"), words("order_items"), words("crm.CustomerID")
    (['sb', 'tx', 'cust', 'id'], ['order', 'items'], ['customer', 'id'])
    """
    last = name.rpartition(".")[2]
    found: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", last):
        found.extend(w.lower() for w in _CAMEL.findall(part))
    return found


def singular(word: str) -> str:
    """
    >>> [singular(w) for w in ("sales", "categories", "boxes", "status", "cars", "data")]
    ['sale', 'category', 'box', 'status', 'car', 'data']
    """
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """
    >>> [plural(w) for w in ("sale", "category", "box", "status")]
    ['sales', 'categories', 'boxes', 'statuses']
    """
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def shared_prefix(names: Iterable[str]) -> list[str]:
    """Leading words every name shares (``sb`` of ``sbCustomer`` and ``sbTicker``), if the
    names are more than one and the prefix leaves each at least one word.

    >>> shared_prefix(["sbCustomer", "sbTicker", "sbDailyPrice"])
    ['sb']
    >>> shared_prefix(["cars", "sales"])
    []
    """
    split = [words(n) for n in names]
    if len(split) < 2:
        return []
    prefix: list[str] = []
    for group in zip(*split, strict=False):
        if len(set(group)) != 1 or any(len(s) <= len(prefix) + 1 for s in split):
            break
        prefix.append(group[0])
    return prefix


def column_prefix(columns: Sequence[str], prefix: list[str]) -> list[str]:
    """``prefix`` and the word most of a table's columns start with after it (``dp`` of
    ``sbDpDate``, ``sbDpClose``…): a table's own tag on its columns, not part of their names.

    >>> column_prefix(["sbDpTickerId", "sbDpDate", "sbDpClose"], ["sb"])
    ['sb', 'dp']
    >>> column_prefix(["id", "make", "model"], [])
    []
    """
    heads = [words(c)[len(prefix) : len(prefix) + 1] for c in columns]
    tagged = [
        h[0] for h, c in zip(heads, columns, strict=True) if h and len(words(c)) > len(prefix) + 1
    ]
    if len(columns) < 2 or not tagged:
        return prefix
    word = max(set(tagged), key=tagged.count)
    return [*prefix, word] if tagged.count(word) >= 0.8 * len(columns) else prefix


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` or a shortening of it (three letters at least).

    >>> abbreviates("cust", "customer"), abbreviates("tx", "transaction")
    (True, False)
    """
    return short == long or (len(short) >= 3 and long.startswith(short))


def snake(parts: Sequence[str]) -> str:
    """A valid askbi name from words: ``["daily", "price"]`` → ``daily_price``."""
    name = "_".join(p for p in parts if p)
    name = re.sub(r"[^a-z0-9_]", "_", name.lower()).strip("_") or "x"
    return name if name[0].isalpha() else f"x_{name}"


def label(parts: Sequence[str]) -> str:
    """``["sale", "price"]`` → ``Sale price``."""
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)
