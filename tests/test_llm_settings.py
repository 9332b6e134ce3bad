"""LLM settings: read from the environment, validated, and never showing the key."""

from __future__ import annotations

import pytest

from app.llm.client import LLMClient
from app.llm.errors import LLMNotConfigured
from app.llm.settings import LLMSettings
from app.stages import AppStage

KEY = "sk-proj-do-not-show-1234567890"


def test_from_env_reads_the_four_variables() -> None:
    settings = LLMSettings.from_env(
        {
            "OPENAI_API_KEY": KEY,
            "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
            "ASKBI_LLM_MODEL": "qwen2.5-coder",
            "ASKBI_LLM_TIMEOUT": "7.5",
        }
    )
    assert (settings.api_key, settings.base_url, settings.model) == (
        KEY,
        "http://127.0.0.1:11434/v1",
        "qwen2.5-coder",
    )
    assert settings.timeout_s == 7.5
    assert (settings.max_retries, settings.seed, settings.temperature) == (2, 7, 0.0)


def test_from_env_defaults_and_blank_values_mean_unset() -> None:
    settings = LLMSettings.from_env({"OPENAI_API_KEY": "  ", "ASKBI_LLM_MODEL": ""})
    assert settings == LLMSettings(api_key=None, base_url=None, model=None)
    assert settings.timeout_s == 20.0
    assert not settings.configured


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan"])
def test_an_unusable_timeout_is_a_user_error_naming_the_variable(value: str) -> None:
    with pytest.raises(LLMNotConfigured) as caught:
        LLMSettings.from_env({"ASKBI_LLM_MODEL": "m", "ASKBI_LLM_TIMEOUT": value})
    assert caught.value.stage is AppStage.LLM
    assert caught.value.code == "llm_bad_setting"
    assert "ASKBI_LLM_TIMEOUT" in str(caught.value)


@pytest.mark.parametrize(
    ("key", "url", "model", "configured"),
    [
        (KEY, None, "gpt-4o-mini", True),  # OpenAI itself
        (None, "http://localhost:11434/v1", "llama3.1", True),  # a keyless local server
        (KEY, "https://example.openai.azure.com/openai/v1", "gpt-4o", True),
        (KEY, None, None, False),  # no model: the offline planner only
        (None, None, "gpt-4o-mini", False),  # nowhere to send it
    ],
)
def test_configured_needs_a_model_and_a_destination(
    key: str | None, url: str | None, model: str | None, configured: bool
) -> None:
    assert LLMSettings(api_key=key, base_url=url, model=model).configured is configured


def test_describe_names_model_and_host_and_never_the_key() -> None:
    url = f"https://user:{KEY}@llm.internal.example:8443/v1"
    settings = LLMSettings(api_key=KEY, base_url=url, model="gpt-4.1")
    assert settings.describe() == "gpt-4.1 at llm.internal.example:8443"
    assert KEY not in settings.describe()
    assert KEY not in repr(settings)
    assert LLMSettings(api_key=KEY, base_url=None, model=None).describe() == (
        "offline planner only"
    )


def test_a_client_without_a_model_says_what_to_set() -> None:
    with pytest.raises(LLMNotConfigured) as caught:
        LLMClient(LLMSettings(api_key=KEY, base_url=None, model=None))
    assert "ASKBI_LLM_MODEL" in str(caught.value)
    assert KEY not in str(caught.value)


@pytest.mark.parametrize("url", ["localhost:11434/v1", "http://[::1", "ftp://host/v1", "http://"])
def test_an_unusable_base_url_is_refused_before_any_request(url: str) -> None:
    with pytest.raises(LLMNotConfigured) as caught:
        LLMSettings.from_env({"ASKBI_LLM_MODEL": "m", "OPENAI_BASE_URL": url})
    assert caught.value.code == "llm_bad_setting"
    assert "OPENAI_BASE_URL" in caught.value.message
