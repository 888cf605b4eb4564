"""Documents in Chromium: a file that cannot be made says so in the user's language; control characters
in a procurement's name no longer stop the Word decision basis.

Streamlit makes the file of ``st.download_button(data=callable)`` on click, outside the page run; before,
a failure there gave the user nothing at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from st_browser import TIMEOUT_S, Server, key_selector, new_app_page, open_page, set_text, wait_rendered

from guidance.core.i18n import t

#: A complete assessment, as the page reads it from its address (the journeys' works contract).
QUERY = {"g": "yyyyy", "t": "works", "fw": "0", "da": "0", "v": "120000000", "d": "30", "f": "25", "ls": "45",
         "el": "partly", "m": "adequate", "rr": "1", "ll": "1", "bc": "1", "rp": "0", "r": "-", "sd": "2027-01-01"}  # fmt: skip


def click_download(page: Any, key: str, folder: Path, timeout_ms: int = 30_000) -> Path | None:
    """Click the download button ``key``; the saved file, or None when no download started in ``timeout_ms``."""
    button = page.locator(f"{key_selector(key)} button").first
    button.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    try:
        with page.expect_download(timeout=timeout_ms) as info:
            button.click()
    except Exception:
        wait_rendered(page, after=0)
        return None
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    wait_rendered(page, after=0)
    return target


def test_a_file_that_cannot_be_made_gives_a_message(
    harness_server: Server, hostile_browser: Any, tmp_path: Path
) -> None:
    """The broken file downloads nothing and the page says so in Swedish; the working one downloads."""
    context = hostile_browser.new_context(base_url=harness_server.url + "/", accept_downloads=True)
    try:
        page = new_app_page(context)
        page.goto("/", wait_until="domcontentloaded")
        wait_rendered(page, timeout=120)
        message = t("dl.failed", "sv", name="Trasig fil")
        assert page.get_by_text(message).count() == 0
        assert click_download(page, "dl_broken", tmp_path, timeout_ms=8_000) is None
        page.get_by_text(message).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
        saved = click_download(page, "dl_ok", tmp_path)
        assert saved is not None and saved.read_bytes() == b"hel"
        assert page.get_by_text(t("dl.failed", "sv", name="Hel fil")).count() == 0
    finally:
        context.close()


def test_control_characters_in_the_name_still_give_a_word_document(
    app_server: Server, hostile_browser: Any, tmp_path: Path
) -> None:
    """A name with a vertical tab and a control character: the Word file is made, the name kept readable."""
    context = hostile_browser.new_context(base_url=app_server.url + "/", accept_downloads=True)
    try:
        page = new_app_page(context)
        open_page(page, "assessment", "sv", **QUERY)
        set_text(page, t("a.name", "sv"), "Skola\x0bNorr\x01 [x](http://evil.example)")
        tab = page.get_by_role("tab", name=t("a.tab.download", "sv"))
        if tab.count():  # the downloads sit in a tab in some layouts of the page
            tab.first.click()
        saved = click_download(page, "assess_dl_docx", tmp_path)
        assert saved is not None and saved.suffix == ".docx"
        title = docx.Document(str(saved)).paragraphs[0].text
        assert "Skola Norr" in title and "[x](http://evil.example)" in title
        assert page.get_by_text(t("dl.failed", "sv", name=t("a.dl.docx", "sv"))).count() == 0
    finally:
        context.close()
