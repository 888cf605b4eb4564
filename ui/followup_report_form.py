"""The supplier's report form (reached by the contract's link): figures only, one period at a time.

Every field is a number or one date; there is no field for free text at all (the numbers are typed
into :mod:`ui.number_field` text inputs, which hold nothing but a number). The form opens on a period with
the counting version's figures filled in, so a correction starts from what was sent; sending stores
the next version and never changes an earlier one. The history lists every version of every period.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from guidance.followup.checks import report_problems
from guidance.followup.content import FORMS, load_followup_content
from guidance.followup.figures import Figures, latest
from guidance.followup.models import Contract
from guidance.followup.overview import Overview, PeriodState
from guidance.followup.register import error_keys
from guidance.followup.schedule import needs_first_start
from guidance.stores.followup import StoreError
from ui.components import source_caption
from ui.followup_labels import day, level_name, milestone_text, num, sent_at, short
from ui.followup_numbers import Bounds, bounded_field, valid_number
from ui.followup_session import STORE_FAILURES, flash, store
from ui.state import lang, tr

PERIOD_KEY = "sr.period"
SEEDED_KEY = "sr.seeded"
FIRST_KEY = "sr.first_start"
REASON_KEY = "sr.reason"
SEND_KEY = "srbtn_send"


def started_key(form: str, category: str) -> str:
    """The widget key of people started in ``form`` and ``category``."""
    return f"sr.started.{form}.{category}"


def months_key(form: str) -> str:
    """The widget key of months delivered in ``form``."""
    return f"sr.months.{form}"


def ended_key(reason: str) -> str:
    """The widget key of placements ended early for ``reason``."""
    return f"sr.ended.{reason}"


def retention_key(months: int, part: str) -> str:
    """The widget key of a check-up's people followed up (``followed``) or still employed (``employed``)."""
    return f"sr.ret.{months}.{part}"


def contract_facts(contract: Contract, view: Overview) -> None:
    """What the contract asks for and when reports are due, as a plain-text table."""
    content = load_followup_content()
    req = contract.requirement
    rows = [
        (tr("fu.field.reference"), contract.reference or "–"),
        (tr("fu.field.title"), contract.title or "–"),
        (tr("fu.field.supplier"), contract.supplier or tr("fu.no_supplier")),
        (tr("fu.field.term"), f"{day(contract.start)} – {day(contract.end)}"),
        (tr("fu.field.level"), level_name(req.level)),
        (tr("fu.field.places"), num(req.places)),
        (tr("fu.field.employment_months"), short(req.employment_months)),
        (tr("fu.field.internship_months"), short(req.internship_months) if req.internship_months else "–"),
        (tr("fu.field.milestone"), milestone_text(view.milestone)),
        (tr("fu.field.interval"), content.interval(contract.interval).name(lang())),
    ]
    frame = pd.DataFrame(rows, columns=[tr("fu.col.field"), tr("fu.col.value")])
    st.dataframe(frame, hide_index=True, width="stretch")


def privacy_note() -> None:
    """Why the form asks for figures only, each reason with its source."""
    with st.container(border=True):
        st.markdown(f"**{tr('sr.privacy_title')}**")
        for point in load_followup_content().privacy:
            st.markdown(f"- {point.text(lang())}")
            source_caption(point.source, point.evidence)


def period_picker(view: Overview, today: dt.date) -> PeriodState | None:
    """The period to report on (those that have begun); starts on the first one still owed."""
    open_ = [p for p in view.periods if p.period.start <= today]
    if not open_:
        return None
    ids = [p.period.start.isoformat() for p in open_]
    owed = next((p for p in open_ if p.status in ("overdue", "due")), open_[-1])
    if st.session_state.get(PERIOD_KEY) not in ids:
        st.session_state[PERIOD_KEY] = owed.period.start.isoformat()
    by_id = {p.period.start.isoformat(): p for p in open_}
    # The labels never change with the period's status: Streamlit keeps a select box's choice by its label.
    labels = {pid: tr("sr.period_option", number=p.period.number, period=p.period.label) for pid, p in by_id.items()}

    chosen = st.selectbox(tr("sr.period"), ids, key=PERIOD_KEY, persist_state="session", format_func=labels.__getitem__)
    state = by_id[str(chosen)]
    status = load_followup_content().report_status(state.status)
    st.caption(tr("sr.period_status", status=status.name(lang()), due=day(state.period.due)))
    return state


def seed(contract: Contract, state: PeriodState) -> None:
    """Fill the form with the period's counting figures (or zeros) once per contract, period and version."""
    counting = state.counting
    marker = f"{contract.id}:{state.period.start.isoformat()}:{counting.version if counting else 0}"
    if st.session_state.get(SEEDED_KEY) == marker:
        return
    content = load_followup_content()
    f = counting.figures if counting else Figures()
    for form in FORMS:
        for category in content.category_ids:
            st.session_state[started_key(form, category)] = f.started.get(form, {}).get(category, 0)
        st.session_state[months_key(form)] = float(f.months.get(form, 0.0))
    for reason in content.reason_ids:
        st.session_state[ended_key(reason)] = f.ended_early.get(reason, 0)
    for months in content.retention.values:
        count = f.retention.get(months)
        st.session_state[retention_key(months, "followed")] = count.followed if count else 0
        st.session_state[retention_key(months, "employed")] = count.employed if count else 0
    st.session_state[FIRST_KEY] = f.first_start
    st.session_state[REASON_KEY] = None
    st.session_state[SEEDED_KEY] = marker


def count_bounds() -> Bounds:
    """A count of people: a whole number from 0 up to the form's limit."""
    return Bounds(0, load_followup_content().limits.max_people, whole=True, decimals=0)


def months_bounds() -> Bounds:
    """Months of one form in the period: from 0 up to the form's limit, in halves or finer."""
    return Bounds(0, load_followup_content().limits.max_months)


def number_fields() -> dict[str, Bounds]:
    """Every number field of the form (key: bounds)."""
    content = load_followup_content()
    counts = [started_key(f, c) for f in FORMS for c in content.category_ids]
    counts += [ended_key(r) for r in content.reason_ids]
    counts += [retention_key(m, part) for m in content.retention.values for part in ("followed", "employed")]
    return {key: count_bounds() for key in counts} | {months_key(f): months_bounds() for f in FORMS}


def _count_input(label: str, key: str) -> None:
    bounded_field(label, key, count_bounds())


def figures_inputs(contract: Contract, view: Overview, state: PeriodState) -> None:
    """The number inputs (and the first start's date when the milestone is still open)."""
    content = load_followup_content()
    L = lang()
    st.subheader(tr("sr.started_title"))
    st.caption(tr("sr.started_help"))
    for form, col in zip(content.forms, st.columns(len(content.forms)), strict=True):
        with col:
            st.markdown(f"**{form.name(L)}**")
            for category in content.category_ids:
                label = tr("sr.cell", category=content.category_name(category)(L), form=form.name(L))
                _count_input(label, started_key(form.id, category))
    st.subheader(tr("sr.months_title"))
    st.caption(tr("sr.months_help"))
    for form, col in zip(content.forms, st.columns(len(content.forms)), strict=True):
        bounded_field(tr("sr.months_label", form=form.name(L)), months_key(form.id), months_bounds(), container=col)
    st.subheader(tr("sr.ended_title"))
    st.caption(tr("sr.ended_help"))
    cols = st.columns(2)
    for i, reason in enumerate(content.early_end_reasons):
        with cols[i % 2]:
            _count_input(reason.name(L), ended_key(reason.id))
    st.subheader(tr("sr.retention_title"))
    st.caption(tr("sr.retention_help"))
    for months, col in zip(content.retention.values, st.columns(len(content.retention.values)), strict=True):
        with col:
            _count_input(tr("sr.ret_followed", months=months), retention_key(months, "followed"))
            _count_input(tr("sr.ret_employed", months=months), retention_key(months, "employed"))
    asked = needs_first_start(contract, latest(view.counting), state.period, content)
    if asked or st.session_state.get(FIRST_KEY) is not None:
        st.subheader(tr("sr.first_title"))
        st.date_input(
            tr("sr.first_label"),
            min_value=contract.start,
            max_value=state.period.end,
            key=FIRST_KEY,
            persist_state="session",
            help=tr("sr.first_help", date=day(contract.milestone_date)),
            format="YYYY-MM-DD",
        )


def read_figures() -> tuple[Figures | None, tuple[str, ...]]:
    """The figures the inputs hold, or the message keys of what is wrong with them.

    A field that holds no number or one out of bounds (its message is under it) stops the report.
    """
    content = load_followup_content()
    fields = number_fields()
    n = {key: v for key, bounds in fields.items() if (v := valid_number(key, bounds)) is not None}
    if len(n) < len(fields):
        return None, ("sr.err.fields",)
    data = {
        "started": {f: {c: n[started_key(f, c)] for c in content.category_ids} for f in FORMS},
        "months": {f: n[months_key(f)] for f in FORMS},
        "ended_early": {r: n[ended_key(r)] for r in content.reason_ids},
        "retention": {
            m: {"followed": n[retention_key(m, "followed")], "employed": n[retention_key(m, "employed")]}
            for m in content.retention.values
        },
        "first_start": st.session_state.get(FIRST_KEY),
    }
    try:
        return Figures.model_validate(data), ()
    except ValidationError as exc:
        return None, error_keys(exc)


def correction_reason(state: PeriodState) -> str | None:
    """For a period already reported: the choice of why it is corrected (required)."""
    if state.counting is None:
        return None
    reasons = load_followup_content().correction_reasons
    names = {r.id: r.name(lang()) for r in reasons}
    return st.selectbox(
        tr("sr.reason"),
        list(names),
        key=REASON_KEY,
        persist_state="session",
        placeholder=tr("sr.reason_placeholder"),
        format_func=lambda r: names[r],
    )


def problems(
    contract: Contract,
    view: Overview,
    state: PeriodState,
    figures: Figures | None,
    errors: tuple[str, ...],
    reason: str | None,
) -> tuple[str, ...]:
    """Every reason the report cannot be sent yet, as message keys."""
    out = list(errors)
    if figures is not None:
        earlier = {d: r for d, r in latest(view.counting).items() if d != state.period.start}
        out += report_problems(contract, state.period, figures, earlier)
    if state.counting is not None and reason is None:
        out.append("sr.err.reason")
    return tuple(dict.fromkeys(out))


def send_button(state: PeriodState) -> bool:
    """The send button: a first report, or a correction as the next version."""
    counting = state.counting
    if counting is None:
        label = tr("sr.send")
    else:
        st.info(
            tr(
                "sr.correction_note",
                version=counting.version,
                sent=sent_at(counting.submitted_at),
                next=counting.version + 1,
            ),
            icon=":material/history:",
        )
        label = tr("sr.send_correction", next=counting.version + 1)
    return st.button(label, type="primary", key=SEND_KEY, icon=":material/send:")


def history_frame(view: Overview) -> pd.DataFrame:
    """Every version of every period, newest version of each period marked as the one that counts."""
    content = load_followup_content()
    L = lang()
    reasons = {r.id: r.name(L) for r in content.correction_reasons}
    rows = []
    for state in view.periods:
        for report in state.versions:
            f = report.figures
            row = {
                tr("fu.col.period"): state.period.label,
                tr("fu.col.version"): report.version,
                tr("fu.col.counts"): tr("fu.yes") if report is state.counting else tr("fu.no"),
                tr("fu.col.sent"): sent_at(report.submitted_at),
                tr("fu.col.reason"): reasons.get(report.correction_reason or "", ""),
                tr("fu.col.people"): f.people,
            }
            for form in content.forms:
                row[tr("fu.col.months_of", form=form.name(L))] = f.months.get(form.id, 0.0)
            row[tr("fu.col.ended")] = f.ended
            row[tr("fu.col.first_start")] = day(f.first_start)
            rows.append(row)
    return pd.DataFrame(rows)


def history_view(view: Overview, sub: bool = False) -> None:
    """The versions sent so far (all of them: a correction never removes one); ``sub``: under a subheading."""
    (st.subheader if sub else st.header)(tr("sr.history_title"))
    frame = history_frame(view)
    if frame.empty:
        st.info(tr("sr.history_none"))
        return
    st.caption(tr("sr.history_help"))
    st.dataframe(frame, hide_index=True, width="stretch")


def send(contract: Contract, view: Overview, state: PeriodState) -> None:
    """Read the form, and on "send" store it as the period's next version (or say what is wrong)."""
    figures, errors = read_figures()
    reason = correction_reason(state)
    if not send_button(state):
        return
    wrong = problems(contract, view, state, figures, errors, reason)
    if wrong or figures is None:
        for key in wrong:
            st.error(tr(key))
        return
    try:
        report = store().submit_report(contract.id, state.period.start, figures, reason)
    except StoreError as exc:
        st.error(tr(exc.key))
        return
    except STORE_FAILURES:
        st.error(tr("fu.store_error"))
        return
    st.session_state.pop(SEEDED_KEY, None)
    flash("sr.sent", version=report.version, period=state.period.label)
    st.rerun()
