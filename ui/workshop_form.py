"""Workshop widgets: a case's fact sheet and the questionnaire as one form for participants.

The questions, options, help texts and bounds come from ``load_questionnaire()``, so participants
answer exactly the questions of the self-assessment. Widget keys start with ``ws.q.``. The contract
value is asked in millions of kronor (easier to type on a phone) and stored in kronor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from pydantic import ValidationError

from guidance.assessment.assess import Answers, Question, load_questionnaire
from guidance.assessment.sizing import SEK_PER_MSEK
from guidance.stores.workshop import WorkshopStore, make_engine
from guidance.workshop.cases import Case, case_facts, load_library
from ui.components import md_escape
from ui.state import lang, tr

PREFIX = "ws.q."
RISKS_NONE = "ws.q.risks_none"
BLOCKS = ("gates", "contract", "fit", "capacity", "risks")
#: Steps of the number inputs (the contract value in millions of kronor).
STEPS: dict[str, float | int] = {"value_sek": 1.0, "duration_months": 1, "fte": 0.5, "labour_share": 5.0}
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@st.cache_resource(show_spinner=False)
def workshop_store() -> WorkshopStore:
    """One store (and database engine) per server process, shared by the workshop pages.

    The store holds no user data itself; every workshop lives in the database.
    """
    return WorkshopStore(make_engine(), load_library().settings.retention_days)


def qkey(question_id: str) -> str:
    """The widget key of a question."""
    return f"{PREFIX}{question_id}"


def _widget_value(q: Question, value: Any) -> Any:
    if q.kind == "risk":
        return sorted(value) if value else []
    if q.kind in ("gate", "bool"):
        return None if value is None else ("yes" if value else "no")
    if q.kind == "number" and value is not None:
        if q.id == "value_sek":
            return float(value) / SEK_PER_MSEK
        return int(value) if isinstance(STEPS.get(q.id), int) else float(value)
    return value


def load_answers(answers: Answers) -> None:
    """Show ``answers`` in the widgets (call before the form is drawn)."""
    for q in load_questionnaire().questions:
        value = answers.gates.get(q.id) if q.kind == "gate" else getattr(answers, q.id)
        st.session_state[qkey(q.id)] = _widget_value(q, value)
    st.session_state[RISKS_NONE] = answers.risks is not None and not answers.risks


def set_defaults() -> None:
    """Every question starts unanswered (once per session)."""
    for q in load_questionnaire().questions:
        if qkey(q.id) not in st.session_state:
            st.session_state[qkey(q.id)] = _widget_value(q, None)
    if RISKS_NONE not in st.session_state:
        st.session_state[RISKS_NONE] = False


def _raw_value(q: Question) -> Any:
    value = st.session_state.get(qkey(q.id))
    if q.kind in ("gate", "bool"):
        return {"yes": True, "no": False}.get(value)
    if q.kind == "risk":
        chosen = frozenset(value or [])
        if chosen:
            return chosen
        return frozenset() if st.session_state.get(RISKS_NONE) else None
    if q.kind == "number" and value is not None and q.id == "value_sek":
        return float(value) * SEK_PER_MSEK
    return value


def answers_from_widgets() -> tuple[Answers, dict[str, str]]:
    """The answers in the widgets, each field checked on its own.

    Returns:
        The valid answers, and ``{field: message key}`` for each answer that could not be used.
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    gates: dict[str, bool] = {}
    for q in load_questionnaire().questions:
        value = _raw_value(q)
        if value is None:
            continue
        if q.kind == "gate":
            gates[q.id] = value
            continue
        try:
            Answers.model_validate({q.id: value})
        except ValidationError as exc:
            kind = str(exc.errors()[0].get("type", ""))
            errors[q.id] = kind if kind.startswith("a.err.") else "a.err.invalid"
            continue
        values[q.id] = value
    if gates:
        values["gates"] = gates
    return Answers.model_validate(values), errors


def _question(q: Question, errors: dict[str, str]) -> None:
    L = lang()
    key, label, help_text = qkey(q.id), q.text(L), q.help(L)
    if q.kind in ("gate", "bool"):
        st.radio(
            label,
            ["yes", "no", "unknown"],
            key=key,
            persist_state="session",
            index=None,
            horizontal=True,
            help=help_text,
            format_func=lambda v: tr(f"ws.answer.{v}"),
        )
    elif q.kind == "choice":
        st.radio(
            label,
            [o.id for o in q.options],
            key=key,
            persist_state="session",
            index=None,
            horizontal=True,
            help=help_text,
            format_func=lambda v, q=q: q.option(v).label(L),
        )  # type: ignore[union-attr]
    elif q.kind == "number":
        step = STEPS.get(q.id, 1.0)
        if q.id == "value_sek":
            label = tr("ws.value_msek", question=label)
        st.number_input(
            label,
            key=key,
            persist_state="session",
            value=None,
            step=step,
            help=help_text,
            format="%d" if isinstance(step, int) else "%.1f",
            min_value=0 if isinstance(step, int) else 0.0,
            max_value=100.0 if q.id == "labour_share" else None,
        )
    elif q.kind == "date":
        st.date_input(
            label,
            key=key,
            persist_state="session",
            value=None,
            help=help_text,
            min_value=DATE_MIN,
            max_value=DATE_MAX,
            format="YYYY-MM-DD",
        )
    elif q.kind == "risk":
        st.multiselect(
            label,
            [o.id for o in q.options],
            key=key,
            persist_state="session",
            help=help_text,
            format_func=lambda v, q=q: q.option(v).label(L),  # type: ignore[union-attr]
            placeholder=tr("ws.choose"),
        )
        st.checkbox(tr("ws.risks_none"), key=RISKS_NONE, persist_state="session")
    if q.id in errors:
        st.error(tr(errors[q.id]), icon=":material/error:")


def questionnaire_widgets(errors: dict[str, str] | None = None) -> None:
    """Draw every question, grouped in the questionnaire's blocks (inside the caller's form)."""
    errors = errors or {}
    questions = load_questionnaire().questions
    for block in BLOCKS:
        in_block = [q for q in questions if q.block == block]
        if not in_block:
            continue
        st.subheader(tr(f"ws.block.{block}"))
        for q in in_block:
            _question(q, errors)


def case_sheet(case: Case, heading: bool = True) -> None:
    """The case as a group reads it: title, situation and the fact sheet (no facilitator notes)."""
    L = lang()
    if heading:
        st.subheader(case.title(L))
    st.markdown(case.situation(L))
    lines = [f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in case_facts(case, L)]
    st.markdown("\n".join(lines))
