"""A number field that shows and reads numbers the way the page's language writes them.

Streamlit's ``st.number_input`` (1.67) formats with printf patterns and reads what is typed with
JavaScript's ``Number()``: it can only show ``18000000`` and ``12.5``, never ``18 000 000`` or
``12,5``, and it turns a typed ``12,5`` into nothing. This field is a text input instead, as GOV.UK's
design system also recommends for numbers: it shows the value grouped and with a decimal comma in
Swedish (``18 000 000``, ``12,5``) and in English formats in English (``18,000,000``, ``12.5``), and
reads what a person types in either form (spaces between groups, a unit such as ``kr`` or ``%``).
The page frame (:mod:`ui.page_frame`) asks phones for a numeric keyboard on these fields.

Two session keys per field:

* ``key`` holds the number (``int``/``float``, ``None`` when empty). Code reads and writes this key
  as it did with a number input: a link, a saved file or a reset writes the number there and the
  text follows on the next run. When what was typed is not a number, the key holds that text
  (a ``str``) so nothing is lost; :func:`problem` then names the message to show.
* ``<key>.numtext`` is the text input's own key (what is on the screen).

A number typed as ``1500,5`` stays as typed while the language stays the same; once the page's
language changes, the field shows its number the new language's way (``1,500.5``). The language each
field's text was last shown in is kept under :data:`SHOWN_IN` for that.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import streamlit as st

from guidance.core.formatting import MAX_NUMBER_CHARS, fmt_input, parse_number
from guidance.core.i18n import parse_lang
from ui.state import lang

#: Suffix of the text input's key; the page frame gives inputs inside ``st-key-*-numtext`` a numeric keyboard.
TEXT_SUFFIX = ".numtext"
#: Message keys for a text that is not a number, and for a decimal where only whole numbers make sense.
NOT_A_NUMBER, NOT_WHOLE = "num.err.number", "num.err.whole"
#: Session key of the language each field's text was last shown or typed in (``{key: lang}``).
SHOWN_IN = "ui.number_langs"


def text_key(key: str) -> str:
    """The text input's key for the number kept under ``key``."""
    return f"{key}{TEXT_SUFFIX}"


def _read(text: str, whole: bool) -> float | int | str | None:
    """What a typed text means: a number, None when empty, or the text itself when it is not a usable number."""
    try:
        value = parse_number(text, lang())
    except ValueError:
        return text.strip()
    if value is None:
        return None
    if value.is_integer():
        return int(value) if whole else float(value)
    return text.strip() if whole else value


def _shown_in(key: str) -> str | None:
    """The language the field's text was last shown in (None before it was first shown); now it is this run's."""
    langs = st.session_state.get(SHOWN_IN)
    if not isinstance(langs, dict):
        langs = st.session_state[SHOWN_IN] = {}
    before = langs.get(key)
    langs[key] = lang()
    return before if isinstance(before, str) else None


def _commit(key: str, whole: bool) -> None:
    """Callback of the text input: keep the number typed (or the text when it is not one) under ``key``."""
    st.session_state[key] = _read(str(st.session_state.get(text_key(key)) or ""), whole)
    _shown_in(key)


def _reads_as(text: object, language: str, value: float) -> bool:
    """Whether ``text`` is ``value`` written in ``language`` (all its decimals)."""
    try:
        return isinstance(text, str) and parse_number(text, parse_lang(language)) == value
    except ValueError:
        return False


def _decimals_of(value: float) -> int:
    """The decimals ``value`` needs to be shown exactly (``0.75``: 2, ``25000.0``: 0)."""
    return len(format(Decimal(repr(value)).normalize(), "f").partition(".")[2])


def _sync(key: str, decimals: int) -> None:
    """Show the number under ``key`` in the text input unless the text already says the same in this language.

    Text from the other language is always rewritten (``1500,5`` typed on a Swedish page would
    otherwise read as the same number on the English page and stay as typed), with every decimal
    that was typed, so a switch of language never rounds what the person wrote.
    """
    value, shown = st.session_state.get(key), st.session_state.get(text_key(key))
    before = _shown_in(key)
    same_language = before in (None, lang())
    if isinstance(value, str):
        wanted = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if before is not None and not same_language and _reads_as(shown, before, value):
            decimals = max(decimals, _decimals_of(value))
        wanted = fmt_input(value, lang(), decimals)
    else:
        wanted = ""
    if shown == wanted:
        return
    if same_language and isinstance(shown, str) and not isinstance(value, str):
        try:
            now = parse_number(shown, lang())
        except ValueError:
            now = None
        if now is not None and wanted and fmt_input(now, lang(), decimals) == wanted:
            return
    st.session_state[text_key(key)] = wanted


def number_field(
    label: str,
    key: str,
    *,
    decimals: int = 2,
    whole: bool = False,
    help: str | None = None,
    placeholder: str | None = None,
    disabled: bool = False,
    container: Any = None,
) -> float | int | str | None:
    """Draw the field and return what ``key`` holds (a number, None, or unreadable text).

    Args:
        label: The field's visible label.
        key: Session key of the number (see the module docstring).
        decimals: The most decimals shown (``12,5`` shows one, ``12`` none).
        whole: Only whole numbers make sense (a decimal is kept as text and reported by :func:`problem`).
        help: The field's help text.
        placeholder: Shown while the field is empty.
        disabled: Whether the field can be changed.
        container: Where to draw it (``st`` by default, e.g. a column).
    """
    _sync(key, decimals)
    (container or st).text_input(
        label,
        key=text_key(key),
        persist_state="session",
        help=help,
        placeholder=placeholder,
        disabled=disabled,
        max_chars=MAX_NUMBER_CHARS,
        autocomplete="off",
        on_change=_commit,
        args=(key, whole),
    )
    value: float | int | str | None = st.session_state.get(key)
    return value


def problem(key: str, whole: bool = False) -> str | None:
    """The message key for the field under ``key`` when what was typed is not a (whole) number, else None."""
    value = st.session_state.get(key)
    if not isinstance(value, str):
        return None
    try:
        number = parse_number(value, lang())
    except ValueError:
        return NOT_A_NUMBER
    return NOT_WHOLE if whole and number is not None and not number.is_integer() else NOT_A_NUMBER


def set_number(key: str, value: float | int | None) -> None:
    """Put a number into the field under ``key`` (the text follows on the next run)."""
    st.session_state[key] = value
