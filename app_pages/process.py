"""Process: the phase x role responsibility matrix, filterable, with each step's detail and source."""

from __future__ import annotations

import streamlit as st

from guidance.content.overview import matrix
from ui.components import model, page_header, source_caption
from ui.role_page import duty_text
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
only = st.checkbox(tr("proc.only_with_duty"), key="proc.only", persist_state="session")

short = {d: tr(f"duty.short.{d}") for d in ("R", "P", "S", "I")}
table = matrix(m, L, short, roles=roles or role_ids, phases=phases or phase_ids, only_with_duty=only)

st.header(tr("proc.matrix_title"))
st.caption(tr("duty.legend_text"))
if table.empty:
    st.info(tr("proc.no_match"))
else:
    st.caption(tr("proc.count", steps=len(table)))
    shown = table.rename(columns={"id": "ID", "phase": tr("proc.phase"), "step": tr("proc.step")})
    actor_cols = {col: st.column_config.TextColumn(width="small") for col in shown.columns[3:]}
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 600),
        column_config={
            "ID": st.column_config.TextColumn(width="small"),
            tr("proc.step"): st.column_config.TextColumn(width="large"),
            **actor_cols,
        },
    )
    st.download_button(
        tr("proc.download"),
        shown.to_csv(index=False).encode("utf-8-sig"),
        file_name="ansvarsmatris.csv" if L == "sv" else "responsibility-matrix.csv",
        mime="text/csv",
        key="btn.proc.download",
    )

    st.header(tr("proc.details_title"))
    actors = [a for r in (roles or role_ids) for a in m.actors_of_role(r)]
    for phase in m.phases:
        steps = [m.step(s) for s in table["id"] if m.step(s).phase == phase.id]
        if not steps:
            continue
        st.subheader(f"{phase.order}. {phase.name(L)}")
        for step in steps:
            with st.expander(f"{step.id} · {step.title(L)}"):
                st.markdown(step.description(L))
                duty = duty_text(step, [a for a in m.actors() if a in step.responsibilities and a in actors])
                st.markdown(f"**{tr('proc.who_does_what')}:** {duty}")
                source_caption(step.source, step.evidence)
