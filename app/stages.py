"""The application's stages, for errors: where in the pipeline something failed.

The libraries' own stages (load, validate, compile, connect, execute) are
:class:`kernel.errors.Stage`; an error carries one or the other.
"""

from __future__ import annotations

from enum import StrEnum


class AppStage(StrEnum):
    GROUND = "ground"
    PLAN = "plan"
    LLM = "llm"
    GUARD = "guard"
    PRESENT = "present"
    CLI = "cli"
