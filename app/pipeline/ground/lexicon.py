"""The word policy: which words may be ignored, which must be understood, which must ground.

Every word of a question falls in one class, decided by what the word is, never by which
questions it appeared in:

- **function** words — grammar: articles, pronouns, prepositions, auxiliaries, Korean
  particles and endings. Silent.
- **request** words — how people ask and what they ask to see: "show", "return", "list",
  "calculate", "details", 알려주다, 보여주다. Ignored, and the answer says which were.
- **light** verbs — verbs that only carry a noun ("place an order", "make a sale"). Ignored,
  and named like request words.
- **identity** words — "name", "id", "code": which attribute of an entity to show. They bind
  to the entity next to them.
- **operators** — a small closed set with real meaning: negation, comparison, thresholds,
  ranking, aggregation, "only", ordering, time. The cue tables must explain them, or the
  question is clarified: an operator is never dropped.
- **content** words — everything else. They must name a metric, a dimension, a value or a
  table (or be a typo of one), or the question is clarified.

English classes are closed lists of the language's grammar words plus two small semantic
classes (asking and presenting, light verbs), compared on the word and on its lemma;
Korean classes come from Kiwi's part-of-speech tags, plus the same two semantic classes.
"""

from __future__ import annotations

from enum import StrEnum


class WordClass(StrEnum):
    FUNCTION = "function"
    REQUEST = "request"
    LIGHT = "light"
    IDENTITY = "identity"
    OPERATOR = "operator"
    CONTENT = "content"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- English -------------------------------------------------------------------------------

ENGLISH_FUNCTION = _words(
    # articles, determiners, quantifiers of grammar
    "a an the this that these those such what which whatever whichever whose "
    "all any both each either every neither some several enough own other another same "
    "much many lot lots plenty "
    # pronouns
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "he him his himself she her hers herself it its itself they them their theirs themselves "
    "one ones someone something anyone anything everyone everything everybody somebody "
    "people person persons folks "
    "who whom whoever "
    # prepositions
    "of in on at for to from with within by about above across after against along among "
    "around as before behind beneath beside besides beyond into like near off onto out "
    "outside over past per since through throughout till toward towards under underneath "
    "until up upon via amongst regarding concerning "
    # particles of phrasal verbs ("break down", "leave out", "bring in")
    "down away back apart along "
    # conjunctions
    "and or but nor so yet if then else than whether because while whereas although though "
    "plus also too "
    # auxiliaries, modals, copulas
    "be am is are was were been being do does did done doing have has had having "
    "will would shall should can could may might must ought "
    "isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't won't wouldn't "
    "can't cannot couldn't shouldn't "
    # wh-words and question frames
    "how when where why there here "
    # discourse and politeness
    "please pls kindly thanks thank hi hello hey ok okay yes yeah well now just really "
    "actually exactly simply currently respectively specifically approximately roughly "
    "basically overall altogether together whole entire "
)

REQUEST_VERBS = _words(
    # verbs of asking, telling and presenting (lemmas)
    "show tell give list return display provide present produce output print report "
    "represent express denote write render "
    "calculate compute determine find get fetch retrieve pull obtain extract identify "
    "know see look check view want need like wish wonder ask answer "
    "plot chart graph draw visualize visualise summarize summarise describe explain break "
    "split group sort arrange organize organise "
    # talking about the question itself ("note that revenue refers to …", "based on")
    "note refer mean define consider assume treat base regard "
)
"""Verbs only: a word that is also a project name ("return", "format") is the verb only
where English puts a verb (see ``grounding._used_as_verb``)."""

ENGLISH_REQUEST = REQUEST_VERBS | _words(
    # nouns of presenting
    "list details detail information info data figure figures stat stats "
    # units of money: how an amount is written, not what it is
    "won krw usd eur jpy dollar dollars euro euros yen "
    "statistic statistics breakdown summary overview report result results record records "
    "row rows entry entries value values metric metrics kpi kpis table tables column "
    "columns field fields chart graph dashboard question answer query output format "
    "combination combinations pair pairs set sets "
)

VERSUS_WORDS = frozenset(
    {"vs", "versus", "against", "compare", "compared", "comparison", "대비", "비교"}
)
"""Words that set two things side by side: values, periods or metrics compared."""

NEGATING_PREFIXES = frozenset({"비", "미", "무", "불"})
"""Korean prefixes that make a noun its opposite: 비정기 (irregular), 미결제 (unpaid)."""

GROUP_MARKERS = frozenset({"by", "per", "each", "every", "across", "별", "별로", "마다", "당"})
"""A dimension next to one of these is a breakdown, not a filter."""

ENGLISH_LIGHT = _words(
    "be have do make get take go come put place happen occur perform generate bring "
    "hold keep include involve use "
)

ENGLISH_IDENTITY = _words(
    "name names id ids identifier identifiers code codes title titles number numbers"
)

ENGLISH_OPERATORS = _words(
    # negation
    "not no never none nothing without except exclude excluding excluded other "
    # thresholds
    "more less fewer greater larger smaller higher lower above below under exceed exceeds "
    "exceeded exceeding least most minimum maximum min max beyond "
    # ranking
    "top bottom best worst highest lowest largest smallest biggest rank ranked ranking first "
    "last "
    # aggregation
    "average avg mean median sum total count distinct unique percentage percent share ratio "
    "proportion fraction tally "
    # comparison
    "vs versus compare compared comparison relative change changes growth grew increase "
    "decrease difference move moved "
    # scope and order
    "only ordered sort sorted ascending descending "
    # time words a cue must place
    "today yesterday tomorrow now current recent recently ago inclusive exclusive previous "
    "prior next during between"
)


# --- Korean (by part of speech, from Kiwi) -------------------------------------------------

KOREAN_FUNCTION_TAGS = frozenset(
    {
        "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC",  # particles
        "EP", "EF", "EC", "ETN", "ETM",  # endings
        "VX", "VCP", "VCN",  # auxiliaries and the copula
        "XSV", "XSA",  # 하다-verbs, 스럽다-adjectives (prefixes like 비- are part of a word)
        "SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "IC",  # punctuation, interjections
    }
)  # fmt: skip

KOREAN_FUNCTION = _words(
    "좀 혹시 다시 한번 그냥 바로 정말 진짜 어떻게 어떻다 어떠하다 어떤 어느 무엇 뭐 뭘 "
    "얼마 얼마나 몇 "
    "이거 그거 저거 이것 그것 여기 거기 우리 저희 나 내 제 것 거 등 및 또는 그리고 "
    "각 각각 모든 전체 전부 다 중 중에서 가운데 대해 관해 관련 "
    "들 "  # the plural suffix: "고객들의" is "고객의"
    "기준 기준으로 "  # "MRR 기준 상위 5개": the measure named before it is what ranks
    "동안 "  # "최근 30일 동안": the period named before it, as "within" or "throughout"
    "사람 사람들 "  # "people", "persons": whoever the count is of, as in English
)

KOREAN_REQUEST = _words(
    # verbs of asking and presenting, by lemma
    "보여주다 보이다 알려주다 알리다 주다 말하다 말씀하다 드리다 부탁하다 "
    "확인하다 조회하다 정리하다 요약하다 계산하다 구하다 찾다 뽑다 나열하다 "
    "알다 궁금하다 싶다 보다 나누다 "
    # nouns of asking and presenting
    "확인 조회 정리 요약 계산 부탁 목록 리스트 결과 데이터 정보 내역 현황 수치 숫자 "
    "지표 통계 표 차트 그래프 보고 보고서 분석 집계 집계하다 기록 "
)

KOREAN_LIGHT = _words("하다 되다 있다 나오다 발생하다 이루어지다 만들다")

KOREAN_IDENTITY = _words("이름 명칭 아이디 번호 코드")

KOREAN_OPERATORS = _words(
    "제외 빼다 말다 아니다 않다 없다 "  # negation
    "이상 이하 초과 미만 넘다 넘기다 초과하다 "  # thresholds
    "상위 하위 가장 제일 최고 최저 최대 최소 "  # ranking
    "평균 합계 합 총 총합 중앙값 중간값 비율 비중 점유율 수 건수 개수 고유 "  # aggregation
    "대비 비교 증감 증가 감소 차이 변화 "  # comparison
    "순 순서 정렬 오름차순 내림차순 "  # order
    "오늘 지금 현재 최근 포함 이전 이후 전 후"  # time words a cue must place
)


def english_class(word: str, lemma: str) -> WordClass:
    """The class of an English word, from the word itself or its lemma.

    >>> english_class("returned", "return"), english_class("the", "the")
    (<WordClass.REQUEST: 'request'>, <WordClass.FUNCTION: 'function'>)
    >>> english_class("excluding", "exclude"), english_class("employee", "employee")
    (<WordClass.OPERATOR: 'operator'>, <WordClass.CONTENT: 'content'>)
    """
    forms = (word, lemma)
    if any(f in ENGLISH_OPERATORS for f in forms):
        return WordClass.OPERATOR
    if any(f in ENGLISH_IDENTITY for f in forms):
        return WordClass.IDENTITY
    if word in ENGLISH_FUNCTION:
        return WordClass.FUNCTION
    if any(f in ENGLISH_REQUEST for f in forms):
        return WordClass.REQUEST
    if any(f in ENGLISH_LIGHT for f in forms):
        return WordClass.LIGHT
    if lemma in ENGLISH_FUNCTION:
        return WordClass.FUNCTION
    return WordClass.CONTENT


KOREAN_COUNTERS = _words("개 곳 명 건 번 회 위 가지 군데 대 권 장 종 분 차례")
"""Classifiers after a number ("4곳", "다섯 개"): grammar, like "4 of them"."""


KOREAN_PASSIVE_LIGHT = _words("받다 당하다")
"""Verbs that make a verbal noun passive when written onto it (치료받다, 거절당하다); apart
from a noun they mean what they say ("받은 금액": the amount received)."""


def korean_class(form: str, tag: str, lemma: str, attached: bool = False) -> WordClass:
    """The class of a Korean morpheme, from its tag and lemma.

    >>> korean_class("을", "JKO", "을"), korean_class("알리", "VV", "알리다")
    (<WordClass.FUNCTION: 'function'>, <WordClass.REQUEST: 'request'>)
    >>> korean_class("넘", "VV", "넘다"), korean_class("매장", "NNG", "매장")
    (<WordClass.OPERATOR: 'operator'>, <WordClass.CONTENT: 'content'>)
    """
    if tag == "NNB" and form in ("수", "줄", "적"):
        return WordClass.FUNCTION  # "알려주실 수 있나요": "can", not a count
    if lemma in KOREAN_OPERATORS or form in KOREAN_OPERATORS:
        return WordClass.OPERATOR
    if tag in KOREAN_FUNCTION_TAGS or form in KOREAN_FUNCTION or lemma in KOREAN_FUNCTION:
        return WordClass.FUNCTION
    if lemma in KOREAN_IDENTITY or form in KOREAN_IDENTITY:
        return WordClass.IDENTITY
    if lemma in KOREAN_REQUEST or form in KOREAN_REQUEST:
        return WordClass.REQUEST
    if lemma in KOREAN_LIGHT:
        return WordClass.LIGHT
    if lemma in KOREAN_PASSIVE_LIGHT and attached:
        return WordClass.LIGHT  # "치료받은": being treated; "회원이 받은" keeps its meaning
    if tag in ("MAG", "MAJ", "MM", "NP"):  # adverbs, determiners, pronouns
        return WordClass.FUNCTION
    return WordClass.CONTENT
