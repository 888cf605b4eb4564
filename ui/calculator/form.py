"""The calculator's input form and parameter editor.

The groups, the inputs in each and the units they are shown in come from ``content/calculator/page.yaml``;
labels and help texts from the UI catalog (``calc.in.<field>``, ``calc.help.<field>``). A message about
an input is shown right below its field.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from guidance.calculator.dated import ParameterBook
from guidance.calculator.inputs_check import FieldMessage, InputsCheck, OverridesCheck, check_inputs
from guidance.calculator.page_settings import FORM_FIELD, InputField, PageSettings, parameter_groups
from guidance.calculator.parameters import Parameter, ParameterSet, Schedule
from guidance.calculator.report import condition_text, fmt_date, history_text, is_first_value, parameter_rows
from guidance.core.formatting import fmt_num
from ui.calculator.state import (
    DATE,
    input_key,
    input_values,
    parameter_key,
    prefilled,
    reset_inputs,
    reset_params,
    schedule_key,
)
from ui.components import md_escape, source_line
from ui.number_field import number_field, problem
from ui.state import default, lang, tr

#: The tab after the parameter groups: which benefit a person had before the job.
RULES_TAB = "rules"
#: Session key of the switch that shows the parameter fields.
PARAMS_OPEN = "calc.params_open"
#: Relative widths of the date field and the space beside it.
DATE_COLUMNS = (1, 2)


def decimals(fmt: str | None) -> int:
    """The decimals a field's printf format in ``page.yaml`` asks for (``%.2f`` -> 2; none -> 0)."""
    found = re.fullmatch(r"%\.?(\d*)f", fmt or "")
    return int(found.group(1) or 6) if found else 0


def prefill_notice() -> None:
    """Say that the inputs came from the assessment's sizing."""
    if prefilled():
        st.info(tr("calc.prefill_info"), icon=":material/input:")


def date_input(book: ParameterBook, base: ParameterSet, error_key: str | None) -> None:
    """The date whose rules and amounts are used, the period its values hold for, and a message if it was unusable."""
    cov = book.coverage
    dates = {"start": fmt_date(cov.start), "end": fmt_date(cov.end)}
    column, _ = st.columns(DATE_COLUMNS)
    column.date_input(
        tr("calc.date_label"),
        key=DATE,
        persist_state="session",
        min_value=cov.start,
        max_value=cov.end,
        format="YYYY-MM-DD",
        help=tr("calc.date_help", **dates),
    )
    if error_key:
        st.error(tr(error_key, **dates), icon=":material/error:")
    if base.valid_until is None:
        st.caption(tr("calc.date_period_open", start=fmt_date(base.valid_from)))
    else:
        st.caption(tr("calc.date_period", start=fmt_date(base.valid_from), end=fmt_date(base.valid_until)))


def _input_widget(field: InputField, base: ParameterSet) -> DeltaGenerator | None:
    """Draw one input; return the place for its message (none for a checkbox, which cannot be invalid)."""
    label, key, help_text = tr(f"calc.in.{field.id}"), input_key(field.id), tr(f"calc.help.{field.id}")
    if field.kind == "flag":
        st.checkbox(label, key=key, persist_state="session", help=help_text)
        return None
    if field.kind == "select":
        labels = {o.id: o.label(lang()) for o in getattr(base.options, field.id)}
        st.selectbox(
            label,
            list(labels),
            key=key,
            persist_state="session",
            help=help_text,
            format_func=labels.__getitem__,
        )
    else:
        number_field(label, key, decimals=decimals(field.format), whole=field.whole, help=help_text)
    return st.empty()


def input_form(base: ParameterSet, settings: PageSettings) -> InputsCheck:
    """Draw the inputs in their groups and check them; a message about an input is shown at its field.

    Returns:
        The checked inputs (``None`` inside if any is invalid) and the message key per invalid field.
    """
    st.header(tr("calc.inputs_title"))
    form = st.session_state.get(input_key(FORM_FIELD))
    slots: dict[str, DeltaGenerator] = {}
    for column, group in zip(st.columns(len(settings.groups)), settings.groups, strict=True):
        with column.container(border=True):
            st.subheader(tr(f"calc.group.{group.id}"))
            for field in settings.fields(group.id, form):
                slot = _input_widget(field, base)
                if slot is not None:
                    slots[field.id] = slot
            if group == settings.groups[-1]:
                st.button(tr("calc.reset_inputs"), on_click=reset_inputs, icon=":material/restart_alt:")
    check = check_inputs(input_values(), settings)
    for field, key in check.errors.items():
        typed = problem(input_key(field), settings.field(field).whole) if field in slots else None
        slots.get(field, st).error(tr(typed or key), icon=":material/error:")
    return check


# -- parameters ------------------------------------------------------------------------------------


def message_text(message: FieldMessage) -> str:
    """A field message in the user's language, its numbers formatted."""
    numbers = {name: fmt_num(value, lang(), message.decimals) for name, value in message.numbers.items()}
    return tr(message.key, **numbers)


def _meta(item: Parameter | Schedule) -> str:
    """When the value took effect, whether it is verified, its note and its source."""
    verified = tr("calc.param.verified") if item.verified else tr("calc.param.unverified")
    key = "calc.param.meta_start" if is_first_value(item) else "calc.param.meta"
    parts = [tr(key, date=fmt_date(item.effective), verified=verified), md_escape(item.note(lang()))]
    if isinstance(item, Parameter) and (history := history_text(item, lang())):
        parts.append(tr("calc.param.history", items=md_escape(history)))
    return " · ".join([*parts, source_line(item.source, item.evidence)])


def _parameter(p: Parameter, settings: PageSettings, errors: dict[str, FieldMessage]) -> None:
    unit = settings.parameter_unit(p.unit)
    key = parameter_key(p.id)
    number_field(f"{p.name(lang())} ({tr(f'calc.unit.{p.unit}')})", key, decimals=decimals(unit.format),
                 help=p.description(lang()))  # fmt: skip
    if (typed := problem(key)) is not None:
        st.error(tr(typed), icon=":material/error:")
    elif p.id in errors:
        st.error(message_text(errors[p.id]), icon=":material/error:")
    st.caption(_meta(p))


def _schedule(s: Schedule, settings: PageSettings, errors: dict[str, FieldMessage]) -> None:
    unit = settings.schedule_points
    st.markdown(f"**{md_escape(s.name(lang()))}** ({tr('calc.schedule.unit')})")
    for i, ((x, _), col) in enumerate(zip(s.points, st.columns(len(s.points)), strict=True)):
        label = tr("calc.schedule.point", x=fmt_num(x, lang(), unit.decimals))
        number_field(label, schedule_key(s.id, i), decimals=decimals(unit.format), container=col)
    if any(problem(schedule_key(s.id, i)) for i in range(len(s.points))):
        st.error(tr("num.err.number"), icon=":material/error:")
    elif s.id in errors:
        st.error(message_text(errors[s.id]), icon=":material/error:")
    st.caption(f"{md_escape(s.description(lang()))} · {_meta(s)}")


def _rules(base: ParameterSet) -> None:
    L = lang()
    rules = base.benefit_rules
    st.caption(tr("calc.rules_intro"))
    st.dataframe(
        pd.DataFrame(
            {
                tr("calc.rules.rule"): [r.id for r in rules],
                tr("calc.rules.when"): [condition_text(r, base.options, L) for r in rules],
                tr("calc.rules.benefit"): [base.benefit(r.benefit).name(L) for r in rules],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    for r in rules:
        st.caption(f"{r.id}: {md_escape(r.note(L))} · {source_line(r.source, r.evidence)}")


def parameters_in_force(base: ParameterSet) -> None:
    """Every parameter's value in force, the date it took effect, verified or not and its source, as one table."""
    L = lang()
    rows = parameter_rows(base, L)
    with st.expander(tr("calc.params_table_title", date=fmt_date(base.valid_from))):
        st.dataframe(
            pd.DataFrame(rows).drop(columns=["id"]),
            hide_index=True,
            width="stretch",
            column_config={
                "name": tr("calc.pcol.name"),
                "value": tr("calc.pcol.value"),
                "effective": tr("calc.pcol.effective"),
                "verified": tr("calc.pcol.verified"),
                "source": tr("calc.pcol.source"),
                "url": st.column_config.LinkColumn(tr("calc.pcol.url")),
                "history": tr("calc.pcol.history"),
            },
        )


def parameter_editor(base: ParameterSet, settings: PageSettings, check: OverridesCheck) -> None:
    """Every parameter and schedule with its source, editable, with its message; the benefit rules last."""
    st.header(tr("calc.params_title"))
    st.caption(tr("calc.params_intro"))
    parameters_in_force(base)
    if check.overrides:
        st.info(tr("calc.params_changed", n=len(check.overrides)), icon=":material/tune:")
    st.button(tr("calc.params_reset"), on_click=reset_params, icon=":material/restart_alt:")
    # Some 40 fields most visitors never change: drawn only on request (open at first when a link or a
    # file brought changed values), which also keeps every rerun of the page light.
    default(PARAMS_OPEN, bool(check.overrides))
    if not st.toggle(
        tr("calc.params_edit"), key=PARAMS_OPEN, persist_state="session", help=tr("calc.params_edit_help")
    ):
        return
    groups = (*parameter_groups(), RULES_TAB)
    for tab, group in zip(st.tabs([tr(f"calc.pgroup.{g}") for g in groups]), groups, strict=True):
        with tab:
            if group == RULES_TAB:
                _rules(base)
                continue
            for p in (p for p in base.parameters if p.group == group):
                _parameter(p, settings, check.errors)
            for s in (s for s in base.schedules if s.group == group):
                _schedule(s, settings, check.errors)
