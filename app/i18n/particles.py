"""Korean particles that follow a filled-in word: 을/를, 이/가, 은/는, 과/와, 으로/로.

A template cannot know whether the name put into it ends in a consonant ("주문 수" takes 를,
"매출" takes 을), so it writes both ("을(를)") and the filled sentence keeps the right one.
After a word that is not Hangul (a code, a number) both stay, as Korean interfaces write it.
"""

from __future__ import annotations

import re

_PAIRS = {
    "을(를)": ("을", "를"),
    "이(가)": ("이", "가"),
    "은(는)": ("은", "는"),
    "과(와)": ("과", "와"),
}
_CHOICE = re.compile(r"([\uac00-\ud7a3])(['’”)]?)(을\(를\)|이\(가\)|은\(는\)|과\(와\)|\(으\)로)")
_RIEUL = 8
"""The final-consonant index of ㄹ, after which 로 is written, not 으로."""


def with_particles(sentence: str) -> str:
    """Each "을(를)"-style pair after a Hangul syllable narrowed to the one that fits it.

    >>> with_particles("'매출'을(를) '주문 수'(으)로, '서울'(으)로, 'AOV'을(를)")
    "'매출'을 '주문 수'로, '서울'로, 'AOV'을(를)"
    """
    return _CHOICE.sub(_chosen, sentence)


def _chosen(match: re.Match[str]) -> str:
    syllable, quote, pair = match.groups()
    final = (ord(syllable) - 0xAC00) % 28
    if pair == "(으)로":
        particle = "로" if final in (0, _RIEUL) else "으로"
    else:
        after_consonant, after_vowel = _PAIRS[pair]
        particle = after_consonant if final else after_vowel
    return f"{syllable}{quote}{particle}"
