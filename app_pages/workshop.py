"""Workshop: a facilitator starts a group exercise on a training case; groups join with a code and answer.

Views, chosen from the URL (validated):
* ``?fac=<token>``: the facilitator's live view (only the facilitator token opens it);
* ``?join=<code>&p=<participant id>``: a participant's form (the id keeps a rerun or reconnect from
  adding a second answer); only complete answers can be sent, and once they are, the reference
  appears by itself when the facilitator reveals it. The id only names the group: the form shows and
  changes its answers only in the browser that holds the group's secret (a copied link gets a new,
  empty group; see :mod:`guidance.workshop.identity`); joining and sending are rate-limited;
* neither: join with a code, or start a workshop.
"""

from __future__ import annotations

import streamlit as st

from guidance.stores.workshop import StoreError, Workshop
from guidance.workshop.access import by_code, route
from guidance.workshop.cases import load_library
from guidance.workshop.results import own_result
from ui.components import page_header
from ui.state import tr
from ui.workshop_facilitator import case_picker, end_controls, facilitator_header, live_results, start_button
from ui.workshop_participant import (
    answer_form,
    case_intro,
    has_sent,
    join_form,
    join_refused,
    leave_button,
    own_result_view,
    replaced_note,
    seed_form,
)
from ui.workshop_projector import projector_toggle
from ui.workshop_session import (
    flash,
    forget_facilitator,
    forget_join,
    leave,
    participant,
    remember_facilitator,
    remember_join,
    requested,
    show_flash,
    start_facilitating,
    store,
    store_available,
    was_replaced,
)

LIB = load_library()


def start_view(error_key: str | None = None) -> None:
    """Join with a code, or start a workshop on a case (``error_key``: why a link did not work)."""
    page_header("page.workshop", "ws.intro")
    show_flash()
    if error_key:
        st.error(tr(error_key))
    st.header(tr("ws.join_title"))
    typed = join_form()
    if typed is not None:
        access = by_code(store(), typed)
        if access.key is None:
            st.error(tr(str(access.error)))
        else:
            remember_join(access.key)
            st.rerun()

    st.header(tr("ws.start_title"))
    st.markdown(tr("ws.start_intro", days=LIB.settings.retention_days))
    case = case_picker()
    if start_button():
        try:
            new = store().create(case.id)
        except StoreError:
            st.error(tr("ws.store_error"))
        else:
            start_facilitating(new.facilitator_token)
            st.rerun()
    st.page_link("app_pages/presentation.py", label=tr("ws.to_presentation"), icon=":material/slideshow:")


def facilitator_view(ws: Workshop, token: str) -> None:
    """Join code, links, the case, facilitator notes, the live results and the way out.

    In projector mode (:mod:`ui.workshop_projector`) the code and QR code are large, and what is only
    for the facilitator (the facilitator link, the notes, deleting) stays off the shared screen.
    """
    page_header("page.workshop")
    projector = projector_toggle()
    facilitator_header(ws, LIB.case(ws.case_id), token, projector)
    live_results(token)
    if projector:
        return
    delete, new = end_controls()
    if delete:
        store().delete(ws.id)
        leave()
        flash("ws.deleted")
        st.rerun()
    if new:
        leave()
        st.rerun()


def participant_view(ws: Workshop, code: str) -> None:
    """The case and the questionnaire; sending again replaces the group's earlier answer.

    The form opens as this browser's group (:func:`ui.workshop_session.participant`); a join refused
    by a rate limit shows why and a way to try again instead.
    """
    case = LIB.case(ws.case_id)
    joined = participant(ws, code)
    if joined.outcome == "closed":
        forget_join()
        start_view("ws.code_unknown")
        return
    if joined.participant_id is None:
        page_header("page.workshop")
        st.markdown(f"**{tr('ws.participant_role')}** · {tr('ws.join_code')}: **{ws.join_code}**")
        if join_refused(joined):
            st.rerun()
    else:
        pid = joined.participant_id
        seed_form(ws, case, code, pid)
        page_header("page.workshop")
        sent = has_sent(code)
        if was_replaced() and not sent:
            replaced_note()
        case_intro(ws, case, sent)
        answer_form(ws.id, case, code, pid, sent)
        show_flash()
        result = own_result(store(), ws.id, code, pid, case) if sent else None
        if result is not None:
            own_result_view(case, result, code)
    if leave_button():
        leave()
        st.rerun()


def token_unknown_view() -> None:
    """A facilitator link that opens nothing, and a way back to the start view."""
    page_header("page.workshop")
    st.error(tr("ws.token_unknown"))
    if st.button(tr("ws.back_start"), key="wsbtn_back"):
        leave()
        st.rerun()


def main() -> None:
    """Pick the view from the URL (or, after a page change, from this session)."""
    if not store_available():
        page_header("page.workshop", "ws.intro")
        st.error(tr("ws.store_unavailable"))
        return
    access = route(store(), *requested())
    if access.view == "facilitator" and access.workshop and access.key:
        remember_facilitator(access.key)
        facilitator_view(access.workshop, access.key)
    elif access.view == "token_unknown":
        forget_facilitator()
        token_unknown_view()
    elif access.view == "participant" and access.workshop and access.key:
        remember_join(access.key)
        participant_view(access.workshop, access.key)
    else:
        if access.error:
            forget_join()
        start_view(access.error)


main()
