"""Is a Korean word an English word written in Hangul? ("크레딧" for "credit").

Loanwords keep the consonants of the English word and change its vowels: Korean adds ㅡ
where English stacks consonants (s-t → 스트), drops an r after a vowel (court → 코트,
poster → 포스터) and has no f, v or z (ㅍ, ㅂ, ㅈ stand in). So the two are compared on
their consonants, each reduced to the class Korean spelling merges it into. It is a test
for one word already next to a value whose English name holds it, never a search.
"""

from __future__ import annotations

import re

_INITIALS = "KKNTTLMPPSS JJJKTPH"
"""The class of each of Hangul's 19 initial consonants (ㅇ, silent before a vowel, is
blank)."""
_FINALS = ["", "K", "K", "KS", "N", "NJ", "NH", "T", "L", "LK", "LM", "LP", "LS", "LT",
           "LP", "LH", "M", "P", "PS", "T", "T", "NG", "J", "J", "K", "T", "P", "H"]  # fmt: skip
"""The class of each of the 28 finals (the first is none); a final ㅅ writes an English
final t ("크레딧", "로봇")."""

_ENGLISH = [
    (r"ck|q", "k"), (r"ph", "f"), (r"tch|ch", "j"), (r"sh", "s"), (r"th", "s"), (r"x", "ks"),
    (r"c(?=[eiy])", "s"), (r"g(?=[eiy])", "j"), (r"c", "k"), (r"wh|w", ""),
    (r"(?<=[aeiou])r(?![aeiou])", ""),  # court → cou_t, poster → poste_
    (r"(?<=[aeiou])h(?![aeiou])", ""),
]  # fmt: skip
_CLASSES = str.maketrans("bpfvdtgkjzslrmnh", "PPPPTTKKJSSLLMNH")
MIN_CONSONANTS = 2


def hangul_consonants(word: str) -> str | None:
    """The consonant classes of a Hangul word, or None if it has other letters.

    >>> hangul_consonants("크레딧"), hangul_consonants("포스터"), hangul_consonants("데스크톱")
    ('KLT', 'PST', 'TSKTP')
    """
    found = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return None
        initial, final = code // 588, code % 28
        found.append(_INITIALS[initial].strip() + _FINALS[final])
    return _single("".join(found))


def _single(consonants: str) -> str:
    """One of each run: "패밀리" has ㄹ twice for family's one l."""
    return re.sub(r"(.)\1+", r"\1", consonants)


def english_consonants(word: str) -> str | None:
    """The consonant classes of an English word as Korean would write them.

    >>> english_consonants("credit"), english_consonants("poster"), english_consonants("mobile")
    ('KLT', 'PST', 'MPL')
    """
    if not word.isascii() or not word.isalpha():
        return None
    text = word.lower()
    for pattern, plain in _ENGLISH:
        text = re.sub(pattern, plain, text)
    text = re.sub(r"ng$", "G", text)
    consonants = re.sub(r"[aeiouy]", "", text).translate(_CLASSES)
    return _single(consonants.replace("G", "NG"))


def transliterates(korean: str, english: str) -> bool:
    """``korean`` is ``english`` written in Hangul, as far as consonants can tell.

    >>> transliterates("포스터", "poster"), transliterates("포스터", "printer")
    (True, False)
    """
    ours, theirs = hangul_consonants(korean), english_consonants(english)
    return ours is not None and ours == theirs and len(ours) >= MIN_CONSONANTS
