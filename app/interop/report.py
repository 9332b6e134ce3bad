"""What an import or export could not carry over exactly: listed, never silently dropped."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    where: str
    """The foreign object the note is about: ``metric revenue_ytd_first``."""
    what: str
    """What happened to it, in a sentence a model owner can act on."""
    lossy: bool = True
    """``False`` for a faithful translation worth knowing about (a model read as its source)."""


@dataclass
class Report:
    notes: list[Note] = field(default_factory=list)

    def lossy(self, where: str, what: str) -> None:
        self.notes.append(Note(where, what))

    def info(self, where: str, what: str) -> None:
        self.notes.append(Note(where, what, lossy=False))

    def to_text(self) -> str:
        lossy = [n for n in self.notes if n.lossy]
        faithful = [n for n in self.notes if not n.lossy]
        lines = [f"Lossy ({len(lossy)}):", *(f"  - {n.where}: {n.what}" for n in lossy)]
        if faithful:
            lines += ["Notes:", *(f"  - {n.where}: {n.what}" for n in faithful)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {"notes": [{"where": n.where, "what": n.what, "lossy": n.lossy} for n in self.notes]}
