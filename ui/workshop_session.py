"""The workshop's place in the URL and in this session: who is facilitating or taking part where.

Query parameters: ``fac`` (facilitator token), ``join`` (join code), ``p`` (participant id). The
session keeps the same under ``ws.fac``, ``ws.join`` and ``ws.pid.<code>``, so a page change and
back keeps the view. A message for the next run (after ``st.rerun``) waits under ``ws.flash``.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlparse, urlunparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from guidance.stores.workshop import StoreError, WorkshopStore, valid_token
from guidance.workshop.access import choose_participant_id, facilitated_code
from ui.state import lang, tr
from ui.workshop_form import workshop_store

FAC, JOIN, PID = "fac", "join", "p"
FAC_KEY, JOIN_KEY, FLASH_KEY, TRIED_KEY = "ws.fac", "ws.join", "ws.flash", "ws.tried"
#: Session keys (prefixes) of one workshop visit, forgotten when the user leaves it.
VISIT_KEYS = ("ws.fac", "ws.join", "ws.sent.", "ws.seeded.", "ws.q.", "ws.tried", "ws.label", "ws.delete_ok")
#: What can go wrong when the database is opened.
STORE_FAILURES = (StoreError, SQLAlchemyError, OSError)


def store() -> WorkshopStore:
    """The process's workshop store."""
    return workshop_store()


def store_available() -> bool:
    """Whether the workshop database can be opened."""
    try:
        store()
    except STORE_FAILURES:
        return False
    return True


def requested() -> tuple[str | None, str | None]:
    """The facilitator token and join code asked for: from the URL, else from this session."""
    token = st.query_params.get(FAC) or st.session_state.get(FAC_KEY)
    code = st.query_params.get(JOIN) or st.session_state.get(JOIN_KEY)
    return token, code


def link(**params: str) -> str:
    """An absolute link to the current page with ``params`` (and the language) in the query."""
    query = urlencode({**params, "lang": lang()})
    url = urlparse(st.context.url or "")
    if not url.netloc:
        return f"?{query}"
    return urlunparse((url.scheme, url.netloc, url.path, "", query, ""))


def _set_param(name: str, value: str) -> None:
    if st.query_params.get(name) != value:
        st.query_params[name] = value


def remember_facilitator(token: str) -> None:
    """Keep the facilitator token in this session and in the URL."""
    st.session_state[FAC_KEY] = token
    _set_param(FAC, token)


def forget_facilitator() -> None:
    """Drop the facilitator token from this session and the URL."""
    st.session_state.pop(FAC_KEY, None)
    st.query_params.pop(FAC, None)


def start_facilitating(token: str) -> None:
    """A new workshop was started here: keep its token, leave any workshop joined as a participant."""
    st.session_state[FAC_KEY] = token
    st.session_state.pop(JOIN_KEY, None)
    st.query_params.pop(JOIN, None)
    st.query_params[FAC] = token


def remember_join(code: str) -> None:
    """Keep the join code in this session and in the URL."""
    st.session_state[JOIN_KEY] = code
    _set_param(JOIN, code)


def forget_join() -> None:
    """Drop the join code and participant id from the URL, and the code from this session."""
    for name in (JOIN, PID):
        st.query_params.pop(name, None)
    st.session_state.pop(JOIN_KEY, None)


def participant_id(code: str) -> str:
    """This participant's id: from the URL, else this session, else a new one (written to both)."""
    key = f"ws.pid.{code}"
    pid = choose_participant_id(st.query_params.get(PID), st.session_state.get(key))
    st.session_state[key] = pid
    _set_param(PID, pid)
    return pid


def sent_key(code: str) -> str:
    """The session key that says this session has sent answers to the workshop ``code``."""
    return f"ws.sent.{code}"


def seeded_key(code: str, pid: str) -> str:
    """The session key that says the stored answers of ``pid`` were loaded into the form."""
    return f"ws.seeded.{code}.{pid}"


def flash(key: str) -> None:
    """Show the message ``key`` on the next run (after ``st.rerun``)."""
    st.session_state[FLASH_KEY] = key


def show_flash() -> None:
    """Show (once) the message left by :func:`flash`."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(tr(message))


def leave() -> None:
    """Forget the workshop in this session and in the URL."""
    for name in (FAC, JOIN, PID):
        st.query_params.pop(name, None)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(VISIT_KEYS)]:
        del st.session_state[key]


def active_code() -> str | None:
    """The join code of the workshop this session facilitates, if any (None if the store is unavailable)."""
    token = st.session_state.get(FAC_KEY)
    if not valid_token(token):
        return None
    try:
        return facilitated_code(store(), token)
    except STORE_FAILURES:
        return None
