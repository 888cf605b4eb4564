"""Sharing and resuming answers: the page address, a saved file, starting over, and what went wrong.

The address always holds the current answers (so a link shares them); a link that was opened or
edited, or an uploaded file, is read into the questionnaire form. What could not be used is kept
as a notice and shown until the answers change.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import (
    DOCUMENT,
    MAX_JSON_BYTES,
    answers_from_file,
    answers_from_params,
    answers_to_params,
    param_keys,
)
from guidance.assessment.questionnaire import load_questionnaire
from ui.components import md_escape, size_text
from ui.questionnaire_form import FormStyle, show_answers
from ui.state import lang, put_in_address, tr

#: Session keys: the notice to show, the address last written, the last file read.
NOTICE, WRITTEN, UPLOAD_ID = "_a_notice", "_a_params", "_a_upload_id"
#: Skipped items named in a notice (a forged file can hold thousands), and characters of an unknown item's name.
MAX_LISTED, MAX_NAME_CHARS = 12, 60


def _url_params() -> dict[str, str]:
    """The answer parameters currently in the page address."""
    known = set(param_keys().values())
    return {k: v for k, v in st.query_params.to_dict().items() if k in known}


def read_link(style: FormStyle) -> None:
    """Load answers from a link that was opened or edited (not from the address this page wrote)."""
    incoming = _url_params()
    if not incoming or incoming == st.session_state.get(WRITTEN):
        return
    answers, errors = answers_from_params(incoming)
    show_answers(answers, style)
    st.session_state[WRITTEN] = incoming
    st.session_state[NOTICE] = ("url", errors, answers_to_params(answers)) if errors else None


def read_file(upload: Any, style: FormStyle) -> None:
    """Load answers from an uploaded file once per file; a file that cannot be read changes nothing."""
    if upload is None or st.session_state.get(UPLOAD_ID) == upload.file_id:
        return
    st.session_state[UPLOAD_ID] = upload.file_id
    if upload.size > MAX_JSON_BYTES:
        st.session_state[NOTICE] = ("too_big", {"size": upload.size}, None)
        return
    answers, errors = answers_from_file(upload.getvalue())
    if DOCUMENT in errors:
        st.session_state[NOTICE] = ("bad", errors, None)
        return
    show_answers(answers, style)
    st.session_state[NOTICE] = ("partly" if errors else "ok", errors, answers_to_params(answers))


def start_over(style: FormStyle) -> None:
    """Forget every answer (button callback)."""
    show_answers(Answers(), style)
    st.session_state.pop(NOTICE, None)


def resume_controls(style: FormStyle) -> None:
    """The expander to load saved answers from a file or start over; reads a link first."""
    read_link(style)
    with st.expander(tr("a.resume_title")):
        st.markdown(tr("a.resume_help"))
        upload = st.file_uploader(
            tr("a.upload"), type=["json"], key="assess_upload", help=tr("a.upload_help", kb=MAX_JSON_BYTES // 1000)
        )
        read_file(upload, style)
        st.button(
            tr("a.reset"), on_click=start_over, args=(style,), key="assess_btn_reset", icon=":material/restart_alt:"
        )


def notice_errors() -> dict[str, str]:
    """What the last link or file got wrong, by question id (shown at the question too)."""
    notice = st.session_state.get(NOTICE)
    return dict(notice[1]) if notice and notice[0] in ("url", "partly") else {}


def _field_name(field: str) -> str:
    """A question's short name for messages; an unknown item (from a file) by its first characters."""
    if field == "gates":
        return tr("a.block.gates")
    try:
        return load_questionnaire().question(field).short(lang())
    except KeyError:
        return field if len(field) <= MAX_NAME_CHARS else field[: MAX_NAME_CHARS - 1] + "…"


def skipped_lines(info: dict[str, str]) -> str:
    """A Markdown list of the skipped items and why, at most :data:`MAX_LISTED` of them (names escaped)."""
    items = list(info.items())
    lines = [f"- {md_escape(_field_name(f), inline=True)}: {tr(key)}" for f, key in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"- {tr('a.notice_more', n=len(items) - MAX_LISTED)}")
    return "\n".join(lines)


def show_notice(answers: Answers) -> None:
    """The outcome of the last link or file that was read, until the answers are changed."""
    notice = st.session_state.get(NOTICE)
    if not notice:
        return
    kind, info, made_for = notice
    if made_for is None:  # nothing was loaded: show the message once
        st.session_state[NOTICE] = None
    elif made_for != answers_to_params(answers):
        st.session_state[NOTICE] = None
        return
    if kind == "ok":
        st.success(tr("a.upload_ok"), icon=":material/check_circle:")
    elif kind == "too_big":
        sizes = {
            "kb": size_text(info["size"], "kB", lang()),
            "max": size_text(MAX_JSON_BYTES, "kB", lang(), limit=True),
        }
        st.error(tr("a.upload_too_big", **sizes), icon=":material/error:")
    elif kind == "bad":
        st.error(f"{tr('a.upload_bad')} {tr(info.get(DOCUMENT, 'a.err.json_malformed'))}", icon=":material/error:")
    else:
        lines = skipped_lines(info)
        intro = tr("a.url_partly") if kind == "url" else tr("a.upload_partly")
        st.warning(f"{intro}\n\n{lines}", icon=":material/warning:")


def keep_link_in_step(answers: Answers) -> None:
    """Write the answers into the page address, so the link shares and resumes them."""
    params = answers_to_params(answers)
    put_in_address(params, _url_params(), WRITTEN)
