"""Make sure every page runs inside the app's frame (navigation, language switch)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure_frame() -> None:
    """Run the page through ``app.py`` when Streamlit started it without the frame.

    The page files live in ``pages/``. Until ``app.py`` has called ``st.navigation`` in a process,
    Streamlit treats that folder as its legacy multipage layout, so a deep link such as
    ``/assessment?...`` opened first on a freshly started server would run the page bare: no
    navigation, no language switch. Here the bare run executes ``app.py`` instead, which routes the
    same URL (query parameters and widget events included) exactly as for every later visitor,
    and then ends the bare run.
    """
    if not PagesManager.uses_pages_directory:
        return
    code = compile(APP.read_text(encoding="utf-8"), str(APP), "exec")
    exec(code, {"__name__": "__main__", "__file__": str(APP)})  # noqa: S102 - our own entry point
    st.stop()
