"""Periods with an end and no start: "before 2025", "until March 2025", "2025년까지".

A period cue reads "2025" as the year 2025; the word before it ("before", "until") or the
particle after it (까지, 이전) turns it into everything up to that year, and the grammar
word was silently dropped, so "loans before 2025" counted the loans of 2025. A plan's
periods all have a start, and the data's first day is not the planner's to guess, so the
question is refused with the way to ask it. A closed range ("from 2023 until 2025",
"2023년부터 2025년까지") is one cue and never reaches here.
"""

from __future__ import annotations

import re

from app.pipeline.ground.cues import CueKind
from app.pipeline.ground.grounding import Grounding
from app.pipeline.ground.korean import has_hangul
from app.pipeline.plan.context import cannot_express

_BEFORE = re.compile(
    r"(?:before|until|till|til|through|thru|prior to|earlier than|up to|up until|"
    r"no later than|by the end of|by end of)\s*$"
)
_KOREAN_UNTIL = re.compile(r"^\s*(?:까지|이전|전까지|이전에|전에)")


def refuse_open_start(g: Grounding) -> None:
    """Stop at a period that is only the end of the range asked."""
    text = g.text.lower()
    for cue in g.cues:
        if cue.kind is not CueKind.TIME or cue.time_range is None:
            continue
        if _BEFORE.search(text[: cue.start]) or _KOREAN_UNTIL.match(text[cue.end :]):
            raise cannot_express(
                f"'{cue.text}'까지의 기간은 시작이 없습니다. 시작도 말해 주세요"
                "(예: '2023년부터 2025년까지')."
                if has_hangul(g.text)
                else f"Everything up to '{cue.text}' has no start; name where the period "
                "begins ('from 2023 to 2025')."
            )
