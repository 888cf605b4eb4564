"""The follow-up's place in the URL and in this session: which register, portfolio or supplier link is open.

Query parameters: ``reg`` (the buyer's register token), ``portfolio`` (the decision-makers' token,
portfolio only) and ``r`` (a supplier's report token, on the supplier page). The session keeps the
same under ``fu.reg``, ``fu.portfolio`` and ``sr.token`` so a page change and back keeps the view.
Tokens made in this session that are shown only once wait under ``fu.once.*``; a message for the next
run under ``fu.flash``. The store is one per process and holds no user data itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from guidance.followup.models import Contract, Register
from guidance.stores.followup import FollowupStore, StoreError, valid_token
from ui.registry import PAGES
from ui.state import lang, tr

REG, PORTFOLIO, REPORT = "reg", "portfolio", "r"
REG_KEY, PORTFOLIO_KEY, REPORT_KEY, FLASH_KEY = "fu.reg", "fu.portfolio", "sr.token", "fu.flash"
ONCE_PREFIX = "fu.once."
FOLLOWUP_PAGE = "app_pages/followup.py"
SUPPLIER_PAGE = "app_pages/supplier_report.py"
#: What can go wrong when the database is opened or used.
STORE_FAILURES = (StoreError, SQLAlchemyError, OSError)


@st.cache_resource(show_spinner=False)
def followup_store() -> FollowupStore:
    """One store (and database engine) per server process, shared by the follow-up pages."""
    return FollowupStore.open()


def store() -> FollowupStore:
    """The process's follow-up store."""
    return followup_store()


def store_available() -> bool:
    """Whether the follow-up database can be opened."""
    try:
        store()
    except STORE_FAILURES:
        return False
    return True


def registered(path: str) -> bool:
    """Whether the page file ``path`` is in the app's navigation."""
    return any(spec.path == path for spec in PAGES)


def page_link(path: str, **params: str) -> str:
    """An absolute link to the page file ``path`` with ``params`` (and the language) in the query."""
    query = urlencode({**params, "lang": lang()})
    target = path.removeprefix("app_pages/").removesuffix(".py")
    url = urlparse(st.context.url or "")
    if not url.netloc:
        return f"{target}?{query}"
    base = url.path.rsplit("/", 1)[0]
    return urlunparse((url.scheme, url.netloc, f"{base}/{target}", "", query, ""))


def token_in(text: Any, names: tuple[str, ...]) -> str | None:
    """A token pasted as itself or inside a link (the first of ``names`` in its query), if it has a token's shape."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if valid_token(text):
        return text
    query = parse_qs(urlparse(text).query)
    for name in names:
        for value in query.get(name, []):
            if valid_token(value):
                return value
    return None


def _set_param(name: str, value: str) -> None:
    if st.query_params.get(name) != value:
        st.query_params[name] = value


def requested(param: str, key: str) -> str | None:
    """A token asked for: from the URL, else from this session."""
    value = st.query_params.get(param) or st.session_state.get(key)
    return str(value) if value else None


def remember(param: str, key: str, token: str) -> None:
    """Keep ``token`` in this session and in the URL."""
    st.session_state[key] = token
    _set_param(param, token)


def forget(param: str, key: str) -> None:
    """Drop a token from this session and the URL."""
    st.session_state.pop(key, None)
    st.query_params.pop(param, None)


def keep_once(name: str, token: str) -> None:
    """Keep a token that is shown only once (a new link) until the view has shown it."""
    st.session_state[ONCE_PREFIX + name] = token


def take_once(name: str) -> str | None:
    """The token kept by :func:`keep_once` (it stays for this session, so a rerun shows it again)."""
    value = st.session_state.get(ONCE_PREFIX + name)
    return str(value) if value else None


def flash(key: str, **values: Any) -> None:
    """Show the message ``key`` on the next run (after ``st.rerun``)."""
    st.session_state[FLASH_KEY] = (key, values)


def show_flash() -> None:
    """Show (once) the message left by :func:`flash`."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        key, values = message
        st.success(tr(key, **values), icon=":material/check_circle:")


TRIES_KEY = "fu.tries"
SR_TRIES_KEY = "sr.tries"


class Access:
    """What the URL or the session opens on the follow-up page.

    ``view``: ``start`` (open or create a register), ``register`` (the buyer's register: the owner
    token) or ``portfolio`` (the decision-makers' portfolio only: the viewer token); ``error`` is the
    message key when a link did not work.
    """

    def __init__(self, view: str, register: Register | None = None, token: str | None = None, error: str | None = None):
        self.view, self.register, self.token, self.error = view, register, token, error


def open_access(max_tries: int) -> Access:
    """Resolve the register or portfolio link (the buyer's wins); after ``max_tries`` failed links, stop trying."""
    owner = requested(REG, REG_KEY)
    viewer = requested(PORTFOLIO, PORTFOLIO_KEY)
    if (owner or viewer) and st.session_state.get(TRIES_KEY, 0) >= max_tries:
        return Access("start", error="fu.too_many_tries")
    if owner:
        register = store().register_by_owner(owner)
        if register is not None:
            remember(REG, REG_KEY, owner)
            return Access("register", register, owner)
        forget(REG, REG_KEY)
    elif viewer:
        register = store().register_by_viewer(viewer)
        if register is not None:
            remember(PORTFOLIO, PORTFOLIO_KEY, viewer)
            return Access("portfolio", register, viewer)
        forget(PORTFOLIO, PORTFOLIO_KEY)
    if owner or viewer:
        st.session_state[TRIES_KEY] = st.session_state.get(TRIES_KEY, 0) + 1
        return Access("start", error="fu.link_unknown")
    return Access("start")


def leave() -> None:
    """Close the register (and any portfolio link) in this session and the URL."""
    forget(REG, REG_KEY)
    forget(PORTFOLIO, PORTFOLIO_KEY)
    for key in [
        k for k in st.session_state if isinstance(k, str) and k.startswith((ONCE_PREFIX, "fu.edit.", "fu.new."))
    ]:
        del st.session_state[key]


def open_report_link(max_tries: int) -> Contract | None:
    """The contract the supplier's link opens (kept in this session and the URL), or None with a message shown."""
    token = requested(REPORT, REPORT_KEY)
    if token is None:
        st.info(tr("sr.no_link"), icon=":material/link:")
        return None
    if st.session_state.get(SR_TRIES_KEY, 0) >= max_tries:
        st.error(tr("sr.too_many_tries"))
        return None
    contract = store().contract_by_report_token(token)
    if contract is None:
        st.session_state[SR_TRIES_KEY] = st.session_state.get(SR_TRIES_KEY, 0) + 1
        forget(REPORT, REPORT_KEY)
        st.error(tr("sr.link_unknown"))
        return None
    remember(REPORT, REPORT_KEY, token)
    return contract
