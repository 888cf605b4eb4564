"""Presentation: the facilitator steps through the model in large slides built from the same content.

Forward and back: the two buttons (the first focusable elements of the page) or the left and right
arrow keys (``st.button(shortcut=...)``). The slide number is kept in ``?slide=`` so a link opens it.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from guidance.assessment.assess import load_questionnaire
from guidance.assessment.sizing import load_sizing_rules
from guidance.core.formatting import fmt_num
from guidance.stores.workshop import StoreError, valid_token
from guidance.workshop.cases import Case, Slide, case_facts, load_library, reference
from ui.components import md_escape, model, source_caption
from ui.state import default, lang, tr
from ui.workshop_form import workshop_store

L = lang()
LIB = load_library()
M = model()
QN = load_questionnaire()
SLIDES = LIB.slides
KEY, CASE_KEY = "ws.slide", "ws.pres_case"


def _slide_from_url() -> int:
    """The 0-based slide from ``?slide=`` (1-based, validated), else the first."""
    raw = st.query_params.get("slide", "")
    if isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= len(SLIDES):
        return int(raw) - 1
    return 0


def move(step: int) -> None:
    """Button callback: go ``step`` slides forward (negative: back), within the deck."""
    st.session_state[KEY] = max(0, min(len(SLIDES) - 1, int(st.session_state.get(KEY, 0)) + step))


def bullets(text: str) -> None:
    """A slide body: each list item (or paragraph) as a large line of its own."""
    for line in text.splitlines():
        item = line.strip()
        if item.startswith(("- ", "* ")):
            item = "• " + item[2:]
        if item:
            st.subheader(item, anchor=False)


def card(title: str, text: str, caption: str = "") -> None:
    """One bordered card: a bold title, a text and an optional caption."""
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{title}**")
        st.markdown(text)
        if caption:
            st.caption(caption)


def cards(entries: list[tuple[str, str, str]], per_row: int) -> None:
    """Cards of (title, text, caption), ``per_row`` to a row (they stack on a narrow screen)."""
    for start in range(0, len(entries), per_row):
        row = entries[start : start + per_row]
        for col, (title, text, caption) in zip(st.columns(per_row), row, strict=False):
            with col:
                card(title, text, caption)


def phases() -> None:
    """The phases in one column per part of the process (strategy, prepare, procure, realise)."""
    groups = sorted(M.phase_groups, key=lambda g: g.order)
    for col, group in zip(st.columns(len(groups)), groups, strict=True):
        with col:
            st.markdown(f"**{group.name(L)}**")
            for phase in (p for p in M.phases if p.group == group.id):
                card(f"{phase.order}. {phase.name(L)}", phase.summary(L))


def case_slide(case: Case) -> None:
    """The training case: title, situation and fact sheet."""
    st.header(case.title(L), anchor=False)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(case.situation(L))
    with right, st.container(border=True):
        st.markdown("\n".join(f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in case_facts(case, L)))


def reference_slide(case: Case) -> None:
    """The case's reference assessment, as computed by the app."""
    ref = reference(case)
    verdict = QN.verdict(ref.assessment.verdict)
    st.header(case.title(L), anchor=False)
    st.subheader(verdict.title(L), anchor=False)
    st.markdown(verdict.summary(L))
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("ws.ref.score"), f"{ref.assessment.score} / {ref.assessment.max_score}")
    places = 0 if ref.sizing is None else ref.sizing.places
    rule = next(r for r in load_sizing_rules() if r.id == ref.rule_id)
    c2.metric(tr("ws.ref.places"), fmt_num(places, L), help=tr("ws.ref.rule", rule=rule.name(L)))
    c3.metric(tr("ws.pres.rule_label"), rule.name(L))
    for flag in ref.assessment.flags:
        info = QN.flag(flag)
        st.markdown(f"- **{info.title(L)}:** {info.text(L)}")
    st.markdown(f"**{tr('ws.notes_teaches')}** {case.teaches(L)}")


def active_code() -> str | None:
    """The join code of the workshop this session facilitates, if any (shown on the exercise slide)."""
    token = st.session_state.get("ws.fac")
    if not valid_token(token):
        return None
    try:
        ws = workshop_store().by_token(token)
    except (StoreError, SQLAlchemyError, OSError):
        return None
    return ws.join_code if ws else None


def render(slide: Slide, case: Case) -> None:
    """One slide: title, then what its kind builds from the model."""
    st.title(slide.title(L), anchor=False)
    if slide.kind == "text":
        bullets(slide.body(L) if slide.body else "")
    elif slide.body:
        st.markdown(f"**{slide.body(L)}**")
    if slide.kind == "roles":
        cards([(f"{r.icon} {r.name(L)}", r.who(L), "") for r in M.roles], per_row=2)
    elif slide.kind == "phases":
        phases()
    elif slide.kind == "levels":
        levels = [i for i in M.instruments if i.level in ("basic", "advanced", "spearhead")]
        cards(
            [
                (
                    LIB.label(f"level_{i.level}")(L),
                    i.commitment(L),
                    tr("ws.pres.criterion", id=i.criterion_id) if i.criterion_id else i.placement(L),
                )
                for i in levels
            ],
            per_row=3,
        )
    elif slide.kind == "gates":
        for gate in M.gates:
            st.subheader(f"{gate.id} · {gate.text(L)}", anchor=False)
    elif slide.kind == "case":
        case_slide(case)
    elif slide.kind == "reference":
        reference_slide(case)
    if slide.id == "exercise":
        code = active_code()
        if code:
            st.header(tr("ws.pres.code", code=code), anchor=False)
        st.page_link("app_pages/workshop.py", label=tr("ws.pres.open_workshop"), icon=":material/groups:")
    source_caption(slide.source, slide.evidence)


default(KEY, _slide_from_url())
default(CASE_KEY, LIB.cases[0].id)
index = int(st.session_state[KEY])

nav = st.container(horizontal=True, vertical_alignment="center")
nav.button(
    tr("ws.pres.back"),
    key="wsbtn_pres_back",
    icon=":material/arrow_back:",
    shortcut="Left",
    on_click=move,
    args=(-1,),
    disabled=index == 0,
)
nav.button(
    tr("ws.pres.next"),
    key="wsbtn_pres_next",
    icon=":material/arrow_forward:",
    shortcut="Right",
    on_click=move,
    args=(1,),
    disabled=index == len(SLIDES) - 1,
    type="primary",
)
nav.markdown(tr("ws.pres.position", page=tr("page.presentation"), n=index + 1, total=len(SLIDES)))
if st.query_params.get("slide") != str(index + 1):
    st.query_params["slide"] = str(index + 1)

with st.container(border=True):
    render(SLIDES[index], LIB.case(st.session_state[CASE_KEY]))

with st.expander(tr("ws.pres.settings")):
    st.caption(tr("ws.pres.keys"))
    st.selectbox(
        tr("ws.pres.case"),
        [c.id for c in LIB.cases],
        key=CASE_KEY,
        persist_state="session",
        format_func=lambda i: f"{LIB.case(i).sector(L)} – {LIB.case(i).title(L)}",
    )
    st.selectbox(
        tr("ws.pres.jump"),
        list(range(len(SLIDES))),
        key=KEY,
        persist_state="session",
        format_func=lambda i: f"{i + 1}. {SLIDES[i].title(L)}",
    )
