"""A participant's side of a workshop: joining with a code, the case, the answer form, the own result.

The answer form is a fragment, not an ``st.form``: every answer reaches the session as it is chosen
(clicks rerun only the fragment), so the language switch can keep it. Inside an ``st.form`` the
choices stay in the browser until "send", as their *displayed labels* ("Ja"); after a switch to
English no option is called "Ja" any more and Streamlit drops the choice, and the server, which never
saw it, cannot put it back. Sending is refused, with the questions named next to the button and at
each question, until the group has answered everything the case needs
(:mod:`guidance.workshop.completeness`).

Only the group's own browser sees and changes its answers (:mod:`guidance.workshop.identity`):
sending presents the browser's participant secret, and a send or join refused by the workshop's
rate limits says so, with the seconds to wait, while the form keeps what the group entered.
"""

from __future__ import annotations

import streamlit as st

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.i18n import tn
from guidance.stores.workshop import CODE_LENGTH, MAX_LABEL, LimitKind, Workshop
from guidance.workshop.cases import Case, load_library
from guidance.workshop.completeness import check_answers, given
from guidance.workshop.identity import Joined
from guidance.workshop.limits import LIMIT_MESSAGES, load_protection
from guidance.workshop.results import OwnResult, stored_answers
from guidance.workshop.sending import send_answers
from ui.components import md_escape
from ui.questionnaire_form import questionnaire_form, read_form, set_defaults, show_answers
from ui.state import default, lang, tr
from ui.workshop_form import STYLE, case_sheet
from ui.workshop_results import own_outcome, reference_block
from ui.workshop_session import TRIED_KEY, flash, forget_participant, secret, seeded_key, sent_key, store

#: Room for a code typed with spaces or dashes around it.
CODE_INPUT_CHARS = 2 * CODE_LENGTH
LABEL_KEY = "ws.label"
SEND_KEY = "wsbtn_send"


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


def seed_form(ws: Workshop, case: Case, code: str, pid: str) -> None:
    """Start every answer unanswered; once per session, load what this participant sent.

    ``pid`` must be this browser's own id (:func:`ui.workshop_session.participant` has joined with it).
    """
    set_defaults(STYLE)
    default(LABEL_KEY, "")
    seeded = seeded_key(code, pid)
    if seeded in st.session_state:
        return
    stored = stored_answers(store(), ws.id, pid, case)
    if stored is not None:
        show_answers(stored.group.answers, STYLE)
        st.session_state[LABEL_KEY] = stored.label
        st.session_state[sent_key(code)] = stored.group.complete
    st.session_state[seeded] = True


def has_sent(code: str) -> bool:
    """Whether this session has sent (complete) answers to the workshop ``code``."""
    return bool(st.session_state.get(sent_key(code)))


def case_intro(ws: Workshop, case: Case, sent: bool) -> None:
    """The role and code, and the case to read (folded away once the group has answered)."""
    st.markdown(f"**{tr('ws.participant_role')}** · {tr('ws.join_code')}: **{ws.join_code}**")
    st.header(case.title(lang()), anchor=False)
    with st.expander(tr("ws.read_case"), expanded=not sent):
        case_sheet(case, heading=False)
    st.header(tr("ws.answers_title"), anchor=False)
    st.caption(tr("ws.answers_help"))


def field_messages(errors: dict[str, str], missing: tuple[str, ...]) -> dict[str, str]:
    """The message key to show at each question: a value that could not be used, else a missing answer."""
    qn = load_questionnaire()
    messages = {}
    for qid in missing:
        q = qn.question(qid)
        if q.kind == "risk":
            messages[qid] = "ws.err.missing_risks"
        else:
            messages[qid] = "ws.err.missing_unknown" if q.unknown is not None else "ws.err.missing"
    return {**messages, **errors}


def send_problems(errors: dict[str, str], missing: tuple[str, ...]) -> None:
    """Next to the send button: why the answers were not sent, naming the questions still to answer."""
    L = lang()
    if errors:
        st.error(tr("ws.errors"), icon=":material/error:")
    if missing:
        qn = load_questionnaire()
        names = "\n".join(f"- {md_escape(qn.question(qid).short(L))}" for qid in missing)
        st.error(f"{tn('ws.missing', len(missing), L)}\n\n{names}", icon=":material/error:")


def _tried() -> None:
    """The send button was pressed: from now on, show what is missing."""
    st.session_state[TRIED_KEY] = True


@st.fragment
def answer_form(workshop_id: int, case: Case, code: str, pid: str, sent: bool) -> None:
    """The group label, the questions the case does not answer, and the send button.

    A click in here reruns only this part. Sending stores the answers and reruns the page; answers
    the case still needs keep the send refused, with the questions named at the button and at
    each question (kept up to date as the group answers).
    """
    st.text_input(tr("ws.label"), key=LABEL_KEY, persist_state="session", max_chars=MAX_LABEL, help=tr("ws.label_help"))
    form = read_form(STYLE)
    group = check_answers(form.answers, case)
    tried = bool(st.session_state.get(TRIED_KEY))
    questionnaire_form(STYLE, field_messages(form.errors, group.missing) if tried else None, skip=given(case))
    pressed = st.button(tr("ws.send_again" if sent else "ws.send"), key=SEND_KEY, type="primary", on_click=_tried)
    if pressed and not form.errors and group.complete and not send(workshop_id, case, code, pid, sent, form.answers):
        return
    if tried:
        send_problems(form.errors, group.missing)


def send(workshop_id: int, case: Case, code: str, pid: str, sent: bool, answers: Answers) -> bool:
    """Send the group's complete answers from this browser; on success rerun the page, else say why (False)."""
    label = str(st.session_state.get(LABEL_KEY) or "")
    current = store().by_code(code)  # this fragment may outlive the workshop it was drawn for
    if current is None or current.id != workshop_id:
        st.error(tr("ws.closed"))
        return False
    result = send_answers(store(), workshop_id, pid, secret(workshop_id, pid), label, answers, case)
    if result.outcome == "stored":
        st.session_state.pop(TRIED_KEY, None)
        st.session_state[sent_key(code)] = True
        flash("ws.sent_again" if sent else "ws.sent")
        st.rerun()
    if result.outcome == "limited" and result.limit is not None:
        st.error(limit_message(result.limit, result.retry_after), icon=":material/hourglass_top:")
        return False
    if result.outcome in ("closed", "not_yours"):
        if result.outcome == "not_yours":
            forget_participant(code)
        st.error(tr(f"ws.{result.outcome}"))
        return False
    return True  # incomplete: the list of missing answers follows


def limit_message(kind: LimitKind, retry_after: int | None) -> str:
    """What a rate limit means for the group, with the time to wait (or the workshop's size when it is full)."""
    if retry_after is None:
        return tr(LIMIT_MESSAGES[kind], n=load_protection().rate_limits.max_groups)
    return tr(LIMIT_MESSAGES[kind], wait=tn("ws.wait", retry_after, lang()))


def join_refused(joined: Joined) -> bool:
    """Say why the group form did not open (a rate limit); True when "try again" was pressed."""
    if joined.limit is not None:
        st.error(limit_message(joined.limit, joined.retry_after), icon=":material/hourglass_top:")
    return st.button(tr("ws.retry_button"), key="wsbtn_retry", type="primary")


def replaced_note() -> None:
    """The link named another browser's group: its answers stay hidden, this browser answers as a new group."""
    st.info(tr("ws.link_not_yours"), icon=":material/lock:")


def own_result_view(case: Case, result: OwnResult, code: str) -> None:
    """The group's own result, and the reference once the facilitator has revealed it (without a reload)."""
    own_outcome(result.outcome, result.sent_at)
    name = result.name(lang())
    if name:
        st.caption(tr("ws.own_name", name=md_escape(name)))
    if result.revealed:
        st.header(tr("ws.ref_title"))
        reference_block(case)
    else:
        await_reveal(code)


@st.fragment(run_every=load_library().settings.participant_refresh_seconds)
def await_reveal(code: str) -> None:
    """While the reference is hidden, check the store every few seconds; once revealed, redraw the page.

    Drawn only while waiting: the page's next run shows the reference and no longer calls this, so
    the checking stops.
    """
    ws = store().by_code(code)
    if ws is None or ws.revealed:
        st.rerun()
    st.caption(tr("ws.ref_waiting"))


def leave_button() -> bool:
    """The button that leaves the workshop; True when pressed."""
    return st.button(tr("ws.leave_button"), key="wsbtn_leave")
