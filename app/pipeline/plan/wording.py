"""Words the planner could not place: a clarification with whole questions, or "can't".

Nothing is guessed. A content word nothing in the project names is offered back as the
things it might mean, each option the whole question with that word replaced, so clicking
it always makes progress; after "by", the options are the breakdowns the question's metric
allows. An operator no rule understood ("never", "median") means the catalog can't express
the question as asked, which is said, so a configured model may take over.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from app.pipeline.ground.grounding import GROUP_MARKERS, Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, cannot_express, clarify, label
from app.pipeline.records import Option

MAX_OPTIONS = 6


def refuse_unknown_words(g: Grounding, ctx: PlanningContext, metrics: Sequence[str]) -> None:
    """Stop when a content word is left that nothing names."""
    if not g.unknown:
        return
    word = g.unknown[0]
    options = _options_for(word, g, ctx, metrics)
    quoted = ", ".join(f"'{w}'" for w in g.unknown)
    korean = has_hangul(g.text)
    if options:
        raise clarify(
            f"이 프로젝트에서 {quoted}을(를) 찾지 못했습니다. 이 중 하나를 뜻하셨나요?"
            if korean
            else f"I don't know {quoted} in this project. Did you mean one of these?",
            options,
            unknown=g.unknown,
        )
    raise cannot_express(
        f"{quoted}은(는) 이 프로젝트의 지표, 차원, 값 어디에도 없어 카탈로그로는 이 질문에 "
        "답할 수 없습니다."
        if korean
        else f"{quoted} is not a metric, dimension or value of this project, so the catalog "
        "can't answer this as asked."
    )


def refuse_operators(g: Grounding, absorbed: set[int]) -> None:
    """Stop when an operator word is left that no rule understood."""
    left = [i for i in g.operators if i not in absorbed]
    if not left:
        return
    words = ", ".join(f"'{g.words[i].text}'" for i in left)
    raise cannot_express(
        f"{words}이(가) 무엇을 바꾸는지 이 프로젝트의 지표로 나타낼 수 없어, 추측하지 않겠습니다."
        if has_hangul(g.text)
        else f"I can't express {words} here with this project's metrics, so I won't guess "
        "what it changes."
    )


def refuse_numbers(g: Grounding, used: set[int]) -> None:
    """A number no rule used would be dropped silently: ask instead."""
    left = [i for i in g.numbers if i not in used]
    if not left:
        return
    words = ", ".join(f"'{g.words[i].text}'" for i in left)
    raise clarify(
        f'I\'m not sure what {words} refers to. Say it as a top N ("top 5 stores"), a '
        'threshold ("more than 1,000 orders") or a date.'
    )


def _options_for(
    word: str, g: Grounding, ctx: PlanningContext, metrics: Sequence[str]
) -> tuple[Option, ...]:
    named = {i for m in g.mentions for i in range(m.first, m.last)}
    # The occurrence nothing named: "customer signups … total signups" asks about the second.
    position = next(
        (i for i, w in enumerate(g.words) if w.text == word and i not in named),
        next(i for i, w in enumerate(g.words) if w.text == word),
    )
    targets = list(g.suggestions.get(word, ()))
    if _after_marker(g, position) and metrics:
        targets = _breakdowns_like(word, metrics, ctx) or targets
    return tuple(_replace(g, position, t, ctx) for t in targets[:MAX_OPTIONS])


def _after_marker(g: Grounding, position: int) -> bool:
    """ "by weather", "날씨별": the unknown word was asked as a breakdown."""
    before = position > 0 and g.words[position - 1].text in GROUP_MARKERS
    after = position + 1 < len(g.words) and g.words[position + 1].text in GROUP_MARKERS
    return before or (g.words[position].korean and after)


def _breakdowns_like(word: str, metrics: Sequence[str], ctx: PlanningContext) -> list[Target]:
    """The breakdowns every asked metric allows, closest to the word first."""
    allowed = set.intersection(
        *(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in metrics)
    )
    ranked = sorted(
        allowed,
        key=lambda d: (-fuzz.partial_ratio(word, label(Target(Kind.DIMENSION, d), ctx).lower()), d),
    )
    return [Target(Kind.DIMENSION, d) for d in ranked]


def _replace(g: Grounding, position: int, target: Target, ctx: PlanningContext) -> Option:
    word = g.words[position]
    name = label(target, ctx, "ko" if has_hangul(g.text) else "en")
    question = f"{g.text[: word.start]}{name.lower()}{g.text[word.end :]}"
    return Option(name, " ".join(question.split()))


def rephrase(g: Grounding, first: int, last: int, replacement: str) -> str:
    """The question with words ``first``..``last`` replaced."""
    start, end = g.words[first].start, g.words[last - 1].end
    return " ".join(f"{g.text[:start]}{replacement}{g.text[end:]}".split())
