"""Who may see and change a group's answers: a secret only the group's browser holds, never a link.

The participant id (``p`` in the URL) only *names* a group; anyone may copy it. The right to read
back and change the group's answers is the **participant secret**::

    secret = HMAC-SHA256(seed, "<workshop id>:<participant id>")

The store keeps only ``SHA-256(secret)`` (``participants.secret_hash``) and compares it in constant
time. The ``seed`` is one of:

1. **the browser key** (:func:`browser_key`): the 16 random bytes of the cookie Streamlit's server sets
   on every page load for its XSRF protection (``_streamlit_xsrf``). The server keeps the bytes and
   changes only their mask from one load to the next, so they are stable for the browser; the
   browser sends the cookie with the app's connection (read through ``st.context.cookies``); it is
   never part of a URL, a link the app shows or the database;
2. **a session seed** (:func:`new_seed`), when there is no such cookie (``server.enableXsrfProtection``
   off, cookies blocked, Streamlit's AppTest): random bytes kept in this Streamlit session only.

What follows, per situation:

* a copied link with another group's ``p`` (another browser, or another browser profile): the
  browser's secret does not match, so the page does not show that group's answers and cannot send
  over them; it gives the browser a new participant id (:func:`join_workshop` says ``replaced``);
* a reload, a second tab with the same link, a page change, a reconnect, closing and reopening the
  tab: the same browser key, so the same secret: the group sees and edits its answers;
* leaving the browser (another device or browser, a private window, closing the whole browser,
  clearing cookies; the cookie is a browser-session cookie) loses the right to edit: the old answer
  stays and counts, the group answers again as a new one;
* with the session seed (no cookie), only the session keeps the right: a reload starts as a new group;
* anyone who can read the browser's cookies (someone at the same computer, a browser extension)
  holds the right too; the link alone never does.

Several groups sharing one browser need separate links (different ``p``): their secrets differ.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import secrets
from typing import Literal

from guidance.core.models import Frozen
from guidance.stores.workshop import (
    LimitKind,
    NotYours,
    RateLimited,
    WorkshopClosed,
    WorkshopStore,
    new_participant_id,
    valid_participant,
)

#: The cookie Streamlit's server sets for its XSRF protection (``2|mask|masked token|timestamp``).
XSRF_COOKIE = "_streamlit_xsrf"
#: Bytes of key a seed must have (Streamlit's XSRF token has 16).
MIN_SEED_BYTES = 16
#: Bytes of a session seed.
SESSION_SEED_BYTES = 32
#: What joining gave: this browser's group (``joined``); the link's group belongs to another browser,
#: so this browser got a new group (``replaced``); refused by a rate limit (``limited``); the workshop
#: is gone (``closed``).
JoinOutcome = Literal["joined", "replaced", "limited", "closed"]


def browser_key(cookie: str | None) -> bytes | None:
    """The browser's key from the value of Streamlit's XSRF cookie, or None if it is missing or unreadable.

    The cookie holds ``2|<mask hex>|<masked token hex>|<timestamp>``: the token XOR the 4-byte mask
    repeated. The mask changes with every page load, the token does not.
    """
    if not isinstance(cookie, str) or len(cookie) > 256:
        return None
    parts = cookie.strip("\"'").split("|")
    if len(parts) != 4 or parts[0] != "2":
        return None
    try:
        mask, masked = binascii.a2b_hex(parts[1]), binascii.a2b_hex(parts[2])
    except (binascii.Error, ValueError):
        return None
    if len(mask) != 4 or len(masked) < MIN_SEED_BYTES:
        return None
    return bytes(b ^ mask[i % 4] for i, b in enumerate(masked))


def new_seed() -> bytes:
    """A random seed for a session without a browser key."""
    return secrets.token_bytes(SESSION_SEED_BYTES)


def participant_secret(seed: bytes, workshop_id: int, participant_id: str) -> str:
    """The secret of ``participant_id`` in the workshop for the holder of ``seed`` (64 hex characters).

    Raises:
        ValueError: the seed is shorter than :data:`MIN_SEED_BYTES`.
    """
    if len(seed) < MIN_SEED_BYTES:
        raise ValueError("seed too short")
    return hmac.new(seed, f"{workshop_id}:{participant_id}".encode(), hashlib.sha256).hexdigest()


class Joined(Frozen):
    """The outcome of opening a workshop's group form.

    Attributes:
        outcome: see :data:`JoinOutcome`.
        participant_id: the id this browser answers as (``joined`` and ``replaced`` only).
        limit: the limit that refused the join (``limited`` only).
        retry_after: seconds to wait before trying again (``limited`` by a rate, not by the total).
    """

    outcome: JoinOutcome
    participant_id: str | None = None
    limit: LimitKind | None = None
    retry_after: int | None = None


def join_workshop(
    store: WorkshopStore, workshop_id: int, seed: bytes, candidates: tuple[str | None, ...] = ()
) -> Joined:
    """Open the workshop's group form as this browser's group.

    Each well-formed candidate id (the URL's ``p``, then the one this session used) is tried with the
    secret ``seed`` gives it: the first this browser may use is joined. When none may (none given, or
    each belongs to another browser), a new id is made and joined.

    Args:
        store: the workshop store.
        workshop_id: the workshop.
        seed: the browser key, or the session seed (see the module notes).
        candidates: ids to try, in order; malformed ones are skipped without asking the store.
    """
    refused = False
    tried: set[str] = set()
    for candidate in candidates:
        if not valid_participant(candidate) or candidate is None or candidate in tried:
            continue
        tried.add(candidate)
        try:
            store.join(workshop_id, candidate, participant_secret(seed, workshop_id, candidate))
        except NotYours:
            refused = True
            continue
        except RateLimited as limited:  # an id not yet in the workshop
            return Joined(outcome="limited", limit=limited.kind, retry_after=limited.retry_after)
        except WorkshopClosed:
            return Joined(outcome="closed")
        return Joined(outcome="replaced" if refused else "joined", participant_id=candidate)
    fresh = new_participant_id()
    try:
        store.join(workshop_id, fresh, participant_secret(seed, workshop_id, fresh))
    except RateLimited as limited:
        return Joined(outcome="limited", limit=limited.kind, retry_after=limited.retry_after)
    except WorkshopClosed:
        return Joined(outcome="closed")
    return Joined(outcome="replaced" if refused else "joined", participant_id=fresh)
