"""The blanks of the planner's notes, in each language answers are written in.

A note is written once and read in English or Korean (:mod:`app.i18n.notes`); a blank
that names a dimension, a metric, a period or a grain carries its words in both.
"""

from __future__ import annotations

from app.i18n.catalog import Language, text
from app.i18n.formatting import span
from app.pipeline.ground.vocabulary import Target
from app.pipeline.plan.context import PlanningContext, label
from metrics.timeframe import Between, describe
from semantic_layer.model import Grain

WRITTEN = ("en", "ko")


def names_of(target: Target, ctx: PlanningContext) -> dict[str, str]:
    """Its :func:`~app.pipeline.plan.context.label` in English and in Korean, the YAML's
    Korean name where it gives one."""
    return {language: label(target, ctx, language) for language in WRITTEN}


def grain_names(unit: Grain) -> dict[str, str]:
    """
    >>> grain_names(Grain.MONTH)
    {'en': 'month', 'ko': '월'}
    """
    return {"en": unit.value, "ko": text(f"grain.{unit.value}", Language.KO)}


def period_names(when: Between) -> dict[str, str]:
    """The plan's words for the period in English, its days in words in Korean.

    >>> import datetime as dt
    >>> period_names(Between(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)))["ko"]
    '2026년 10월'
    """
    return {"en": describe(when), "ko": span(when.start, when.end, Language.KO)}
