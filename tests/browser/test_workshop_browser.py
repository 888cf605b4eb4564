"""A whole group exercise in real Chromium: one facilitator and three participants, in Swedish and English.

The facilitator starts a workshop, three participant sessions (one on a phone-sized screen) join with
the code, answer differently and send; the facilitator's live view (refreshed by a fragment) shows
their answers, group labels as plain text, and where they disagree; the reference is revealed to
everyone and reaches the participants' open pages without a reload; a participant's resend replaces
the answer; deleting the workshop closes the code.

Answers a buyer can trust: a blank form is refused with the questions named and is not counted
(the facilitator sees the group as missing); a language switch keeps a half-filled form, including
a choice made and a number typed but not yet sent; the waiting for the reveal stops once it is shown.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from st_browser import (
    MAIN,
    Server,
    assert_clean,
    finishes,
    key_selector,
    open_page,
    query_param,
    rerun,
    run_axe,
    switch_language,
    wait_rendered,
)

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t, tn
from guidance.core.models import LANGS
from guidance.workshop.cases import load_library
from guidance.workshop.completeness import to_answer

PHONE = {"width": 390, "height": 844}
REFRESH_WAIT_S = 25.0
LIB = load_library()
QN = load_questionnaire()
#: The case a new workshop starts on (the first in the picker).
CASE = LIB.cases[0]
#: The groups' answers to the questions of the first case they answer themselves (option ids), before
#: the numbers: the case's own reference answers.
CHOICES = {
    **{g: "yes" for g in ("G1", "G2", "G3", "G4", "G5")},
    "organisation": "municipality",
    "framework": "no",
    "direct_award": "no",
    "entry_level": "yes",
    "market": "broad",
    "recurring_recruitment": "yes",
    "labour_law_needed": "yes",
    "reserved_plausible": "no",
    "bonus_capacity": "no",
}


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


def question(page: Any, qid: str) -> Any:
    """The widget of question ``qid`` in the group's form (a number's text field, ui/number_field.py)."""
    suffix = ".numtext" if QN.question(qid).kind == "number" else ""
    return page.locator(f"{MAIN} {key_selector('ws.q.' + qid + suffix)}")


def option_label(qid: str, option: str, lang: str) -> str:
    """The visible label of an option (``unknown``: "don't know")."""
    q = QN.question(qid)
    if option == "unknown" or q.kind in ("gate", "bool"):
        return t(f"a.{option}", lang)
    found = q.option(option)
    assert found is not None, (qid, option)
    return found.label(lang)


def pick(page: Any, qid: str, option: str, lang: str) -> None:
    """Choose an option of a question's radio group by its label, and wait for the (fragment) rerun."""
    opt = (
        question(page, qid)
        .locator('[data-testid="stRadioOption"]')
        .filter(has=page.get_by_text(option_label(qid, option, lang), exact=True))
    )
    with rerun(page):
        opt.first.click()


def checked(page: Any, qid: str) -> str | None:
    """The label of the chosen option of a question's radio group, or None."""
    chosen = question(page, qid).locator('[data-testid="stRadioOption"]:has(input:checked)')
    return str(chosen.first.inner_text()).strip() if chosen.count() else None


def type_number(page: Any, qid: str, value: str, commit: bool = True) -> None:
    """Type a number; commit it (Tab, wait for the rerun) unless ``commit`` is False (the focus stays)."""
    box = question(page, qid).locator("input")
    if not commit:
        box.fill(value)
        return
    with rerun(page):
        box.fill(value)
        box.press("Tab")


def type_label(page: Any, lang: str, label: str) -> None:
    """Type the group's name and commit it."""
    box = page.get_by_role("textbox", name=t("ws.label", lang))
    with rerun(page):
        box.fill(label)
        box.press("Enter")


def answer_everything(page: Any, lang: str, label: str, value_msek: str, months: str) -> None:
    """Answer every question the case leaves to the group: the reference choices, value, term, no risks."""
    type_label(page, lang, label)
    for qid, option in CHOICES.items():
        pick(page, qid, option, lang)
    type_number(page, "value_sek", value_msek)
    type_number(page, "duration_months", months)
    with rerun(page):
        page.locator(f"{MAIN} {key_selector('ws.q.risks_none')} label").click()


def answer_and_send(page: Any, lang: str, label: str, value_msek: str, months: str) -> None:
    """Answer every question the case leaves to the group, then send."""
    answer_everything(page, lang, label, value_msek, months)
    page.get_by_role("button", name=t("ws.send", lang)).click()
    wait_for_text(page, t("ws.sent", lang))


def start_workshop(new_page: Callable[[], Any], lang: str) -> tuple[Any, str]:
    """A facilitator's page on a new workshop, and its join code."""
    fac = new_page()
    open_page(fac, "workshop", lang)
    fac.get_by_role("button", name=t("ws.start_button", lang)).click()
    fac.wait_for_url(re.compile(r"[?&]fac="), timeout=30_000)
    settle(fac)
    return fac, metric(fac, t("ws.join_code", lang))


def wait_metric(page: Any, label: str, value: str, timeout: float = REFRESH_WAIT_S) -> None:
    """Wait until the metric ``label`` shows ``value`` (the facilitator's view refreshes on a timer)."""
    deadline = time.time() + timeout
    while metric(page, label) != value and time.time() < deadline:
        time.sleep(0.5)
    assert metric(page, label) == value, (label, metric(page, label))


@pytest.mark.parametrize("lang", LANGS)
def test_facilitator_sees_three_participants_answers_live(
    new_page: Callable[[], Any], st_server: Server, lang: str
) -> None:
    """Start, join x3, send, watch the live view, reveal, resend, delete -- all through the browser."""
    fac, code = start_workshop(new_page, lang)
    token = query_param(fac, "fac")
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    assert token and len(token) == 32 and code not in token

    groups = [("Bord 1", "60", "48"), ("<b>Bord 2</b>", "15", "24"), ("Bord 3", "60", "48")]
    participants = []
    for i, (label, value, months) in enumerate(groups):
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
        answer_and_send(page, lang, label, value, months)
        participants.append(page)

    # The facilitator's view updates by itself.
    wait_metric(fac, t("ws.responses", lang), "3")
    assert metric(fac, t("ws.missing_groups", lang)) == "0"
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

    # Reveal: the reference shows for the facilitator and, without a reload, for every participant.
    fac.get_by_role("button", name=t("ws.reveal_button", lang)).click()
    wait_for_text(fac, t("ws.ref.reasons", lang))
    for other in participants:
        wait_for_text(other, t("ws.ref.reasons", lang))

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


def missing_box(page: Any) -> Any:
    """The error box next to the send button that names the questions still to answer."""
    return page.locator(f'{MAIN} [data-testid="stAlertContentError"]').filter(has=page.locator("li"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_blank_form_is_refused_and_the_group_counts_as_missing(
    new_page: Callable[[], Any], st_server: Server, lang: str
) -> None:
    """Send with nothing answered: the questions are named by their text, nothing counts, the group is missing."""
    fac, code = start_workshop(new_page, lang)
    group = new_page()
    open_page(group, "workshop", lang, join=code)
    with rerun(group):
        group.get_by_role("button", name=t("ws.send", lang)).click()
    box = missing_box(group)
    box.wait_for(timeout=REFRESH_WAIT_S * 1000)
    needed = to_answer(CASE)
    text = str(box.inner_text())
    assert tn("ws.missing", len(needed), lang) in text, text
    items = [str(li).strip() for li in box.locator("li").all_inner_texts()]
    assert items == [QN.question(q).short(lang) for q in needed]
    assert not re.search(r"\bG\d\b", text), "an internal question id is shown"
    assert not group.get_by_text(t("ws.sent", lang), exact=True).count()
    violations = run_axe(group)["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical") and v["nodes_in_main"]]
    assert not serious, f"accessibility of the refused form: {serious}"
    wait_metric(fac, t("ws.missing_groups", lang), "1")
    assert metric(fac, t("ws.responses", lang)) == "0"
    assert not fac.get_by_text(t("ws.discussion_none", lang)).count()
    for page in (fac, group):
        assert_clean(page, st_server)


def test_the_reveal_reaches_a_waiting_group_without_a_reload_and_then_the_waiting_stops(
    new_page: Callable[[], Any], st_server: Server
) -> None:
    """The group's page shows the reference within a few seconds of the reveal, then stops checking."""
    lang = "sv"
    fac, code = start_workshop(new_page, lang)
    group = new_page()
    open_page(group, "workshop", lang, join=code)
    answer_and_send(group, lang, "Bord 1", "60", "48")
    wait_for_text(group, t("ws.ref_waiting", lang))
    url = group.url
    loaded = group.evaluate("performance.timeOrigin")
    with rerun(fac):
        fac.get_by_role("button", name=t("ws.reveal_button", lang)).click()
    revealed_at = time.time()
    wait_for_text(group, t("ws.ref.reasons", lang), timeout=3 * LIB.settings.participant_refresh_seconds)
    assert time.time() - revealed_at <= 3 * LIB.settings.participant_refresh_seconds
    assert group.evaluate("performance.timeOrigin") == loaded and group.url == url, "the page was reloaded"
    assert not group.get_by_text(t("ws.ref_waiting", lang)).count()
    wait_rendered(group, after=0)
    runs = finishes(group)
    time.sleep(3 * LIB.settings.participant_refresh_seconds)
    assert finishes(group) == runs, "the page keeps checking for the reveal after it was shown"
    for page in (fac, group):
        assert_clean(page, st_server)


@pytest.mark.parametrize(("first", "second"), [("sv", "en"), ("en", "sv")])
def test_switching_language_keeps_a_half_filled_form(
    new_page: Callable[[], Any], st_server: Server, first: str, second: str
) -> None:
    """Name, choices, a committed number and one still being typed survive a switch there and back."""
    _, code = start_workshop(new_page, first)
    group = new_page()
    open_page(group, "workshop", first, join=code)
    type_label(group, first, "Bord 9")
    pick(group, "G1", "yes", first)
    pick(group, "G3", "no", first)
    pick(group, "market", "thin", first)
    pick(group, "entry_level", "unknown", first)
    type_number(group, "value_sek", "60")
    type_number(group, "duration_months", "48", commit=False)  # the switch is clicked while typing
    for lang in (second, first):
        switch_language(group, lang)
        time.sleep(0.5)
        wait_rendered(group, after=0)
        assert group.get_by_role("textbox", name=t("ws.label", lang)).input_value() == "Bord 9"
        assert checked(group, "G1") == t("a.yes", lang)
        assert checked(group, "G3") == t("a.no", lang)
        assert checked(group, "market") == option_label("market", "thin", lang)
        assert checked(group, "entry_level") == t("a.unknown", lang)
        assert checked(group, "G2") is None
        assert float(question(group, "value_sek").locator("input").input_value()) == 60
        assert float(question(group, "duration_months").locator("input").input_value()) == 48
        assert query_param(group, "lang") == lang
    # What was kept is what is sent: the missing list no longer names the answered questions.
    with rerun(group):
        group.get_by_role("button", name=t("ws.send", first)).click()
    items = [str(li).strip() for li in missing_box(group).locator("li").all_inner_texts()]
    for qid in ("G1", "G3", "market", "entry_level", "value_sek", "duration_months"):
        assert QN.question(qid).short(first) not in items
    assert QN.question("G2").short(first) in items
    assert_clean(group, st_server)
