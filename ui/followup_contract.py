"""One contract in the buyer's register: planned against delivered, the milestone, what is missing, the
reports and their versions, the value, the supplier's link, and changing or removing the contract.

The figures here are exact: they are the contract's own follow-up, seen by those who hold the
register's link. Everything shared further (the portfolio) hides small counts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from guidance.followup.content import FORMS, load_followup_content
from guidance.followup.models import Contract
from guidance.followup.overview import Overview
from ui.followup_charts import cumulative_line
from ui.followup_labels import day, milestone_text, num, sek, short
from ui.followup_register import contract_inputs, read_contract
from ui.followup_report_form import contract_facts, history_view
from ui.followup_session import REPORT, SUPPLIER_PAGE, flash, keep_once, page_link, store, take_once
from ui.state import lang, tr

PICK_KEY = "fu.contract"
SELECT_KEY = "fu.select"


def contract_picker(contracts: list[Contract]) -> Contract | None:
    """The contract to look at (a just-added one first)."""
    st.header(tr("fu.contract_title"))
    if not contracts:
        st.info(tr("fu.list_empty"))
        return None
    ids = [c.id for c in contracts]
    chosen = st.session_state.pop(SELECT_KEY, None)
    if chosen in ids:
        st.session_state[PICK_KEY] = chosen
    elif st.session_state.get(PICK_KEY) not in ids:
        st.session_state[PICK_KEY] = ids[-1]
    by_id = {c.id: c for c in contracts}
    picked = st.selectbox(
        tr("fu.pick"), ids, key=PICK_KEY, persist_state="session", format_func=lambda i: by_id[i].label
    )
    return by_id[int(picked)]


def supplier_link(contract: Contract) -> None:
    """The supplier's link: shown once after it is made; a new one replaces the old."""
    st.subheader(tr("fu.supplier_link_title"))
    st.caption(tr("fu.supplier_link_help"))
    token = take_once(f"link.{contract.id}")
    if token:
        st.code(page_link(SUPPLIER_PAGE, **{REPORT: token}), language=None, wrap_lines=True)
        st.warning(tr("fu.supplier_link_once"))
    elif contract.has_link:
        st.info(tr("fu.supplier_link_hidden"))
    if st.button(tr("fu.supplier_link_new"), key=f"fubtn_link_{contract.id}"):
        new = store().new_report_token(contract.register_id, contract.id)
        if new:
            keep_once(f"link.{contract.id}", new)
        st.rerun()


def _status_line(icon: str, name: str, text: str) -> None:
    st.markdown(f"{icon} **{name}** – {text}")


def progress_view(o: Overview) -> None:
    """Planned against delivered: metrics, the milestone, the share met and what is missing."""
    content = load_followup_content()
    L = lang()
    p = o.progress
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("fu.m.people"), num(o.delivered.people))
    m2.metric(tr("fu.m.employment"), f"{short(p.employment_delivered)} / {short(p.employment_required)}")
    m3.metric(tr("fu.m.places"), f"{short(p.place_equivalents)} / {num(p.places)}", help=tr("fu.m.places_help"))
    m4.metric(tr("fu.m.internship"), short(p.internship_delivered))
    mile = content.milestone_status(o.milestone.status)
    _status_line(mile.icon, f"{tr('fu.milestone')}: {mile.name(L)}", milestone_text(o.milestone))
    status = content.progress_status(p.status)
    if p.share is not None:
        st.progress(min(p.share, 1.0), text=tr("fu.share", share=num(p.share * 100), status=status.name(L)))
    else:
        _status_line(status.icon, status.name(L), tr("fu.no_share"))
    if p.bonus is not None:
        st.markdown(
            tr(
                "fu.bonus_earned",
                sek=sek(p.bonus.sek),
                employment=short(p.bonus.employment_months),
                internship=short(p.bonus.internship_months),
                cap=sek(p.bonus.cap_sek),
            )
        )
    st.markdown(f"**{tr('fu.gaps_title')}**")
    if o.gaps:
        st.markdown("\n".join(f"- {g.text(L, content)}" for g in o.gaps))
    else:
        st.markdown(tr("fu.gaps_none"))


def periods_frame(o: Overview) -> pd.DataFrame:
    """The report periods: dates, due day, status and versions received."""
    content = load_followup_content()
    L = lang()
    rows = [
        {
            tr("fu.col.number"): s.period.number,
            tr("fu.col.period"): s.period.label,
            tr("fu.col.due"): day(s.period.due),
            tr("fu.col.status"): content.report_status(s.status).name(L),
            tr("fu.col.versions"): len(s.versions),
        }
        for s in o.periods
    ]
    return pd.DataFrame(rows)


def delivery_chart(o: Overview) -> None:
    """Employment months delivered so far against the requirement, period by period."""
    if not o.counting:
        return
    x, value, series = tr("fu.chart.period_end"), tr("fu.chart.months"), tr("fu.chart.series")
    rows, total = [], 0.0
    ends = {s.period.start: s.period.end for s in o.periods}
    for report in o.counting:
        total += report.figures.months_counted_as("employment")
        end = ends.get(report.period_start, report.period_start)
        rows.append({x: end, value: total, series: tr("fu.chart.delivered")})
        rows.append({x: end, value: o.progress.employment_required, series: tr("fu.chart.required")})
    cumulative_line(pd.DataFrame(rows), x, value, series, tr("fu.chart.delivery_title"))


def breakdown_tables(o: Overview) -> None:
    """People by form and target group, early endings and check-ups (exact: the contract's own follow-up)."""
    content = load_followup_content()
    L = lang()
    d = o.delivered
    st.caption(tr("fu.exact_note", threshold=content.suppression.threshold))
    forms = pd.DataFrame(
        [
            {
                tr("fu.col.form"): content.form(f).name(L),
                tr("fu.col.people"): d.by_form.get(f, 0),
                tr("fu.col.months"): d.months.get(f, 0.0),
            }
            for f in FORMS
        ]
    )
    groups = pd.DataFrame(
        [
            {tr("fu.col.group"): content.category_name(c)(L), tr("fu.col.people"): d.by_category.get(c, 0)}
            for c in content.category_ids
        ]
    )
    ended = pd.DataFrame(
        [
            {tr("fu.col.reason"): r.name(L), tr("fu.col.count"): d.ended_early.get(r.id, 0)}
            for r in content.early_end_reasons
        ]
    )
    retention = pd.DataFrame(
        [
            {
                tr("fu.col.checkup"): tr("fu.checkup", months=m),
                tr("fu.col.followed"): d.retention[m].followed if m in d.retention else 0,
                tr("fu.col.employed"): d.retention[m].employed if m in d.retention else 0,
            }
            for m in content.retention.values
        ]
    )
    c1, c2 = st.columns(2)
    c1.dataframe(forms, hide_index=True, width="stretch")
    c2.dataframe(groups, hide_index=True, width="stretch")
    c1.dataframe(ended, hide_index=True, width="stretch")
    c2.dataframe(retention, hide_index=True, width="stretch")


def value_view(o: Overview) -> None:
    """The realised socio-economic value, by actor, with the dates of the parameters used."""
    v = o.value
    st.metric(tr("fu.m.value"), sek(v.society))
    if not v.lines:
        return
    actors = pd.DataFrame(
        [{tr("fu.col.actor"): tr(f"calc.actor.{a}"), tr("fu.col.sek"): round(s)} for a, s in v.by_actor.items()]
    )
    st.dataframe(actors, hide_index=True, width="stretch")
    used = sorted({d for line in v.lines for d in line.rules_from})
    st.caption(tr("fu.value_note", dates=", ".join(day(d) for d in used)))
    if v.before_coverage:
        st.caption(tr("fu.value_before_coverage"))


def edit_view(contract: Contract) -> None:
    """Change the contract's facts and requirement, or remove a contract registered by mistake."""
    prefix = f"fu.edit.{contract.id}."
    with st.expander(tr("fu.edit_title"), icon=":material/edit:"):
        contract_inputs(prefix, contract)
        if st.button(tr("fu.edit_button"), key=f"fubtn_edit_{contract.id}"):
            data, errors = read_contract(prefix, contract)
            for key in errors:
                st.error(tr(key))
            if data is not None:
                store().update_contract(contract.register_id, contract.id, data)
                flash("fu.saved")
                st.rerun()
        st.divider()
        st.caption(tr("fu.delete_help"))
        sure = st.checkbox(tr("fu.delete_confirm"), key=f"fu.delete_ok.{contract.id}", persist_state="session")
        if st.button(tr("fu.delete_button"), key=f"fubtn_delete_{contract.id}", disabled=not sure):
            store().delete_contract(contract.register_id, contract.id)
            flash("fu.deleted")
            st.rerun()


def contract_view(o: Overview) -> None:
    """Everything about one contract."""
    contract_facts(o.contract, o)
    st.subheader(tr("fu.progress_title"))
    progress_view(o)
    delivery_chart(o)
    st.subheader(tr("fu.periods_title"))
    st.dataframe(periods_frame(o), hide_index=True, width="stretch")
    st.subheader(tr("fu.breakdown_title"))
    breakdown_tables(o)
    st.subheader(tr("fu.value_title"))
    value_view(o)
    history_view(o, sub=True)
    supplier_link(o.contract)
    edit_view(o.contract)
