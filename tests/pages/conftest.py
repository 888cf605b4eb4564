"""The AppTest page tests open a page of the app the way a user does: ``app_test(page, lang, **query)``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.registry import PAGES, PageSpec
from ui.state import LANG_KEY

APP = Path(__file__).resolve().parents[2] / "app.py"


def page_spec(page: str | PageSpec) -> PageSpec:
    """The registered page for ``page``: a :class:`PageSpec`, its ``url_path`` or its file path."""
    if isinstance(page, PageSpec):
        return page
    for spec in PAGES:
        if page in (spec.url_path, spec.path):
            return spec
    raise KeyError(f"no page {page!r} in ui/registry.py; known: {[spec.url_path for spec in PAGES]}")


@pytest.fixture()
def app_test() -> Callable[..., AppTest]:
    """A function that opens a page: ``app_test(page, lang="sv", *, state=None, **query)``.

    It runs ``app.py`` in ``lang`` with ``query`` in the URL, puts ``state`` into the session (as an
    earlier page would), switches to ``page`` (a url_path such as ``"assessment"``, a file path such
    as ``"app_pages/assessment.py"``, or a :class:`PageSpec` from ``ui/registry.py``) and runs again.
    Both runs must end without an exception. Returns the :class:`AppTest` on that page.
    """

    def open_page(
        page: str | PageSpec, lang: str = "sv", *, state: Mapping[str, Any] | None = None, **query: str
    ) -> AppTest:
        spec = page_spec(page)
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state[LANG_KEY] = lang
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, f"app.py failed before switching page: {[e.value for e in at.exception]}"
        for key, value in (state or {}).items():
            at.session_state[key] = value
        at.switch_page(spec.path)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, f"{spec.path} [{lang}]: {[e.value for e in at.exception]}"
        return at

    return open_page
