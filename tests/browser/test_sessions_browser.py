"""Two people using the app at the same time never see each other's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from st_browser import (
    LANG_NAMES,
    SIDEBAR,
    Server,
    active_nav_text,
    assert_clean,
    go_to,
    key_selector,
    open_page,
    query_param,
    switch_language,
)

from guidance.core.i18n import t
from ui.registry import PAGES
from ui.state import LANG_KEY


def _selected_language(page: Any) -> str:
    """The visible text of the selected option of the language switch."""
    opt = page.locator(f'{SIDEBAR} {key_selector(LANG_KEY)} [data-testid="stRadioOption"][data-selected="true"]')
    return opt.first.inner_text().strip()


def test_a_widget_value_in_one_session_is_not_seen_by_another(new_page: Callable[[], Any], st_server: Server) -> None:
    """Session state is per browser session: A switches to English, B (open at the same time) stays Swedish."""
    a, b = new_page(), new_page()
    open_page(a, PAGES[0], "sv")
    open_page(b, PAGES[0], "sv")
    switch_language(a, "en")
    assert _selected_language(a) == LANG_NAMES["en"]

    target = 1 if len(PAGES) > 1 else 0
    go_to(b, PAGES[target])
    assert _selected_language(b) == LANG_NAMES["sv"]
    assert query_param(b, "lang") == "sv"
    assert active_nav_text(b) == t(PAGES[target].title_key, "sv")

    go_to(a, PAGES[target])
    assert _selected_language(a) == LANG_NAMES["en"]
    assert active_nav_text(a) == t(PAGES[target].title_key, "en")
    assert_clean(a, st_server)
    assert_clean(b, st_server)
