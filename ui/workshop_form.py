"""Workshop widgets: a case's fact sheet, the shared store, and the questionnaire form for groups.

Groups answer exactly the self-assessment's questions through :mod:`ui.questionnaire_form`
(widget keys ``ws.q.*``); numbers are typed in their compact unit, so the contract value is asked
in millions of kronor (easier on a phone) and stored in kronor.
"""

from __future__ import annotations

import streamlit as st

from guidance.assessment.answers import Answers
from guidance.stores.workshop import WorkshopStore, make_engine
from guidance.workshop.cases import Case, case_facts, load_library
from ui.components import md_escape
from ui.questionnaire_form import FormStyle, questionnaire_form, read_form, show_answers
from ui.questionnaire_form import set_defaults as form_defaults
from ui.state import lang

#: The workshop's questionnaire form: keys ``ws.q.*``, numbers in their compact unit (phones), no boxes.
STYLE = FormStyle(prefix="ws.q.", compact=True, bordered=False)


@st.cache_resource(show_spinner=False)
def workshop_store() -> WorkshopStore:
    """One store (and database engine) per server process, shared by the workshop pages.

    The store holds no user data itself; every workshop lives in the database.
    """
    return WorkshopStore(make_engine(), load_library().settings.retention_days)


def load_answers(answers: Answers) -> None:
    """Show ``answers`` in the widgets (call before the form is drawn)."""
    show_answers(answers, STYLE)


def set_defaults() -> None:
    """Every question starts unanswered (once per session)."""
    form_defaults(STYLE)


def answers_from_widgets() -> tuple[Answers, dict[str, str]]:
    """The answers in the widgets, each checked on its own; ``{question id: message key}`` for the rest."""
    result = read_form(STYLE)
    return result.answers, result.errors


def questionnaire_widgets(errors: dict[str, str] | None = None) -> None:
    """Draw every question, grouped in the questionnaire's blocks (inside the caller's form)."""
    questionnaire_form(STYLE, errors)


def case_sheet(case: Case, heading: bool = True) -> None:
    """The case as a group reads it: title, situation and the fact sheet (no facilitator notes)."""
    L = lang()
    if heading:
        st.subheader(case.title(L))
    st.markdown(case.situation(L))
    lines = [f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in case_facts(case, L)]
    st.markdown("\n".join(lines))
