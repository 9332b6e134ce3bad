"""docs/llm.md documents every variable and every error code of the LLM path."""

from __future__ import annotations

from pathlib import Path

from app.settings import LLM_MODEL, LLM_TIMEOUT, OPENAI_API_KEY, OPENAI_BASE_URL
from kernel.error_codes import ErrorCode

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "llm.md").read_text("utf-8")


def test_every_llm_error_code_is_documented() -> None:
    codes = {c.value for c in ErrorCode if c.value.startswith("llm_")}
    codes -= {"llm_error", "llm_bad_output", "llm_unavailable"}  # base classes
    assert len(codes) >= 10
    missing = sorted(c for c in codes if f"`{c}`" not in DOCS)
    assert not missing, f"undocumented LLM error codes in docs/llm.md: {missing}"


def test_every_model_setting_is_documented() -> None:
    settings = (OPENAI_API_KEY, OPENAI_BASE_URL, LLM_MODEL, LLM_TIMEOUT)
    assert all(f"`{s.variable}`" in DOCS for s in settings)
