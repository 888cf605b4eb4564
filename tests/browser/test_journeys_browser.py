"""Whole user journeys in real Chromium, each checked against the values the domain code gives.

1. A self-assessment opened from a link ends in a downloaded Word decision basis.
2. The page address shares an assessment: a second browser shows the same result.
3. A changed calculator input moves the society total as the arithmetic says.
4. An uploaded Swedish CSV plan with one broken row is screened and exported to Excel.
5. A deep link is the very first request a fresh server gets, and the whole app still appears.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import docx
import openpyxl
import pytest
from st_browser import (
    MAIN,
    TIMEOUT_S,
    VIEWPORT,
    Server,
    assert_clean,
    key_selector,
    nav_links,
    new_app_page,
    open_page,
    query_param,
    rerun,
    set_number,
    start_server,
    wait_rendered,
)

from guidance.assessment.answers_io import answers_from_params
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.calculator.calculate import calculate, load_parameters
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from ui.registry import PAGES

#: A complete set of answers as the assessment page reads them from its address.
QUERY = {
    "g": "yyyyy",
    "t": "works",
    "fw": "0",
    "da": "0",
    "v": "120000000",
    "d": "30",
    "f": "25",
    "ls": "45",
    "el": "partly",
    "m": "adequate",
    "rr": "1",
    "ll": "1",
    "bc": "1",
    "rp": "0",
    "r": "-",
    "sd": "2027-01-01",
}
#: What these answers give with the default rule set (Trafikverket's).
VERDICT = "advanced_bonus"
SCORE = "11 / 14"
PLACES = "2"
EMPLOYMENT_MONTHS = "24"
FIRST_JOB_BY = "2027-07-01"

#: A small plan as a Swedish spreadsheet exports it: semicolons, decimal comma, spaces as thousands
#: separators. The third row has no usable value or duration.
PLAN_CSV = (
    "Upphandling;Kategori;Uppskattat värde (kr);Avtalstid (mån);Årsarbetskrafter;Personalkostnadsandel (%);"
    "Ramavtal;Planerad start\n"
    "Lokalvård skolor Norr;Lokalvård;12 500 000,50;48;6,5;70;Nej;2027-09-01\n"
    "Parkskötsel Väster;Fastighetsskötsel;8 200 000;36;;;Nej;2027-04-01\n"
    "Trasig rad;Lokalvård;mycket;abc;;;Nej;2027-01-01\n"
)
GOOD_ROWS = ("Lokalvård skolor Norr", "Parkskötsel Väster")
BAD_ROW = "Trasig rad"


def metric(page: Any, label: str) -> str:
    """The value of the ``st.metric`` labelled ``label`` in the app's content."""
    box = (
        page.locator(f'{MAIN} [data-testid="stMetric"]')
        .filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
        .first
    )
    return str(box.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def open_assessment(page: Any, lang: str = "sv") -> None:
    """Open the assessment page with the answers of :data:`QUERY`."""
    open_page(page, "assessment", lang, **QUERY)


def save_download(page: Any, key: str, folder: Path) -> Path:
    """Click the download button with widget key ``key`` and save the file into ``folder``."""
    button = page.locator(f"{key_selector(key)} button").first
    button.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    with page.expect_download(timeout=TIMEOUT_S * 1000) as info:
        button.click()
    item = info.value
    assert item.failure() is None, item.failure()
    target = folder / item.suggested_filename
    item.save_as(target)
    wait_rendered(page, after=0)
    return target


def docx_text(path: Path) -> str:
    """All paragraph and table-cell text of a Word file, one line each."""
    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_query_answers_match_the_domain_result() -> None:
    """The constants above are what the domain code makes of the answers (so the journeys test the UI)."""
    answers, errors = answers_from_params(QUERY)
    assert errors == {}
    result = assess(answers)
    assert result.verdict == VERDICT
    assert f"{result.score} / {result.max_score}" == SCORE


def test_assessment_link_to_downloaded_word_file(page: Any, st_server: Server, tmp_path: Path) -> None:
    """Open the answers from a link, read the result, download the Word decision basis and read it."""
    open_assessment(page, "sv")
    verdict = load_questionnaire().verdict(VERDICT).title("sv")
    assert page.locator(MAIN).get_by_text(verdict).first.is_visible()
    assert metric(page, t("a.metric.score", "sv")) == SCORE
    assert metric(page, t("a.metric.places", "sv")) == PLACES
    assert metric(page, t("a.metric.employment", "sv")) == EMPLOYMENT_MONTHS
    assert metric(page, t("a.metric.milestone", "sv")) == FIRST_JOB_BY

    tab = page.get_by_role("tab", name=t("a.tab.download", "sv"))
    if tab.count():  # the downloads sat in a tab before the result-first layout; now they are a section
        tab.first.click()
    path = save_download(page, "assess_dl_docx", tmp_path)
    assert path.suffix == ".docx"
    text = docx_text(path)
    assert verdict in text
    employment_lines = [ln for ln in text.splitlines() if t("a.metric.employment", "sv") in ln]
    assert any(EMPLOYMENT_MONTHS in ln for ln in employment_lines), employment_lines or text[:2000]
    assert FIRST_JOB_BY in text
    assert_clean(page, st_server)


def test_shared_assessment_link_shows_the_same_result_elsewhere(new_page: Callable[[], Any], st_server: Server) -> None:
    """The address of session A, opened in a separate browser context B, reproduces A's result."""
    a = new_page()
    open_assessment(a, "en")
    shared = a.url
    shown_a = {k: metric(a, t(k, "en")) for k in ("a.metric.score", "a.metric.places", "a.metric.employment")}
    assert shown_a == {"a.metric.score": SCORE, "a.metric.places": PLACES, "a.metric.employment": EMPLOYMENT_MONTHS}
    # The page keeps the answers in its address, so the link alone carries them.
    params = {k: v[0] for k, v in parse_qs(urlparse(shared).query).items()}
    assert {k: params.get(k) for k in QUERY} == QUERY

    b = new_page()
    b.goto(shared, wait_until="domcontentloaded")
    wait_rendered(b)
    shown_b = {k: metric(b, t(k, "en")) for k in shown_a}
    assert shown_b == shown_a
    assert query_param(b, "lang") == "en"
    assert_clean(a, st_server)
    assert_clean(b, st_server)


def test_calculator_productivity_change_moves_the_society_total(page: Any, st_server: Server) -> None:
    """Raising the productivity factor from its default to 100 % raises the society total by the computed amount."""
    params = load_parameters()
    start = params.default_inputs("employment")
    before = calculate(start, params).society_total
    after = calculate(start.model_copy(update={"productivity": 1.0}), params).society_total
    assert after > before  # the value of the work grows with productivity; the costs do not

    open_page(page, "calculator", "sv")
    label = t("calc.society_metric", "sv")
    assert metric(page, label) == fmt_sek(before, "sv")
    set_number(page, t("calc.in.productivity", "sv"), 100)
    assert metric(page, label) == fmt_sek(after, "sv")
    assert_clean(page, st_server)


def test_uploaded_swedish_plan_is_screened_and_exported_to_excel(page: Any, st_server: Server, tmp_path: Path) -> None:
    """Upload a CSV with one broken row; the Excel export screens the good rows and lists the broken one."""
    open_page(page, "screening", "sv")
    option = (
        page.locator(f'{key_selector("plan.source")} [data-testid="stRadioOption"]')
        .filter(has_text=t("plan.source.upload", "sv"))
        .first
    )
    with rerun(page):
        option.click()
    file_input = page.locator(f'{key_selector("plan_upload")} input[type="file"]')
    with rerun(page):
        file_input.set_input_files(
            files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": PLAN_CSV.encode("utf-8")}]
        )
    page.locator(key_selector("plan_dl_xlsx")).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    wait_rendered(page, after=0)
    assert page.locator(MAIN).get_by_text(t("plan.problems_title", "sv")).first.is_visible()

    path = save_download(page, "plan_dl_xlsx", tmp_path)
    assert path.suffix == ".xlsx"
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    sheets = {ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    screened = sheets[t("plan.sheet.a", "sv")]
    screened_text = [str(c) for row in screened for c in row if c is not None]
    for name in GOOD_ROWS:
        assert name in screened_text, screened[:5]
    assert BAD_ROW not in screened_text
    assert len([r for r in screened[1:] if any(c is not None for c in r)]) == len(GOOD_ROWS)
    # The decimal comma and the spaces were read as one number.
    assert any(c == pytest.approx(12_500_000.5) for row in screened for c in row if isinstance(c, (int, float)))
    problems = sheets[t("plan.sheet.problems", "sv")]
    problem_cells = [str(c) for row in problems[1:] for c in row if c is not None]
    assert "mycket" in problem_cells and "abc" in problem_cells, problems
    assert_clean(page, st_server)


def test_deep_link_as_first_request_of_a_fresh_server(browser: Any) -> None:
    """A new server whose first visitor opens an English assessment link shows the full app at once."""
    server = start_server("app.py")
    ctx = None
    try:
        ctx = browser.new_context(base_url=server.url + "/", viewport=VIEWPORT, locale="en-GB")
        page = new_app_page(ctx)
        query = "&".join(f"{k}={v}" for k, v in QUERY.items())
        page.goto(f"/assessment?lang=en&{query}", wait_until="domcontentloaded")
        wait_rendered(page, timeout=120)
        assert urlparse(page.url).path.strip("/") == "assessment"
        body = page.locator("body").inner_text()
        assert "Page not found" not in body
        assert sorted(text for _, text in nav_links(page)) == sorted(t(spec.title_key, "en") for spec in PAGES)
        assert page.get_by_role("heading", name=t("page.assessment", "en")).first.is_visible()
        assert metric(page, t("a.metric.score", "en")) == SCORE
        assert_clean(page, server)
    finally:
        if ctx is not None:
            ctx.close()
        server.stop()
