"""Yes/no dimensions named as a kind of the facts: "pickup orders", "renewed loans", "포장 주문".

A boolean dimension whose name is an adjective of the rows it belongs to says which rows
count, the way a value does ("online orders"), so it is read as the value true; "non-"
before it makes it false. Named after a breakdown marker ("by pickup", "포장 주문별") it stays
the dimension, one row for each of its two values.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.pipeline.ground.analysis import Word
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.ground.lexicon import GROUP_MARKERS
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from semantic_layer.model import ColumnType

NON = frozenset({"non"})
KOREAN_NON = "비"
"""Glued to the word it denies: "비연장"."""


def read_flags(
    words: Sequence[Word], mentions: Sequence[Mention], index: GroundingIndex
) -> tuple[list[Mention], set[int]]:
    """The mentions with each flag of the facts made a value; and the "non" words read."""
    found: list[Mention] = []
    used: set[int] = set()
    for k, mention in enumerate(mentions):
        name = boolean_named(mention, index)
        following = _rows_after(words, mentions, k, name, index) if name else None
        noun = _noun_inside(words, mention, name, index) if name else None
        if name is None or (noun is None and not _names_rows(following, name, index)):
            found.append(mention)
            continue
        end = mention.last if noun is None else noun.first
        after = noun.last if noun is not None else following.last if following else end
        if mention.first > 0 and words[mention.first - 1].text in GROUP_MARKERS:
            found.append(mention)  # "by pickup orders": one row for each
            continue
        if any(_korean_marker(words, i) for i in (mention.last, after)):
            found.append(mention)  # "포장별 주문", "포장 주문별"
            continue
        first, value = mention.first, "true"
        if first > 0 and _non(words[first - 1], words[first]):
            first, value = first - 1, "false"
            used.add(first)
        text = " ".join(w.text for w in words[first:end])
        found.append(Mention(first, end, text, (Target(Kind.VALUE, name, value),)))
        if noun is not None:
            found.append(noun)
    return found, used


def _rows_after(
    words: Sequence[Word], mentions: Sequence[Mention], k: int, name: str, index: GroundingIndex
) -> Mention | None:
    """The mention after a flag, looking past the same flag named again: "renewed vs
    non-renewed loans" describes loans twice."""
    for after in mentions[k + 1 :]:
        if boolean_named(after, index) != name:
            return after
        noun = _noun_inside(words, after, name, index)
        if noun is not None:
            return noun
    return None


def _non(before: Word, word: Word) -> bool:
    """ "non-pickup", "비포장": a prefix that makes the flag false."""
    if before.korean:
        return before.text == KOREAN_NON and before.end == word.start
    return before.text in NON


def _korean_marker(words: Sequence[Word], i: int) -> bool:
    return i < len(words) and words[i].korean and words[i].text in GROUP_MARKERS


def boolean_named(mention: Mention, index: GroundingIndex) -> str | None:
    """The boolean dimension a mention names, and nothing else."""
    names = {t.name for t in mention.targets}
    if len(names) != 1 or {t.kind for t in mention.targets} != {Kind.DIMENSION}:
        return None
    name = names.pop()
    ref = index.layer.dimension(name)
    return name if index.layer.value_column(ref).type is ColumnType.BOOLEAN else None


def _noun_inside(
    words: Sequence[Word], mention: Mention, name: str, index: GroundingIndex
) -> Mention | None:
    """ "pickup orders" as one name: its last word names the rows the dimension belongs to,
    and is kept as their mention."""
    if mention.last - mention.first < 2:
        return None
    word = words[mention.last - 1]
    targets = _single_word_targets(word, index)
    noun = Mention(mention.last - 1, mention.last, word.text, targets)
    return noun if _names_rows(noun, name, index) else None


def _single_word_targets(word: Word, index: GroundingIndex) -> tuple[Target, ...]:
    if word.korean:
        return tuple(sorted(index.korean.get(word.text, ()), key=lambda t: t.key))
    for key in word.keys:
        for phrase, targets in index.by_first_word.get(key, ()):
            if len(phrase) == 1:
                return tuple(sorted(targets, key=lambda t: t.key))
    return ()


def _names_rows(mention: Mention | None, name: str, index: GroundingIndex) -> bool:
    """The mention names the table of the dimension, or a metric counting its rows."""
    if mention is None:
        return False
    table = index.layer.dimension(name).table
    if any(t.name == table for t in mention.of_kind(Kind.TABLE)):
        return True
    return any(
        leaf.table == table
        for t in mention.of_kind(Kind.METRIC)
        for leaf in index.catalog.leaves(t.name)
    )
