"""The questionnaire as one form, used by the self-assessment and by the workshop groups.

Every question, its kind, options, help text, bounds, step and date range comes from the
questionnaire content, so a question added there appears here without a code change. Widget keys
are ``<prefix><question id>`` plus ``<prefix>risks_none`` for the "none of the risks apply" box.
:func:`read_form` returns the answers with the field errors, :func:`questionnaire_form` draws the
widgets with those errors under their questions;
:func:`show_answers` puts answers into the widgets (from a link, a file, or to start over).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from guidance.assessment.answers import Answers, field_error
from guidance.assessment.plausibility import Warning
from guidance.assessment.questionnaire import Question, load_questionnaire
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from ui.number_field import number_field
from ui.number_field import problem as typed_problem
from ui.state import lang, tr

_CHOICES = {"yes": True, "no": False}
#: The widget value of a "don't know" answer.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class FormResult:
    """What the form holds: the valid answers, and a message key per answer that could not be used."""

    answers: Answers
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FormStyle:
    """How the form looks where it is used.

    Attributes:
        prefix: start of every widget key (``a.q.`` on the assessment page, ``ws.q.`` in the workshop).
        compact: type numbers in the question's compact unit (millions of kronor on a phone).
        bordered: draw each block of questions in a bordered box.
        localized: type numbers in a :mod:`ui.number_field` that shows and reads them in the page's
            language (``18 000 000``, ``12,5``) instead of Streamlit's number input (``18000000``, ``12.5``).
    """

    prefix: str
    compact: bool = False
    bordered: bool = True
    localized: bool = False

    def key(self, question_id: str) -> str:
        """The widget key of a question."""
        return f"{self.prefix}{question_id}"

    @property
    def risks_none(self) -> str:
        """The key of the "none of the risks apply" box."""
        return f"{self.prefix}risks_none"


def _scale(q: Question, style: FormStyle) -> float:
    compact = q.input.compact if q.input is not None else None
    return compact.scale if style.compact and compact is not None else 1.0


def _options(q: Question) -> list[str]:
    """The option ids a radio question shows, with "don't know" where the content offers it."""
    ids = ["yes", "no"] if q.kind in ("gate", "bool") else [o.id for o in q.options]
    return [*ids, UNKNOWN] if q.unknown is not None else ids


def _widget_value(q: Question, value: Any, style: FormStyle, unknown: bool = False) -> Any:
    """The widget value that shows the answer ``value`` (or a "don't know") to ``q``."""
    if unknown and q.unknown is not None:
        return UNKNOWN
    if q.kind == "risk":
        return sorted(value) if value else []
    if q.kind in ("gate", "bool"):
        return None if value is None else ("yes" if value else "no")
    if q.kind == "number" and value is not None:  # the widget's number type must not change
        return int(value) if q.whole else float(value) / _scale(q, style)
    return value


def _answer(q: Question, style: FormStyle) -> Any:
    """The answer a question's widget holds (None when unanswered or "don't know")."""
    value = st.session_state.get(style.key(q.id))
    if value == UNKNOWN:
        return None
    if q.kind == "number" and isinstance(value, str):  # typed text that is not a number (see read_form)
        return None
    if q.kind in ("gate", "bool"):
        return _CHOICES.get(value)
    if q.kind == "risk":
        chosen = frozenset(value or ())
        if chosen:
            return chosen
        return frozenset() if st.session_state.get(style.risks_none) else None
    if q.kind == "number" and value is not None:
        return int(value) if q.whole else float(value) * _scale(q, style)
    return value


def set_defaults(style: FormStyle) -> None:
    """Every question starts unanswered (once per session)."""
    for q in load_questionnaire().questions:
        if style.key(q.id) not in st.session_state:
            st.session_state[style.key(q.id)] = _widget_value(q, None, style)
    if style.risks_none not in st.session_state:
        st.session_state[style.risks_none] = False


def show_answers(answers: Answers, style: FormStyle) -> None:
    """Put ``answers`` into the widgets (the other questions become unanswered); call before drawing."""
    for q in load_questionnaire().questions:
        st.session_state[style.key(q.id)] = _widget_value(q, answers.value(q.id), style, answers.is_unknown(q.id))
    st.session_state[style.risks_none] = answers.risks is not None and not answers.risks


def read_form(style: FormStyle) -> FormResult:
    """The answers in the widgets, each checked against its question on its own."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    gates: dict[str, bool] = {}
    unknown: set[str] = set()
    for q in load_questionnaire().questions:
        if q.unknown is not None and st.session_state.get(style.key(q.id)) == UNKNOWN:
            unknown.add(q.id)
            continue
        if q.kind == "number" and (unreadable := typed_problem(style.key(q.id), q.whole)) is not None:
            errors[q.id] = unreadable
            continue
        value = _answer(q, style)
        if value is None:
            continue
        if q.kind == "gate":
            gates[q.id] = value
            continue
        problem = field_error(q.id, value)
        if problem is not None:
            errors[q.id] = problem
            continue
        values[q.id] = value
    return FormResult(Answers(gates=gates, unknown=frozenset(unknown), **values), errors)


def questionnaire_form(
    style: FormStyle,
    errors: Mapping[str, str] | None = None,
    warnings: Sequence[Warning] = (),
    skip: Collection[str] = (),
) -> None:
    """Draw every question, grouped in the content's blocks; :func:`read_form` gives what they hold.

    Args:
        style: widget keys and looks (see :class:`FormStyle`).
        errors: the messages to show under their questions (the form's own, or what a link got
            wrong), by question id.
        warnings: plausibility warnings, shown under their questions with the likely fix.
        skip: question ids not to draw (answered elsewhere, e.g. by a workshop case).
    """
    set_defaults(style)
    shown = errors or {}
    questions = [q for q in load_questionnaire().questions if q.id not in skip]
    for block in dict.fromkeys(q.block for q in questions):
        with st.container(border=style.bordered):
            st.subheader(tr(f"a.block.{block}"))
            for q in (q for q in questions if q.block == block):
                _question(q, style, shown)
                for warning in (w for w in warnings if w.question == q.id):
                    _warning(q, style, warning)
            if block == "gates" and "gates" in shown:
                st.error(tr(shown["gates"]), icon=":material/error:")


def _question(q: Question, style: FormStyle, errors: Mapping[str, str]) -> None:
    """One question with a real label, its help text and any error message under it."""
    L = lang()
    key, label, help_text = style.key(q.id), q.text(L), q.help(L)
    if q.kind in ("gate", "bool"):
        st.radio(label, _options(q), key=key, persist_state="session", horizontal=True,
                 help=help_text, format_func=lambda v: t(f"a.{v}", L))  # fmt: skip
    elif q.kind == "choice":
        labels = {o.id: o.label(L) for o in q.options} | {UNKNOWN: t("a.unknown", L)}
        st.radio(label, _options(q), key=key, persist_state="session", horizontal=True, help=help_text,
                 format_func=labels.__getitem__)  # fmt: skip
    elif q.kind == "number":
        _number(q, style, label, help_text, q.id in errors)
    elif q.kind == "date" and q.dates is not None:
        st.date_input(label, key=key, persist_state="session", help=help_text, min_value=q.dates.min,
                      max_value=q.dates.max, format="YYYY-MM-DD")  # fmt: skip
    elif q.kind == "risk":
        labels = {o.id: o.label(L) for o in q.options}
        st.multiselect(label, list(labels), key=key, persist_state="session", help=help_text,
                       format_func=labels.__getitem__, placeholder=tr("a.choose"))  # fmt: skip
        st.checkbox(tr("a.risks_none"), key=style.risks_none, persist_state="session")
        if st.session_state.get(key) and st.session_state.get(style.risks_none):
            st.caption(tr("a.risks_conflict"))
    if q.id in errors:
        st.error(tr(errors[q.id]), icon=":material/error:")


def _use_suggestion(key: str, value: float) -> None:
    st.session_state[key] = value


def _warning(q: Question, style: FormStyle, warning: Warning) -> None:
    """A plausibility warning under its question, with a button that applies the likely fix."""
    L = lang()
    st.warning(warning.text(L), icon=":material/warning:")
    if warning.suggestion is not None and warning.suggestion_label is not None:
        value = warning.suggestion / _scale(q, style)
        st.button(warning.suggestion_label(L), key=f"{style.key(q.id)}.fix", on_click=_use_suggestion,
                  args=(style.key(q.id), int(value) if q.whole else float(value)))  # fmt: skip


def _number(q: Question, style: FormStyle, label: str, help_text: str, has_error: bool) -> None:
    """A number input with the content's step, decimals and (closed) bounds."""
    hint = q.input
    assert hint is not None  # the content check requires it for number questions
    compact = hint.compact if style.compact else None
    scale = compact.scale if compact is not None else 1.0
    step = compact.step if compact is not None else hint.step
    decimals = compact.decimals if compact is not None else hint.decimals
    if compact is not None:
        label = tr(compact.label_key, question=label)
    if style.localized:
        placeholder = tr("a.money_placeholder") if hint.money and compact is None else None  # kronor, not millions
        number_field(label, style.key(q.id), decimals=decimals, whole=q.whole, help=help_text, placeholder=placeholder)
        return
    bounds = q.bounds
    closed = bounds is not None and bounds.ge is not None and bounds.le is not None
    cast = int if q.whole else float
    st.number_input(
        label,
        key=style.key(q.id),
        persist_state="session",
        step=cast(step),
        format="%d" if q.whole else f"%.{decimals}f",
        help=help_text,
        min_value=cast(bounds.ge / scale) if closed and bounds is not None and bounds.ge is not None else None,
        max_value=cast(bounds.le / scale) if closed and bounds is not None and bounds.le is not None else None,
    )
    value = _answer(q, style)
    if hint.money and not style.compact and isinstance(value, (int, float)) and value > 0 and not has_error:
        st.caption(fmt_sek(value, lang()))
