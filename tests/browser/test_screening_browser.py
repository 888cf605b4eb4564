"""A plan as people write it, screened in Chromium: the check before screening, a category mapped in the
page and kept in the link, and the Excel file accounting for every row."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from st_browser import (
    MAIN,
    TIMEOUT_S,
    Server,
    assert_clean,
    key_selector,
    open_page,
    query_param,
    rerun,
    run_axe,
    wait_rendered,
)

from guidance.core.i18n import t
from tests.unit.test_plan_quirks import cp1252_csv
from ui.screening_check import category_widget_key as cat_key

#: axe-core impacts that fail the test (as in test_pages_browser.py).
AXE_FAILING = ("serious", "critical")


def upload_plan(page: Any, name: str, data: bytes, lang: str = "sv") -> None:
    option = (
        page.locator(f'{key_selector("plan.source")} [data-testid="stRadioOption"]')
        .filter(has_text=t("plan.source.upload", lang))
        .first
    )
    with rerun(page):
        option.click()
    with rerun(page):
        page.locator(f'{key_selector("plan_upload")} input[type="file"]').set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
        )
    page.locator(key_selector("plan_dl_xlsx")).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    wait_rendered(page, after=0)


def choose(page: Any, key: str, option: str) -> None:
    """Type ``option`` into the select box with widget key ``key`` and pick it (long lists scroll)."""
    box = page.locator(f"{key_selector(key)} input").first
    with rerun(page):
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).click()


def save_xlsx(page: Any, folder: Path) -> openpyxl.Workbook:
    button = page.locator(f"{key_selector('plan_dl_xlsx')} button").first
    with page.expect_download(timeout=TIMEOUT_S * 1000) as info:
        button.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    wait_rendered(page, after=0)
    return openpyxl.load_workbook(io.BytesIO(target.read_bytes()))


def test_a_windows_1252_plan_with_a_title_and_tkr_is_screened_right_first_time(
    page: Any, st_server: Server, tmp_path: Path
) -> None:
    """Title rows, "(tkr)" and "(år)", the organisation's own category words and a totals row."""
    open_page(page, "screening", "sv")
    upload_plan(page, "plan.csv", cp1252_csv())
    main = page.locator(MAIN)
    assert main.get_by_text(t("plan.reading_title", "sv"), exact=True).first.is_visible()
    assert main.get_by_text("Kolumnrubrikerna står på rad 4").first.is_visible()

    label = page.locator(f"{key_selector(cat_key('vägunderhåll'))} [data-testid='stWidgetLabel']").first
    assert label.inner_text().strip() == "”Vägunderhåll” (rader: 1)"
    choose(page, cat_key("vägunderhåll"), "Bygg och anläggning")
    assert query_param(page, "pcat") == "vägunderhåll=construction"

    violations = run_axe(page)["violations"]
    bad = [v for v in violations if v["impact"] in AXE_FAILING and v["nodes_in_main"] > 0]
    assert not bad, [f"{v['impact']} {v['id']}: {v['help']} {v['targets']}" for v in bad]

    book = save_xlsx(page, tmp_path)
    screened = [[c.value for c in r] for r in book[t("plan.sheet.a", "sv")].iter_rows()]
    header = screened[0]
    rows = {r[header.index("Upphandling")]: r for r in screened[1:]}
    assert rows["Lokalvård skolor Söder"][header.index("Värde (kr)")] == 24_500_000
    assert rows["Beläggning gator"][header.index("Avtalstid (mån.)")] == 48
    assert rows["Beläggning gator"][header.index("Kategori")] == "Bygg och anläggning"
    reading = [r[0].value for r in book[t("plan.sheet.reading", "sv")].iter_rows(min_row=2)]
    assert reading[-1] == t("plan.counts", "sv", total="5", screened="4", to_fix="0", skipped="1", not_read="0")
    fix = [[c.value for c in r] for r in book[t("plan.sheet.problems", "sv")].iter_rows(min_row=2)]
    assert any(r[0] == 9 and r[2] == "Summa" for r in fix), fix
    assert_clean(page, st_server)


def test_a_link_with_category_words_maps_the_plan_it_is_opened_with(page: Any, st_server: Server) -> None:
    open_page(page, "screening", "en", pcat="vägunderhåll=construction")
    upload_plan(page, "plan.csv", cp1252_csv(), "en")
    assert query_param(page, "pcat") == "vägunderhåll=construction"
    label = page.locator(MAIN).get_by_text("“vägunderhåll” (mapped by you)").first
    assert label.is_visible()
    assert_clean(page, st_server)


def test_policy_numbers_are_shown_and_read_the_way_the_page_writes_them(page: Any, st_server: Server) -> None:
    """The sample plan's scenario A starts at 5,0 mnkr; 2,5 is read as 2.5, and text is refused at the field."""
    open_page(page, "screening", "sv")
    field = page.locator(f"{MAIN} {key_selector('plan.a.min_value.numtext')} input").first
    field.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    assert field.input_value() == "5,0"
    with rerun(page):
        field.fill("2,5")
        field.press("Enter")
    assert query_param(page, "a.min_value") == "2.5"
    with rerun(page):
        field.fill("abc")
        field.press("Enter")
    main = page.locator(MAIN)
    assert main.get_by_text(t("num.err.number", "sv"), exact=True).first.is_visible()
    assert main.get_by_text(t("plan.err.kept", "sv"), exact=True).first.is_visible()
    assert query_param(page, "a.min_value") == "2.5"  # the address keeps the value the results use
    assert_clean(page, st_server)
