"""The frame can be used with the keyboard alone (WCAG 2.1.1 Keyboard)."""

from __future__ import annotations

from typing import Any

from st_browser import SIDEBAR, Server, assert_clean, key_selector, nav_links, open_page, query_param, rerun

from ui.registry import PAGES
from ui.state import LANG_KEY

FOCUS_JS = f"""() => {{
  const e = document.activeElement;
  return {{tag: e.tagName, href: e.getAttribute('href'), type: e.getAttribute('type'),
           testid: e.getAttribute('data-testid'),
           inLangSwitch: !!e.closest('{SIDEBAR} {key_selector(LANG_KEY)}')}};
}}"""
MAX_TABS = 150


def test_tab_reaches_navigation_and_language_switch_and_arrow_changes_language(page: Any, st_server: Server) -> None:
    """Tab alone reaches every navigation link and the language switch; arrow keys then switch language."""
    open_page(page, PAGES[0], "sv")
    wanted = {href for href, _ in nav_links(page)}
    assert len(wanted) >= min(len(PAGES), 2), "the navigation shows no links"
    reached: set[str] = set()
    on_switch = False
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus["testid"] == "stSidebarNavLink":
            reached.add(focus["href"])
        if focus["inLangSwitch"] and focus["type"] == "radio":
            on_switch = True
            break
    assert on_switch, f"the language switch was not reached in {MAX_TABS} tab presses"
    assert reached == wanted, f"navigation links never focused: {sorted(wanted - reached)}"

    with rerun(page):
        page.keyboard.press("ArrowRight")
    assert query_param(page, "lang") == "en"
    assert_clean(page, st_server)
