"""Projector mode for the facilitator, and the join panel (large code, QR code and link) it shows.

The mode is a toggle bound to the URL (``?projector=true``, Streamlit's own ``bind="query-params"``), so
a reload or a bookmark keeps it, and kept for the session, so it follows the facilitator from the
workshop page to the presentation and back. In projector mode the page asks Streamlit to collapse the
sidebar (``st.set_page_config``) and :func:`ui.page_frame.projector_frame` hides what is left of
Streamlit's frame and makes the join code large.
"""

from __future__ import annotations

import streamlit as st

from guidance.workshop.qr import qr_svg
from ui.page_frame import projector_frame
from ui.state import tr

#: The toggle's key, which is also the name of its query parameter.
PROJECTOR_KEY = "projector"
#: The QR code's width in pixels: on the projector (read from the back of a room), and on the laptop.
QR_PX_PROJECTOR, QR_PX_NORMAL = 300, 180
#: Width of the code and instructions beside the QR code.
PANEL_COLUMNS = (3, 2)


def projector_toggle() -> bool:
    """The projector-mode switch; when on, the frame for the projector is drawn. True when on."""
    on = st.toggle(
        tr("ws.projector"),
        key=PROJECTOR_KEY,
        bind="query-params",
        persist_state="session",
        help=tr("ws.projector_help"),
    )
    if on:
        st.set_page_config(initial_sidebar_state="collapsed")
        projector_frame()
    else:
        st.set_page_config(initial_sidebar_state="auto")
        # The facilitator token is in the address; full screen keeps it off the wall (a page cannot hide it).
        st.caption(tr("ws.projector_fullscreen"))
    return bool(on)


def join_panel(code: str, url: str, projector: bool) -> None:
    """The join code (large in projector mode), how to join, the link as text, and its QR code."""
    with st.container(key="ws-join"):
        left, right = st.columns(list(PANEL_COLUMNS), vertical_alignment="center")
        with left:
            st.metric(tr("ws.join_code"), code)
            st.markdown(tr("ws.join_how"))
            st.code(url, language=None, wrap_lines=True)
        with right:
            st.image(
                qr_svg(url),
                width=QR_PX_PROJECTOR if projector else QR_PX_NORMAL,
                caption=tr("ws.qr_caption"),
                alt=tr("ws.qr_alt", link=url),
            )
