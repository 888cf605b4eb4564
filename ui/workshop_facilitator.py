"""The facilitator's side of a workshop: choosing a case, the join code and links, the live results."""

from __future__ import annotations

import streamlit as st

from guidance.stores.workshop import Workshop
from guidance.workshop.cases import Case, load_library
from guidance.workshop.results import live_picture, question_rows, sizing_rule
from guidance.workshop.times import fmt_datetime
from ui.components import source_caption
from ui.state import default, lang, tr
from ui.workshop_form import case_sheet
from ui.workshop_projector import join_panel
from ui.workshop_results import (
    answered_by,
    discussion,
    distribution_chart,
    groups_table,
    questions_table,
    reference_block,
)
from ui.workshop_session import FAC, join_link, link, store

#: The ways the live results can be shown, in the order of the switch.
LIVE_VIEWS = ("verdicts", "levels", "sizing", "questions", "groups")


def case_label(case: Case) -> str:
    """``Sector – title`` of a case."""
    L = lang()
    return f"{case.sector(L)} – {case.title(L)}"


def case_picker() -> Case:
    """The training case to start a workshop on (with a preview of what the groups will read)."""
    lib = load_library()
    ids = [c.id for c in lib.cases]
    default("ws.case", ids[0])
    st.selectbox(
        tr("ws.case_label"), ids, key="ws.case", persist_state="session", format_func=lambda i: case_label(lib.case(i))
    )
    case = lib.case(st.session_state["ws.case"])
    with st.expander(tr("ws.preview", title=case.title(lang()))):
        case_sheet(case, heading=False)
    return case


def start_button() -> bool:
    """The button that starts a workshop; True when pressed."""
    return st.button(tr("ws.start_button"), key="wsbtn_start", type="primary")


def facilitator_header(ws: Workshop, case: Case, token: str, projector: bool) -> None:
    """The join code, link and QR code; the case; and, off the projector, the facilitator link and notes."""
    L = lang()
    st.markdown(f"**{tr('ws.fac_role')}** · {case_label(case)}")
    join_panel(ws.join_code, join_link(ws.join_code), projector)
    if not projector:
        with st.expander(tr("ws.fac_link_title")):
            st.warning(tr("ws.fac_link_warning"))
            st.code(link(**{FAC: token}), language=None, wrap_lines=True)
            st.caption(tr("ws.expires", created=fmt_datetime(ws.created_at, L), expires=fmt_datetime(ws.expires_at, L)))
    with st.expander(tr("ws.case_title")):
        case_sheet(case)
    if not projector:
        with st.expander(tr("ws.notes_title")):
            st.markdown(f"**{tr('ws.notes_teaches')}** {case.teaches(L)}")
            st.markdown(f"**{tr('ws.notes_mistakes')}**")
            st.markdown("\n".join(f"- {m(L)}" for m in case.mistakes))
            source_caption(case.source, case.evidence)


def live_view_choice() -> str:
    """The switch between the ways of showing the live results."""
    default("ws.view", LIVE_VIEWS[0])
    return st.radio(
        tr("ws.view"),
        LIVE_VIEWS,
        key="ws.view",
        persist_state="session",
        horizontal=True,
        format_func=lambda v: tr(f"ws.tab.{v}"),
    )


@st.fragment(run_every=load_library().settings.refresh_seconds)
def live_results(token: str) -> None:
    """The live part of the facilitator's view, refreshed every few seconds (complete answers only)."""
    ws = store().by_token(token)
    if ws is None:
        st.warning(tr("ws.gone"))
        return
    case = load_library().case(ws.case_id)
    picture = live_picture(store().submissions(ws.id), store().joined(ws.id), case)
    summary = picture.summary
    st.header(tr("ws.live_title"))
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("ws.responses"), summary.n, help=tr("ws.responses_help"))
    m2.metric(tr("ws.missing_groups"), picture.progress.missing, help=tr("ws.missing_groups_help"))
    m3.metric(tr("ws.discussion_count"), len(summary.discussion))
    if summary.n == 0:
        st.info(tr("ws.waiting"))
    else:
        groups = picture.groups
        answered_by(groups)
        discussion(picture, ws.revealed)
        view = live_view_choice()
        if view == "verdicts":
            distribution_chart(summary.verdicts, tr("ws.tab.verdicts"), ws.revealed)
        elif view == "levels":
            distribution_chart(summary.levels, tr("ws.tab.levels"), ws.revealed)
        elif view == "sizing":
            st.caption(tr("ws.sizing_rule", rule=sizing_rule(case.sizing_rule).name(lang())))
            distribution_chart(summary.sizing, tr("ws.tab.sizing"), ws.revealed)
        elif view == "questions":
            questions_table(question_rows(summary, lang(), ws.revealed))
        else:
            groups_table(groups)
    st.header(tr("ws.ref_title"))
    if ws.revealed:
        reference_block(case)
        if st.button(tr("ws.hide_button"), key="wsbtn_hide"):
            store().set_revealed(ws.id, False)
            st.rerun(scope="fragment")
    else:
        st.markdown(tr("ws.ref_hidden"))
        if st.button(tr("ws.reveal_button"), key="wsbtn_reveal", type="primary"):
            store().set_revealed(ws.id, True)
            st.rerun(scope="fragment")


def end_controls() -> tuple[bool, bool]:
    """Deleting the workshop (behind a confirmation) and leaving the view; which was pressed."""
    st.header(tr("ws.end_title"))
    default("ws.delete_ok", False)
    st.checkbox(tr("ws.delete_confirm"), key="ws.delete_ok", persist_state="session")
    deleted = st.button(tr("ws.delete_button"), key="wsbtn_delete", disabled=not st.session_state.get("ws.delete_ok"))
    if deleted:
        return True, False
    return False, st.button(tr("ws.new_button"), key="wsbtn_new")
