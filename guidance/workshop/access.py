"""Which workshop view a link opens: a facilitator token or a join code.

Every value comes from a URL or a form, so each is checked for its shape before the store is asked;
a value of the wrong shape never reaches the database. The outcome is an :class:`Access`: the view to
show, the workshop it shows and, when the link did not work, the message key saying why. Which group
a participant's browser answers as (the ``p`` of a link grants nothing by itself) is decided by
:func:`guidance.workshop.identity.join_workshop`.
"""

from __future__ import annotations

from typing import Literal

from guidance.core.models import Frozen
from guidance.stores.workshop import (
    Workshop,
    WorkshopStore,
    normalise_code,
    valid_token,
)

#: ``start``: join or start a workshop; ``facilitator``: the live view; ``participant``: the answer form;
#: ``token_unknown``: a facilitator link that opens nothing.
View = Literal["start", "facilitator", "participant", "token_unknown"]

CODE_INVALID = "ws.code_invalid"
CODE_UNKNOWN = "ws.code_unknown"
TOKEN_UNKNOWN = "ws.token_unknown"


class Access(Frozen):
    """What a token or code opens.

    Attributes:
        view: the view to show.
        workshop: the workshop it opens (facilitator and participant views only).
        key: the valid facilitator token or the normalised join code it was opened with.
        error: the message key when the link or code did not work.
    """

    view: View
    workshop: Workshop | None = None
    key: str | None = None
    error: str | None = None


def by_code(store: WorkshopStore, raw: str | None) -> Access:
    """Open a workshop with a join code as typed (any case, surrounding spaces ignored).

    Returns:
        The participant view, or the start view with ``ws.code_invalid`` (wrong shape) or
        ``ws.code_unknown`` (no running workshop has it).
    """
    code = normalise_code(raw)
    if code is None:
        return Access(view="start", error=CODE_INVALID)
    ws = store.by_code(code)
    if ws is None:
        return Access(view="start", error=CODE_UNKNOWN)
    return Access(view="participant", workshop=ws, key=code)


def by_token(store: WorkshopStore, raw: str | None) -> Access:
    """Open a workshop with a facilitator token: the facilitator view, or ``token_unknown``."""
    ws = store.by_token(raw) if valid_token(raw) else None
    if ws is None or raw is None:
        return Access(view="token_unknown", error=TOKEN_UNKNOWN)
    return Access(view="facilitator", workshop=ws, key=str(raw))


def route(store: WorkshopStore, token: str | None, code: str | None) -> Access:
    """The view for a request: a facilitator token wins over a join code; neither opens the start view."""
    if token is not None:
        return by_token(store, token)
    if code is not None:
        return by_code(store, code)
    return Access(view="start")


def facilitated_code(store: WorkshopStore, token: str | None) -> str | None:
    """The join code of the workshop a facilitator token opens; None for a malformed or unknown token."""
    if not valid_token(token):
        return None
    ws = store.by_token(token)
    return ws.join_code if ws else None
