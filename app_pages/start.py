"""Start: what the model is, who it is for, choose your role, a drawn overview of the phases, and the tools to start with."""

from __future__ import annotations

import altair as alt
import streamlit as st

from guidance.content.overview import involvement
from ui.charts import show_chart
from ui.components import model, page_header
from ui.evidence_view import evidence_view
from ui.registry import PAGES
from ui.role_page import next_steps
from ui.state import lang, tr

m = model()
L = lang()

page_header("app.title", "app.tagline")
st.caption(tr("app.disclaimer"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.header(tr("start.what_title"))
    st.markdown(tr("start.what_body"))
with right:
    st.header(tr("start.who_title"))
    st.markdown(tr("start.who_body"))

evidence_view("start")

st.header(tr("start.roles_title"))
st.markdown(tr("start.roles_intro"))
role_pages = {spec.role: spec for spec in PAGES if spec.role}
cols = st.columns(2, gap="medium")
for index, role in enumerate(m.roles):
    with cols[index % 2].container(border=True):
        st.subheader(role.name(L))
        st.markdown(role.who(L))
        spec = role_pages.get(role.id)
        if spec:
            st.page_link(spec.path, label=tr("start.open_role", role=role.name(L)), icon=spec.icon)

st.header(tr("start.overview_title"))
data = involvement(m)
phase_name = {p.id: p.name(L) for p in m.phases}
group_name = {g.id: g.name(L) for g in m.phase_groups}
role_name = {r.id: r.short(L) for r in m.roles}
data["phase_label"] = data["phase"].map({p.id: f"{p.order}. {p.name(L)}" for p in m.phases})
data["role_label"] = data["role"].map(role_name)
data["group_label"] = data["group"].map(group_name)
data["count_label"] = [
    str(r) if r else (str(i) if i else "") for r, i in zip(data["responsible"], data["involved"], strict=False)
]
data["level"] = [
    tr("start.responsible") if r else (tr("start.involved") if i else tr("start.none"))
    for r, i in zip(data["responsible"], data["involved"], strict=False)
]
phase_order = [f"{p.order}. {p.name(L)}" for p in m.phases]
role_order = [r.short(L) for r in m.roles]
levels = [tr("start.responsible"), tr("start.involved"), tr("start.none")]
base = alt.Chart(data).encode(
    x=alt.X(
        "phase_label:N",
        sort=phase_order,
        title=None,
        axis=alt.Axis(
            labelAngle=0,
            orient="bottom",
            labelOverlap=False,
            labelPadding=8,
            labelExpr="split(datum.label, ' ')",
            labelFontSize=13,
            labelColor="#1a1a1a",
            labelLimit=160,
            ticks=False,
            domain=False,
        ),
    ),
    y=alt.Y(
        "role_label:N",
        sort=role_order,
        title=None,
        axis=alt.Axis(labelLimit=220, labelFontSize=13, labelColor="#1a1a1a", ticks=False, domain=False),
    ),
)
boxes = base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=6).encode(
    color=alt.Color(
        "level:N",
        scale=alt.Scale(domain=levels, range=["#0b5394", "#a9c4e4", "#f1f4f8"]),
        legend=alt.Legend(
            title=tr("start.involvement"),
            orient="bottom",
            labelLimit=400,
            labelFontSize=13,
            titleFontSize=13,
            labelColor="#1a1a1a",
        ),
    ),
    tooltip=[
        alt.Tooltip("group_label:N", title=tr("proc.phase")),
        alt.Tooltip("phase_label:N", title=""),
        alt.Tooltip("role_label:N", title=""),
        alt.Tooltip("responsible:Q", title=tr("start.responsible")),
        alt.Tooltip("involved:Q", title=tr("start.involved")),
    ],
)
labels = base.mark_text(fontSize=14, fontWeight="bold").encode(
    text=alt.Text("count_label:N"),
    color=alt.condition(alt.datum.responsible > 0, alt.value("white"), alt.value("#1a1a1a")),
)
show_chart((boxes + labels).properties(height=300).configure_view(strokeWidth=0), width="stretch")
st.caption(tr("start.overview_caption"))
with st.expander(tr("start.overview_alt_title")):
    lines = []
    for phase in m.phases:
        rows = data[data["phase"] == phase.id]
        resp = ", ".join(role_name[r] for r in rows[rows["responsible"] > 0]["role"]) or tr("start.none")
        inv = ", ".join(role_name[r] for r in rows[(rows["responsible"] == 0) & (rows["involved"] > 0)]["role"])
        lines.append(
            "- "
            + tr(
                "start.overview_alt_item",
                phase=phase_name[phase.id],
                group=group_name[phase.group],
                responsible=resp,
                involved=inv or tr("start.none"),
            )
        )
    st.markdown("\n".join(lines))

st.header(tr("start.instruments_title"))
levels_shown = [i for i in m.instruments if i.level in ("basic", "advanced", "spearhead")]
cols = st.columns(max(len(levels_shown), 1))
for col, inst in zip(cols, levels_shown, strict=False):
    with col.container(border=True):
        st.markdown(f"**{tr('level.' + inst.level)}**")
        st.markdown(inst.commitment(L))

next_steps("start", "start.tools_title")
