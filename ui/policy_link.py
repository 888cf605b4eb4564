"""The plan screening's policy choices in the page address (see :mod:`guidance.screening.policy_link`).

The screening page calls :func:`read_link` and then :func:`keep_link_in_step` once at the top of each run,
after its starting values are set: widget values are already up to date when a run starts, so writing
them there keeps the address in step even when the page stops early (no plan yet, a problem in the file).
A number field that holds text or a number out of its range puts the last valid value (the one the
screening uses) into the address.
"""

from __future__ import annotations

import streamlit as st

from guidance.screening.policy_link import is_link_key, read_params, start_state, write_params
from ui.screening_policy import value_in_use
from ui.state import put_in_address, tr

#: Session key prefix of the policy widgets, the parameters last written and the notice of dropped values.
PREFIX, WRITTEN, DROPPED = "plan.", "plan_state.policy_link", "plan_state.policy_link_dropped"


def _url_params() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if is_link_key(k)}


def read_link() -> None:
    """Take over the policy of a link that was opened or edited: every field back to its start, then the link's values."""
    incoming = _url_params()
    if not incoming or incoming == st.session_state.get(WRITTEN):
        return
    values, dropped = read_params(incoming)
    for key, value in start_state().items():
        st.session_state[f"{PREFIX}{key}"] = values.get(key, value)
    st.session_state[WRITTEN] = incoming
    st.session_state[DROPPED] = bool(dropped)


def keep_link_in_step() -> None:
    """Write the policy fields that differ from their starting values into the page address."""
    state = {key: value_in_use(f"{PREFIX}{key}") for key in start_state()}
    params = write_params(state)
    put_in_address(params, _url_params(), WRITTEN)


def show_notice() -> None:
    """Say once that a link held policy values that could not be used."""
    if st.session_state.pop(DROPPED, False):
        st.warning(tr("plan.link.partly"), icon=":material/warning:")
