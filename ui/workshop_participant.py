"""A participant's side of a workshop: joining with a code, the case, the answer form, the own result."""

from __future__ import annotations

import streamlit as st

from guidance.assessment.answers import Answers
from guidance.stores.workshop import CODE_LENGTH, MAX_LABEL, Workshop
from guidance.workshop.cases import Case
from guidance.workshop.results import OwnResult, decode
from ui.questionnaire_form import questionnaire_form, read_form, set_defaults, show_answers
from ui.state import default, lang, tr
from ui.workshop_form import STYLE, case_sheet
from ui.workshop_results import own_outcome, reference_block
from ui.workshop_session import ERRORS_KEY, seeded_key, sent_key, show_flash, store

#: Room for a code typed with spaces or dashes around it.
CODE_INPUT_CHARS = 2 * CODE_LENGTH
LABEL_KEY = "ws.label"


def join_form() -> str | None:
    """The form to join with a code; the code as typed when sent, else None."""
    with st.form("ws.join_form", border=True):
        st.text_input(
            tr("ws.code_label"),
            key="ws.code_input",
            persist_state="session",
            max_chars=CODE_INPUT_CHARS,
            placeholder=tr("ws.code_placeholder"),
            help=tr("ws.code_help"),
        )
        joined = st.form_submit_button(tr("ws.join_button"), type="primary")
    return st.session_state.get("ws.code_input") if joined else None


def seed_form(ws: Workshop, code: str, pid: str) -> None:
    """Start every answer unanswered; once per session, load what this participant sent before."""
    set_defaults(STYLE)
    default(LABEL_KEY, "")
    seeded = seeded_key(code, pid)
    if seeded in st.session_state:
        return
    stored = store().submission(ws.id, pid)
    if stored is not None:
        show_answers(decode(stored.answers_json), STYLE)
        st.session_state[LABEL_KEY] = stored.group_label
        st.session_state[sent_key(code)] = True
    st.session_state[seeded] = True


def has_sent(code: str) -> bool:
    """Whether this session has sent answers to the workshop ``code``."""
    return bool(st.session_state.get(sent_key(code)))


def mark_sent(code: str) -> None:
    """Remember that this session has sent answers to the workshop ``code``."""
    st.session_state[sent_key(code)] = True


def case_intro(ws: Workshop, case: Case, sent: bool) -> None:
    """The role and code, and the case to read (folded away once the group has answered)."""
    st.markdown(f"**{tr('ws.participant_role')}** · {tr('ws.join_code')}: **{ws.join_code}**")
    st.header(case.title(lang()), anchor=False)
    with st.expander(tr("ws.read_case"), expanded=not sent):
        case_sheet(case, heading=False)
    st.header(tr("ws.answers_title"), anchor=False)
    st.caption(tr("ws.answers_help"))


def answer_errors() -> dict[str, str]:
    """The answers that could not be used at the last send (``{field: message key}``)."""
    return st.session_state.get(ERRORS_KEY, {})


def answer_form(sent: bool, errors: dict[str, str]) -> tuple[Answers, dict[str, str], str] | None:
    """The group label and the questionnaire; when sent, the answers, their errors and the label.

    The errors are kept in the session, so the next run shows them at their questions.
    """
    with st.form("ws.answer_form", enter_to_submit=False):
        st.text_input(
            tr("ws.label"), key=LABEL_KEY, persist_state="session", max_chars=MAX_LABEL, help=tr("ws.label_help")
        )
        questionnaire_form(STYLE, errors)
        submitted = st.form_submit_button(tr("ws.send_again" if sent else "ws.send"), type="primary")
    if not submitted:
        return None
    form = read_form(STYLE)
    st.session_state[ERRORS_KEY] = form.errors
    return form.answers, form.errors, st.session_state.get(LABEL_KEY, "")


def form_feedback(errors: dict[str, str]) -> None:
    """Say that some answers were not sent, and show the message of the last send."""
    if errors:
        st.error(tr("ws.errors"))
    show_flash()


def own_result_view(case: Case, result: OwnResult) -> None:
    """The group's own result, and the reference once the facilitator has revealed it."""
    own_outcome(result.outcome)
    if result.revealed:
        st.header(tr("ws.ref_title"))
        reference_block(case)


def leave_button() -> bool:
    """The button that leaves the workshop; True when pressed."""
    return st.button(tr("ws.leave_button"), key="wsbtn_leave")
