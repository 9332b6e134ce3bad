"""A value right before the name of the things it describes: "refund requests", "delivery
requests", "lost vs returned loans".

A word can name a value, a metric and a column at once ("refund": the request category
'REFUND' and the refunds metric; "delivery": a category and the delivery dimension).
Before the name of things whose table holds that value, it is an adjective of those
things, as in "online stores": the value describes them, and its other readings are
dropped here, so that no later stage reads the word twice.
"""

from __future__ import annotations

from dataclasses import replace

from app.pipeline.ground.analysis import Word
from app.pipeline.ground.lexicon import VERSUS_WORDS
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from semantic_layer.layer import SemanticLayer

JOINING = VERSUS_WORDS | {"and", "or", ",", "와", "과", "및"}


def values_describing_things(
    words: tuple[Word, ...], mentions: list[Mention], layer: SemanticLayer
) -> list[Mention]:
    return [_as_value(words, m, mentions, layer) for m in mentions]


def _as_value(
    words: tuple[Word, ...], mention: Mention, mentions: list[Mention], layer: SemanticLayer
) -> Mention:
    values = mention.of_kind(Kind.VALUE)
    if not values or len(values) == len(mention.targets):
        return mention  # a value alone is a value anyway
    things = _things_after(words, mention, mentions)
    if things is None:
        return mention
    tables = {t.name for t in things.of_kind(Kind.TABLE)}
    describing = tuple(
        v for v in values if any(layer.reaches(t, layer.dimension(v.name).table) for t in tables)
    )
    return replace(mention, targets=describing) if describing else mention


def _things_after(
    words: tuple[Word, ...], mention: Mention, mentions: list[Mention]
) -> Mention | None:
    """The mention right after, past other values joined to this one ("lost vs returned
    loans", "refund and delivery requests")."""
    at = mention.last
    while True:
        following = next((m for m in mentions if m.first >= at), None)
        if following is None or not all(w.text in JOINING for w in words[at : following.first]):
            return None
        if following.of_kind(Kind.TABLE) or not following.of_kind(Kind.VALUE):
            return following
        at = following.last
