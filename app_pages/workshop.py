"""Workshop: a facilitator starts a group exercise on a training case; groups join with a code and answer.

Views, chosen from the URL (validated):
* ``?fac=<token>``: the facilitator's live view (only the facilitator token opens it);
* ``?join=<code>&p=<participant id>``: a participant's form (the id keeps a rerun or reconnect from
  adding a second answer);
* neither: join with a code, or start a workshop.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlparse, urlunparse

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from guidance.assessment.answers_io import answers_from_json, answers_to_json
from guidance.assessment.assess import assess, load_questionnaire
from guidance.assessment.sizing import load_sizing_rules
from guidance.core.formatting import fmt_num, fmt_pct
from guidance.stores.workshop import (
    MAX_LABEL,
    StoreError,
    Workshop,
    WorkshopClosed,
    WorkshopStore,
    new_participant_id,
    normalise_code,
    valid_participant,
    valid_token,
)
from guidance.workshop.cases import (
    Case,
    Category,
    ItemStats,
    Summary,
    load_library,
    outcome,
    places_label,
    reference,
    summarise,
)
from ui.charts import show_chart
from ui.components import md_escape, page_header, source_caption
from ui.state import default, lang, tr
from ui.workshop_form import (
    answers_from_widgets,
    case_sheet,
    load_answers,
    questionnaire_widgets,
    set_defaults,
    workshop_store,
)

L = lang()
LIB = load_library()
QN = load_questionnaire()
FAC, JOIN, PID = "fac", "join", "p"
#: Bar colours: the groups' answers, and the reference answer (also named in the label, never colour alone).
BAR_COLOURS = ("#4e79a7", "#e8871e")
VERDICT_BOX = {
    "not_yet": st.warning,
    "not_suitable": st.info,
    "basic": st.info,
    "advanced": st.success,
    "advanced_bonus": st.success,
}


def store() -> WorkshopStore:
    """The process's workshop store."""
    return workshop_store()


def link(**params: str) -> str:
    """An absolute link to this page with ``params`` (and the language) in the query."""
    query = urlencode({**params, "lang": L})
    url = urlparse(st.context.url or "")
    if not url.netloc:
        return f"?{query}"
    return urlunparse((url.scheme, url.netloc, url.path, "", query, ""))


def flash(key: str) -> None:
    """Show a message on the next run (after ``st.rerun``)."""
    st.session_state["ws.flash"] = key


# --------------------------------------------------------------------------- result blocks
def chart(categories: tuple[Category, ...], title: str, revealed: bool) -> None:
    """A bar chart of a distribution with a text alternative underneath."""
    mark = tr("ws.reference_mark")
    rows = [
        {
            "label": c.label(L) + (f" ({mark})" if revealed and c.reference else ""),
            "count": c.count,
            "kind": mark if revealed and c.reference else tr("ws.groups_word"),
        }
        for c in categories
    ]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title=tr("ws.count"), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "kind:N", legend=None, scale=alt.Scale(domain=[tr("ws.groups_word"), mark], range=list(BAR_COLOURS))
            ),
            tooltip=[alt.Tooltip("label:N", title=title), alt.Tooltip("count:Q", title=tr("ws.count"))],
        )
    )
    text = distribution_text(categories, revealed)
    show_chart(bars, width="stretch", height=70 + 34 * len(rows), alt=f"{title}: {text}")
    st.caption(text)


def distribution_text(categories: tuple[Category, ...], revealed: bool) -> str:
    """``Label: count (share)`` for each category, the reference marked when revealed."""
    mark = tr("ws.reference_mark")
    parts = [
        f"{md_escape(c.label(L))}: {c.count} ({fmt_pct(c.share, L)})"
        + (f" – {mark}" if revealed and c.reference else "")
        for c in categories
    ]
    return " · ".join(parts)


def discussion(summary: Summary, revealed: bool) -> None:
    """The questions groups disagree on most."""
    st.subheader(tr("ws.discussion_title"))
    if summary.n < 2:
        st.info(tr("ws.discussion_wait"))
        return
    if not summary.discussion:
        st.success(tr("ws.discussion_none"))
        return
    st.caption(tr("ws.discussion_help", share=fmt_pct(LIB.settings.discussion_min_disagreement, L)))
    for rank, item in enumerate(summary.discussion, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{rank}. {md_escape(item_title(item))}**  \n"
                + tr("ws.disagree_share", share=fmt_pct(item.disagreement, L))
            )
            st.markdown(distribution_text(item.categories, revealed))


def item_title(item: ItemStats) -> str:
    """A risk item is named with the risk question and the risk; others with their short text."""
    if item.id.startswith("risks."):
        return f"{QN.question('risks').short(L)}: {item.label(L)}"
    return item.label(L)


def all_questions(summary: Summary, revealed: bool) -> None:
    """Every question as a table row: most common answer, agreement and the full distribution."""
    rows = []
    for item in summary.items:
        top = max(item.categories, key=lambda c: c.count) if item.categories else None
        row: dict[str, Any] = {
            tr("ws.col.question"): item_title(item),
            tr("ws.col.most_common"): top.label(L) if top and top.count else "",
            tr("ws.col.disagreement"): round(item.disagreement * 100),
            tr("ws.col.distribution"): " · ".join(f"{c.label(L)}: {c.count}" for c in item.categories if c.count),
        }
        if revealed:
            ref = next((c for c in item.categories if c.reference), None)
            row[tr("ws.col.reference")] = ref.label(L) if ref else ""
        rows.append(row)
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=38 + 35 * len(rows),
        column_config={
            tr("ws.col.question"): st.column_config.TextColumn(width="medium"),
            tr("ws.col.most_common"): st.column_config.TextColumn(width="small"),
            tr("ws.col.disagreement"): st.column_config.ProgressColumn(
                tr("ws.col.disagreement"), format="%d %%", min_value=0, max_value=100, width="small"
            ),
            tr("ws.col.distribution"): st.column_config.TextColumn(width="large"),
        },
    )


def groups_table(summary: Summary, labels: list[str], times: list[str]) -> None:
    """One row per response: the group label (plain text), verdict, level, places and last change."""
    rows = []
    for i, (out, label, when) in enumerate(zip(summary.outcomes, labels, times, strict=True), start=1):
        rows.append(
            {
                tr("ws.col.group"): label or tr("ws.group_unnamed", n=i),
                tr("ws.col.verdict"): QN.verdict(out.verdict).title(L),
                tr("ws.col.places"): "–" if out.places is None else out.places,
                tr("ws.col.updated"): when,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def reference_block(case: Case) -> None:
    """The reference assessment of the case, computed by the app from the case's reference answers."""
    ref = reference(case)
    a = ref.assessment
    verdict = QN.verdict(a.verdict)
    VERDICT_BOX[a.verdict](f"**{verdict.title(L)}**  \n{verdict.summary(L)}")
    c1, c2 = st.columns(2)
    c1.metric(tr("ws.ref.score"), f"{a.score} / {a.max_score}")
    rule = next(r for r in load_sizing_rules() if r.id == ref.rule_id)
    if ref.sizing is None or ref.sizing.exempt:
        c2.metric(tr("ws.ref.places"), 0, help=tr("ws.ref.rule", rule=rule.name(L)))
    else:
        c2.metric(tr("ws.ref.places"), ref.sizing.places, help=tr("ws.ref.rule", rule=rule.name(L)))
        st.caption(
            tr(
                "ws.ref.months",
                employment=fmt_num(ref.sizing.employment_months, L),
                internship=fmt_num(ref.sizing.internship_months, L),
                rule=rule.name(L),
            )
        )
    for flag in a.flags:
        info = QN.flag(flag)
        st.markdown(f"- **{info.title(L)}:** {info.text(L)}")
    with st.expander(tr("ws.ref.reasons")):
        for reason in a.reasons:
            st.markdown(f"- {reason.text(L)}")
        if ref.sizing is not None:
            for reason in ref.sizing.reasons:
                st.markdown(f"- {reason.text(L)}")


# --------------------------------------------------------------------------- views
def start_view(error_key: str | None = None) -> None:
    """Join with a code, or start a workshop on a case (``error_key``: why a link did not work)."""
    page_header("page.workshop", "ws.intro")
    message = st.session_state.pop("ws.flash", None)
    if message:
        st.success(tr(message))
    if error_key:
        st.error(tr(error_key))
    st.header(tr("ws.join_title"))
    with st.form("ws.join_form", border=True):
        st.text_input(
            tr("ws.code_label"),
            key="ws.code_input",
            persist_state="session",
            max_chars=12,
            placeholder="ABC234",
            help=tr("ws.code_help"),
        )
        joined = st.form_submit_button(tr("ws.join_button"), type="primary")
    if joined:
        code = normalise_code(st.session_state.get("ws.code_input"))
        if code is None:
            st.error(tr("ws.code_invalid"))
        elif store().by_code(code) is None:
            st.error(tr("ws.code_unknown"))
        else:
            st.session_state["ws.join"] = code
            st.query_params[JOIN] = code
            st.rerun()

    st.header(tr("ws.start_title"))
    st.markdown(tr("ws.start_intro", days=LIB.settings.retention_days))
    ids = [c.id for c in LIB.cases]
    default("ws.case", ids[0])
    st.selectbox(
        tr("ws.case_label"), ids, key="ws.case", persist_state="session", format_func=lambda i: case_label(LIB.case(i))
    )
    case = LIB.case(st.session_state["ws.case"])
    with st.expander(tr("ws.preview", title=case.title(L))):
        case_sheet(case, heading=False)
    if st.button(tr("ws.start_button"), key="wsbtn_start", type="primary"):
        try:
            new = store().create(case.id)
        except StoreError:
            st.error(tr("ws.store_error"))
        else:
            st.session_state["ws.fac"] = new.facilitator_token
            st.session_state.pop("ws.join", None)
            st.query_params.pop(JOIN, None)
            st.query_params[FAC] = new.facilitator_token
            st.rerun()
    st.page_link("app_pages/presentation.py", label=tr("ws.to_presentation"), icon=":material/slideshow:")


def case_label(case: Case) -> str:
    """``Sector – title`` of a case."""
    return f"{case.sector(L)} – {case.title(L)}"


def facilitator_view(ws: Workshop, token: str) -> None:
    """Join code, links, the case, facilitator notes and the live results."""
    case = LIB.case(ws.case_id)
    page_header("page.workshop")
    st.markdown(f"**{tr('ws.fac_role')}** · {case_label(case)}")
    c1, c2 = st.columns([1, 2])
    c1.metric(tr("ws.join_code"), ws.join_code)
    with c2:
        st.markdown(tr("ws.participants_how"))
        st.code(link(**{JOIN: ws.join_code}), language=None, wrap_lines=True)
    with st.expander(tr("ws.fac_link_title")):
        st.warning(tr("ws.fac_link_warning"))
        st.code(link(**{FAC: token}), language=None, wrap_lines=True)
        st.caption(tr("ws.expires", date=ws.expires_at.date().isoformat()))
    with st.expander(tr("ws.case_title")):
        case_sheet(case)
    with st.expander(tr("ws.notes_title")):
        st.markdown(f"**{tr('ws.notes_teaches')}** {case.teaches(L)}")
        st.markdown(f"**{tr('ws.notes_mistakes')}**")
        st.markdown("\n".join(f"- {m(L)}" for m in case.mistakes))
        source_caption(case.source, case.evidence)

    live(token)

    st.header(tr("ws.end_title"))
    default("ws.delete_ok", False)
    st.checkbox(tr("ws.delete_confirm"), key="ws.delete_ok", persist_state="session")
    if st.button(tr("ws.delete_button"), key="wsbtn_delete", disabled=not st.session_state.get("ws.delete_ok")):
        store().delete(ws.id)
        leave()
        flash("ws.deleted")
        st.rerun()
    if st.button(tr("ws.new_button"), key="wsbtn_new"):
        leave()
        st.rerun()


@st.fragment(run_every=LIB.settings.refresh_seconds)
def live(token: str) -> None:
    """The live part of the facilitator's view, refreshed every few seconds."""
    ws = store().by_token(token)
    if ws is None:
        st.warning(tr("ws.gone"))
        return
    case = LIB.case(ws.case_id)
    subs = store().submissions(ws.id)
    responses = [answers_from_json(s.answers_json)[0] for s in subs]
    summary = summarise(responses, case)
    st.header(tr("ws.live_title"))
    m1, m2 = st.columns(2)
    m1.metric(tr("ws.responses"), summary.n)
    m2.metric(tr("ws.discussion_count"), len(summary.discussion))
    if summary.n == 0:
        st.info(tr("ws.waiting"))
    else:
        names = [md_escape(s.group_label) or tr("ws.group_unnamed", n=i) for i, s in enumerate(subs, start=1)]
        st.markdown(tr("ws.answered_by", groups=" · ".join(names)))
        discussion(summary, ws.revealed)
        views = ["verdicts", "levels", "sizing", "questions", "groups"]
        default("ws.view", views[0])
        view = st.radio(
            tr("ws.view"),
            views,
            key="ws.view",
            persist_state="session",
            horizontal=True,
            format_func=lambda v: tr(f"ws.tab.{v}"),
        )
        if view == "verdicts":
            chart(summary.verdicts, tr("ws.tab.verdicts"), ws.revealed)
        elif view == "levels":
            chart(summary.levels, tr("ws.tab.levels"), ws.revealed)
        elif view == "sizing":
            rule = next(r for r in load_sizing_rules() if r.id == case.sizing_rule)
            st.caption(tr("ws.sizing_rule", rule=rule.name(L)))
            chart(summary.sizing, tr("ws.tab.sizing"), ws.revealed)
        elif view == "questions":
            all_questions(summary, ws.revealed)
        else:
            groups_table(
                summary, [s.group_label for s in subs], [s.updated_at.strftime("%H:%M:%S") + " UTC" for s in subs]
            )
    st.header(tr("ws.ref_title"))
    if ws.revealed:
        reference_block(case)
        if st.button(tr("ws.hide_button"), key="wsbtn_hide"):
            store().set_revealed(ws.id, False)
            st.rerun(scope="fragment")
    else:
        st.markdown(tr("ws.ref_hidden"))
        if st.button(tr("ws.reveal_button"), key="wsbtn_reveal", type="primary"):
            store().set_revealed(ws.id, True)
            st.rerun(scope="fragment")


def participant_id(code: str) -> str:
    """This participant's id: from the URL, else this session, else a new one (written to both)."""
    key = f"ws.pid.{code}"
    pid = st.query_params.get(PID)
    if not valid_participant(pid):
        pid = st.session_state.get(key)
    if not valid_participant(pid):
        pid = new_participant_id()
    st.session_state[key] = pid
    if st.query_params.get(PID) != pid:
        st.query_params[PID] = pid
    return str(pid)


def participant_view(ws: Workshop, code: str) -> None:
    """The case and the questionnaire; sending again replaces the group's earlier answer."""
    case = LIB.case(ws.case_id)
    pid = participant_id(code)
    seeded = f"ws.seeded.{code}.{pid}"
    set_defaults()
    default("ws.label", "")
    if seeded not in st.session_state:
        stored = store().submission(ws.id, pid)
        if stored is not None:
            load_answers(answers_from_json(stored.answers_json)[0])
            st.session_state["ws.label"] = stored.group_label
            st.session_state[f"ws.sent.{code}"] = True
        st.session_state[seeded] = True

    page_header("page.workshop")
    st.markdown(f"**{tr('ws.participant_role')}** · {tr('ws.join_code')}: **{ws.join_code}**")
    sent = bool(st.session_state.get(f"ws.sent.{code}"))
    st.header(case.title(L), anchor=False)
    with st.expander(tr("ws.read_case"), expanded=not sent):
        case_sheet(case, heading=False)
    st.header(tr("ws.answers_title"), anchor=False)
    st.caption(tr("ws.answers_help"))
    errors: dict[str, str] = st.session_state.get("ws.errors", {})
    with st.form("ws.answer_form", enter_to_submit=False):
        st.text_input(
            tr("ws.label"), key="ws.label", persist_state="session", max_chars=MAX_LABEL, help=tr("ws.label_help")
        )
        questionnaire_widgets(errors)
        submitted = st.form_submit_button(tr("ws.send_again" if sent else "ws.send"), type="primary")
    if submitted:
        answers, errors = answers_from_widgets()
        st.session_state["ws.errors"] = errors
        if errors:
            st.rerun()
        try:
            store().submit(
                ws.id, pid, st.session_state.get("ws.label", ""), answers_to_json(answers), assess(answers).verdict
            )
        except WorkshopClosed:
            st.error(tr("ws.closed"))
            return
        st.session_state[f"ws.sent.{code}"] = True
        flash("ws.sent_again" if sent else "ws.sent")
        st.rerun()
    if errors:
        st.error(tr("ws.errors"))
    message = st.session_state.pop("ws.flash", None)
    if message:
        st.success(tr(message))
    if sent:
        own_result(case, code, ws)
    if st.button(tr("ws.leave_button"), key="wsbtn_leave"):
        leave()
        st.rerun()


def own_result(case: Case, code: str, ws: Workshop) -> None:
    """The group's own result, and the reference once the facilitator has revealed it."""
    stored = store().submission(ws.id, participant_id(code))
    if stored is None:
        return
    answers = answers_from_json(stored.answers_json)[0]
    out = outcome(answers, case.sizing_rule)
    st.header(tr("ws.own_title"))
    verdict = QN.verdict(out.verdict)
    VERDICT_BOX[out.verdict](f"**{verdict.title(L)}**  \n{verdict.summary(L)}")
    st.markdown(tr("ws.own_places", places=places_label(out.places)(L)))
    fresh = store().by_code(code)
    if fresh is not None and fresh.revealed:
        st.header(tr("ws.ref_title"))
        reference_block(case)


def leave() -> None:
    """Forget the workshop in this session and in the URL."""
    for key in (FAC, JOIN, PID):
        st.query_params.pop(key, None)
    for key in [
        k
        for k in st.session_state
        if isinstance(k, str)
        and k.startswith(
            ("ws.fac", "ws.join", "ws.sent.", "ws.seeded.", "ws.q.", "ws.errors", "ws.label", "ws.delete_ok")
        )
    ]:
        del st.session_state[key]


# --------------------------------------------------------------------------- routing
def main() -> None:
    """Pick the view from the URL (or, after a page change, from this session)."""
    try:
        store()
    except (StoreError, SQLAlchemyError, OSError):
        page_header("page.workshop", "ws.intro")
        st.error(tr("ws.store_unavailable"))
        return
    fac = st.query_params.get(FAC) or st.session_state.get("ws.fac")
    join = st.query_params.get(JOIN) or st.session_state.get("ws.join")
    if fac is not None:
        ws = store().by_token(fac) if valid_token(fac) else None
        if ws is None:
            st.session_state.pop("ws.fac", None)
            st.query_params.pop(FAC, None)
            page_header("page.workshop")
            st.error(tr("ws.token_unknown"))
            start_view_link()
            return
        st.session_state["ws.fac"] = fac
        if st.query_params.get(FAC) != fac:
            st.query_params[FAC] = fac
        facilitator_view(ws, str(fac))
        return
    if join is not None:
        code = normalise_code(join)
        ws = store().by_code(code) if code else None
        if ws is None or code is None:
            for key in (JOIN, PID):
                st.query_params.pop(key, None)
            st.session_state.pop("ws.join", None)
            start_view("ws.code_invalid" if code is None else "ws.code_unknown")
            return
        st.session_state["ws.join"] = code
        if st.query_params.get(JOIN) != code:
            st.query_params[JOIN] = code
        participant_view(ws, code)
        return
    start_view()


def start_view_link() -> None:
    """A way back to the start view."""
    if st.button(tr("ws.back_start"), key="wsbtn_back"):
        leave()
        st.rerun()


main()
