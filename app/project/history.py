"""A project's change history: previous versions of edited files and a log per metric.

Everything lives in the project's ``history/`` folder as plain files a reviewer can read:
``history/files/<file path>/<timestamp>.yaml`` keeps each replaced version (so any change
can be viewed and rolled back), and ``history/metrics/<metric>.jsonl`` logs what happened
to a metric — edits, and the checks that ran because of them.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.project.atomic_files import write_atomically

FOLDER = "history"
_APPEND_LOCK = threading.Lock()


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True)
class FileVersion:
    path: Path
    """Where the saved copy is."""
    file: str
    """The project file it is a version of, relative to the project."""
    saved_at: dt.datetime


def keep_version(
    root: Path, relative: str, text: str, *, at: dt.datetime | None = None
) -> FileVersion:
    """Store ``text`` as a previous version of ``relative`` before it is overwritten."""
    moment = at or dt.datetime.now(dt.UTC)
    path = root / FOLDER / "files" / relative / f"{_stamp(moment)}.yaml"
    write_atomically(path, text)
    return FileVersion(path, relative, moment)


def keep_draft(root: Path, relative: str, text: str) -> Path:
    """Store a draft that could not be saved, so closing the browser loses nothing."""
    path = root / FOLDER / "drafts" / relative / f"{_stamp(dt.datetime.now(dt.UTC))}.yaml"
    write_atomically(path, text)
    return path


def versions(root: Path, relative: str) -> list[FileVersion]:
    """Previous versions of a file, newest first."""
    folder = root / FOLDER / "files" / relative
    found = []
    for path in sorted(folder.glob("*.yaml"), reverse=True):
        moment = dt.datetime.strptime(path.stem, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        found.append(FileVersion(path, relative, moment))
    return found


def log_metric_event(root: Path, metric: str, event: dict[str, Any]) -> None:
    """Append one JSON line to the metric's log (appends are whole lines, never interleaved)."""
    path = root / FOLDER / "metrics" / f"{metric}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"at": dt.datetime.now(dt.UTC).isoformat(), **event}, ensure_ascii=False)
    with _APPEND_LOCK, path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")


def metric_events(root: Path, metric: str) -> list[dict[str, Any]]:
    """The metric's log, oldest first."""
    path = root / FOLDER / "metrics" / f"{metric}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
