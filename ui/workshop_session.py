"""The workshop's place in the URL and in this session: who is facilitating or taking part where.

Query parameters: ``fac`` (facilitator token), ``join`` (join code), ``p`` (participant id). The
session keeps the same under ``ws.fac``, ``ws.join`` and ``ws.pid.<code>``, so a page change and
back keeps the view. A message for the next run (after ``st.rerun``) waits under ``ws.flash``.

The participant id in the URL only names a group. Whether this browser may see and change that
group's answers is decided by its participant secret (:mod:`guidance.workshop.identity`): derived
from the key in Streamlit's XSRF cookie (``st.context.cookies``: the same for every reload and tab of
this browser, never in a URL), or, without that cookie, from a seed kept in this session only
(``ws.seed``). ``ws.pid.<code>`` holds only an id this session has proved to be its own.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlparse, urlunparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from guidance.stores.workshop import StoreError, Workshop, WorkshopStore, valid_participant, valid_token
from guidance.workshop.access import facilitated_code
from guidance.workshop.identity import XSRF_COOKIE, Joined, browser_key, join_workshop, new_seed, participant_secret
from ui.state import lang, tr
from ui.workshop_form import workshop_store

FAC, JOIN, PID = "fac", "join", "p"
#: The workshop page's address (its file name, see :attr:`ui.registry.PageSpec.url_path`).
WORKSHOP_PATH = "workshop"
FAC_KEY, JOIN_KEY, FLASH_KEY, TRIED_KEY = "ws.fac", "ws.join", "ws.flash", "ws.tried"
#: This session's seed of participant secrets when the browser sends no XSRF cookie (bytes).
SEED_KEY = "ws.seed"
#: Set when the link's participant id belonged to another browser and this one got a new id.
REPLACED_KEY = "ws.replaced"
#: Session keys (prefixes) of one workshop visit, forgotten when the user leaves it.
VISIT_KEYS = (
    "ws.fac",
    "ws.join",
    "ws.sent.",
    "ws.seeded.",
    "ws.q.",
    "ws.tried",
    "ws.label",
    "ws.delete_ok",
    REPLACED_KEY,
)
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


def join_link(code: str) -> str:
    """The participants' link to the workshop ``code``: the workshop page (from any page), in this language."""
    query = urlencode({JOIN: code, "lang": lang()})
    url = urlparse(st.context.url or "")
    if not url.netloc:
        return f"{WORKSHOP_PATH}?{query}"
    base = url.path.rsplit("/", 1)[0]
    return urlunparse((url.scheme, url.netloc, f"{base}/{WORKSHOP_PATH}", "", query, ""))


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


def seed() -> bytes:
    """The seed of this browser's participant secrets: the key in Streamlit's XSRF cookie, else this session's."""
    key = browser_key(st.context.cookies.get(XSRF_COOKIE))
    if key is not None:
        return key
    if not isinstance(st.session_state.get(SEED_KEY), bytes):
        st.session_state[SEED_KEY] = new_seed()
    return bytes(st.session_state[SEED_KEY])


def secret(workshop_id: int, pid: str) -> str:
    """This browser's secret for the participant id ``pid`` (never shown, never stored in clear)."""
    return participant_secret(seed(), workshop_id, pid)


def participant(ws: Workshop, code: str) -> Joined:
    """Join the workshop as this browser's group: the URL's id if it is this browser's, else a new one.

    An id this session has already proved its own is used without asking the store again. The id in
    use is written to the URL (so a reload finds it) and to the session.
    """
    key = f"ws.pid.{code}"
    mine, linked = st.session_state.get(key), st.query_params.get(PID)
    if valid_participant(mine) and linked in (None, mine):
        joined = Joined(outcome="joined", participant_id=mine)
    else:
        joined = join_workshop(store(), ws.id, seed(), (linked, mine))
        if joined.outcome == "replaced":
            st.session_state[REPLACED_KEY] = True
    if joined.participant_id is not None:
        st.session_state[key] = joined.participant_id
        _set_param(PID, joined.participant_id)
    return joined


def forget_participant(code: str) -> None:
    """Stop trusting this session's id for the workshop ``code`` (the next run joins afresh)."""
    st.session_state.pop(f"ws.pid.{code}", None)


def was_replaced() -> bool:
    """Whether this session was given a new id because the link's id belonged to another browser."""
    return bool(st.session_state.get(REPLACED_KEY))


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
