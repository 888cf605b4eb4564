"""Who may see and change a group's answers, and the rate limits, in real Chromium.

Rules (guidance/workshop/identity.py, the issue "Hostile input and faults"): a participant link names
a group (``p``) but grants nothing; only the browser that holds the group's secret (derived from the
key in Streamlit's XSRF cookie) sees and changes its answers. So a copied link with another group's
``p`` opened in another browser shows an empty form for a new group and cannot overwrite the other
group's answers, while a reload (or a second tab) in the group's own browser keeps its answers and
its right to change them. Joining and sending are rate-limited per workshop
(content/workshop/limits.yaml); when a limit is hit the page says so in the user's language, with
the seconds to wait, and keeps the group's answers in the form.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from st_browser import (
    MAIN,
    VIEWPORT,
    Server,
    assert_clean,
    new_app_page,
    open_page,
    query_param,
    start_server,
    wait_rendered,
)
from test_workshop_browser import (
    answer_and_send,
    checked,
    metric,
    question,
    settle,
    start_workshop,
    type_number,
    wait_for_text,
    wait_metric,
)

from guidance.assessment.answers_io import answers_from_json
from guidance.core.i18n import t
from guidance.core.models import LANGS

ROOT = Path(__file__).resolve().parents[2]
#: The limits of the private server of the rate-limit tests: one new group and one send per group a minute.
TIGHT_LIMITS = {
    "window_seconds": 60,
    "joins_per_window": 1,
    "max_groups": 10,
    "sends_per_window": 10,
    "sends_per_group_per_window": 1,
}
SECONDS = {"sv": re.compile(r"(\d+) sekund(er)?\b"), "en": re.compile(r"(\d+) seconds?\b")}


def stored(server: Server) -> dict[str, float | None]:
    """Group label -> stored contract value of every submission in the server's database."""
    assert server.owned_dir is not None
    with sqlite3.connect(server.owned_dir / "workshops.sqlite3") as con:
        rows = con.execute("SELECT group_label, answers_json FROM submissions").fetchall()
    return {label: answers_from_json(answers)[0].value_sek for label, answers in rows}


def label_box(page: Any, lang: str) -> Any:
    """The group-name text box."""
    return page.get_by_role("textbox", name=t("ws.label", lang))


def value_msek(page: Any) -> str:
    """What the contract-value box holds (SEK million)."""
    return str(question(page, "value_sek").locator("input").input_value())


@pytest.mark.parametrize("lang", LANGS)
def test_a_copied_link_with_another_groups_p_cannot_see_or_overwrite_its_answers(
    new_page: Callable[[], Any], st_server: Server, lang: str
) -> None:
    """Group A's whole address, opened in another browser: a new, empty group; A's answers stay A's."""
    fac, code = start_workshop(new_page, lang)
    group_a = new_page()
    open_page(group_a, "workshop", lang, join=code)
    answer_and_send(group_a, lang, f"Bord A {lang}", "60", "48")
    pid_a = query_param(group_a, "p")
    assert pid_a

    intruder = new_page()  # another browser (its own cookies), with A's address as copied from the bar
    intruder.goto(group_a.url, wait_until="domcontentloaded")
    wait_rendered(intruder)
    wait_for_text(intruder, t("ws.link_not_yours", lang))
    assert query_param(intruder, "p") not in (None, pid_a), "the copied p was kept"
    assert label_box(intruder, lang).input_value() == ""
    assert checked(intruder, "G1") is None and value_msek(intruder) == ""
    assert not intruder.get_by_role("button", name=t("ws.send_again", lang)).count()
    assert not intruder.get_by_text(t("ws.own_title", lang)).count(), "A's result is shown to another browser"

    answer_and_send(intruder, lang, f"Bord B {lang}", "15", "24")
    wait_metric(fac, t("ws.responses", lang), "2")
    values = stored(st_server)
    assert values[f"Bord A {lang}"] == 60e6 and values[f"Bord B {lang}"] == 15e6

    # A, reloaded in its own browser, still has its own answers.
    group_a.reload()
    wait_rendered(group_a)
    assert label_box(group_a, lang).input_value() == f"Bord A {lang}"
    assert float(value_msek(group_a)) == 60
    for page in (fac, group_a, intruder):
        assert_clean(page, st_server)


def test_a_reload_and_a_second_tab_in_the_same_browser_keep_the_groups_answers(
    new_page: Callable[[], Any], st_server: Server
) -> None:
    """Same browser: after a reload, and in a second tab, the form holds the group's answers and resends replace them."""
    lang = "sv"
    fac, code = start_workshop(new_page, lang)
    group = new_page()
    open_page(group, "workshop", lang, join=code)
    answer_and_send(group, lang, "Bord R", "60", "48")
    pid = query_param(group, "p")

    group.reload()
    wait_rendered(group)
    assert query_param(group, "p") == pid
    assert label_box(group, lang).input_value() == "Bord R"
    assert checked(group, "G1") == t("a.yes", lang) and float(value_msek(group)) == 60
    assert not group.get_by_text(t("ws.link_not_yours", lang)).count()

    tab = group.context.new_page()  # a second tab: the same browser, the same cookie
    tab.goto(group.url, wait_until="domcontentloaded")
    wait_rendered(tab)
    assert label_box(tab, lang).input_value() == "Bord R" and query_param(tab, "p") == pid
    type_number(tab, "value_sek", "45")
    tab.get_by_role("button", name=t("ws.send_again", lang)).click()
    wait_for_text(tab, t("ws.sent_again", lang))
    assert stored(st_server)["Bord R"] == 45e6
    time.sleep(2)
    wait_metric(fac, t("ws.responses", lang), "1")
    for page in (fac, group, tab):
        assert_clean(page, st_server)


# --------------------------------------------------------------------------- rate limits
@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own whose content allows one new group and one send per group a minute."""
    content = tmp_path_factory.mktemp("limits") / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "workshop" / "limits.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["protection"]["rate_limits"] = TIGHT_LIMITS
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SYSSELSATTNING_CONTENT_DIR", str(content))
        server = start_server("app.py")
    yield server
    server.stop()


@pytest.fixture
def limited_page(browser: Any, limited_server: Server) -> Iterator[Callable[[], Any]]:
    """A factory of pages on the rate-limited server, each its own browser context."""
    contexts: list[Any] = []

    def make() -> Any:
        ctx = browser.new_context(base_url=limited_server.url + "/", viewport=VIEWPORT, locale="sv-SE")
        contexts.append(ctx)
        return new_app_page(ctx)

    warm = make()
    warm.goto("/", wait_until="domcontentloaded")
    wait_rendered(warm, timeout=120)
    yield make
    for ctx in contexts:
        ctx.close()


def waited_seconds(text: str, lang: str) -> int:
    """The seconds a limit message asks to wait."""
    found = SECONDS[lang].search(text)
    assert found, text
    return int(found.group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_a_rate_limit_says_so_with_the_wait_and_keeps_the_answers(
    limited_page: Callable[[], Any], limited_server: Server, lang: str
) -> None:
    """One send per group a minute: the resend is refused with the wait; a second new group waits to join."""
    fac, code = start_workshop(limited_page, lang)
    group = limited_page()
    open_page(group, "workshop", lang, join=code)
    answer_and_send(group, lang, "Bord 1", "60", "48")
    type_number(group, "value_sek", "30")
    group.get_by_role("button", name=t("ws.send_again", lang)).click()
    prefix = t("ws.limit.group_sends", lang, wait="")[:40]
    box = group.locator(f'{MAIN} [data-testid="stAlertContentError"]').filter(has_text=prefix)
    box.wait_for(timeout=30_000)
    assert 1 <= waited_seconds(str(box.inner_text()), lang) <= TIGHT_LIMITS["window_seconds"]
    assert float(value_msek(group)) == 30, "the refused answers left the form"
    assert stored(limited_server)["Bord 1"] == 60e6
    assert not group.get_by_text(t("ws.sent_again", lang), exact=True).count()

    late = limited_page()  # a second new group within the same minute
    open_page(late, "workshop", lang, join=code)
    joins = t("ws.limit.joins", lang, wait="")[:30]
    refused = late.locator(f'{MAIN} [data-testid="stAlertContentError"]').filter(has_text=joins)
    refused.wait_for(timeout=30_000)
    assert 1 <= waited_seconds(str(refused.inner_text()), lang) <= TIGHT_LIMITS["window_seconds"]
    assert late.get_by_role("button", name=t("ws.retry_button", lang)).count() == 1
    assert not late.get_by_role("button", name=t("ws.send", lang)).count(), "the form opened despite the limit"
    wait_metric(fac, t("ws.responses", lang), "1")
    assert metric(fac, t("ws.missing_groups", lang)) == "0"
    settle(late)
    for page in (fac, group, late):
        assert_clean(page, limited_server)
