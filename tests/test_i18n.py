"""The interface's message catalogs: every key in both languages, with the same blanks."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import string

from babel.dates import get_month_names
from hypothesis import assume, given
from hypothesis import strategies as st

from app.i18n import Language, language_of, text
from app.i18n.catalog import CATALOGS
from app.i18n.formatting import month, period, span

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    english, korean = CATALOGS[Language.EN], CATALOGS[Language.KO]
    assert english.keys() == korean.keys()
    for key, template in english.items():
        assert template.strip() and korean[key].strip(), key
        assert _blanks(template) == _blanks(korean[key]), key


def test_korean_messages_are_written_in_korean() -> None:
    # Words that stay as they are in Korean interfaces: names of things, units, symbols.
    untranslated = {
        k for k, v in CATALOGS[Language.KO].items() if not HANGUL.search(v) and len(v) > 3
    }
    assert not untranslated, untranslated


def test_the_browser_language_picks_the_catalog() -> None:
    assert language_of("ko-KR") is Language.KO and language_of("ko") is Language.KO
    assert language_of("en-US") is Language.EN and language_of("fr-FR") is Language.EN
    assert text("save.to_new", language_of("ko-KR"), title="지역") == "새 대시보드 “지역”에 저장"


def test_months_are_words_not_iso_dates() -> None:
    october = dt.date(2026, 10, 1)
    assert (month(october, Language.EN), month(october, Language.KO)) == ("Oct 2026", "2026년 10월")
    assert period(dt.date(2026, 5, 1), dt.date(2026, 5, 31), Language.KO) == "2026년 5월"


# A phrase read back into its first and last day, to check the words name the same days in
# both languages. Months are read with babel's own names, as the phrases were written.
EN_MONTHS = {
    **{name: n for n, name in get_month_names("wide", locale="en").items()},
    **{name: n for n, name in get_month_names("abbreviated", locale="en").items()},
}
EN_DAY = re.compile(r"^(?:([A-Z][a-z]+) )?(\d{1,2})(?:, (\d{4}))?$")
KO_DAY = re.compile(r"^(?:(\d{4})년 )?(?:(\d{1,2})월 )?(\d{1,2})일$")


def _months(year: int, first: int, count: int) -> tuple[dt.date, dt.date]:
    last = first + count - 1
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _ends(left: list[int | None], right: list[int | None]) -> tuple[dt.date, dt.date]:
    """Two ends written (year, month, day) with what they share said once, on either side."""
    year = left[0] or right[0]
    start = dt.date(year or 0, left[1] or right[1] or 0, left[2] or 0)
    last = dt.date(right[0] or year or 0, right[1] or start.month, right[2] or 0)
    return start, last


def read_english(phrase: str) -> tuple[dt.date, dt.date]:
    if m := re.fullmatch(r"(\d{4})", phrase):
        return _months(int(m[1]), 1, 12)
    if m := re.fullmatch(r"([HQ])(\d) (\d{4})", phrase):
        size = 6 if m[1] == "H" else 3
        return _months(int(m[3]), (int(m[2]) - 1) * size + 1, size)
    if m := re.fullmatch(r"([A-Z][a-z]+) (\d{4})", phrase):
        return _months(int(m[2]), EN_MONTHS[m[1]], 1)
    left, _, right = phrase.partition(" – ")
    ends = []
    for side in (left, right or left):
        m = EN_DAY.fullmatch(side)
        assert m, phrase
        ends.append([int(m[3]) if m[3] else None, EN_MONTHS[m[1]] if m[1] else None, int(m[2])])
    return _ends(*ends)


def read_korean(phrase: str) -> tuple[dt.date, dt.date]:
    if m := re.fullmatch(r"(\d{4})년", phrase):
        return _months(int(m[1]), 1, 12)
    if m := re.fullmatch(r"(\d{4})년 ([상하])반기", phrase):
        return _months(int(m[1]), 1 if m[2] == "상" else 7, 6)
    if m := re.fullmatch(r"(\d{4})년 (\d)분기", phrase):
        return _months(int(m[1]), (int(m[2]) - 1) * 3 + 1, 3)
    if m := re.fullmatch(r"(\d{4})년 (\d{1,2})월", phrase):
        return _months(int(m[1]), int(m[2]), 1)
    left, _, right = phrase.partition("~")
    ends = []
    for side in (left, right or left):
        m = KO_DAY.fullmatch(side)
        assert m, phrase
        ends.append([int(m[1]) if m[1] else None, int(m[2]) if m[2] else None, int(m[3])])
    return _ends(*ends)


# From 1901: a range that starts on 1900-01-01 has no start of its own ("through …").
DAYS = st.dates(dt.date(1901, 1, 1), dt.date(2100, 12, 31))
WHOLE = st.builds(
    lambda year, size, index: _months(year, index * size % 12 + 1, size),
    st.integers(1901, 2100),
    st.sampled_from([1, 3, 6, 12]),
    st.integers(0, 11),
)
RANGES = st.one_of(
    WHOLE,
    st.tuples(DAYS, st.integers(0, 800)).map(lambda p: (p[0], p[0] + dt.timedelta(days=p[1]))),
)


@given(RANGES)
def test_a_range_in_words_names_the_same_first_and_last_day_in_both_languages(
    days: tuple[dt.date, dt.date],
) -> None:
    start, last = days
    assume(last.year <= 2100)
    english, korean = span(start, last, Language.EN), span(start, last, Language.KO)
    assert read_english(english) == days, english
    assert read_korean(korean) == days, korean
    assert not HANGUL.search(english) and HANGUL.search(korean)


def test_a_range_with_no_start_is_named_by_its_end() -> None:
    from metrics.timeframe import EARLIEST

    end = dt.date(2024, 12, 31)
    assert span(EARLIEST, end, Language.EN) == "through Dec 31, 2024"
    assert span(EARLIEST, end, Language.KO) == "2024년 12월 31일까지"
