"""One renderer for the four role pages: who, what they gain, steps phase by phase, checklist, hand-offs,
and where to go next; :func:`next_steps` also ends the start, process and glossary pages."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from guidance.content.model import Duty, Step
from ui.components import evidence_label, model, source_caption
from ui.registry import PAGES
from ui.state import default, lang, tr

DUTY_ORDER = {Duty.RESPONSIBLE: 0, Duty.PARTICIPATES: 1, Duty.SUPPORTS: 2, Duty.INFORMED: 3}

_ASSESS, _CALC, _SCREEN = "app_pages/assessment.py", "app_pages/calculator.py", "app_pages/screening.py"
_PROCESS, _GLOSSARY, _WORKSHOP = "app_pages/process.py", "app_pages/glossary.py", "app_pages/workshop.py"
#: Where each page leads on to, in order: a page file and the catalog key of one line about what it gives.
#: Pages that are not registered in ``ui/registry.py`` are left out.
NEXT: dict[str, tuple[tuple[str, str], ...]] = {
    "BL": ((_CALC, "next.calculator"), (_SCREEN, "next.screening"), (_ASSESS, "next.assessment"),
           (_GLOSSARY, "next.sources")),
    "UO": ((_ASSESS, "next.assessment"), (_SCREEN, "next.screening"), (_CALC, "next.calculator"),
           (_PROCESS, "next.process")),
    "L": ((_PROCESS, "next.process"), ("app_pages/supplier_report.py", "next.supplier_report"),
          (_GLOSSARY, "next.glossary")),
    "M": ((_PROCESS, "next.process"), ("app_pages/followup.py", "next.followup"), (_GLOSSARY, "next.glossary")),
    "start": ((_ASSESS, "next.assessment"), (_CALC, "next.calculator"), (_SCREEN, "next.screening"),
              (_WORKSHOP, "next.workshop")),
    "process": ((_ASSESS, "next.assessment"), (_GLOSSARY, "next.glossary")),
    "glossary": ((_PROCESS, "next.process"), (_ASSESS, "next.assessment")),
}  # fmt: skip


def next_steps(where: str, title_key: str = "next.title") -> None:
    """The section that ends a page: the tools and pages to go on to, each with one line on what it gives."""
    specs = {spec.path: spec for spec in PAGES}
    items = [(specs[path], key) for path, key in NEXT.get(where, ()) if path in specs]
    if not items:
        return
    st.header(tr(title_key))
    cols = st.columns(2, gap="medium")
    for index, (spec, key) in enumerate(items):
        with cols[index % 2].container(border=True):
            st.page_link(spec.path, label=tr(spec.title_key), icon=spec.icon)
            st.markdown(tr(key))


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


def render_role(role_id: str, after_intro: Callable[[], None] | None = None) -> None:
    """Render the page of one role, ending with where to go next.

    Args:
        role_id: The role in the model.
        after_intro: Draws something right after the introduction (the decision-makers' figures).
    """
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
    if after_intro is not None:
        after_intro()

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
    st.caption(tr("role.legend"))
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
    next_steps(role_id)


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
