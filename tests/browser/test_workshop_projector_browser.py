"""The workshop in the room, in real Chromium: projector mode, the QR code, group names, number formats.

Projector mode (``?projector=true``) hides the sidebar and shows the join code large with a QR code of
the join link and the link as text, at 1366x768 and 1920x1080, and a reload keeps it. Every slide of
the presentation fits those screens in projector mode (nothing below the fold), and the group-exercise
slide shows the code it asks the groups to enter. Unnamed groups appear under their memorable names on
the facilitator's screen and their own; the group form writes numbers the page's way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from st_browser import (
    MAIN,
    SIDEBAR,
    Server,
    assert_clean,
    key_selector,
    open_page,
    query_param,
    rerun,
    wait_rendered,
)
from test_workshop_browser import answer_and_send, metric, question, start_workshop, wait_for_text

from guidance.core.formatting import fmt_input
from guidance.core.i18n import t
from guidance.workshop.cases import load_library
from guidance.workshop.names import memorable_name, name_slots

LIB = load_library()
SCREENS = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
EXERCISE = next(i for i, s in enumerate(LIB.slides) if s.id == "exercise")
#: Pixels a slide may reach past the viewport's bottom edge (sub-pixel rounding of borders).
EDGE_PX = 1

SLIDE_BOX_JS = """() => {
  const slide = document.querySelector('.st-key-slide');
  const r = slide.getBoundingClientRect();
  const texts = [...slide.querySelectorAll('p, li, h1, h2, h3')].filter((e) => e.scrollWidth > e.clientWidth + 1);
  return {top: r.top, bottom: r.bottom, right: r.right, width: innerWidth, height: innerHeight,
          clipped: texts.map((e) => e.innerText.slice(0, 60))};
}"""


def sidebar_hidden(page: Any) -> bool:
    """Whether the sidebar takes no room and cannot be seen."""
    box = page.locator(SIDEBAR).bounding_box() if page.locator(SIDEBAR).count() else None
    return box is None or box["width"] == 0 or not page.locator(SIDEBAR).is_visible()


def join_panel_shows(page: Any, code: str, lang: str) -> str:
    """Assert the panel shows ``code`` in view, the QR image and the join link as text; return the link."""
    panel = page.locator(f"{MAIN} .st-key-ws-join")
    value = panel.locator('[data-testid="stMetricValue"]').first
    assert value.inner_text().strip() == code
    link = panel.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert link.endswith(f"/workshop?join={code}&lang={lang}"), link
    image = panel.locator('[data-testid="stImage"] img').first
    image.wait_for(state="visible")
    assert image.get_attribute("alt") == t("ws.qr_alt", lang, link=link)
    assert panel.get_by_text(t("ws.qr_caption", lang), exact=True).is_visible()
    viewport = page.viewport_size
    for box in (value.bounding_box(), image.bounding_box()):
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    return link


@pytest.mark.parametrize("screen", list(SCREENS))
def test_projector_mode_shows_a_large_code_and_qr_without_the_sidebar(
    new_page: Callable[[], Any], st_server: Server, screen: str
) -> None:
    """The facilitator turns projector mode on: no sidebar, a code readable across a room, the QR and link."""
    lang = "sv"
    fac, code = start_workshop(new_page, lang)
    fac.set_viewport_size(SCREENS[screen])
    assert not sidebar_hidden(fac)
    with rerun(fac):
        fac.locator(f"{MAIN} {key_selector('projector')} label").click()
    time.sleep(0.5)
    wait_rendered(fac, after=0)
    assert query_param(fac, "projector") == "true"
    assert sidebar_hidden(fac)
    link = join_panel_shows(fac, code, lang)
    size = fac.locator(f"{MAIN} .st-key-ws-join [data-testid='stMetricValue'] p").evaluate(
        "(e) => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 56, f"the join code is {size}px high"
    # What is only for the facilitator stays off the shared screen.
    assert not fac.get_by_text(t("ws.fac_link_title", lang)).count()
    assert not fac.get_by_text(t("ws.notes_title", lang)).count()
    # A reload keeps the mode (it is in the URL).
    fac.reload()
    wait_rendered(fac)
    assert sidebar_hidden(fac)
    assert join_panel_shows(fac, code, lang) == link
    assert_clean(fac, st_server)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_slide_fits_the_projector_and_the_exercise_slide_shows_the_code(
    new_page: Callable[[], Any], st_server: Server, screen: str
) -> None:
    """Slides in projector mode end above the screen's bottom edge with no text cut off sideways."""
    lang = "en" if screen == "1366x768" else "sv"
    fac, code = start_workshop(new_page, lang)
    fac.set_viewport_size(SCREENS[screen])
    fac.locator(f'{SIDEBAR} [data-testid="stSidebarNav"] a[href$="/presentation"]').click()
    fac.wait_for_url("**/presentation**")
    wait_for_text(fac, LIB.slides[0].title(lang))
    wait_rendered(fac, after=0)
    with rerun(fac):
        fac.locator(f"{MAIN} {key_selector('projector')} label").click()
    time.sleep(0.5)
    wait_rendered(fac, after=0)
    assert sidebar_hidden(fac)
    for index, slide in enumerate(LIB.slides):
        wait_for_text(fac, slide.title(lang))
        box = fac.evaluate(SLIDE_BOX_JS)
        assert box["bottom"] <= box["height"] + EDGE_PX, f"slide {index + 1} ({slide.id}) ends at {box}"
        assert box["right"] <= box["width"] and not box["clipped"], f"slide {index + 1}: {box}"
        if index == EXERCISE:
            join_panel_shows(fac, code, lang)
        if index + 1 < len(LIB.slides):
            with rerun(fac):
                fac.get_by_role("button", name=t("ws.pres.next", lang)).click()
    assert_clean(fac, st_server)


def test_unnamed_groups_get_their_memorable_names_everywhere(new_page: Callable[[], Any], st_server: Server) -> None:
    """Two groups send without a name: the facilitator lists them by name; each group sees its own."""
    lang = "sv"
    fac, code = start_workshop(new_page, lang)
    pids, groups = [], []
    for _ in range(2):
        group = new_page()
        open_page(group, "workshop", lang, join=code)
        answer_and_send(group, lang, " ", "60", "48")  # a blank name: the group stays unnamed
        pids.append(query_param(group, "p"))
        groups.append(group)
    slots = name_slots([p for p in pids if p], len(LIB.group_names.names))
    names = [memorable_name(slots[p], LIB.group_names, lang) for p in pids if p]
    assert len(set(names)) == 2
    wait_for_text(fac, t("ws.answered_by", lang, groups=" · ".join(names)))
    assert not fac.get_by_text("utan namn").count()
    for group, name in zip(groups, names, strict=True):
        wait_for_text(group, t("ws.own_name", lang, name=name))
        assert_clean(group, st_server)
    assert metric(fac, t("ws.responses", lang)) == "2"


@pytest.mark.parametrize(("first", "second"), [("sv", "en"), ("en", "sv")])
def test_the_group_form_writes_numbers_the_pages_way(
    new_page: Callable[[], Any], st_server: Server, first: str, second: str
) -> None:
    """1500.5 million typed the page's way is accepted and sent; opened again, the form shows it as
    ``1 500,5`` on a Swedish page and ``1,500.5`` on an English one."""
    _, code = start_workshop(new_page, first)
    group = new_page()
    open_page(group, "workshop", first, join=code)
    answer_and_send(group, first, "Bord 1", "1500,5" if first == "sv" else "1500.5", "48")
    pid = query_param(group, "p")
    assert pid
    expected = {"sv": "1\u00a0500,5", "en": "1,500.5"}
    for lang in (first, second):
        open_page(group, "workshop", lang, join=code, p=pid)
        shown = question(group, "value_sek").locator("input").input_value()
        assert shown == fmt_input(1500.5, lang, 1) == expected[lang], (lang, shown)
    assert_clean(group, st_server)
