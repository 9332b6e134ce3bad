"""Where a tile is saved: exactly the dashboard the user picked, or a new one they titled.

A typed title always means a new dashboard (unless it is an existing dashboard's title),
whatever the picker still shows: the old form saved into the picked one and ignored it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.dashboards.store import name_for


@dataclass(frozen=True)
class SaveTarget:
    name: str
    """File stem under ``dashboards/``."""
    title: str
    new: bool


def save_target(chosen: str | None, typed: str, existing: dict[str, str]) -> SaveTarget | None:
    """The target for a picked dashboard name and a typed title; None when there is neither.

    ``existing`` maps dashboard names to titles.

    >>> save_target("weekly", "Regions", {"weekly": "Weekly review"})
    SaveTarget(name='regions', title='Regions', new=True)
    >>> save_target("weekly", "", {"weekly": "Weekly review"}).title
    'Weekly review'
    >>> save_target(None, " weekly REVIEW ", {"weekly": "Weekly review"}).new
    False
    """
    title = " ".join(typed.split())
    if title:
        for name, other in existing.items():
            if other.casefold() == title.casefold():
                return SaveTarget(name, other, new=False)
        return SaveTarget(name_for(title, list(existing)), title, new=True)
    if chosen in existing:
        return SaveTarget(chosen, existing[chosen], new=False)
    return None
