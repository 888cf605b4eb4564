"""One upload limit: the uploader's setting (``.streamlit/config.toml``) and the app's own check (content) agree.

Streamlit's browser uploader reads ``server.maxUploadSize`` as megabytes of 1 000 000 bytes (1 024 x 1 024
only on Windows) and refuses bigger files itself; the app checks the bytes again with its own message. If
the two differ, a file between them is refused with the wrong message ("the file is 10 MB, it may be at
most 10 MB"), or never reaches the app's message at all.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from guidance.assessment.answers_io import MAX_JSON_BYTES
from guidance.core.i18n import t
from guidance.screening.content import load_plan_content
from ui.components import size_text

ROOT = Path(__file__).resolve().parents[2]
#: Bytes in the megabyte of ``server.maxUploadSize`` as Streamlit's uploader counts it (not on Windows).
UPLOADER_MB = 1_000_000


def upload_limit_mb() -> int:
    """``server.maxUploadSize`` of ``.streamlit/config.toml``."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return int(config["server"]["maxUploadSize"])


def test_the_uploader_setting_and_the_apps_plan_limit_are_the_same_number_of_bytes() -> None:
    """content/screening/policy.yaml limits.max_bytes == server.maxUploadSize x 1 000 000."""
    assert load_plan_content().limits.max_bytes == upload_limit_mb() * UPLOADER_MB


def test_the_answers_file_limit_is_far_below_the_uploader_limit() -> None:
    """The saved-answers check (100 kB) is the app's own, so its message is the one shown."""
    assert upload_limit_mb() * UPLOADER_MB > MAX_JSON_BYTES


@pytest.mark.parametrize(
    ("size", "limit", "lang", "shown"),
    [
        (10_400_000, 10_000_000, "sv", ("10,4", "10,0")),
        (10_000_001, 10_000_000, "sv", ("10,1", "10,0")),
        (10_485_760, 10_000_000, "en", ("10.5", "10.0")),
        (100_001, 100_000, "en", ("100.1", "100.0")),
    ],
)
def test_a_size_over_a_limit_never_shows_the_limits_number(
    size: int, limit: int, lang: str, shown: tuple[str, str]
) -> None:
    """A file's size is rounded up and a limit down, so the message states two different numbers."""
    unit = "MB" if limit >= 1_000_000 else "kB"
    assert (size_text(size, unit, lang), size_text(limit, unit, lang, limit=True)) == shown


def test_the_answers_too_big_message_states_both_numbers() -> None:
    """The message for a saved-answers file just over 100 kB: "(100,1 kB) ... högst 100,0 kB"."""
    text = t(
        "a.upload_too_big", "sv", kb=size_text(100_001, "kB", "sv"), max=size_text(100_000, "kB", "sv", limit=True)
    )
    assert "100,1 kB" in text and "100,0 kB" in text
