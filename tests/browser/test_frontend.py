"""The front end as a Swedish public e-service, in Chromium: language, titles, formats, links, result first.

Issue "a front end at the level of the best Swedish public e-services" (item 8): every page states its
language (WCAG 3.1.1) and has its own browser title; numbers in grids and inputs and the date picker
follow the page's language whatever the browser's own locale; a reload keeps the calculator's,
the screening's and the assessment's state; the assessment's result stays in view while answering and
prints without the questions; and axe finds no serious or critical problem in these new views.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from st_browser import (
    MAIN,
    SIDEBAR,
    VIEWPORT,
    assert_clean,
    choose_radio,
    click_button,
    new_app_page,
    open_page,
    query_param,
    run_axe,
    set_number,
    set_text,
    switch_language,
    wait_rendered,
)

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_params
from guidance.core.formatting import fmt_input
from guidance.core.i18n import t
from ui.registry import PAGES

BY_PATH = {spec.path: spec for spec in PAGES}
CALCULATOR, SCREENING, ASSESSMENT = (BY_PATH[f"app_pages/{n}.py"] for n in ("calculator", "screening", "assessment"))
#: Records every text the page draws on a canvas (Streamlit's data grids draw their cells there).
RECORD_CANVAS = """
(() => { const draw = CanvasRenderingContext2D.prototype.fillText; window.__drawn = new Set();
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    try { window.__drawn.add(String(text)); } catch (e) {} return draw.call(this, text, ...rest); }; })();
"""
#: A works contract of SEK 120 m for a state agency: a complete assessment with a numerical result.
WORKS = Answers(
    gates={f"G{i}": True for i in range(1, 6)},
    organisation="state_agency",
    contract_type="works",
    framework=False,
    direct_award=False,
    value_sek=120e6,
    duration_months=30,
    fte=25,
    labour_share=70,
    entry_level="yes",
    market="broad",
    recurring_recruitment=True,
    labour_law_needed=False,
    reserved_plausible=False,
    bonus_capacity=False,
    start_date=dt.date(2026, 1, 1),
    risks=frozenset(),
)
SERIOUS = ("serious", "critical")


@pytest.fixture
def foreign_page(browser: Any, app_url: str) -> Any:
    """A page in a browser set to American English, so nothing Swedish comes from the browser itself."""
    ctx = browser.new_context(base_url=app_url, viewport=VIEWPORT, accept_downloads=True, locale="en-US")
    ctx.add_init_script(RECORD_CANVAS)
    yield new_app_page(ctx)
    ctx.close()


def html_lang(page: Any) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def serious_in_main(page: Any) -> list[str]:
    report = run_axe(page)
    return [f"{v['id']}: {v['targets']}" for v in report["violations"] if v["impact"] in SERIOUS and v["nodes_in_main"]]


# -- language and titles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_states_its_language_and_has_its_own_title(page: Any, lang: str) -> None:
    """WCAG 3.1.1: ``<html lang>`` is the page's language; each page's browser tab names the page."""
    titles = []
    for spec in PAGES:
        open_page(page, spec, lang)
        assert html_lang(page) == lang, spec.path
        assert page.title() == t("frame.tab_title", lang, page=t(spec.title_key, lang)), spec.path
        titles.append(page.title())
    assert len(set(titles)) == len(PAGES)


def test_the_language_switch_changes_lang_and_title_and_marks_its_options(page: Any) -> None:
    open_page(page, CALCULATOR, "sv")
    options = page.locator(f'{SIDEBAR} [data-testid="stRadioOption"]')
    assert options.filter(has_text="English").first.get_attribute("lang") == "en"
    switch_language(page, "en")
    assert html_lang(page) == "en"
    assert page.title() == t("frame.tab_title", "en", page=t("page.calculator", "en"))
    assert page.evaluate("navigator.language") == "en-GB"


# -- formats -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "amount", "share"), [("sv", "10\u00a0870\u00a0000", "35,3"), ("en", "10,870,000", "35.3")]
)
def test_grids_show_the_pages_number_format_whatever_the_browsers_locale(
    foreign_page: Any, lang: str, amount: str, share: str
) -> None:
    open_page(foreign_page, SCREENING, lang)
    drawn = set(foreign_page.evaluate("Array.from(window.__drawn)"))
    assert amount in drawn and share in drawn, sorted(d for d in drawn if d[:1].isdigit())[:30]
    assert foreign_page.evaluate("navigator.language") == ("sv-SE" if lang == "sv" else "en-GB")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_number_fields_show_and_read_the_pages_format(foreign_page: Any, lang: str) -> None:
    open_page(foreign_page, CALCULATOR, lang)
    wage = foreign_page.get_by_role("textbox", name=t("calc.in.wage", lang), exact=True)
    assert wage.input_value() == fmt_input(20500, lang)  # "20 500" / "20,500", never "20500.0"
    assert wage.get_attribute("inputmode") == "decimal"  # a numeric keyboard on a phone
    typed = "25 000" if lang == "sv" else "25,000"
    set_number(foreign_page, t("calc.in.wage", lang), typed)  # a text, as a person types it
    assert wage.input_value().replace("\u00a0", " ") == fmt_input(25000, lang).replace("\u00a0", " ")
    assert query_param(foreign_page, "wage") == "25000"
    assert_clean(foreign_page)


@pytest.mark.parametrize(("lang", "first_day", "month"), [("sv", "M", "december"), ("en", "M", "December")])
def test_the_date_picker_speaks_the_pages_language_and_starts_on_monday(
    foreign_page: Any, lang: str, first_day: str, month: str
) -> None:
    open_page(foreign_page, CALCULATOR, lang, date="2026-12-01")
    foreign_page.locator(f'{MAIN} [data-testid="stDateInput"]').first.locator("button").last.click()
    calendar = foreign_page.locator('[data-testid="stDateInputCalendar"]').first
    calendar.wait_for()
    text = calendar.inner_text()
    days = next(line for line in text.splitlines() if "\t" in line).split("\t")
    assert days[0] == first_day and days[-1] == "S" and len(days) == 7, days  # Monday first, Sunday last
    assert f"{month} 2026" in text


def test_the_upload_box_speaks_swedish_on_a_swedish_page(foreign_page: Any) -> None:
    open_page(foreign_page, ASSESSMENT, "sv")
    foreign_page.get_by_text(t("a.resume_title", "sv")).click()
    box = foreign_page.locator('[data-testid="stFileUploaderDropzone"]').first
    box.wait_for()
    foreign_page.wait_for_timeout(300)
    text = box.inner_text()
    assert "Ladda upp" in text and "per fil" in text and "MB" in text and "per file" not in text


# -- links carry the work ----------------------------------------------------------------------------------------


def test_a_reload_keeps_the_calculators_inputs(page: Any) -> None:
    """The issue's example: "number of people" 7 must not fall back to 1 on a reload."""
    open_page(page, CALCULATOR, "sv")
    set_number(page, t("calc.in.positions", "sv"), 7)
    assert query_param(page, "positions") == "7"
    page.reload(wait_until="domcontentloaded")
    wait_rendered(page)
    assert page.get_by_role("textbox", name=t("calc.in.positions", "sv"), exact=True).input_value() == "7"
    assert_clean(page)


def test_a_reload_keeps_the_screening_policy(page: Any) -> None:
    open_page(page, SCREENING, "sv", **{"a.share": "40", "assume.gates": "0"})
    page.reload(wait_until="domcontentloaded")
    wait_rendered(page)
    assert query_param(page, "a.share") == "40" and query_param(page, "assume.gates") == "0"
    share_a = page.locator(f'{MAIN} [data-testid="stSlider"] input[type="range"]').first  # scenario A's share
    assert share_a.input_value() == "40"
    assert_clean(page)


def test_an_assessment_link_keeps_the_name_and_the_draft_choices(page: Any) -> None:
    query = {**answers_to_params(WORKS), "n": quote("Bro över ån"), "cl": "advanced_bonus", "cg": "young"}
    open_page(page, ASSESSMENT, "sv", **query)
    set_text(page, t("a.name", "sv"), "Bro över ån 2")
    assert query_param(page, "n") == "Bro över ån 2"
    page.reload(wait_until="domcontentloaded")
    wait_rendered(page)
    assert page.get_by_label(t("a.name", "sv"), exact=True).input_value() == "Bro över ån 2"
    assert query_param(page, "cl") == "advanced_bonus" and query_param(page, "cg") == "young"
    assert_clean(page)


# -- result first ------------------------------------------------------------------------------------------------


def test_the_result_stays_in_view_while_answering_and_leads_to_the_draft(page: Any) -> None:
    open_page(page, ASSESSMENT, "sv", **answers_to_params(WORKS))
    page.locator(MAIN).evaluate("main => main.scrollTo(0, 1600)")
    page.wait_for_timeout(300)
    panel = page.locator(".st-key-result-panel").first
    box = panel.bounding_box()
    assert box is not None and 0 <= box["y"] < VIEWPORT["height"] / 2, box  # still at the top of the window
    assert panel.get_by_role("button", name=t("a.dl.docx", "sv")).is_visible()
    panel.get_by_role("link", name="Utkast till villkor").click()
    page.wait_for_timeout(500)
    heading = page.locator("#villkor")
    assert heading.count() and 0 <= heading.bounding_box()["y"] < VIEWPORT["height"]
    assert not serious_in_main(page)
    assert_clean(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_print_view_shows_the_decision_basis_without_questions_or_menu(page: Any, lang: str) -> None:
    open_page(page, ASSESSMENT, lang, **answers_to_params(WORKS))
    click_button(page, t("a.print.open", lang))
    assert query_param(page, "print") == "1"
    assert page.get_by_role("heading", name=t("a.doc.title", lang)).count()
    assert not page.get_by_text(t("a.questions", lang), exact=True).count()
    page.emulate_media(media="print")
    assert page.locator(SIDEBAR).evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".st-key-noprint-back").evaluate("e => getComputedStyle(e).display") == "none"
    page.emulate_media(media="screen")
    assert not serious_in_main(page)
    click_button(page, t("a.print.back", lang))
    assert query_param(page, "print") is None
    assert_clean(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_glossary_and_matrix_read_as_text_on_a_phone_without_serious_axe_findings(page: Any, lang: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for spec in (BY_PATH["app_pages/glossary.py"], BY_PATH["app_pages/process.py"]):
        open_page(page, spec, lang)
        assert not page.locator(f'{MAIN} [data-testid="stDataFrame"]').count(), spec.path
        width = page.locator(MAIN).evaluate("m => m.scrollWidth - m.clientWidth")
        assert width <= 1, f"{spec.path} scrolls sideways by {width}px on a phone"
        assert not serious_in_main(page), spec.path
    assert_clean(page)


def test_decision_makers_are_led_on_to_the_calculator_screening_and_evidence(page: Any) -> None:
    open_page(page, BY_PATH["app_pages/decision_makers.py"], "sv")
    links = page.locator(f'{MAIN} [data-testid="stPageLink"] a')
    hrefs = {links.nth(i).get_attribute("href") or "" for i in range(links.count())}
    assert any("calculator" in h for h in hrefs) and any("screening" in h for h in hrefs)
    assert page.get_by_role("heading", name=t("evidence.title", "sv")).count()
    choose_radio(page, "English", within=SIDEBAR)
    assert html_lang(page) == "en"
