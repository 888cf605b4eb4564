"""A whole group exercise in real Chromium: one facilitator and three participants, in Swedish and English.

The facilitator starts a workshop, three participant sessions (one on a phone-sized screen) join with
the code, answer differently and send; the facilitator's live view (refreshed by a fragment) shows
their answers, group labels as plain text, and where they disagree; the reference is revealed to
everyone; a participant's resend replaces the answer; deleting the workshop closes the code.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from st_browser import MAIN, Server, assert_clean, open_page, query_param, wait_rendered

from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from guidance.core.models import LANGS
from guidance.workshop.cases import load_library

PHONE = {"width": 390, "height": 844}
REFRESH_WAIT_S = 25.0
LIB = load_library()


def wait_for_text(page: Any, text: str, timeout: float = REFRESH_WAIT_S) -> None:
    """Wait until ``text`` is visible in the app's content (live parts refresh on a timer)."""
    page.locator(MAIN).get_by_text(text, exact=False).first.wait_for(state="visible", timeout=timeout * 1000)


def settle(page: Any) -> None:
    """Let a click's rerun start, then wait until the page is quiet again."""
    time.sleep(0.5)
    wait_rendered(page, after=0)


def metric(page: Any, label: str) -> str:
    """The value of the ``st.metric`` labelled ``label``."""
    box = (
        page.locator('[data-testid="stMetric"]')
        .filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
        .first
    )
    return str(box.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def radios(page: Any) -> Any:
    """The radio groups of the answer form (not the language switch in the sidebar)."""
    return page.locator(f'{MAIN} [data-testid="stRadio"]')


def pick(page: Any, group: int, option: int) -> None:
    """Choose option ``option`` of radio group ``group`` (both 0-based, form order)."""
    radios(page).nth(group).locator('[data-testid="stRadioOption"]').nth(option).click()


def answer_and_send(page: Any, lang: str, label: str, contract: int, value_msek: str, months: str) -> None:
    """Fill the form: gates yes, a contract type, value, duration, FTE, share, no risks; then send."""
    page.get_by_role("textbox", name=t("ws.label", lang)).fill(label)
    for gate in range(5):
        pick(page, gate, 0)
    pick(page, 5, contract)
    pick(page, 6, 1)  # not a framework agreement
    pick(page, 7, 1)  # not a direct award
    numbers = page.locator(f'{MAIN} [data-testid="stNumberInput"] input')
    for i, value in enumerate((value_msek, months, "30", "80")):
        numbers.nth(i).fill(value)
    page.locator(".st-key-ws-q-risks_none label").click()
    page.get_by_role("button", name=t("ws.send", lang)).click()
    wait_for_text(page, t("ws.sent", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_facilitator_sees_three_participants_answers_live(
    new_page: Callable[[], Any], st_server: Server, lang: str
) -> None:
    """Start, join x3, send, watch the live view, reveal, resend, delete -- all through the browser."""
    fac = new_page()
    open_page(fac, "workshop", lang)
    fac.get_by_role("button", name=t("ws.start_button", lang)).click()
    fac.wait_for_url(re.compile(r"[?&]fac="), timeout=30_000)
    settle(fac)
    token = query_param(fac, "fac")
    code = metric(fac, t("ws.join_code", lang))
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    assert token and len(token) == 32 and code not in token

    groups = [("Bord 1", 0, "60", "48"), ("<b>Bord 2</b>", 0, "15", "24"), ("Bord 3", 1, "60", "48")]
    participants = []
    for i, (label, contract, value, months) in enumerate(groups):
        page = new_page()
        if i == 0:
            page.set_viewport_size(PHONE)
        if i == 1:  # typed in lower case on the start view
            open_page(page, "workshop", lang)
            page.get_by_role("textbox", name=t("ws.code_label", lang)).fill(code.lower())
            page.get_by_role("button", name=t("ws.join_button", lang)).click()
            page.wait_for_url(re.compile(r"[?&]join="), timeout=30_000)
            settle(page)
        else:  # the participant link
            open_page(page, "workshop", lang, join=code)
        assert query_param(page, "p"), "the participant id is not in the URL"
        assert not page.get_by_text(t("ws.notes_title", lang)).count(), "facilitator notes leaked to a participant"
        answer_and_send(page, lang, label, contract, value, months)
        participants.append(page)

    # The facilitator's view updates by itself.
    deadline = time.time() + REFRESH_WAIT_S
    while metric(fac, t("ws.responses", lang)) != "3" and time.time() < deadline:
        time.sleep(0.5)
    assert metric(fac, t("ws.responses", lang)) == "3"
    wait_for_text(fac, t("ws.discussion_title", lang))
    # Their answers: the contract value differs (15 vs 60 million), so it is a discussion point with
    # its distribution; the group labels are listed as plain text (markup shown, not rendered).
    wait_for_text(fac, f"{fmt_sek(15e6, lang)}: 1")
    wait_for_text(fac, f"{fmt_sek(60e6, lang)}: 2")
    for label, *_ in groups:
        wait_for_text(fac, label)
    assert fac.locator(f"{MAIN} b", has_text="Bord 2").count() == 0
    fac.locator(f'{MAIN} [data-testid="stRadioOption"]').filter(has_text=t("ws.tab.groups", lang)).click()
    fac.locator(f'{MAIN} [data-testid="stDataFrame"]:visible').first.wait_for(timeout=REFRESH_WAIT_S * 1000)

    # Reveal: the reference shows for the facilitator and, after a reload, for a participant.
    fac.get_by_role("button", name=t("ws.reveal_button", lang)).click()
    wait_for_text(fac, t("ws.ref.reasons", lang))
    other = participants[2]
    other.reload()
    wait_rendered(other)
    wait_for_text(other, t("ws.ref_title", lang))

    # A resend (or reconnect with the same link) replaces the answer; the count stays 3.
    first = participants[0]
    first.reload()
    wait_rendered(first)
    first.get_by_role("button", name=t("ws.send_again", lang)).click()
    wait_for_text(first, t("ws.sent_again", lang))
    time.sleep(LIB.settings.refresh_seconds + 1)
    assert metric(fac, t("ws.responses", lang)) == "3"
    for page in (fac, *participants):
        assert_clean(page, st_server)

    # Delete: the code stops working at once.
    fac.locator(".st-key-ws-delete_ok label").click()
    settle(fac)
    fac.get_by_role("button", name=t("ws.delete_button", lang)).click()
    wait_for_text(fac, t("ws.deleted", lang))
    late = new_page()
    open_page(late, "workshop", lang, join=code)
    wait_for_text(late, t("ws.code_unknown", lang))
