"""A metric named only to qualify another amount: "the total before tax", "amount billed
including tax", "revenue net of refunds", "세금 포함 금액".

After "before", "including", "excluding", "net of" and their kind, a metric's name says
what another amount leaves in or out; it is not what the question adds up. Answering the
tax when asked for the amount before tax gave a confident wrong number. Unless the whole
phrase is the name of a metric (then grounding reads it as one), the planner can't know
which of the catalog's amounts includes the tax, so it says so instead of choosing.
"""

from __future__ import annotations

from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind
from app.pipeline.plan.context import PlanningContext, cannot_express

ENGLISH_QUALIFIERS = frozenset(
    {"before", "after", "including", "excluding", "incl", "excl", "inclusive", "exclusive",
     "less", "minus", "plus", "pre", "post", "ex"}
)  # fmt: skip
"""Not "without": "customers without orders" lacks the facts (see ``absence``)."""
KOREAN_QUALIFIERS = frozenset({"포함", "제외", "별도", "차감", "공제"})
FILLER = frozenset({"of", "the", "any", "all"})


def refuse_qualifying_metrics(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> None:
    """Stop when an asked metric is named only to say what another amount includes."""
    for mention in g.mentions:
        named = {t.name for t in mention.of_kind(Kind.METRIC)}
        if not named & set(metrics) or not _qualifies(g, mention, _own_words(named, ctx)):
            continue
        words = " ".join(w.text for w in g.words[max(0, mention.first - 2) : mention.last + 1])
        raise cannot_express(
            f"'{mention.text}'은(는) 다른 금액에 무엇이 포함되는지를 말하는데('{words}'), "
            "카탈로그에는 그런 금액의 지표가 없어 고르지 않겠습니다."
            if has_hangul(g.text)
            else f"'{mention.text}' says what another amount includes or leaves out "
            f"('{words}'), and no metric of the catalog is named for that amount, so I won't "
            "pick one."
        )


def _own_words(metrics: set[str], ctx: PlanningContext) -> set[str]:
    """The words of the metrics' own names: "sales before discounts" may be one of them."""
    names = []
    for name in metrics:
        metric = ctx.catalog.get(name)
        names += [metric.label, *metric.synonyms]
    return {w for n in names for w in n.lower().split()}


def _qualifies(g: Grounding, mention: Mention, own: set[str]) -> bool:
    inside = [w.text.lower() for w in g.words[mention.first + 1 : mention.last]]
    if (set(inside) & ENGLISH_QUALIFIERS) - own:
        return True  # "amount billed including tax" read as "tax billed" across the word
    before = [w.text.lower() for w in g.words[max(0, mention.first - 3) : mention.first]]
    if before[-2:] == ["net", "of"]:
        return True  # "net of refunds"; "net revenue" may be the owner's own name
    while before and before[-1] in FILLER:
        before.pop()
    if before and before[-1] in ENGLISH_QUALIFIERS:
        return True
    after = g.words[mention.last] if mention.last < len(g.words) else None
    return after is not None and after.korean and after.text in KOREAN_QUALIFIERS
