"""Every registered page in real Chromium, in Swedish and English: renders cleanly, passes axe-core,
and keeps its page and answers when the language is switched.

Pages come from ``ui.registry.PAGES``; a new page is covered without touching this file.
Each (page, language) is loaded once per run; the load and the axe check share that visit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest
from st_browser import (
    MAIN,
    VIEWPORT,
    Server,
    active_nav_href,
    active_nav_text,
    assert_clean,
    errors_of,
    exceptions,
    new_app_page,
    number_stepper,
    open_page,
    query_param,
    rerun,
    run_axe,
    switch_language,
    url_path,
)

from guidance.core.i18n import t
from guidance.core.models import LANGS
from ui.registry import PAGES, PageSpec

CASES = [pytest.param(spec, lang, id=f"{spec.url_path}-{lang}") for spec in PAGES for lang in LANGS]
PAGE_IDS = [spec.url_path for spec in PAGES]

#: axe-core rules not applied, each with the reason. Keep empty unless a rule cannot apply to this app.
AXE_DISABLED: dict[str, str] = {}
#: Impacts that fail the test when a violating node is inside the app's own content (stMain).
AXE_FAILING = ("serious", "critical")

Visit = dict[str, Any]


@pytest.fixture(scope="module")
def visit(browser: Any, app_url: str, st_server: Server) -> Callable[[PageSpec, str], Visit]:
    """Load a page once per (page, language) in a fresh session and remember what was seen."""
    seen: dict[tuple[str, str], Visit] = {}

    def load(spec: PageSpec, lang: str) -> Visit:
        key = (spec.path, lang)
        if key not in seen:
            ctx = browser.new_context(base_url=app_url, viewport=VIEWPORT)
            try:
                page = new_app_page(ctx)
                ready = open_page(page, spec, lang)
                log = errors_of(page)
                seen[key] = {
                    "url": page.url,
                    "ready": ready,
                    "exceptions": exceptions(page),
                    "console": list(log.console),
                    "page_errors": list(log.page_errors),
                    "active_href": active_nav_href(page),
                    "active_text": active_nav_text(page),
                    "axe": run_axe(page, tuple(AXE_DISABLED)),
                    "log": st_server.log_tail(30),
                }
            finally:
                ctx.close()
        return seen[key]

    return load


@pytest.mark.parametrize(("spec", "lang"), CASES)
def test_page_loads_without_errors(visit: Callable[[PageSpec, str], Visit], spec: PageSpec, lang: str) -> None:
    """The page renders in ``lang`` with no exception box, page error or console error."""
    v = visit(spec, lang)
    assert v["ready"].startswith("ok"), v["ready"]
    problems = v["exceptions"] + v["page_errors"] + v["console"]
    assert not problems, f"{v['url']}: {problems}\n--- server log ---\n{v['log']}"
    assert v["active_href"] is not None, "no navigation link is marked as the current page"
    assert urlparse(v["active_href"]).path.strip("/") == url_path(spec), (
        f"opened /{url_path(spec)} but the navigation shows {v['active_href']} as current"
    )
    assert v["active_text"] == t(spec.title_key, lang), "the navigation is not in the requested language"


@pytest.mark.parametrize(("spec", "lang"), CASES)
def test_page_has_no_serious_accessibility_violations(
    visit: Callable[[PageSpec, str], Visit], spec: PageSpec, lang: str
) -> None:
    """axe-core finds no serious or critical violation inside the app's own content (WCAG 2.x A/AA)."""
    v = visit(spec, lang)
    bad = [x for x in v["axe"]["violations"] if x["impact"] in AXE_FAILING and x["nodes_in_main"] > 0]
    assert not bad, "\n".join(
        f"{x['impact']} {x['id']}: {x['help']} ({x['nodes_in_main']} nodes) {x['targets']} {x['html']} {x['helpUrl']}"
        for x in bad
    )


NUMBER_INPUTS = f'{MAIN} [data-testid="stNumberInput"]'


@pytest.mark.parametrize("spec", PAGES, ids=PAGE_IDS)
def test_language_switch_keeps_page_and_answers(page: Any, st_server: Server, spec: PageSpec) -> None:
    """Switching sv -> en stays on the page, keeps ?lang in the URL and keeps a changed number input.

    The first number input of the page (if any) is stepped once before the switch: a widget without a
    stable key would lose its value because its label changes with the language.
    """
    open_page(page, spec, "sv")
    stepper = number_stepper(page)
    before: str | None = None
    if stepper is not None:
        index, button = stepper
        field = page.locator(NUMBER_INPUTS).nth(index).locator("input")
        start = field.input_value()
        with rerun(page):
            button.click()
        before = field.input_value()
        assert before != start, "stepping the number input did not change it"
    switch_language(page, "en")
    assert query_param(page, "lang") == "en"
    assert urlparse(page.url).path.strip("/") == url_path(spec), f"the switch left the page: {page.url}"
    assert urlparse(active_nav_href(page) or "").path.strip("/") == url_path(spec)
    if stepper is not None:
        after = page.locator(NUMBER_INPUTS).nth(stepper[0]).locator("input").input_value()
        assert after == before, f"the answer was lost on switching language: {before!r} -> {after!r}"
    assert_clean(page, st_server)
