"""Views of workshop results: distributions as charts with a text alternative, tables, the reference.

Group labels are typed by participants: they are shown as plain text in tables, and escaped with
:func:`ui.components.md_escape` wherever they go into Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.formatting import fmt_num, fmt_pct
from guidance.workshop.cases import Case, Category, Outcome, Summary, load_library, places_label
from guidance.workshop.results import GroupRow, LivePicture, QuestionRow, item_title, reference_figures
from guidance.workshop.times import fmt_clock, fmt_datetime, zone_name
from ui.charts import show_chart
from ui.components import md_escape
from ui.state import lang, tr

#: Bar colours: the groups' answers, and the reference answer (also named in the label, never colour alone).
BAR_COLOURS = ("#4e79a7", "#e8871e")
#: Chart height: a base for the axis plus a band per bar (pixels).
CHART_BASE_PX, CHART_BAR_PX = 70, 34
#: Table height: the header plus a row per question (pixels), so the whole table shows without scrolling.
TABLE_HEAD_PX, TABLE_ROW_PX = 38, 35
#: How each verdict is boxed (the verdict's title says it in words too).
VERDICT_BOX: dict[str, Callable[..., Any]] = {
    "not_yet": st.warning,
    "not_suitable": st.info,
    "basic": st.info,
    "advanced": st.success,
    "advanced_bonus": st.success,
}
NO_PLACES = "–"


def verdict_box(verdict_id: str) -> None:
    """A verdict's title and summary in a box of its kind."""
    verdict = load_questionnaire().verdict(verdict_id)
    L = lang()
    VERDICT_BOX[verdict_id](f"**{verdict.title(L)}**  \n{verdict.summary(L)}")


def distribution_text(categories: Sequence[Category], revealed: bool) -> str:
    """``Label: count (share)`` for each category, the reference marked when revealed."""
    L = lang()
    mark = tr("ws.reference_mark")
    parts = [
        f"{md_escape(c.label(L))}: {c.count} ({fmt_pct(c.share, L)})"
        + (f" – {mark}" if revealed and c.reference else "")
        for c in categories
    ]
    return " · ".join(parts)


def distribution_chart(categories: Sequence[Category], title: str, revealed: bool) -> None:
    """A bar chart of a distribution with its text alternative underneath."""
    L = lang()
    mark, groups = tr("ws.reference_mark"), tr("ws.groups_word")
    rows = [
        {
            "label": c.label(L) + (f" ({mark})" if revealed and c.reference else ""),
            "count": c.count,
            "kind": mark if revealed and c.reference else groups,
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
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=[groups, mark], range=list(BAR_COLOURS))),
            tooltip=[alt.Tooltip("label:N", title=title), alt.Tooltip("count:Q", title=tr("ws.count"))],
        )
    )
    text = distribution_text(categories, revealed)
    show_chart(bars, width="stretch", height=CHART_BASE_PX + CHART_BAR_PX * len(rows), alt=f"{title}: {text}")
    st.caption(text)


def discussion(picture: LivePicture, revealed: bool) -> None:
    """The questions the groups disagree on most, most disputed first (complete answers only).

    Below the content's minimum of complete answers nothing is compared, so neither a share nor
    "the groups broadly agree" is shown.
    """
    L = lang()
    settings = load_library().settings
    summary: Summary = picture.summary
    st.subheader(tr("ws.discussion_title"))
    if picture.comparison == "wait":
        st.info(tr("ws.discussion_wait", n=fmt_num(settings.discussion_min_groups, L)))
        return
    if picture.comparison == "agree":
        st.success(tr("ws.discussion_none"))
        return
    st.caption(tr("ws.discussion_help", share=fmt_pct(settings.discussion_min_disagreement, L)))
    for rank, item in enumerate(summary.discussion, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{rank}. {md_escape(item_title(item, L))}**  \n"
                + tr("ws.disagree_share", share=fmt_pct(item.disagreement, L))
            )
            st.markdown(distribution_text(item.categories, revealed))


def answered_by(rows: Sequence[GroupRow]) -> None:
    """One wrapped line naming the groups that have answered (their count is the metric above it).

    Labels are escaped; unnamed groups show their short memorable names (:mod:`guidance.workshop.names`).
    """
    L = lang()
    st.markdown(tr("ws.answered_by", groups=" · ".join(md_escape(r.name(L)) for r in rows)))


def questions_table(rows: Sequence[QuestionRow]) -> None:
    """Every question as a table row: most common answer, disagreement, distribution (and the reference)."""
    q, top, dis, dist = (tr(f"ws.col.{c}") for c in ("question", "most_common", "disagreement", "distribution"))
    records = []
    for row in rows:
        record: dict[str, Any] = {q: row.title, top: row.most_common, dis: row.disagreement_pct, dist: row.distribution}
        if row.reference is not None:
            record[tr("ws.col.reference")] = row.reference
        records.append(record)
    st.dataframe(
        pd.DataFrame(records),
        hide_index=True,
        width="stretch",
        height=TABLE_HEAD_PX + TABLE_ROW_PX * len(records),
        column_config={
            q: st.column_config.TextColumn(width="medium"),
            top: st.column_config.TextColumn(width="small"),
            dis: st.column_config.ProgressColumn(dis, format="%d %%", min_value=0, max_value=100, width="small"),
            dist: st.column_config.TextColumn(width="large"),
        },
    )


def groups_table(rows: Sequence[GroupRow]) -> None:
    """One row per group: its label (plain text), verdict, places and when it sent (in Swedish time)."""
    L = lang()
    qn = load_questionnaire()
    sent = tr("ws.col.updated", zone=zone_name(L))
    records = [
        {
            tr("ws.col.group"): r.name(L),
            tr("ws.col.verdict"): qn.verdict(r.verdict).title(L),
            tr("ws.col.places"): NO_PLACES if r.places is None else r.places,
            sent: fmt_clock(r.updated_at),
        }
        for r in rows
    ]
    st.dataframe(pd.DataFrame(records), hide_index=True, width="stretch")


def reference_block(case: Case) -> None:
    """The reference assessment of the case, computed by the app from the case's reference answers."""
    L = lang()
    qn = load_questionnaire()
    fig = reference_figures(case)
    a, sizing, rule = fig.reference.assessment, fig.reference.sizing, fig.rule.name(L)
    verdict_box(a.verdict)
    c1, c2 = st.columns(2)
    c1.metric(tr("ws.ref.score"), f"{a.score} / {a.max_score}")
    c2.metric(tr("ws.ref.places"), fig.places, help=tr("ws.ref.rule", rule=rule))
    if fig.sized and sizing is not None:
        employment, internship = fmt_num(sizing.employment_months, L), fmt_num(sizing.internship_months, L)
        st.caption(tr("ws.ref.months", employment=employment, internship=internship, rule=rule))
    for flag in a.flags:
        info = qn.flag(flag)
        st.markdown(f"- **{info.title(L)}:** {info.text(L)}")
    with st.expander(tr("ws.ref.reasons")):
        for reason in a.reasons:
            st.markdown(f"- {reason.text(L)}")
        if sizing is not None:
            for reason in sizing.reasons:
                st.markdown(f"- {reason.text(L)}")


def own_outcome(out: Outcome, sent_at: dt.datetime) -> None:
    """A group's own verdict and number of places, and when the group sent its answers."""
    L = lang()
    st.header(tr("ws.own_title"))
    verdict_box(out.verdict)
    st.markdown(tr("ws.own_places", places=places_label(out.places)(L)))
    st.caption(tr("ws.own_sent", time=fmt_datetime(sent_at, L)))
