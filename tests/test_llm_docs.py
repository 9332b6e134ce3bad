"""docs/llm.md documents every variable and every error code of the LLM path."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_llm_error_code_is_documented() -> None:
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "app" / "llm").glob("*.py"))
    codes = set(re.findall(r"\b(llm_[a-z_]+)\b", source)) - {"llm_error", "llm_bad_output"}
    codes -= {"llm_plan", "llm_sql", "llm_unavailable"}  # functions and base classes
    docs = (ROOT / "docs" / "llm.md").read_text("utf-8")
    assert codes, "no codes found: the pattern is stale"
    missing = sorted(c for c in codes if f"`{c}`" not in docs)
    assert not missing, f"undocumented LLM error codes in docs/llm.md: {missing}"


def test_every_setting_is_documented() -> None:
    source = (ROOT / "app" / "llm" / "settings.py").read_text("utf-8")
    variables = set(re.findall(r'"((?:OPENAI|ASKBI)_[A-Z_]+)"', source))
    docs = (ROOT / "docs" / "llm.md").read_text("utf-8")
    assert variables == {
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ASKBI_LLM_MODEL",
        "ASKBI_LLM_TIMEOUT",
    }
    assert all(f"`{v}`" in docs for v in variables)
