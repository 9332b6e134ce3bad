"""Breakdowns and filters: "by region", "in Seoul", "excluding Seoul", "for online stores only".

A value is a filter on its dimension; several values of one dimension are a set; a value
under "excluding …" (or before "… 제외") is excluded. A dimension named on its own is a
breakdown, unless it names the column of a value next to it ("region Seoul"). Quoted text
next to a dimension is a value of it even when the database's list of values doesn't have
it ("vendor 'Utility Company'"). Identity words ("name", "id") show an entity, so they are
read as the entity's breakdown.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from app.i18n.notes import Note, note
from app.pipeline.ground.cues import Cue, CueKind
from app.pipeline.ground.grounding import GROUP_MARKERS, IDENTITY_MODIFIERS, Grounding
from app.pipeline.ground.lexicon import VERSUS_WORDS, WordClass
from app.pipeline.ground.mention import Mention
from app.pipeline.ground.vocabulary import Kind, Target
from app.pipeline.plan.context import PlanningContext, Stop, cannot_express, clarify, label
from app.pipeline.plan.entities import Reading, is_count, listing_asked, reading
from app.pipeline.plan.grouped_tables import grouped_tables
from app.pipeline.plan.notes import names_of
from app.pipeline.plan.wording import rephrase
from app.pipeline.records import Option
from metrics.expressions import columns_read
from metrics.semantic_query import Filter, FilterOp
from semantic_layer.model import ColumnType, ScalarValue

ONLY_WORDS = frozenset({"only", "just", "solely", "exclusively"})


@dataclass
class Slices:
    filters: list[Filter] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    absorbed: set[int] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    population: list[str] = field(default_factory=list)
    """the things whose facts count ("for customers who …"), by their dimension"""


def find_slices(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> Slices:
    slices = Slices()
    slices.filters = _either(g, _value_filters(g, ctx, metrics) + _literal_filters(g, ctx, slices))
    slices.dimensions = _breakdowns(g, slices.filters, ctx, metrics)
    _compared_values(g, ctx, slices)
    for dimension, words in grouped_tables(g, ctx, metrics, slices.dimensions):
        if dimension not in slices.dimensions:
            slices.dimensions.append(dimension)
            shown = names_of(Target(Kind.DIMENSION, dimension), ctx)
            slices.notes.append(note("grouped", dimension=shown, words=words))
    _date_parts(g, ctx, metrics, slices)
    slices.population = [
        m.of_kind(Kind.DIMENSION)[0].name
        for m in g.mentions
        if m.of_kind(Kind.DIMENSION) and reading(g, m, ctx.catalog) is Reading.POPULATION
    ]
    _bind_identities(g, ctx, metrics, slices)
    _drop_measured_columns(ctx, metrics, slices)
    _drop_single_value_breakdowns(slices)
    _to_reachable(g, ctx, metrics, slices)
    _values_to_reachable(ctx, metrics, slices)
    if slices.filters:
        slices.absorbed |= {i for i in g.operators if g.words[i].lemma in ONLY_WORDS}
    return slices


VERSUS_REACH = 4
"""At most this many words from one compared value to the next ("web app sessions versus")."""


def _compared_values(g: Grounding, ctx: PlanningContext, slices: Slices) -> None:
    """ "Card vs cash payments", "서울 대비 부산", "온라인과 오프라인 매출 비교": values of one
    dimension set against each other ask for one row each, not their sum, so the dimension
    becomes a breakdown and the set stays its filter. A comparison with another period
    ("vs last year", "전년 대비") is the periods', and is left to them."""
    versus = [i for i in range(len(g.words)) if _versus(g, i)]
    for f in slices.filters:
        if f.op is not FilterOp.IN or len(f.values) < 2 or f.dimension in slices.dimensions:
            continue
        spots = [m for m in g.mentions if any(t.name == f.dimension for t in m.of_kind(Kind.VALUE))]
        for a, b in itertools.pairwise(spots):
            between = [i for i in versus if a.last <= i < b.first <= a.last + VERSUS_REACH]
            apart = [i for i in versus if i < a.first or i >= b.last] if _joined(g, a, b) else []
            if between or apart:
                slices.dimensions.append(f.dimension)
                slices.absorbed |= {*between, *apart}
                shown = names_of(Target(Kind.DIMENSION, f.dimension), ctx)
                slices.notes.append(note("compared_values", dimension=shown))
                break


def _versus(g: Grounding, i: int) -> bool:
    """A word that sets two things against each other, outside a comparison of periods and
    not between two metrics ("revenue vs target")."""
    word = g.words[i]
    if not {word.text, word.lemma} & VERSUS_WORDS:
        return False
    if any(c.kind is CueKind.COMPARE and c.start <= word.start < c.end for c in g.cues):
        return False
    before = [m for m in g.mentions if m.last == i]
    after = [m for m in g.mentions if m.first == i + 1]
    return not (
        any(m.of_kind(Kind.METRIC) and not m.of_kind(Kind.VALUE) for m in before)
        and any(m.of_kind(Kind.METRIC) and not m.of_kind(Kind.VALUE) for m in after)
    )


def _joined(g: Grounding, a: Mention, b: Mention) -> bool:
    """ "fiction and history", "소설과 역사": two values with only a joining word between."""
    between = g.words[a.last : b.first]
    return len(between) <= 2 and all(w.word_class is WordClass.FUNCTION for w in between)


OR_WORDS = frozenset({"or", "또는", "혹은"})


def _either(g: Grounding, filters: list[Filter]) -> list[Filter]:
    """ "'Ford' in the make or 'Mustang' in the model": conditions on two columns joined by
    "or" hold as alternatives, not both at once. (Values of one column joined by "or" are
    already a set.)"""
    merged = list(filters)
    for k in (i for i, w in enumerate(g.words) if w.text in OR_WORDS):
        before = _filter_at(g, merged, range(k - 1, max(-1, k - 8), -1))
        after = _filter_at(g, merged, range(k + 1, min(len(g.words), k + 8)))
        if before is None or after is None or before.dimension == after.dimension:
            continue
        merged = [f for f in merged if f is not before and f is not after]
        alternatives = (*before.alternatives, *after.all_filters())
        merged.append(before.model_copy(update={"alternatives": alternatives}))
    return merged


def _filter_at(g: Grounding, filters: list[Filter], positions: range) -> Filter | None:
    """The filter made from the nearest value or literal in ``positions``."""
    for i in positions:
        names = {t.name for m in g.mentions if m.first <= i < m.last for t in m.of_kind(Kind.VALUE)}
        if g.words[i].quoted:
            names |= {f.dimension for f in filters if g.words[i].text in map(str, f.values)}
        for f in filters:
            if any(alt.dimension in names for alt in f.all_filters()):
                return f
    return None


def _value_filters(g: Grounding, ctx: PlanningContext, metrics: list[str]) -> list[Filter]:
    negated = negated_mentions(g)
    by_dimension: dict[tuple[str, bool], list[ScalarValue]] = {}
    for mention in g.mentions:
        values = mention.of_kind(Kind.VALUE)
        if not values or any(t.name in metrics for t in mention.of_kind(Kind.METRIC)):
            continue  # "transactions" named the metric, not a notification type
        if _names_the_dating_event(g, mention, ctx, metrics):
            continue  # "shipments were created in each month": when, not the status "created"
        if metrics and (mention.of_kind(Kind.TABLE) or mention.of_kind(Kind.DIMENSION)):
            # "tax billed to accounts": the accounts, not the ticket category 'account' the
            # tax can't be filtered by; a value the metrics can use still filters.
            values = tuple(t for t in values if _usable(t.name, metrics, ctx))
            if not values or _things_meant(g, mention, ctx):
                continue
        target = _one_value(mention, values, g, ctx, metrics)
        key = (target.name, mention.first in negated)
        by_dimension.setdefault(key, []).append(_typed(target.name, target.value or "", ctx))
    return [
        _flipped(dim, values)
        if neg and len(values) == 1 and isinstance(values[0], bool)
        else Filter(dimension=dim, op=FilterOp.NOT_IN if neg else FilterOp.IN, values=tuple(values))
        for (dim, neg), values in sorted(by_dimension.items())
    ]


def _things_meant(g: Grounding, mention: Mention, ctx: PlanningContext) -> bool:
    """A word that names things and is also a value of another column ("brokers", and the
    sales channel 'AGENT') means the things where the question ranks, lists or describes
    them: "top 5 brokers", "by broker", "Platinum tier brokers"."""
    if not mention.of_kind(Kind.TABLE):
        return False
    before = g.words[mention.first - 1] if mention.first else None
    if before is not None and (before.text in LISTING_WORDS or before.number):
        return True
    start = g.words[mention.first].start
    if _marked(g, mention) or any(
        c.kind is CueKind.TOP and 0 <= start - c.end <= 1 for c in g.cues
    ):
        return True
    things = next(iter(mention.of_kind(Kind.DIMENSION)), None)
    return things is not None and _described_by_value(g, mention, things.name, ctx) is not None


def _a_value_instead(
    g: Grounding, mention: Mention, ctx: PlanningContext, metrics: list[str]
) -> bool:
    """Things' name that is also a value the metrics can be filtered by, where nothing says
    the things themselves are wanted: the value filters, and the things are no breakdown."""
    if not mention.of_kind(Kind.TABLE) or _things_meant(g, mention, ctx):
        return False
    return any(_usable(t.name, metrics, ctx) for t in mention.of_kind(Kind.VALUE))


def _usable(dimension: str, metrics: list[str], ctx: PlanningContext) -> bool:
    ref = ctx.layer.dimension(dimension)
    return all(ctx.catalog.allows(m, ref, ctx.layer) for m in metrics)


def _flipped(dimension: str, values: list[ScalarValue]) -> Filter:
    """ "Excluding pickup orders": a yes/no excluded is the other answer."""
    return Filter(dimension=dimension, op=FilterOp.EQ, values=(not values[0],))


PASSIVE = frozenset({"was", "were", "is", "are", "been", "be", "get", "got", "gets"})


def _names_the_dating_event(
    g: Grounding, mention: Mention, ctx: PlanningContext, metrics: list[str]
) -> bool:
    """A passive verb that is also a status ("were created") names the event the metric's
    own date records ("created date"), when that date's names hold the word."""
    first = mention.first
    if mention.last - first != 1 or first == 0 or g.words[first - 1].text not in PASSIVE:
        return False
    word = g.words[first]
    for metric in metrics:
        for leaf in ctx.catalog.leaves(metric):
            if leaf.time_dimension is None:
                continue
            td = ctx.layer.time_dimension(leaf.time_dimension).definition
            named = " ".join([td.name, td.label, *td.synonyms, td.column or ""])
            spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", named).lower().replace("_", " ")
            if {word.text, word.lemma} & set(spaced.split()):
                return True
    return False


def _one_value(
    mention: Mention,
    values: tuple[Target, ...],
    g: Grounding,
    ctx: PlanningContext,
    metrics: list[str],
) -> Target:
    """One dimension for a value; role-playing twins (customer_region) yield to the default;
    a value several tables hold ("failed") is the one of the table the question is about."""
    if len({t.name for t in values}) == 1:
        return values[0]
    defaults = [t for t in values if not ctx.layer.dimension(t.name).definition.through]
    if len({t.name for t in defaults}) == 1:
        return defaults[0]
    named = _dimension_nearby(g, mention, {t.name for t in values})
    if named is not None:
        return next(t for t in values if t.name == named)
    about = _tables_about(g, mention, ctx, metrics)
    of_table = [t for t in defaults if ctx.layer.dimension(t.name).table in about]
    if len({t.name for t in of_table}) == 1:
        return of_table[0]
    if metrics:
        reachable = [
            t
            for t in defaults
            if all(ctx.catalog.allows(m, ctx.layer.dimension(t.name), ctx.layer) for m in metrics)
        ]
        if len({t.name for t in reachable}) == 1:
            return reachable[0]
    options = tuple(
        Option(
            f"{label(Target(Kind.DIMENSION, t.name), ctx)} = {t.value}",
            rephrase(
                g,
                mention.first,
                mention.last,
                f"{t.value} {label(Target(Kind.DIMENSION, t.name), ctx).lower()}",
            ),
        )
        for t in values
    )
    raise clarify(f"'{mention.text}' appears in several columns. Which one?", options)


def _tables_about(
    g: Grounding, mention: Mention, ctx: PlanningContext, metrics: list[str]
) -> set[str]:
    """The tables the rest of the question names: its tables, the tables of its metrics'
    facts, and of the other values it names with no doubt ("failed payments": payments are
    a type of transaction, so the failed ones are transactions)."""
    tables = {leaf.table for m in metrics for leaf in ctx.catalog.leaves(m)}
    for other in g.mentions:
        if other is mention:
            continue
        tables |= {t.name for t in other.of_kind(Kind.TABLE)}
        dims = {t.name for t in other.of_kind(Kind.VALUE)} | {
            t.name for t in other.of_kind(Kind.DIMENSION)
        }
        if len(dims) == 1:
            tables.add(ctx.layer.dimension(dims.pop()).table)
    return tables


def _dimension_nearby(g: Grounding, mention: Mention, names: set[str]) -> str | None:
    """The dimension a value's neighbour names ("the stock VTI", "VTI stock", "students
    majoring in Computer Science"), a preposition apart at most."""
    for other in g.mentions:
        between = g.words[other.last : mention.first]
        linked = len(between) == 1 and between[0].text in LINKS
        if other.last == mention.first or other.first == mention.last or linked:
            found = {t.name for t in other.of_kind(Kind.DIMENSION)} & names
            if len(found) == 1:
                return found.pop()
    return None


def _typed(dimension: str, value: str, ctx: PlanningContext) -> ScalarValue:
    """The value as the plan should carry it: numbers stay numbers."""
    ref = ctx.layer.dimension(dimension)
    column = ctx.layer.value_column(ref)
    if column.type is ColumnType.BOOLEAN and value in ("true", "false"):
        return value == "true"
    if column.type.value == "integer" and value.lstrip("-").isdigit():
        return int(value)
    if column.type.value in ("number", "decimal", "float"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if math.isfinite(number) and number.is_integer() else number
    return value


def negated_mentions(g: Grounding) -> set[int]:
    """Word starts of value mentions under "excluding …" or before "… 제외"."""
    return {first for found in _negations(g).values() for first in found}


def _negations(g: Grounding) -> dict[int, list[int]]:
    """Each negation cue (by its start) → the value mentions it excludes: the values right
    after an English one ("excluding Seoul and Busan"), the one right before a Korean one
    ("서울을 제외한"); a value no other cue claimed."""
    values = [m for m in g.mentions if m.of_kind(Kind.VALUE)]
    claimed: set[int] = set()
    found: dict[int, list[int]] = {}
    for cue in (c for c in g.cues if c.kind is CueKind.NEGATE):
        position = next((i for i, w in enumerate(g.words) if w.start >= cue.start), len(g.words))
        if cue.text[0] >= "가":
            before = [m for m in values if m.last <= position and m.first not in claimed]
            hits = [before[-1].first] if before else []
        else:
            hits = []
            for m in (m for m in values if m.first > position):
                if m.first in claimed or any(
                    position <= other.first < m.first for other in g.mentions if other not in values
                ):
                    break
                hits.append(m.first)
        claimed.update(hits)
        found[cue.start] = hits
    return found


def unused_negations(g: Grounding, handled: frozenset[int] = frozenset()) -> None:
    """A "not"/"excluding"/"제외" that excluded nothing would be dropped: say so instead.
    ``handled``: starts of negations another rule read ("customers with no transactions")."""
    unused = [
        c
        for c in g.cues
        if c.kind is CueKind.NEGATE and not _negations(g).get(c.start) and c.start not in handled
    ]
    if not unused:
        return
    words = ", ".join(f"'{c.text}'" for c in unused)
    raise cannot_express(
        f"I can't tell what {words} excludes: only values of a dimension can be excluded "
        '("excluding Seoul"), so I won\'t guess.'
    )


def _literal_filters(g: Grounding, ctx: PlanningContext, slices: Slices) -> list[Filter]:
    """Quoted text is a value of the dimension named next to it: equal to it, or — after
    "has", "starts with", "ends with" — containing it, starting or ending with it."""
    filters = []
    for i in g.literals:
        word = g.words[i]
        match = _text_match(g, i)
        dimension = _dimension_of_literal(g, i, match)
        if dimension is None:
            continue
        value = word.text if match is not None else _typed(dimension, word.text, ctx)
        op = FilterOp(match.op) if match is not None and match.op else FilterOp.EQ
        filters.append(Filter(dimension=dimension, op=op, values=(value,)))
        named = names_of(Target(Kind.DIMENSION, dimension), ctx)
        slices.notes.append(note(f"literal.{_said(op)}", value=word.text, dimension=named))
    return filters


def _said(op: FilterOp) -> str:
    """The note that says how a literal was read (``note.literal.<said>``)."""
    return {
        FilterOp.CONTAINS: "contains",
        FilterOp.STARTS_WITH: "starts_with",
        FilterOp.ENDS_WITH: "ends_with",
    }.get(op, "eq")


def _text_match(g: Grounding, i: int) -> Cue | None:
    """A "has"/"starts with"/"로 시작하는" cue right before (or, in Korean, after) a literal."""
    word = g.words[i]
    for cue in g.cues:
        if cue.kind is CueKind.TEXT_MATCH and (
            0 <= word.start - cue.end <= 2 or 0 <= cue.start - word.end <= 2
        ):
            return cue
    return None


def _dimension_of_literal(g: Grounding, i: int, match: Cue | None) -> str | None:
    """ "'M5' in its VIN number": the dimension after "in its …"; else the one named right
    before ("vendor named 'Utility Company'", "names starting with 'J'") or after it."""
    after = [m for m in g.mentions if m.first > i and m.of_kind(Kind.DIMENSION)]
    between = g.words[i + 1 : after[0].first] if after else ()
    if (
        after
        and all(w.word_class is WordClass.FUNCTION for w in between)
        and any(w.text == "in" for w in between)
    ):
        return after[0].of_kind(Kind.DIMENSION)[0].name
    start = match.start if match is not None else g.words[i].start
    before = [
        m for m in g.mentions if m.of_kind(Kind.DIMENSION) and g.words[m.last - 1].end <= start
    ]
    if before and start - g.words[before[-1].last - 1].end <= 16:
        return before[-1].of_kind(Kind.DIMENSION)[0].name
    if after and after[0].first - i <= 2:
        return after[0].of_kind(Kind.DIMENSION)[0].name
    return None


def unplaced_literals(g: Grounding, filters: list[Filter]) -> None:
    placed = {str(v).lower() for f in filters for v in f.values}
    left = [g.words[i].text for i in g.literals if g.words[i].text.lower() not in placed]
    if left:
        words = ", ".join(f"'{w}'" for w in left)
        raise cannot_express(
            f"{words} is not a known value, and no dimension named next to it says which "
            "column it belongs to."
        )


def _breakdowns(
    g: Grounding, filters: list[Filter], ctx: PlanningContext, metrics: list[str]
) -> list[str]:
    """Dimensions named as breakdowns. Not a breakdown: the column of a value next to it
    ("region Seoul"), or the thing a value describes ("online stores" is stores filtered to
    online), unless the question ranks or lists those things ("which online stores")."""
    literal = {f.dimension for f in filters}
    found: list[str] = []
    named = [m for m in g.mentions if len({t.name for t in m.of_kind(Kind.DIMENSION)}) == 1]
    for mention in g.mentions:
        dims = mention.of_kind(Kind.DIMENSION)
        meant = reading(g, mention, ctx.catalog)
        if not dims or meant is Reading.POPULATION:
            continue  # "for customers who joined in 2022": whose facts, not a breakdown
        if mention.of_kind(Kind.METRIC) and meant is not Reading.LISTED:
            continue
        if is_identity(g, mention):
            continue  # "their name": whose name is decided with the other identity words
        name = _one_dimension(g, mention, named, ctx, metrics)
        described = _described_by_value(g, mention, name, ctx)
        if (
            (_names_value_column(g, mention, name) and not _marked(g, mention))
            or (_heads_a_value(g, mention, ctx) and not _marked(g, mention))
            or (described is not None and not _listed(g, described, mention))
            or (_agent(g, mention) and not any(c.kind is CueKind.TOP for c in g.cues))
        ):
            continue
        if _other_than_excluded(g, mention, name, filters):
            continue  # "전화 말고 다른 채널", "other channels than phone": the excluded column
        if _qualifies_next(g, mention, ctx):
            continue  # "by vendor industry": the vendors' industry, not vendors and industry
        if _a_value_instead(g, mention, ctx, metrics):
            continue  # "commission earned through brokers": the channel 'BROKER', not each broker
        next_to_literal = name in literal and any(
            -4 <= mention.first - i <= 4 or -2 <= i - mention.last <= 2 for i in g.literals
        )
        if not next_to_literal:
            found.append(name)
    return list(dict.fromkeys(found))


def _date_parts(g: Grounding, ctx: PlanningContext, metrics: list[str], slices: Slices) -> None:
    """ "On weekends", "평일", "by day of week": a part of the facts' own date, built into
    every time dimension."""
    cues = [c for c in g.cues if c.kind is CueKind.DATE_PART and c.part is not None]
    if not cues:
        return
    dates = {leaf.time_dimension for m in metrics for leaf in ctx.catalog.leaves(m)}
    if len(dates) != 1 or None in dates:
        said = ", ".join(f"'{c.text}'" for c in cues)
        raise cannot_express(
            f"I can't tell which date {said} is about: the metrics asked have "
            + ("no date." if not dates or None in dates else "different dates.")
        )
    date = dates.pop()
    for cue in cues:
        if cue.flag is not None and _of_these(g, cue):
            raise cannot_express(
                f"'{cue.text}' asks for part of the facts beside all of them; a plan shows "
                "one or the other. Ask for each on its own."
            )
        part = f"{date}__{cue.part}"
        if part not in ctx.layer.time_parts():
            # "by hour" of facts dated by day: every hour would be midnight
            raise cannot_express(
                f"'{cue.text}' needs a time of day, and "
                f"{label(Target(Kind.TIME_DIMENSION, str(date)), ctx)} holds only the day."
            )
        if cue.flag is None:
            slices.dimensions.append(part)
        else:
            slices.filters.append(Filter(dimension=part, op=FilterOp.EQ, values=(cue.flag,)))


_OF_THESE = re.compile(r"\b(?:of|among|out of) (?:these|those|them)\b|이 중|그 중|그중|이중")


def _of_these(g: Grounding, cue: Cue) -> bool:
    """ "How many of these happened on weekends": a second count, not a filter of the first."""
    sentence_start = max(g.text.rfind(mark, 0, cue.start) for mark in ".?!;") + 1
    return bool(_OF_THESE.search(g.text[sentence_start : cue.start]))


def _one_dimension(
    g: Grounding,
    mention: Mention,
    named: list[Mention],
    ctx: PlanningContext,
    metrics: list[str],
) -> str:
    """The dimension a word shared by several tables means ("status" of transactions or of
    customers): the one the question names more fully elsewhere ("transaction statuses …
    return the status"), else the only one the asked metrics can be broken down by; with
    several left, the question is asked, never guessed."""
    candidates = list(dict.fromkeys(t.name for t in mention.of_kind(Kind.DIMENSION)))
    if len(candidates) == 1:
        return candidates[0]
    valued = [d for d in candidates if _names_value_column(g, mention, d)]
    if len(valued) == 1:
        return valued[0]  # "lost status": the column of the value next to it
    elsewhere = {m.of_kind(Kind.DIMENSION)[0].name for m in named if m is not mention}
    fuller = [d for d in candidates if d in elsewhere]
    if len(fuller) == 1:
        return fuller[0]
    usable = [
        d
        for d in candidates
        if all(d in ctx.catalog.allowed_dimensions(m, ctx.layer) for m in metrics)
    ]
    if len(usable) == 1:
        return usable[0]
    options = tuple(
        Option(
            label(Target(Kind.DIMENSION, d), ctx),
            rephrase(g, mention.first, mention.last, label(Target(Kind.DIMENSION, d), ctx).lower()),
        )
        for d in (usable or candidates)
    )
    raise clarify(f"'{mention.text}' can mean several things. Which one?", options)


OTHER_WORDS = frozenset({"other", "another", "다른", "나머지", "그 외"})


POSSESSIVES = frozenset({"'s", "’s", "'", "의"})


def _qualifies_next(g: Grounding, mention: Mention, ctx: PlanningContext) -> bool:
    """The name of things right before an attribute of theirs ("vendor industry",
    "carrier's safety rating", "화주 업종별"): in a noun compound the last noun is the head,
    and the things only say whose attribute it is. Joined by "and" or a comma, or marked
    as a breakdown of its own ("화주별 업종별"), each is its own breakdown."""
    things = {t.name for t in mention.of_kind(Kind.TABLE)}
    if not things or _marked(g, mention):
        return False
    for other in g.mentions:
        between = g.words[mention.last : other.first]
        if other.first < mention.last or not all(w.text in POSSESSIVES for w in between):
            continue
        if g.text[g.words[other.first - 1].end : g.words[other.first].start].strip(" '’"):
            return False  # "vendor, industry": a list
        attributes = {ctx.layer.dimension(t.name).table for t in other.of_kind(Kind.DIMENSION)}
        return (
            bool(attributes)
            and not other.of_kind(Kind.TABLE)
            and any(ctx.layer.reaches(thing, table) for thing in things for table in attributes)
        )
    return False


def _other_than_excluded(g: Grounding, mention: Mention, name: str, filters: list[Filter]) -> bool:
    excluded = {f.dimension for f in filters if f.op in (FilterOp.NE, FilterOp.NOT_IN)}
    before = g.words[mention.first - 1].text if mention.first else ""
    return name in excluded and before in OTHER_WORDS


def _marked(g: Grounding, mention: Mention) -> bool:
    """ "서울, 부산 지역별": a breakdown marker after the dimension makes it a breakdown even
    next to its own values (which then filter it)."""
    # Only a Korean marker follows its dimension; an English "by" starts the next one.
    after = g.words[mention.last] if mention.last < len(g.words) else None
    return after is not None and after.korean and after.text in GROUP_MARKERS


def _names_value_column(g: Grounding, mention: Mention, name: str) -> bool:
    return any(
        t.name == name and (m.first == mention.last or m.last == mention.first)
        for m in g.mentions
        for t in m.of_kind(Kind.VALUE)
    )


def _heads_a_value(g: Grounding, mention: Mention, ctx: PlanningContext) -> bool:
    """ "Tickets in pending status", "보류 상태인 티켓": a value, then the last word of its own
    column's name ("Claim status"), even where that word alone names another table's column
    (the policy's status): the word says what kind of value it is, not a breakdown."""
    if mention.last - mention.first != 1:
        return False
    word = g.words[mention.first]
    for m in g.mentions:
        if m.last != mention.first:
            continue
        for t in m.of_kind(Kind.VALUE):
            definition = ctx.layer.dimension(t.name).definition
            heads = {
                _head_word(n) for n in (t.name, definition.label or "", *definition.labels.values())
            }
            if heads & {word.text, word.lemma}:
                return True
    return False


def _described_by_value(
    g: Grounding, mention: Mention, name: str, ctx: PlanningContext
) -> Mention | None:
    """ "online stores", "VIP customers", "customers from the USA", "서울 식당": a value of
    another column of the thing's table, or of a table the thing belongs to (a restaurant's
    city), next to the thing's name; returns the value's mention."""
    table = ctx.layer.dimension(name).table
    for m in g.mentions:
        for t in m.of_kind(Kind.VALUE):
            if t.name == name or not ctx.layer.reaches(table, ctx.layer.dimension(t.name).table):
                continue
            if m.last in (mention.first, _column_named_between(g, m, t.name, mention)):
                return m
            if _linked_after(g, mention, m):
                return m
    return None


def _column_named_between(g: Grounding, value: Mention, column: str, thing: Mention) -> int:
    """Where the value's own column, named right after it, ends right before the thing
    ("Platinum tier brokers", "VIP 등급 고객"); -1 when it isn't."""
    for m in g.mentions:
        named = any(t.name == column for t in m.of_kind(Kind.DIMENSION))
        if named and m.first == value.last and m.last == thing.first:
            return m.first
    return -1


LINKS = frozenset({"from", "in", "with", "at", "of", "named", "called", "whose", "who", "that"})


def _linked_after(g: Grounding, mention: Mention, value: Mention) -> bool:
    """The value follows the thing through a few linking words ("customers from the USA")."""
    between = g.words[mention.last : value.first]
    return (
        0 < len(between) <= 3
        and any(w.text in LINKS for w in between)
        and all(w.word_class is WordClass.FUNCTION for w in between)
    )


def _agent(g: Grounding, mention: Mention) -> bool:
    """ "made by customers", "placed by VIPs": "by" after a verb names who did it."""
    by = mention.first - 1
    if by < 1 or g.words[by].text != "by":
        return False
    verb = g.words[by - 1]
    if verb.word_class is WordClass.REQUEST:
        return False  # "grouped by region", "split by channel": how to show it, not who did it
    if any(m.first <= by - 1 < m.last for m in g.mentions):
        return False  # "cost of goods sold by region": the verb belongs to a metric's name
    inflected = verb.text.isalpha() and verb.lemma != verb.text
    return inflected and not verb.korean and not verb.text.endswith(("s", "ing"))


LISTING_WORDS = frozenset({"which", "what", "each", "every", "per", "by", "어느", "어떤", "각"})


def _listed(g: Grounding, value: Mention, thing: Mention) -> bool:
    """The described things are themselves wanted, one row each: "which online stores",
    "top 5 online stores", "by online store", "플래그십 매장별"."""
    first = min(value.first, thing.first)
    before = first - 1
    if before >= 0 and (g.words[before].text in LISTING_WORDS or g.words[before].number):
        return True
    if _marked(g, thing):
        return True  # "플래그십 매장별"; an English "by" after them starts the next breakdown
    if listing_asked(g):
        return True  # "list all churned customers": the customers, filtered
    start = g.words[first].start
    return any(c.kind is CueKind.TOP and 0 <= start - c.end <= 1 for c in g.cues)


def _bind_identities(
    g: Grounding, ctx: PlanningContext, metrics: list[str], slices: Slices
) -> None:
    """ "customer IDs", "their name", "the id, name and …": an attribute that shows an entity.

    After the name of a table's rows ("customer id"), it is that table's column with the
    word; after an attribute ("country name"), the attribute itself; on its own ("their
    name"), a column of the table the breakdown is about. Where the owner made the word a
    synonym ("name" of the customer), that dimension is the answer only when nothing in the
    question says whose name is meant.
    """
    named = {m.first: m for m in g.mentions if is_identity(g, m)}
    for i in sorted([*g.identities, *named]):
        mention = named.get(i)
        said = [w.lemma for w in g.words[i : mention.last if mention else i + 1]]
        entity = _entity_near(g, i)
        if entity is not None and not entity.of_kind(Kind.TABLE):
            slices.absorbed.add(i)  # "country name": the country is its name
            continue
        tables = (
            {t.name for t in entity.of_kind(Kind.TABLE)}
            if entity is not None
            else {ctx.layer.dimension(d).table for d in slices.dimensions[:1]}
        )
        owners = [t.name for t in mention.of_kind(Kind.DIMENSION)] if mention else []
        dimension = next(
            (d for d in owners if ctx.layer.dimension(d).table in tables), None
        ) or _identity_dimension(tables, said, ctx, metrics)
        if dimension is None and not tables and len(set(owners)) == 1:
            dimension = owners[0]
        last = mention.last if mention else i + 1
        first = entity.first if entity is not None else i
        written = g.text[g.words[first].start : g.words[last - 1].end]
        if dimension is None and tables and ID_WORDS & set(said):
            # Listing things without the id asked for would pass off other rows as them.
            names = ", ".join(sorted(ctx.layer.tables[t].label or t for t in tables))
            raise cannot_express(
                f"'{written}' can't be shown: no dimension of {names} holds it. A metric "
                "owner can add one to the semantic layer."
            )
        part = [g.words[i - 1].text] if i > 0 and g.words[i - 1].text in NAME_PARTS else []
        if dimension is not None and _other_part_of_name([*part, *said], dimension, ctx):
            # "first name" where only a last name is held: showing it would pass it off
            end = max(last, i + 1)
            while end < len(g.words) and g.words[end].word_class is WordClass.IDENTITY:
                end += 1  # "first" then "name": the whole of what was asked
            asked = g.text[g.words[i - len(part)].start : g.words[end - 1].end]
            raise cannot_express(
                f"'{asked}' can't be shown: no dimension holds it. A metric owner can add "
                "one to the semantic layer."
            )
        if dimension is not None and dimension not in slices.dimensions:
            slices.dimensions.append(dimension)
            shown = names_of(Target(Kind.DIMENSION, dimension), ctx)
            slices.notes.append(note("showing", dimension=shown, words=written))
        slices.absorbed.add(i)


NAME_PARTS = frozenset({"first", "last", "given", "family", "middle", "full", "sur"})


def _other_part_of_name(said: list[str], dimension: str, ctx: PlanningContext) -> bool:
    """ "first name" answered by a dimension that holds another part of a name."""
    asked = NAME_PARTS & set(said)
    if not asked:
        return False
    d = ctx.layer.dimension(dimension).definition
    words = set(" ".join([d.name, d.label, *d.synonyms]).lower().replace("_", " ").split())
    if asked <= WHOLE_NAME:
        return bool(words & (NAME_PARTS - WHOLE_NAME))  # "full name": any name but a part
    return not asked <= words


WHOLE_NAME = frozenset({"full"})


def is_identity(g: Grounding, mention: Mention) -> bool:
    """A dimension named only by identity words ("name", "ID", "first name")."""
    words = g.words[mention.first : mention.last]
    return (
        bool(mention.of_kind(Kind.DIMENSION))
        and not mention.of_kind(Kind.METRIC)
        and any(w.word_class is WordClass.IDENTITY for w in words)
        and all(w.word_class is WordClass.IDENTITY or w.text in IDENTITY_MODIFIERS for w in words)
    )


ID_WORDS = frozenset({"id", "identifier", "number", "code", "아이디", "번호", "코드"})
"""Identity words that ask for an identifier; a name or title is shown by any label."""


def _entity_near(g: Grounding, i: int) -> Mention | None:
    """The table or dimension mention right before an identity word ("customer name"), or
    after it through "of" ("the names of customers")."""
    values = {m.first: m for m in g.mentions if m.of_kind(Kind.VALUE)}
    after = i + 1
    while after < len(g.words) and (
        g.words[after].text in ("of", "the", "all", "their") or after in values
    ):
        after = values[after].last if after in values else after + 1
    if after > i + 1 and g.words[i + 1].text == "of":
        for mention in g.mentions:
            if mention.first == after and mention.of_kind(Kind.TABLE):
                return mention
    for mention in g.mentions:
        if mention.last != i or is_identity(g, mention):
            continue  # "ID, first name": a list of attributes, not "the ID's first name"
        if g.text[g.words[i - 1].end : g.words[i].start].strip():
            continue  # "salesperson ID, first name": the comma ends the phrase
        if mention.of_kind(Kind.TABLE) or mention.of_kind(Kind.DIMENSION):
            return mention
    return None


def _identity_dimension(
    tables: set[str], said: list[str], ctx: PlanningContext, metrics: list[str]
) -> str | None:
    """The one dimension of those tables whose name or label has the identity words."""
    allowed = (
        set.intersection(*(set(ctx.catalog.allowed_dimensions(m, ctx.layer)) for m in metrics))
        if metrics
        else set(ctx.layer.dimensions)
    )
    stems = {word.rstrip("s") for word in said}
    candidates = [
        (name, ref)
        for name, ref in ctx.layer.dimensions.items()
        if ref.table in tables and name in allowed and not ref.definition.through
    ]
    matches = [
        name
        for name, ref in candidates
        if stems <= set(f"{name} {ref.definition.label or ''}".lower().replace("_", " ").split())
    ]
    if not matches and not stems & ID_WORDS:
        # "the names of customers": a thing's name is the dimension named like the thing
        matches = [
            name
            for name, ref in candidates
            if (ref.definition.label or name).lower() == _thing_label(ref.table, ctx)
        ]
    if not matches and stems & ID_WORDS and len(tables) == 1:
        # "car IDs" where no dimension shows the id: the table's own key does
        key = ctx.layer.key(next(iter(tables)))
        if key is not None and all(ctx.catalog.allows(m, key, ctx.layer) for m in metrics):
            return key.name
    return sorted(matches)[0] if len(matches) == 1 else None


def _thing_label(table: str, ctx: PlanningContext) -> str:
    return (ctx.layer.tables[table].label or table).lower()


def _drop_measured_columns(ctx: PlanningContext, metrics: list[str], slices: Slices) -> None:
    """ "Revenue (based on sale price)", "revenue is the sum of sale_price": the column a
    metric adds up, named to say how it is computed. Grouping that metric by the very
    values it sums is never what is asked, so the name explains the metric instead."""
    summed = {
        (leaf.table, column)
        for metric in metrics
        for leaf in ctx.catalog.leaves(metric)
        if not is_count(leaf)
        for column in columns_read(leaf.expr)
    }
    kept = []
    for name in slices.dimensions:
        ref = ctx.layer.dimension(name)
        if ref.definition.column is not None and (ref.table, ref.definition.column) in summed:
            shown = names_of(Target(Kind.DIMENSION, name), ctx)
            slices.notes.append(note("summed", dimension=shown))
            continue
        kept.append(name)
    slices.dimensions = kept


def _to_reachable(g: Grounding, ctx: PlanningContext, metrics: list[str], slices: Slices) -> None:
    """ "Notifications by channel" where "channel" named the transactions' channel: the one
    dimension the metrics can use that is called the same ("Notification channel") is meant."""
    if not metrics:
        return
    for k, dimension in enumerate(slices.dimensions):
        ref = ctx.layer.dimension(dimension)
        if all(ctx.catalog.allows(m, ref, ctx.layer) for m in metrics):
            continue
        head = _head_word(ref.definition.label or dimension)
        same = [
            name
            for name, other in ctx.layer.dimensions.items()
            if other.table != ref.table
            and _head_word(other.definition.label or name) == head
            and all(ctx.catalog.allows(m, other, ctx.layer) for m in metrics)
        ]
        if len(same) == 1:
            slices.dimensions[k] = same[0]
            shown = names_of(Target(Kind.DIMENSION, same[0]), ctx)
            slices.notes.append(note("reachable", word=head, dimension=shown))


def _values_to_reachable(ctx: PlanningContext, metrics: list[str], slices: Slices) -> None:
    """ "Petrol price (Japan)" where "Japan" named the code JP of the orders' destination
    country: the one dimension the metrics can use whose declared values hold the same code
    is meant. Only upper-case codes (KR, USD), which mean the same wherever they are stored;
    a shared word ("lost" loans, "lost" payments) or "Y" may not."""
    if not metrics:
        return
    for k, condition in enumerate(slices.filters):
        ref = ctx.layer.dimension(condition.dimension)
        if condition.alternatives or all(ctx.catalog.allows(m, ref, ctx.layer) for m in metrics):
            continue
        values = {str(v) for v in condition.values}
        if not all(2 <= len(v) <= 3 and v.isalpha() and v.isupper() for v in values):
            continue
        same = [
            name
            for name, other in ctx.layer.dimensions.items()
            if name != condition.dimension
            and values <= {str(v) for v in ctx.layer.value_column(other).allowed_values}
            and all(ctx.catalog.allows(m, other, ctx.layer) for m in metrics)
        ]
        if len(same) == 1:
            slices.filters[k] = condition.model_copy(update={"dimension": same[0]})
            shown = names_of(Target(Kind.DIMENSION, same[0]), ctx)
            slices.notes.append(note("reachable", word=", ".join(sorted(values)), dimension=shown))


def _head_word(text: str) -> str:
    words = text.lower().replace("_", " ").split()
    return words[-1] if words else ""


def _drop_single_value_breakdowns(slices: Slices) -> None:
    """Filtering a breakdown to one value leaves one row per other key: the breakdown goes."""
    single = {f.dimension for f in slices.filters if f.op is FilterOp.EQ and not f.alternatives}
    slices.dimensions = [d for d in slices.dimensions if d not in single]


def check_filters(filters: list[Filter], metrics: list[str], ctx: PlanningContext) -> None:
    """A filter a metric's definition doesn't allow: say so before compiling."""
    for metric in metrics:
        for condition in (c for f in filters for c in f.all_filters()):
            if not ctx.catalog.allows(metric, ctx.layer.dimension(condition.dimension), ctx.layer):
                shown = label(Target(Kind.DIMENSION, condition.dimension), ctx)
                raise cannot_express(
                    f"{ctx.catalog.get(metric).label} can't be filtered by {shown.lower()}: "
                    "its definition doesn't allow it."
                )


def check_breakdowns(
    dimensions: list[str], metrics: list[str], g: Grounding, ctx: PlanningContext
) -> None:
    """A breakdown a metric can't use: say so, and offer the ones it can, by their labels."""
    for metric in metrics:
        allowed = ctx.catalog.allowed_dimensions(metric, ctx.layer)
        for dimension in dimensions:
            if not ctx.catalog.allows(metric, ctx.layer.dimension(dimension), ctx.layer):
                raise _not_allowed(metric, dimension, allowed, g, ctx)


def _not_allowed(
    metric: str, dimension: str, allowed: frozenset[str], g: Grounding, ctx: PlanningContext
) -> Stop:
    metric_label = ctx.catalog.get(metric).label
    dim_label = label(Target(Kind.DIMENSION, dimension), ctx)
    mention = next(
        (m for m in g.mentions if any(t.name == dimension for t in m.of_kind(Kind.DIMENSION))),
        None,
    )
    options: list[Option] = []
    if mention is not None:
        for name in sorted(allowed)[:6]:
            text = label(Target(Kind.DIMENSION, name), ctx)
            options.append(Option(text, rephrase(g, mention.first, mention.last, text.lower())))
    return clarify(
        f"{metric_label} can't be broken down by {dim_label.lower()}. It can be broken down by:",
        tuple(options),
    )
