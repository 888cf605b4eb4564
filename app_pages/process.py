"""Process: who does what in each step, as text that wraps on a phone, filterable by role, phase and words.

Each step lists the roles by duty (responsible, takes part, supports, informed) instead of a grid of
letters that a phone cuts off; the whole matrix can still be downloaded as a table.
"""

from __future__ import annotations

import streamlit as st

from guidance.content.model import Step
from guidance.content.overview import matrix
from guidance.core.search import matches
from guidance.documents.spreadsheet import to_csv
from ui.components import md_escape, model, page_header, source_caption
from ui.role_page import DUTY_ORDER, duty_text, next_steps
from ui.state import default, lang, tr

m = model()
L = lang()
page_header("page.process", "proc.intro")

st.header(tr("proc.phases_title"))
groups = sorted(m.phase_groups, key=lambda g: g.order)
cols = st.columns(len(groups))
for col, group in zip(cols, groups, strict=False):
    with col.container(border=True):
        names = [f"{p.order}. {p.name(L)}" for p in m.phases if p.group == group.id]
        st.markdown(f"**{group.name(L)}**  \n" + " → ".join(names))

role_ids = [r.id for r in m.roles]
phase_ids = [p.id for p in m.phases]
default("proc.roles", role_ids)
default("proc.phases", phase_ids)
default("proc.only", False)
default("proc.query", "")

st.header(tr("proc.matrix_title"))
c1, c2 = st.columns(2)
with c1:
    roles = st.multiselect(
        tr("proc.filter_roles"),
        role_ids,
        key="proc.roles",
        persist_state="session",
        format_func=lambda r: m.role(r).name(L),
    )
with c2:
    phases = st.multiselect(
        tr("proc.filter_phases"),
        phase_ids,
        key="proc.phases",
        persist_state="session",
        format_func=lambda p: m.phase(p).name(L),
    )
query = st.text_input(tr("proc.search"), key="proc.query", persist_state="session", max_chars=100)
only = st.checkbox(tr("proc.only_with_duty"), key="proc.only", persist_state="session")

short = {d: tr(f"duty.short.{d}") for d in ("R", "P", "S", "I")}
table = matrix(m, L, short, roles=roles or role_ids, phases=phases or phase_ids, only_with_duty=only)
actors = [a for r in (roles or role_ids) for a in m.actors_of_role(r)]


def who_lines(step: Step) -> str:
    """The chosen roles in a step grouped by duty, strongest first ("Ansvarar: …  \\nDeltar: …")."""
    lines = []
    for duty in sorted(DUTY_ORDER, key=DUTY_ORDER.__getitem__):
        names = [
            m.actor_name(a, L) + ("" if step.responsibilities[a].evidence.value == "uhm" else "\u00a0*")
            for a in actors
            if a in step.responsibilities and step.responsibilities[a].duty == duty
        ]
        if names:
            lines.append(f"{tr('duty.' + duty.value)}: {md_escape(', '.join(names), inline=True)}")
    return "  \n".join(lines) or tr("proc.nobody")


steps = [
    m.step(s)
    for s in (table["id"] if not table.empty else [])
    if matches(query, m.step(s).id, m.step(s).title(L), m.step(s).description(L))
]
st.caption(tr("proc.legend"))
if not steps:
    st.info(tr("proc.no_match"))
else:
    st.caption(tr("proc.count", steps=len(steps)))
    for phase in m.phases:
        in_phase = [s for s in steps if s.phase == phase.id]
        if not in_phase:
            continue
        st.subheader(f"{phase.order}. {phase.name(L)}")
        for step in in_phase:
            with st.container(border=True):
                st.markdown(f"**{md_escape(step.id)} · {md_escape(step.title(L))}**  \n{who_lines(step)}")
                with st.expander(tr("proc.more")):
                    duty = duty_text(step, [a for a in m.actors() if a in step.responsibilities and a in actors])
                    st.markdown(f"{step.description(L)}\n\n**{tr('proc.who_does_what')}:** {duty}")
                    source_caption(step.source, step.evidence)
    shown = table[table["id"].isin([s.id for s in steps])]
    shown = shown.rename(columns={"id": "ID", "phase": tr("proc.phase"), "step": tr("proc.step")})
    st.caption(tr("duty.legend_text"))
    st.download_button(
        tr("proc.download"),
        to_csv(shown, L),
        file_name="ansvarsmatris.csv" if L == "sv" else "responsibility-matrix.csv",
        mime="text/csv",
        key="btn.proc.download",
        icon=":material/download:",
    )
next_steps("process")
