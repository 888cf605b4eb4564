"""Session state helpers: the current language and answers that survive reruns and page changes."""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.i18n import parse_lang, t
from guidance.models import Lang

LANG_KEY = "ui.lang"
#: Widget keys with these prefixes belong to the user and are kept when a page is left and revisited.
PERSISTENT_PREFIXES: tuple[str, ...] = ("a.", "calc.", "plan.", "ws.", "role.", "proc.", "gl.")


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


def keep_user_state() -> None:
    """Re-assign the user's widget values so Streamlit keeps them while their page is not shown."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(PERSISTENT_PREFIXES):
            st.session_state[key] = st.session_state[key]
