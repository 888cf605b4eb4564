"""The calculator's state in the page address (see :mod:`guidance.calculator.link_state`).

A field's link key is its session key without ``calc.``. :func:`read_link` takes over a link that was
opened or edited: every field goes back to its starting value, then takes the link's value, so the page
shows exactly what the sender saw. :func:`keep_link_in_step` writes the current state at the end of each
run, so a reload keeps it and the address can be shared.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.calculator.adjust import AdjustmentDefaults
from guidance.calculator.dated import ParameterBook
from guidance.calculator.link_state import DATE_KEY, is_link_key, read_date, read_params, start_state, write_params
from guidance.calculator.page_settings import PageSettings
from guidance.calculator.parameters import ParameterError, ParameterSet
from ui.calculator.state import DATE, PARAMS_FROM, PREFIX
from ui.state import put_in_address, tr

#: Session keys: the link parameters last written, and whether the last link had values that were dropped.
WRITTEN, DROPPED = "calc._link", "calc._link_dropped"


def _url_params() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if is_link_key(k)}


def _session_key(link_key: str) -> str:
    return f"{PREFIX}{link_key}"


def read_link(book: ParameterBook, settings: PageSettings, adjustment: AdjustmentDefaults) -> None:
    """Take over a link that was opened or edited (not the address this page wrote); call before the date is used."""
    incoming = _url_params()
    if not incoming or incoming == st.session_state.get(WRITTEN):
        return
    day, date_dropped = read_date(incoming, book)
    s = st.session_state
    if day is not None:
        s[DATE] = day
    try:
        base = book.at(s.get(DATE))
    except ParameterError:  # a session date the book cannot use: the page falls back to today on its own
        return
    for key in [k for k in s if isinstance(k, str) and k.startswith(PREFIX)]:
        link_key = key[len(PREFIX) :]
        if link_key != DATE_KEY and is_link_key(link_key):  # back to the starting value (texts follow)
            del s[key]
    s.pop(PARAMS_FROM, None)
    values, dropped = read_params(incoming, base, settings, adjustment)
    for key, value in values.items():
        s[_session_key(key)] = value
    s[WRITTEN] = incoming
    s[DROPPED] = bool(dropped) or date_dropped


def show_notice() -> None:
    """Say once that a link held values that could not be used."""
    if st.session_state.pop(DROPPED, False):
        st.warning(tr("calc.link.partly"), icon=":material/warning:")


def keep_link_in_step(base: ParameterSet, settings: PageSettings, adjustment: AdjustmentDefaults) -> None:
    """Write the date and every field that differs from its starting value into the page address."""
    start = start_state(base, settings, adjustment)
    state: dict[str, Any] = {key: st.session_state.get(_session_key(key)) for key in start}
    params = write_params(state, start, st.session_state.get(DATE))
    put_in_address(params, _url_params(), WRITTEN)
