"""Terms the asker defines for themselves: "TSC = total sales count", "ASP (average selling
price)", "average order value (AOV)", "ARPU는 사용자당 매출을 뜻함".

Analysts coin abbreviations for the question at hand and say what they mean, in the question
or in notes beside it. The catalog can't know them; the definition is the asker's own words
for something the catalog may well know. So a defined term is replaced by its meaning before
grounding, and the answer says it did. Only what is written as a definition counts: a term
that is never defined stays unknown and is asked about, as any other unknown word.

A term defined by a formula ("GPM (gross profit margin) = (revenue - cost) / cost * 100") or
by SQL is not substituted, even where it also has a name: the catalog's metric of that name
may divide by something else, and its number would answer a question not asked. Where the
meaning restates scope the question already has ("ACP = average closing price of tickers in
the last 7 days"), only the name part is kept: the question's own scope is the one counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.ground.korean import has_hangul

_TERM = r"[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*"
"""An abbreviation: a word with at least two capitals ("TSC", "MoMC", "D7D100PIR")."""
_TERM_WORD = re.compile(rf"(?<![\w-]){_TERM}(?![\w-])")

_SAYS = (
    r"=|:|means|meaning|stands for|refers to|is defined as|is short for|is calculated as"
    r"|denotes|is"
)
_DEFINED = re.compile(
    rf"(?<![\w-])(?P<term>{_TERM})(?:\s*\((?P<name>[^()]{{2,80}})\))?\s*(?:{_SAYS})\s+"
    r"(?P<meaning>(?:[^\n;.]|\.(?=\S))+)"
)
_NAMED = re.compile(rf"(?<![\w-])(?P<term>{_TERM})\s*\((?P<name>[^()]{{2,80}})\)")
""""ASP (average selling price)": the term, then its name in parentheses."""
_ABBREVIATED = re.compile(rf"(?P<before>[^()]{{2,120}}?)\s*\((?P<term>{_TERM})\)")
""""average order value (AOV)": a long form, then its abbreviation in parentheses."""
_KOREAN_DEFINED = re.compile(
    rf"(?P<term>{_TERM})\s*(?:은|는|이란|란|이라 함은)\s+(?P<meaning>[^\n;.]+?)\s*"
    r"(?:을|를)?\s*(?:의미|뜻|말)"
)

_FORMULA = re.compile(r"[()*/+]|\s-\s|\b(?:SELECT|CASE|WHEN|DATE_TRUNC|INTERVAL|COUNT|SUM)\b")
_SCOPE = re.compile(
    r",|;|\.\s|\s(?:who|which|that|where|whose|with|ordered|sorted|excluding|including"
    r"|inclusive|exclusive|for (?:each|every|all|the)|in (?:the )?(?:last|past|first|second"
    r"|third|fourth|previous|current|next|\d{4})|over the|during|since|between|from \d)\b",
    re.IGNORECASE,
)
"""Where a meaning's name ends and its restated scope begins."""


@dataclass(frozen=True)
class Definition:
    term: str
    meaning: str


@dataclass(frozen=True)
class Defined:
    """The question with the asker's terms written out, and the definitions used."""

    question: str
    definitions: tuple[Definition, ...] = ()


def read_definitions(question: str, notes: str = "") -> Defined:
    """Replace each abbreviation the question uses by the meaning its asker gave it.

    >>> read_definitions("What is the TSC in the past 7 days?", "TSC = Total Sales Count.")
    Defined(question='What is the total sales count in the past 7 days?', \
definitions=(Definition(term='TSC', meaning='total sales count'),))
    >>> read_definitions("Top 3 reps by ASP (average selling price)").question
    'Top 3 reps by average selling price'
    >>> read_definitions("What is the GPM for 2023?", "GPM = (revenue - cost) / cost").question
    'What is the GPM for 2023?'
    """
    question, windows = _defined_windows(question, notes)
    used = set(_TERM_WORD.findall(question))
    if not used:
        return Defined(question, windows)
    found: dict[str, str] = {}
    for text in (question, notes or ""):
        for term, meaning in _definitions_in(text, question):
            if term in used and term not in found and meaning.lower() != term.lower():
                found[term] = meaning
    if not found:
        return Defined(question, windows)
    rewritten = _without_definitions(question, found)
    for term, meaning in found.items():
        rewritten = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", meaning, rewritten)
    rewritten = re.sub(r"\s{2,}", " ", rewritten).strip()
    return Defined(rewritten, (*windows, *(Definition(t, m) for t, m in found.items())))


_WINDOW = re.compile(
    r"\b(?:the )?(?:past|last) (?P<n>\d+) (?P<unit>day|week|month|year)s?\s*(?:=|:|means)\s*"
    r"(?:CURRENT_DATE|NOW\(\)|CURRENT_TIMESTAMP|today)\s*-\s*INTERVAL\s*'?(?P<m>\d+)'?\s*"
    r"(?P<by>day|week|month|year)s?'?\s*(?:to|through|until|and|-)\s*"
    r"(?:now|NOW\(\)|CURRENT_DATE|CURRENT_TIMESTAMP|today)",
    re.IGNORECASE,
)
""""Past 30 days = CURRENT_DATE - INTERVAL '30 days' to now": the asker's own window, from
that day N units back through today (one day more than "the past N days" alone)."""


def _defined_windows(question: str, notes: str) -> tuple[str, tuple[Definition, ...]]:
    used = []
    for match in _WINDOW.finditer(f"{question}\n{notes}"):
        n, unit = match["n"], match["unit"].lower()
        if n != match["m"] or unit != match["by"].lower():
            continue
        said = re.compile(
            rf"\b(?:past|last) {n} {unit}s?(?:,? (?:inclusive of|including) today(?:'?s date)?)?",
            re.IGNORECASE,
        )
        plural = unit if n == "1" else f"{unit}s"
        window = f"past {n} {plural}, inclusive of {n} {plural} ago"
        question, replaced = said.subn(window, question)
        if replaced:
            used.append(Definition(f"past {n} {plural}", f"from {n} {plural} ago through today"))
    return question, tuple(dict.fromkeys(used))


def _definitions_in(text: str, question: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    refused = set()
    for match in _DEFINED.finditer(text):
        meaning = match["meaning"].strip().rstrip(".")
        name = _name(match["name"]) or _name(meaning.split(" = ")[0])
        if _FORMULA.search(meaning) or name is None:
            # Its name may be the catalog's while its formula is not ("margin" over cost or
            # over revenue): answering the name would pass one number off as the other.
            refused.add(match["term"])
            continue
        said = meaning.lower()
        beyond = said[len(name) :] if said.startswith(name.lower()) else said
        if _restated(beyond, question):
            found.append((match["term"], name))
        else:
            # "PMTV = per month volume = total amount of successful transactions": the
            # name alone would drop the condition the definition goes on to give.
            refused.add(match["term"])
    for match in _NAMED.finditer(text):
        if (name := _name(match["name"])) is not None:
            found.append((match["term"], name))
    for match in _ABBREVIATED.finditer(text):
        if (long_form := _long_form(match["before"], match["term"])) is not None:
            found.append((match["term"], long_form))
    for match in _KOREAN_DEFINED.finditer(text):
        found.append((match["term"], match["meaning"].strip()))
    return [(term, meaning) for term, meaning in found if term not in refused]


_LOOSE = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "and", "or", "by", "is",
    "are", "be", "who", "which", "that", "whose", "with", "each", "every", "all", "last",
    "past", "previous", "inclusive", "including", "today", "today's", "date",
})  # fmt: skip
"""Words a restated scope may word differently ("in the last 7 days" for "in the past 7
days"); every other word of it must be in the question."""


def _restated(said: str, question: str) -> bool:
    """Whether what a definition says beyond its name the question says too, so reading the
    name alone loses nothing ("TAC = total active customers who joined in 2023" asked of
    "TAC … for customers who joined in 2023")."""
    asked = {w.rstrip("s") for w in re.findall(r"[\w']+", question.lower())}
    words = {w.rstrip("s") for w in re.findall(r"[\w']+", said)} - _LOOSE
    return words <= asked


def _name(text: str | None) -> str | None:
    """The name a meaning gives, without restated scope; None for a formula or SQL."""
    if text is None or _FORMULA.search(text):
        return None
    name = _SCOPE.split(" " + text.strip(), maxsplit=1)[0].strip().rstrip(".?!")
    words = name.split()
    if not words or len(words) > 8 or _TERM_WORD.fullmatch(name):
        return None
    return name if has_hangul(name) else _lowered(name)


def _lowered(name: str) -> str:
    """ "Total Sales Count" → "total sales count"; abbreviations inside keep their case."""
    return " ".join(w if _TERM_WORD.fullmatch(w) else w.lower() for w in name.split())


def _long_form(before: str, term: str) -> str | None:
    """The words before "(TERM)" whose initials spell it (Schwartz & Hearst's rule: the
    shortest run of preceding words that covers the abbreviation's letters in order)."""
    words = before.split()
    if has_hangul(before):
        return words[-1] if words else None
    letters = [c.lower() for c in term if c.isalpha()]
    for size in range(1, min(len(words), len(letters) + 2) + 1):
        candidate = words[-size:]
        if candidate[0][0].lower() == letters[0] and _covers(" ".join(candidate), letters):
            return _name(" ".join(candidate))
    return None


def _covers(long_form: str, letters: list[str]) -> bool:
    at = 0
    text = long_form.lower()
    for letter in letters:
        at = text.find(letter, at)
        if at < 0:
            return False
        at += 1
    return True


def _without_definitions(question: str, found: dict[str, str]) -> str:
    """The question without the definitions written in it: a sentence that only defines a
    term goes, and a spelled-out name after a term ("TSC (total sales count)") folds in."""
    kept = []
    for sentence in re.split(r"(?<=[.?!;])(?<!i\.e\.)(?<!e\.g\.)\s+", question):
        defining = _DEFINED.match(sentence.strip()) or _KOREAN_DEFINED.match(sentence.strip())
        if defining and defining["term"] in found and not sentence.rstrip().endswith("?"):
            continue
        kept.append(sentence)
    text = " ".join(kept)
    for term in found:
        text = re.sub(rf"(?<![\w-]){re.escape(term)}\s*\([^()]*\)", term, text)
        text = re.sub(
            rf"[^()]*?\s*\({re.escape(term)}\)",
            lambda m, term=term: _keep_head(m[0], term),  # type: ignore[misc]
            text,
        )
    return text


def _keep_head(segment: str, term: str) -> str:
    """ "what is the average order value (AOV)" → "what is the AOV": the long form becomes
    the term again, which is then written out once."""
    before = segment[: segment.rfind("(")].rstrip()
    long_form = _long_form(before, term)
    if long_form is None:
        return segment
    words = before.split()
    head = words[: len(words) - len(long_form.split())]
    return " ".join([*head, term])
