"""Every registered page renders in Swedish and English under Streamlit's AppTest.

The list of pages comes from ``ui.registry.PAGES``, so a page added there is tested here
without touching this file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guidance.core.i18n import t
from guidance.core.models import LANGS
from ui.registry import PAGES, PageSpec
from ui.state import LANG_KEY

ROOT = Path(__file__).resolve().parents[2]
CASES = [pytest.param(spec, lang, id=f"{spec.url_path}-{lang}") for spec in PAGES for lang in LANGS]


def page_texts(at: AppTest) -> list[str]:
    """The headings and text blocks the run produced (main area and sidebar)."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        out += [str(el.value) for el in getattr(at, kind)]
    return out


def test_every_page_file_exists() -> None:
    """Each registered page points at an existing file and has a unique URL path."""
    missing = [spec.path for spec in PAGES if not (ROOT / spec.path).is_file()]
    assert not missing, f"registered but missing: {missing}"
    paths = [spec.url_path for spec in PAGES]
    assert len(paths) == len(set(paths)), f"duplicate url_path in ui/registry.py: {paths}"


@pytest.mark.parametrize(("spec", "lang"), CASES)
def test_page_renders_without_exception_and_shows_its_title(
    app_test: Callable[..., AppTest], spec: PageSpec, lang: str
) -> None:
    """The page runs to the end in ``lang`` and names itself with its translated title."""
    at = app_test(spec, lang)
    assert not at.exception, f"{spec.path} [{lang}]: {[e.value for e in at.exception]}"
    assert at.session_state[LANG_KEY] == lang, "the language changed when the page was switched"
    errors = [str(e.value) for e in at.error]
    assert not any("could not be read" in e for e in errors), errors
    title = t(spec.title_key, lang)
    assert title != spec.title_key, f"no UI string for {spec.title_key}"
    # The start page is the app's front page: its heading is the app's name, its nav label is "Start".
    names = {title, t("app.title", lang)} if spec == PAGES[0] else {title}
    texts = page_texts(at)
    assert any(name in text for name in names for text in texts), (
        f"{spec.path} [{lang}]: the page title {title!r} appears nowhere on the page; "
        f"headings: {[str(el.value) for el in at.title] + [str(el.value) for el in at.header]}"
    )
