"""The workshop page under Streamlit's AppTest: join codes, facilitator tokens and an unusable database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from guidance.core.i18n import t
from guidance.core.models import LANGS

PAGE = "workshop"


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_code_gets_a_clear_message(app_test: Callable[..., AppTest], lang: str) -> None:
    """A well-formed code of no running workshop: the page says so (and shows the join form again)."""
    at = app_test(PAGE, lang, join="ZZZZ22")
    assert not at.exception
    assert t("ws.code_unknown", lang) in [e.value for e in at.error]
    assert at.text_input(key="ws.code_input") is not None


@pytest.mark.parametrize("lang", LANGS)
def test_a_malformed_code_or_token_is_rejected_without_access(app_test: Callable[..., AppTest], lang: str) -> None:
    """Wrong shape: a clear message; a join code used as facilitator token opens nothing."""
    at = app_test(PAGE, lang, join="<b>x</b>")
    assert t("ws.code_invalid", lang) in [e.value for e in at.error]
    at = app_test(PAGE, lang, fac="ABC234")
    assert t("ws.token_unknown", lang) in [e.value for e in at.error]
    assert not [m for m in at.metric]  # no join code, no live results


def test_an_unusable_database_gives_a_message_not_a_crash(
    app_test: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the database cannot be opened, the workshop page says so and the rest of the app keeps working."""
    from ui.workshop_form import workshop_store

    monkeypatch.delenv("SYSSELSATTNING_DB_URL", raising=False)
    monkeypatch.setenv("SYSSELSATTNING_DB_PATH", "/proc/no-such-dir/ws.sqlite3")
    workshop_store.clear()
    try:
        at = app_test(PAGE, "sv")
        assert not at.exception
        assert t("ws.store_unavailable", "sv") in [e.value for e in at.error]
    finally:
        workshop_store.clear()
