"""A question as words: normalised text, each word with its lemma, match keys and class.

English words get their lemma from ``simplemma`` (an offline lemmatiser: "sold" → sell,
"categories" → category) and a light plural stem; Korean text goes through Kiwi, so particles
and endings are split off by the analyser rather than by a list. Every word keeps its span in
the normalised text, which the cue patterns also read, so a word is explained by a cue when
its span is inside the cue's.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from app.pipeline.ground.korean import Morpheme, has_hangul, morphemes
from app.pipeline.ground.lexicon import KOREAN_COUNTERS, WordClass, english_class, korean_class

_POSSESSIVE = re.compile(r"(?<=[a-z])'s?(?![a-z])")
""""last month's revenue", "customers' emails": the possessive carries no meaning here."""
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"}
_TOKEN = re.compile(r"'[^']{1,60}'|\"[^\"]{1,60}\"|[a-z][a-z0-9]*|\d+(?:\.\d+)?|%|[가-힣]+")

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20, "스물": 20,
}  # fmt: skip
"""Cardinal words: a closed class in both languages."""

NOMINALISATIONS = {
    "sell": "sale", "buy": "purchase", "spend": "spend", "pay": "payment", "ship": "shipment",
    "deliver": "delivery", "earn": "earning", "register": "registration",
    "subscribe": "subscription", "cancel": "cancellation", "convert": "conversion",
    "book": "booking", "rent": "rental", "invest": "investment", "transact": "transaction",
    "bill": "billing", "renew": "renewal", "sign": "signup", "enroll": "enrollment",
    "enrol": "enrolment", "install": "installation", "apply": "application",
}  # fmt: skip
"""Verbs of commerce and the nouns metrics are named with ("sold" → sales): a catalog says
"sales", a question says "which regions sold the most"."""


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    lemma: str
    keys: tuple[str, ...]
    """Forms the vocabulary is matched with: the stem of the word and of its lemma."""
    word_class: WordClass
    korean: bool = False
    tag: str = ""
    """Kiwi's part of speech for Korean words."""
    number: float | None = None
    quoted: bool = False
    """Written in quotes: a literal value the user typed ('buy', "Utility Company")."""
    attached: bool = False
    """Korean: continues the previous word without a space or particle (지역|별, 결제|수단)."""
    capitals: bool = False
    """Written in capitals, two letters or more ("US", "IT", "OR"): a code as written."""


def normalise(text: str) -> str:
    """Lowercase, NFKC (full-width digits and letters become ASCII), one space between words.

    >>> normalise("  Revenue  by REGION？ over 1,000 orders ")
    'revenue by region? over 1000 orders'
    >>> normalise("customers' names with 'Jones' in them")
    "customers names with 'jones' in them"
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    for fancy, plain in _QUOTES.items():
        folded = folded.replace(fancy, plain)
    parts = _LITERAL.split(folded)
    # Odd parts are quoted literals: their closing quote is not a possessive ("'Ford' in").
    folded = "".join(
        part
        if i % 2
        else _shorthand(_THOUSANDS.sub("", _POSSESSIVE.sub("", _CONTRACTIONS.sub(_expand, part))))
        for i, part in enumerate(parts)
    )
    return " ".join(folded.split())


SHORTHAND = {
    "w/o": "without", "w/": "with", "lm": "last month", "ly": "last year", "yr": "year",
    "yrs": "years", "qtr": "quarter", "qtrs": "quarters", "wk": "week", "wks": "weeks",
    "avg": "average", "amt": "amount", "qty": "quantity", "txn": "transaction",
    "txns": "transactions", "rev": "revenue", "whats": "what is", "thru": "through",
    "approx": "approximately", "vs.": "vs", "no. of": "number of",
}  # fmt: skip
"""Analysts' shorthand, written out: English abbreviations any BI user writes, not names
from a project (those belong in its synonyms). Snake_case parts count as words
("avg_sale_price"), as they do when the vocabulary splits identifiers."""
_SHORTHAND = re.compile(
    r"(?<![a-z0-9/])("
    + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True))
    + r")(?![a-z0-9/])"
)


def _shorthand(text: str) -> str:
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group(1)], text)


_LITERAL = re.compile(r"((?:(?<=^)|(?<=[\s(\[,:=]))'[^'\s][^']{0,59}'(?![a-z0-9])|\"[^\"]{1,60}\")")


_CONTRACTIONS = re.compile(r"(?<=[a-z])(n't|'d|'m|'re|'ve|'ll)(?![a-z])|\b(can't|won't|let's)\b")
_EXPANSIONS = {
    "n't": " not", "'d": " would", "'m": " am", "'re": " are", "'ve": " have", "'ll": " will",
    "can't": "can not", "won't": "will not", "let's": "let us",
}  # fmt: skip


def _expand(match: re.Match[str]) -> str:
    """ "don't" → "do not": a negation stays a word the cue tables can read."""
    return _EXPANSIONS[match.group(1) or match.group(2)]


def stem(word: str) -> str:
    """A light English plural stem, applied to vocabulary and questions alike.

    >>> [stem(w) for w in ["categories", "sales", "orders", "business", "status", "매출"]]
    ['category', 'sale', 'order', 'business', 'status', '매출']
    """
    if not word.isascii():
        return word
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=20_000)
def known_word(word: str) -> bool:
    """Whether simplemma's English dictionary holds the word ("lose" yes, "revnue" no)."""
    import simplemma

    return word.isalpha() and bool(simplemma.is_known(word, lang="en"))


@functools.lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The English dictionary form, from simplemma's offline tables ("bought" → buy)."""
    if not word.isalpha():
        return word
    import simplemma  # loads its English table on first use, about 0.3 s

    return str(simplemma.lemmatize(word, lang="en"))


def analyse(text: str) -> tuple[Word, ...]:
    """The words of a normalised question.

    >>> [(w.text, w.lemma, w.word_class.value) for w in analyse("show orders sold")]
    [('show', 'show', 'request'), ('orders', 'order', 'content'), ('sold', 'sell', 'content')]
    """
    if has_hangul(text):
        return tuple(_from_morphemes(text, morphemes(text)))
    return _participles_named(
        tuple(word for match in _TOKEN.finditer(text) for word in _english(match))
    )


PRESENTING_NEXT = frozenset({"by", "as", "on", "down", "into", "per", "from", "according", "out"})
"""What follows an asking verb's participle that still presents: "grouped by", "calculated
as", "broken down", "sorted from highest"."""


def inflected(word: Word) -> bool:
    """A verb form other than the base ("started", "sent", "bought"); a plural noun's -s
    ("treatments") is not one."""
    text, base = word.text.lower(), word.lemma.lower()
    return not word.korean and text != base and not text.startswith(base + "s")


def _participles_named(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """An asking verb's past participle that presents nothing is a content word: "orders
    returned last month" are returned orders, "adverse events reported" are reported ones;
    only the base form asks ("Return the region"), or a participle before "by", "as", "on".
    """
    changed = list(words)
    for i, word in enumerate(words):
        regular = word.text.endswith("ed") and word.text != word.lemma
        following = words[i + 1].text if i + 1 < len(words) else ""
        if word.word_class is WordClass.REQUEST and regular and following not in PRESENTING_NEXT:
            changed[i] = Word(
                **{
                    **word.__dict__,
                    "word_class": WordClass.CONTENT,
                    "keys": _keys(word.text, word.lemma, WordClass.CONTENT),
                }
            )
    return tuple(changed)


def _english(match: re.Match[str]) -> list[Word]:
    token, start = match.group(), match.start()
    if token[0] in "'\"":
        inner = token[1:-1].strip()
        return [_literal(inner, start + 1, start + 1 + len(inner))] if inner else []
    return [_english_word(token, start)]


def _literal(text: str, start: int, end: int) -> Word:
    return Word(text, start, end, text, (text,), WordClass.CONTENT, quoted=True)


def _english_word(token: str, start: int) -> Word:
    end = start + len(token)
    if token[0].isdigit():
        return Word(token, start, end, token, (token,), WordClass.CONTENT, number=float(token))
    if token == "%":
        return Word(token, start, end, "percent", ("%", "percent"), WordClass.OPERATOR)
    base = lemma(token)
    number = NUMBER_WORDS.get(token)
    word_class = WordClass.CONTENT if number is not None else english_class(token, base)
    return Word(token, start, end, base, _keys(token, base, word_class), word_class, number=number)


def _keys(token: str, base: str, word_class: WordClass) -> tuple[str, ...]:
    """A content word matches on its lemma and the noun its verb makes ("sold" → sale);
    grammar, light verbs and operators only as written, so "made" never names a dimension
    "make" and "lowest" never a metric "low"."""
    if word_class not in (WordClass.CONTENT, WordClass.IDENTITY):
        return tuple(dict.fromkeys((stem(token), token)))  # "lowest" is not "low"
    nominal = NOMINALISATIONS.get(base)
    return tuple(dict.fromkeys((stem(token), stem(base), token, *([nominal] if nominal else []))))


def _codes_joined(found: tuple[Morpheme, ...]) -> tuple[Morpheme, ...]:
    """Letters written against digits ("A3", "B12") are one code, as the English reading
    keeps them, not a letter and a number."""
    joined: list[Morpheme] = []
    for m in found:
        last = joined[-1] if joined else None
        if last is not None and last.tag == "SL" and m.tag == "SN" and last.end == m.start:
            joined[-1] = dataclasses.replace(last, form=last.form + m.form, end=m.end)
        else:
            joined.append(m)
    return tuple(joined)


def _from_morphemes(text: str, found: tuple[Morpheme, ...]) -> list[Word]:
    words: list[Word] = []
    previous: Morpheme | None = None
    for m in _codes_joined(found):
        attached = previous is not None and previous.end == m.start
        if m.tag == "SL":
            for match in _TOKEN.finditer(text, m.start, m.end):
                word = _english(match)
                words.extend(_attach(w, attached) for w in word)
        elif m.tag in ("SN", "SW") or (m.tag == "NR" and m.form in NUMBER_WORDS):
            words.extend(_attach(w, attached) for w in _number_or_symbol(text, m))
        elif m.tag.startswith(("S", "W")) and m.tag not in ("SH",):
            pass  # punctuation, e-mail and URL fragments: nothing to match
        elif (
            m.form in KOREAN_COUNTERS
            and words
            and (words[-1].number is not None or words[-1].text == "몇")
        ):
            words.append(_korean_word(m, attached, WordClass.FUNCTION))
        else:
            words.append(_korean_word(m, attached))
        previous = m
    return words


def _attach(word: Word, attached: bool) -> Word:
    return Word(**{**word.__dict__, "attached": attached})


def _number_or_symbol(text: str, m: Morpheme) -> list[Word]:
    form = text[m.start : m.end]
    if form == "%":
        return [Word("%", m.start, m.end, "percent", ("%", "percent"), WordClass.OPERATOR)]
    word_value = NUMBER_WORDS.get(m.form)
    try:
        value = float(word_value if word_value is not None else form.replace(",", ""))
    except ValueError:
        return []
    return [Word(form, m.start, m.end, form, (form,), WordClass.CONTENT, number=value, tag=m.tag)]


def _korean_word(m: Morpheme, attached: bool, word_class: WordClass | None = None) -> Word:
    word_class = word_class or korean_class(m.form, m.tag, m.lemma, attached)
    return Word(
        text=m.form,
        start=m.start,
        end=m.end,
        lemma=m.lemma,
        keys=(m.form,),
        word_class=word_class,
        korean=True,
        tag=m.tag,
        attached=attached,
    )


_QUOTED = re.compile(r"'([^']{1,60})'|\"([^\"]{1,60})\"")


def with_original_literals(words: tuple[Word, ...], question: str) -> tuple[Word, ...]:
    """Quoted text keeps the case it was typed in: 'M5' is not 'm5' to a database."""
    folded = unicodedata.normalize("NFKC", question)
    for fancy, plain in _QUOTES.items():
        folded = folded.replace(fancy, plain)
    originals = {
        (m[1] or m[2]).strip().casefold(): (m[1] or m[2]).strip() for m in _QUOTED.finditer(folded)
    }
    return tuple(
        Word(**{**w.__dict__, "text": originals.get(w.text, w.text)}) if w.quoted else w
        for w in words
    )


_TYPED = re.compile(r"[A-Za-z][A-Za-z0-9]*|\d+(?:\.\d+)?|[가-힣]+")


def with_written_case(words: tuple[Word, ...], question: str) -> tuple[Word, ...]:
    """Mark the words written in capitals ("parcels to the US"): a code as typed, where
    "us" in lower case is a pronoun. Words are lined up with the question's tokens as typed
    (normalising expands contractions and shorthand, so positions differ).

    >>> [w.text for w in with_written_case(analyse(normalise("Show us the US")), "Show us the US")
    ...  if w.capitals]
    ['us']
    """
    typed = _TYPED.findall(unicodedata.normalize("NFKC", question))
    if not any(t.isupper() and len(t) > 1 for t in typed):
        return words
    matcher = difflib.SequenceMatcher(
        None, [w.text for w in words], [t.casefold() for t in typed], autojunk=False
    )
    capitals = {
        block.a + k
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
        if len(typed[block.b + k]) > 1 and typed[block.b + k].isupper()
    }
    return tuple(
        Word(**{**w.__dict__, "capitals": True}) if i in capitals else w
        for i, w in enumerate(words)
    )
