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


def _is_choice(value: Any) -> bool:
    """A value an option widget (radio, select box, multiselect) holds: an option id or a list of them.

    An empty text is never an option id; it is what an untouched text input holds, and writing it
    back would wipe what the user is typing into that input inside a form (see below).
    """
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, str) and v for v in value)


def keep_choices_on_language_change() -> None:
    """Callback of the language switch: keep what option widgets hold when their labels change language.

    Streamlit (1.67) keeps the value of a radio, select box or multiselect as its *displayed label*;
    when the language changes, the old label is no longer among the options and Streamlit resets the
    widget. Writing each held option id back into the session state before the page runs makes
    Streamlit show it again under its new label. Only non-empty texts and lists of them are written
    back: buttons, uploads and table edits (which Streamlit forbids setting) never hold those.

    This can only keep what the server has. Inside an ``st.form`` a choice stays in the browser,
    as its displayed label, until the form is sent, so the switch loses it: forms that people fill
    in while they might switch language (the workshop's group answers) are fragments instead, whose
    widgets report every change at once. A value written back here also replaces what a text input
    inside a form is holding unsent, so empty texts (an untouched input) are left alone.
    """
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(key, str) and key != LANG_KEY and _is_choice(value):
            st.session_state[key] = value


def put_in_address(params: dict[str, str], current: dict[str, str], written_key: str) -> None:
    """Make a tool's parameters in the page address ``params``, and remember them under ``written_key``.

    ``current`` is what the address holds of that tool's parameters now: those not in ``params`` are
    removed, the others set; parameters of other tools are left alone, and an address that already
    says the same is not written (no needless browser history entry).
    """
    if current != params:
        for key in set(current) - set(params):
            del st.query_params[key]
        st.query_params.update(params)
    st.session_state[written_key] = params
