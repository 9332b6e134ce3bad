"""Promote a good answer to a verified query — explicitly, by a named person, on a date.

Never automatic: a verified query answers every later question that means the same, so one
wrong answer promoted by accident would be repeated with the authority of "verified". The
person promoting is recorded, the plan must compile against today's catalog, and the entry
is appended to ``verified_queries/promoted.yaml`` by an atomic rewrite under the folder lock.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.pipeline.records import Answer, Source
from app.project.atomic_files import folder_lock, write_atomically
from app.project.folder import Project
from app.project.verified_queries import FOLDER, VerifiedFile, VerifiedQuery
from app.stages import AppStage
from kernel.error_codes import ErrorCode
from kernel.errors import UserError
from kernel.yaml_models import parse_folder
from metrics.compiler.resolve import resolve_query

PROMOTED_FILE = "promoted.yaml"
HEADER = "Answers promoted to verified queries from the app, each by a named metric owner."


class NotPromotable(UserError):
    code = ErrorCode.NOT_PROMOTABLE


def promote(
    project: Project,
    answer: Answer,
    *,
    owner: str,
    question: str | None = None,
    name: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> VerifiedQuery:
    """Append ``answer``'s plan as a verified query; raises :class:`NotPromotable` if it can't be.

    ``question`` defaults to the answer's question: it is what later questions are matched
    against, so an edited interpretation should be promoted with a question that says it.
    """
    if not answer.ok or answer.plan is None or answer.source is Source.LLM_SQL:
        raise _refuse("Only an answer computed from a plan can be promoted.")
    if not owner.strip():
        raise _refuse("Say who verifies this answer: the owner's name is required.")
    asked = (question or answer.question).strip()
    if not asked:
        raise _refuse("A verified query needs the question it answers.")
    resolve_query(answer.plan, project.layer, project.catalog, on or answer.today)
    folder = project.root / FOLDER
    with folder_lock(folder):
        taken = _existing_names(project.root)
        chosen = name.strip() or suggest_name(asked, taken)
        if chosen in taken:
            raise _refuse(f"A verified query named '{chosen}' already exists.")
        try:
            query = VerifiedQuery(
                name=chosen,
                question=asked,
                plan=answer.plan,
                verified_by=owner.strip(),
                verified_on=on or dt.date.today(),
                note=note.strip(),
            )
        except ValidationError as e:
            message = f"'{chosen}' is not a valid name: use lowercase letters, digits and _."
            raise _refuse(message) from e
        _append(folder / PROMOTED_FILE, query)
    return query


def suggest_name(question: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A snake_case name from the question's ASCII words, unique among ``taken``.

    >>> suggest_name("Revenue by region, last month?", {"revenue_by_region_last_month"})
    'revenue_by_region_last_month_2'
    >>> suggest_name("지난달 지역별 매출")
    'promoted_query'
    """
    words = re.findall(r"[a-z0-9]+", question.lower())
    base = "_".join(words)[:50].strip("_") or "promoted_query"
    if not base[0].isalpha():
        base = f"q_{base}"
    chosen, n = base, 1
    while chosen in taken:
        n += 1
        chosen = f"{base}_{n}"
    return chosen


def _existing_names(root: Path) -> set[str]:
    folder = root / FOLDER
    if not folder.is_dir():
        return set()
    files, _ = parse_folder(folder, VerifiedFile, root=root)
    return {q.name for f in files for q in f.model.verified_queries}


def _append(path: Path, query: VerifiedQuery) -> None:
    data: dict[str, Any] = {"description": HEADER, "verified_queries": []}
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or data
    # Not exclude_defaults: a time range's ``kind`` is a default, and it is the discriminator.
    entry = query.model_dump(mode="json", exclude_none=True)
    entry["plan"] = {k: v for k, v in entry["plan"].items() if v != []}
    if not entry["note"]:
        del entry["note"]
    data["verified_queries"] = [*data.get("verified_queries", []), entry]
    write_atomically(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def _refuse(message: str) -> NotPromotable:
    return NotPromotable(message, stage=AppStage.PRESENT)
