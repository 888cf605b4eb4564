"""What a user entered survives in a real browser: leaving a page and coming back through the
navigation, switching the language, and the browser's back button.

Streamlit keeps the values because every keyed input passes ``persist_state="session"``; the
fields checked here are ones the page address does not carry (the procurement's name, the
calculator's number of positions), so the address cannot be what restores them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect
from st_browser import (
    MAIN,
    Server,
    assert_clean,
    choose_radio,
    go_to,
    key_selector,
    open_page,
    set_number,
    set_text,
    switch_language,
    url_path,
    wait_rendered,
)

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.i18n import t
from ui.registry import PAGES

ASSESSMENT = next(s for s in PAGES if s.path == "app_pages/assessment.py")
CALCULATOR = next(s for s in PAGES if s.path == "app_pages/calculator.py")
PROCESS = next(s for s in PAGES if s.path == "app_pages/process.py")
QN = load_questionnaire()
NAME = "Lokalvård skolor Söder"
TIMEOUT_MS = 20_000


def _answer_assessment(page: Any) -> None:
    """A name, a contract type and a contract value, typed as a buyer would."""
    set_text(page, t("a.name", "sv"), NAME)
    works = QN.question("contract_type").option("works")
    assert works is not None
    choose_radio(page, works.label("sv"), within=f"{MAIN} {key_selector('a.q.contract_type')}")
    set_number(page, QN.question("duration_months").text("sv"), 36)


def _assert_assessment_kept(page: Any, lang: str) -> None:
    """The three answers are on screen (waiting for the page to finish drawing them)."""
    expect(page.get_by_label(t("a.name", lang), exact=True)).to_have_value(NAME, timeout=TIMEOUT_MS)
    works = QN.question("contract_type").option("works")
    assert works is not None
    chosen = page.locator(f'{key_selector("a.q.contract_type")} [data-testid="stRadioOption"][data-selected="true"]')
    expect(chosen.first).to_have_text(works.label(lang), timeout=TIMEOUT_MS)
    label = QN.question("duration_months").text(lang)  # a number input, or the app's number field (a text box)
    box = page.get_by_role("spinbutton", name=label, exact=True).or_(
        page.get_by_role("textbox", name=label, exact=True)
    )
    expect(box).to_have_value("36", timeout=TIMEOUT_MS)


def test_answers_survive_leaving_the_page_and_coming_back(page: Any, st_server: Server) -> None:
    open_page(page, ASSESSMENT, "sv")
    _answer_assessment(page)
    go_to(page, PROCESS)
    go_to(page, ASSESSMENT)
    _assert_assessment_kept(page, "sv")
    assert_clean(page, st_server)


def test_answers_survive_the_language_switch(page: Any, st_server: Server) -> None:
    open_page(page, ASSESSMENT, "sv")
    _answer_assessment(page)
    switch_language(page, "en")
    _assert_assessment_kept(page, "en")
    assert_clean(page, st_server)


def test_answers_survive_the_back_button(page: Any, st_server: Server) -> None:
    open_page(page, CALCULATOR, "sv")
    set_number(page, t("calc.in.positions", "sv"), 7)
    go_to(page, ASSESSMENT)
    _answer_assessment(page)
    go_to(page, PROCESS)
    page.go_back()
    wait_rendered(page)
    _assert_assessment_kept(page, "sv")
    for _ in range(6):  # back through the assessment's earlier addresses to the calculator
        if urlparse(page.url).path.strip("/") == url_path(CALCULATOR):
            break
        page.go_back()
        wait_rendered(page)
    assert urlparse(page.url).path.strip("/") == url_path(CALCULATOR)
    label = t("calc.in.positions", "sv")  # a number input, or the app's number field (a text box)
    box = page.get_by_role("spinbutton", name=label, exact=True).or_(
        page.get_by_role("textbox", name=label, exact=True)
    )
    expect(box).to_have_value("7", timeout=TIMEOUT_MS)
    assert_clean(page, st_server)
