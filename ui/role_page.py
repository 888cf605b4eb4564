"""One renderer for the four role pages: who, what they gain, steps phase by phase, checklist, hand-offs."""

from __future__ import annotations

import streamlit as st

from guidance.content.model import Duty, Step
from ui.components import evidence_label, model, source_caption
from ui.state import default, lang, tr

DUTY_ORDER = {Duty.RESPONSIBLE: 0, Duty.PARTICIPATES: 1, Duty.SUPPORTS: 2, Duty.INFORMED: 3}


def duty_text(step: Step, actors: list[str]) -> str:
    """The role's duties in a step, strongest first, naming the sub-role when there are several."""
    m, L = model(), lang()
    parts = []
    cells = sorted(
        ((a, step.responsibilities[a]) for a in actors if a in step.responsibilities),
        key=lambda pair: DUTY_ORDER[pair[1].duty],
    )
    for actor, cell in cells:
        name = f"{m.actor_name(actor, L)}: " if len(actors) > 1 else ""
        mark = "" if cell.evidence.value == "uhm" else " *"
        note = f" ({cell.note(L)})" if cell.note else ""
        parts.append(f"{name}{tr('duty.' + cell.duty.value)}{mark}{note}")
    return "; ".join(parts)


def render_role(role_id: str) -> None:
    """Render the page of one role."""
    m, L = model(), lang()
    role = m.role(role_id)
    st.title(role.name(L))
    col_who, col_gain = st.columns(2, gap="large")
    with col_who:
        st.header(tr("role.who"))
        st.markdown(role.who(L))
    with col_gain:
        st.header(tr("role.gains"))
        st.markdown(role.gains(L))
    source_caption(role.source, role.evidence)

    actors = m.actors_of_role(role_id)
    subroles = [s for s in m.subroles if s.parent == role_id]
    if subroles:
        st.header(tr("role.subroles_title"))
        cols = st.columns(len(subroles))
        for col, sub in zip(cols, subroles, strict=False):
            with col.container(border=True):
                st.markdown(f"**{sub.name(L)}**")
                st.markdown(sub.who(L))
        key = f"role.{role_id}.subrole"
        default(key, "all")
        choice = st.selectbox(
            tr("role.subrole_filter"),
            ["all", *[s.id for s in subroles]],
            key=key,
            persist_state="session",
            format_func=lambda v: tr("role.all_subroles") if v == "all" else m.actor_name(v, L),
        )
        if choice != "all":
            actors = [choice]

    if role_id == "BL":
        _decision_makers_extras()
    if role_id == "UO":
        _gate_questions()

    st.header(tr("role.phase_title"))
    st.caption(tr("duty.legend_text"))
    steps = [s for s in m.steps if set(actors) & set(s.responsibilities)]
    tabs = st.tabs([p.name(L) for p in m.phases])
    for tab, phase in zip(tabs, m.phases, strict=False):
        with tab:
            st.markdown(f"*{phase.summary(L)}*")
            phase_steps = [s for s in steps if s.phase == phase.id]
            if not phase_steps:
                st.info(tr("role.no_steps"))
            for step in phase_steps:
                with st.container(border=True):
                    st.markdown(
                        f"**{step.id} · {step.title(L)}**  \n{tr('role.duty_in_step', duty=duty_text(step, actors))}"
                    )
                    st.markdown(step.description(L))
                    source_caption(step.source, step.evidence)

    _checklist(role_id)
    _handoffs(role_id)


def _checklist(role_id: str) -> None:
    m, L = model(), lang()
    items = [c for c in m.role_checklists if c.role == role_id]
    if not items:
        return
    st.header(tr("role.checklist_title"))
    st.caption(tr("role.checklist_help"))
    phase_order = {p.id: p.order for p in m.phases}
    done = 0
    for item in sorted(items, key=lambda c: phase_order[c.phase]):
        key = f"role.{role_id}.check.{item.id}"
        default(key, False)
        label = f"{item.text(L)} ({m.phase(item.phase).name(L)})"
        if st.checkbox(label, key=key, persist_state="session", help=evidence_label(item.evidence)):
            done += 1
    st.progress(done / len(items), text=tr("role.checklist_progress", done=done, total=len(items)))


def _handoffs(role_id: str) -> None:
    m, L = model(), lang()
    gives = [h for h in m.handoffs if h.giver == role_id]
    gets = [h for h in m.handoffs if h.receiver == role_id]
    if not gives and not gets:
        return
    st.header(tr("role.handoffs_title"))
    col_give, col_get = st.columns(2, gap="large")
    with col_give:
        st.subheader(tr("role.gives"))
        for h in gives:
            st.markdown(
                f"- **{m.phase(h.phase).name(L)}** – {h.what(L)} ({tr('role.to', role=m.role(h.receiver).short(L))})"
            )
    with col_get:
        st.subheader(tr("role.gets"))
        for h in gets:
            st.markdown(
                f"- **{m.phase(h.phase).name(L)}** – {h.what(L)} ({tr('role.from', role=m.role(h.giver).short(L))})"
            )


def _gate_questions() -> None:
    m, L = model(), lang()
    st.header(tr("role.gate_title"))
    for gate in m.gates:
        st.markdown(f"- **{gate.text(L)}** {gate.help(L)}")
    st.info(m.gate_rule(L))


def _decision_makers_extras() -> None:
    m, L = model(), lang()
    st.header(tr("role.dm_checklist_title"))
    st.warning(tr("role.dm_checklist_note"))
    for item in m.checklist:
        key = f"role.BL.dm.{item.id}"
        default(key, False)
        st.checkbox(item.text(L), key=key, persist_state="session", help=item.basis(L))
