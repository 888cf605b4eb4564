"""The supplier's link in real Chromium: a buyer's contract, the supplier's report through the link, a
correction as version 2 with both versions listed, the buyer's view counting version 2, and no serious
accessibility violation on the form.

The server's follow-up database is ``followup.sqlite3`` next to its temporary workshop database
(:func:`guidance.stores.followup.database_url`), so the test registers the contract there directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from st_browser import MAIN, Server, assert_clean, click_button, open_page, rerun, run_axe, set_number, set_text

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.followup.content import load_followup_content
from guidance.stores.followup import FILE_NAME, FollowupStore
from guidance.stores.workshop import make_engine
from tests.test_followup_fixtures import contract

AXE_FAILING = ("serious", "critical")


def server_store(server: Server) -> FollowupStore:
    """The follow-up store the test server uses."""
    assert server.owned_dir is not None, "the browser tests' server runs on a temporary database"
    return FollowupStore(make_engine(f"sqlite:///{server.owned_dir / FILE_NAME}"))


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label``; the first click after a number was committed may only move the
    focus, so the box is clicked again until its list is open."""
    combo = page.get_by_role("combobox", name=label, exact=True)
    wanted = page.get_by_role("option", name=option, exact=True)
    with rerun(page):
        for _ in range(3):
            combo.click()
            try:
                wanted.wait_for(state="visible", timeout=3000)
                break
            except PlaywrightTimeout:
                continue
        wanted.click()


def set_date(page: Any, label: str, day: dt.date, elsewhere: str) -> None:
    """Type ``day`` into the date input labelled ``label`` (its year, month and day segments), then commit it
    by clicking the text ``elsewhere`` (the date input sends its value when it loses focus)."""
    segments = page.get_by_role("group", name=label, exact=True).get_by_role("spinbutton")
    with rerun(page):
        for i, value in enumerate((f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}")):
            segments.nth(i).click()
            page.keyboard.type(value)
        page.locator(MAIN).get_by_text(elsewhere, exact=True).first.click()


def test_a_supplier_reports_and_corrects_through_the_link(page: Any, st_server: Server) -> None:
    """Link -> version 1 -> correction with a reason -> version 2; both listed; the buyer sees 7.5 months counted."""
    store = server_store(st_server)
    today = dt.date.today()
    start = dt.date(today.year - 1, today.month, 1)
    register = store.create_register("Webbläsartest")
    made = store.add_contract(
        register.record.id, contract(start=start, end=dt.date(start.year + 3, start.month, 1) - dt.timedelta(days=1))
    )
    content = load_followup_content()
    employment = content.form("employment").name("sv")
    cell = t("sr.cell", "sv", category=content.category_name("long_term_unemployed")("sv"), form=employment)

    open_page(page, "supplier_report", "sv", r=made.report_token)
    assert page.get_by_text(t("sr.privacy_title", "sv")).first.is_visible()
    assert page.locator(f"{MAIN} textarea").count() == 0
    texts = page.locator(f'{MAIN} input[type="text"]').count()
    numbers = page.locator(f'{MAIN} [class*="-numtext"] input').count()
    assert numbers > 0 and texts - numbers <= 2  # number fields and the select boxes' search inputs only
    set_text(page, cell, "tre")
    limits = content.limits
    message = t("fu.num.whole_range", "sv", low="0", high=fmt_num(limits.max_people, "sv"))
    page.get_by_text(message, exact=True).first.wait_for(timeout=20_000)
    set_number(page, cell, 3)
    set_number(page, t("sr.months_label", "sv", form=employment), 9)
    set_date(page, t("sr.first_label", "sv"), start + dt.timedelta(days=10), t("sr.privacy_title", "sv"))
    click_button(page, t("sr.send", "sv"))
    page.get_by_text(t("sr.sent", "sv", version=1, period="")[:20]).first.wait_for(timeout=20_000)

    months = t("sr.months_label", "sv", form=employment)
    set_text(page, months, "7,5")  # the Swedish way
    assert page.get_by_role("textbox", name=months, exact=True).input_value() == "7,5"
    choose(page, t("sr.reason", "sv"), content.correction_reasons[0].name("sv"))
    click_button(page, t("sr.send_correction", "sv", next=2))
    page.get_by_text(t("sr.sent", "sv", version=2, period="")[:20]).first.wait_for(timeout=20_000)
    assert [r.version for r in store.reports(made.contract.id)] == [1, 2]
    assert [r.figures.months["employment"] for r in store.reports(made.contract.id)] == [9.0, 7.5]

    axe = run_axe(page)
    bad = [x for x in axe["violations"] if x["impact"] in AXE_FAILING and x["nodes_in_main"] > 0]
    assert not bad, [f"{x['impact']} {x['id']}: {x['help']} {x['targets']}" for x in bad]
    assert_clean(page, st_server)

    open_page(page, "followup", "sv", reg=register.owner_token)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=t("fu.m.employment", "sv")).first
    assert metric.inner_text().replace("\n", " ").find("7,5 / 24") >= 0
    assert_clean(page, st_server)


def test_a_link_that_does_not_work_opens_nothing(page: Any, st_server: Server) -> None:
    """A made-up token shows the message and no form."""
    open_page(page, "supplier_report", "en", r="Z" * 32)
    assert page.get_by_text(t("sr.link_unknown", "en")).first.is_visible()
    assert page.locator(f'{MAIN} [data-testid="stTextInput"]').count() == 0
    assert_clean(page, st_server)
