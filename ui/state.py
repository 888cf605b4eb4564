"""Session state helpers: the current language and widget starting values.

Widgets that hold what the user entered pass ``persist_state="session"``, so Streamlit itself keeps
their values when the user leaves the page and comes back.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.core.i18n import parse_lang, t
from guidance.core.models import Lang

LANG_KEY = "ui.lang"


def lang() -> Lang:
    """The language of the current session (Swedish unless the user chose English)."""
    return parse_lang(st.session_state.get(LANG_KEY))


def tr(key: str, **values: Any) -> str:
    """The UI string ``key`` in the session's language."""
    return t(key, lang(), **values)


def default(key: str, value: Any) -> None:
    """Give a widget key its starting value once; widgets then take no ``value=`` argument."""
    if key not in st.session_state:
        st.session_state[key] = value
