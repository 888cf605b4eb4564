"""The presentation's slides: navigation, each kind of slide built from the model, the settings.

The slide shown is the session key ``ws.slide`` (0-based), mirrored in ``?slide=`` (1-based) so a
link opens it; the training case shown is ``ws.pres_case``.
"""

from __future__ import annotations

import streamlit as st

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.formatting import fmt_num
from guidance.workshop.cases import Case, Slide, case_facts, load_library
from guidance.workshop.results import reference_figures
from guidance.workshop.slides import (
    body_lines,
    is_exercise,
    level_instruments,
    moved,
    phase_columns,
    position,
    slide_from_query,
    slide_query,
)
from ui.components import md_escape, model, source_caption
from ui.state import default, lang, tr
from ui.workshop_projector import join_panel, projector_toggle
from ui.workshop_session import join_link

SLIDE_KEY, CASE_KEY, SLIDE_PARAM = "ws.slide", "ws.pres_case", "slide"
#: Cards per row on the roles and levels slides (they stack on a narrow screen).
ROLES_PER_ROW, LEVELS_PER_ROW = 2, 3
#: Width of the case's situation and of its fact sheet on the case slide.
CASE_COLUMNS = (3, 2)


def current_slide() -> int:
    """The 0-based slide shown: this session's, else the one in ``?slide=``, else the first."""
    count = len(load_library().slides)
    default(SLIDE_KEY, slide_from_query(st.query_params.get(SLIDE_PARAM, ""), count))
    index = st.session_state[SLIDE_KEY]
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < count:
        index = st.session_state[SLIDE_KEY] = 0  # a value from an older deck: start again at the first slide
    return index


def current_case() -> Case:
    """The training case the case and reference slides show (the first case until one is chosen)."""
    default(CASE_KEY, load_library().cases[0].id)
    return load_library().case(st.session_state[CASE_KEY])


def _move(step: int) -> None:
    """Button callback: go ``step`` slides forward (negative: back), within the deck."""
    count = len(load_library().slides)
    st.session_state[SLIDE_KEY] = moved(int(st.session_state.get(SLIDE_KEY, 0)), step, count)


def navigation(index: int) -> bool:
    """Back and forward buttons (also the left and right arrow keys), the position, ``?slide=`` and the
    projector-mode switch (:mod:`ui.workshop_projector`); True in projector mode."""
    pos = position(index, len(load_library().slides))
    nav = st.container(horizontal=True, vertical_alignment="center")
    nav.button(
        tr("ws.pres.back"),
        key="wsbtn_pres_back",
        icon=":material/arrow_back:",
        shortcut="Left",
        on_click=_move,
        args=(-1,),
        disabled=pos.first,
    )
    nav.button(
        tr("ws.pres.next"),
        key="wsbtn_pres_next",
        icon=":material/arrow_forward:",
        shortcut="Right",
        on_click=_move,
        args=(1,),
        disabled=pos.last,
        type="primary",
    )
    nav.markdown(tr("ws.pres.position", page=tr("page.presentation"), n=pos.number, total=pos.total))
    with nav:
        projector = projector_toggle()
    if st.query_params.get(SLIDE_PARAM) != slide_query(index):
        st.query_params[SLIDE_PARAM] = slide_query(index)
    return projector


def settings() -> None:
    """The case shown in the presentation, and a jump to any slide."""
    L = lang()
    lib = load_library()
    with st.expander(tr("ws.pres.settings")):
        st.caption(tr("ws.pres.keys"))
        st.selectbox(
            tr("ws.pres.case"),
            [c.id for c in lib.cases],
            key=CASE_KEY,
            persist_state="session",
            format_func=lambda i: f"{lib.case(i).sector(L)} – {lib.case(i).title(L)}",
        )
        st.selectbox(
            tr("ws.pres.jump"),
            list(range(len(lib.slides))),
            key=SLIDE_KEY,
            persist_state="session",
            format_func=lambda i: f"{i + 1}. {lib.slides[i].title(L)}",
        )


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


def phases(projector: bool = False) -> None:
    """The phases in one column per part of the process (strategy, prepare, procure, realise).

    On the projector every phase gets its own column, its part named above it, so the slide fits a
    1366x768 screen without scrolling.
    """
    L = lang()
    columns = phase_columns(model())
    if projector:
        steps = [(group, phase) for group, in_group in columns for phase in in_group]
        for col, (group, phase) in zip(st.columns(len(steps)), steps, strict=True):
            with col, st.container(border=True, height="stretch"):
                st.caption(group.name(L))
                st.markdown(f"**{phase.order}. {phase.name(L)}**")
                st.markdown(phase.summary(L))
        return
    for col, (group, in_group) in zip(st.columns(len(columns)), columns, strict=True):
        with col:
            st.markdown(f"**{group.name(L)}**")
            for phase in in_group:
                card(f"{phase.order}. {phase.name(L)}", phase.summary(L))


def levels() -> None:
    """The three requirement levels, each with its commitment and where its criterion comes from."""
    L = lang()
    lib = load_library()
    entries = [
        (
            lib.label(f"level_{i.level}")(L),
            i.commitment(L),
            tr("ws.pres.criterion", id=i.criterion_id) if i.criterion_id else i.placement(L),
        )
        for i in level_instruments(model())
    ]
    cards(entries, per_row=LEVELS_PER_ROW)


def case_slide(case: Case) -> None:
    """The training case: title, situation and fact sheet."""
    L = lang()
    st.header(case.title(L), anchor=False)
    left, right = st.columns(list(CASE_COLUMNS))
    with left:
        st.markdown(case.situation(L))
    with right, st.container(border=True):
        st.markdown("\n".join(f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in case_facts(case, L)))


def reference_slide(case: Case) -> None:
    """The case's reference assessment, as computed by the app."""
    L = lang()
    fig = reference_figures(case)
    a = fig.reference.assessment
    qn = load_questionnaire()
    verdict = qn.verdict(a.verdict)
    st.header(case.title(L), anchor=False)
    st.subheader(verdict.title(L), anchor=False)
    st.markdown(verdict.summary(L))
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("ws.ref.score"), f"{a.score} / {a.max_score}")
    rule = fig.rule.name(L)
    c2.metric(tr("ws.ref.places"), fmt_num(fig.places, L), help=tr("ws.ref.rule", rule=rule))
    c3.metric(tr("ws.pres.rule_label"), rule)
    for flag in a.flags:
        info = qn.flag(flag)
        st.markdown(f"- **{info.title(L)}:** {info.text(L)}")
    st.markdown(f"**{tr('ws.notes_teaches')}** {case.teaches(L)}")


def slide(current: Slide, case: Case, join_code: str | None, projector: bool = False) -> None:
    """One slide: title, then what its kind builds from the model.

    The exercise slide shows the join code, link and QR code of the workshop this session facilitates
    (``join_code``), or, without one, how to start one.
    """
    L = lang()
    st.title(current.title(L), anchor=False)
    if current.kind == "text":
        for line in body_lines(current.body(L) if current.body else ""):
            st.subheader(line, anchor=False)
    elif current.body:
        st.markdown(f"**{current.body(L)}**")
    if current.kind == "roles":
        cards([(f"{r.icon} {r.name(L)}", r.who(L), "") for r in model().roles], per_row=ROLES_PER_ROW)
    elif current.kind == "phases":
        phases(projector)
    elif current.kind == "levels":
        levels()
    elif current.kind == "gates":
        for gate in model().gates:
            st.subheader(f"{gate.id} · {gate.text(L)}", anchor=False)
    elif current.kind == "case":
        case_slide(case)
    elif current.kind == "reference":
        reference_slide(case)
    if is_exercise(current):
        if join_code:
            join_panel(join_code, join_link(join_code), projector)
        else:
            st.info(tr("ws.pres.no_code"), icon=":material/qr_code_2:")
            st.page_link("app_pages/workshop.py", label=tr("ws.pres.open_workshop"), icon=":material/groups:")
    source_caption(current.source, current.evidence)
