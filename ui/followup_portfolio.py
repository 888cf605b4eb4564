"""The portfolio for decision-makers: requirements set and people reached, planned against realised.

Counts of people come from :mod:`guidance.followup.suppression` only: a hidden count reads "fewer
than 5" in the tables and is left out of the charts (the note under each chart says how many were).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from guidance.documents.spreadsheet import to_csv
from guidance.followup.content import load_followup_content
from guidance.followup.portfolio import DIMENSIONS, Counted, Line, Portfolio
from ui.charts import label_limit, localised, show_chart
from ui.followup_charts import AXIS_LABEL_LIMIT, grouped_bars
from ui.followup_labels import category_label, num, sek, short, shown, supplier_label
from ui.state import default, lang, tr

DIM_KEY = "fu.port.dim"


def _key_label(dimension: str, key: str) -> str:
    if dimension == "category":
        return category_label(key)
    if dimension == "supplier":
        return supplier_label(key)
    return key


def metrics(p: Portfolio) -> None:
    """The headline figures."""
    t = p.total
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("fu.p.contracts"), num(t.contracts), help=tr("fu.p.contracts_help", numerical=num(t.numerical)))
    m2.metric(tr("fu.p.people"), shown(t.people))
    m3.metric(tr("fu.p.months"), f"{short(t.employment_delivered)} / {short(t.employment_required)}")
    m4.metric(tr("fu.p.value"), sek(t.realised_value), help=tr("fu.p.value_help"))
    st.caption(tr("fu.p.suppression", threshold=p.threshold))


def stages_view(p: Portfolio) -> None:
    """From the plan to the delivered jobs: planned, required and delivered, for each measure."""
    st.subheader(tr("fu.p.stages_title"))
    st.caption(tr("fu.p.stages_help"))
    stage, value = tr("fu.p.stage"), tr("fu.p.amount")
    for s in p.stages:
        if s.measure == "value":
            continue
        name = tr(f"fu.p.measure.{s.measure}")
        rows = [
            {name: name, stage: tr(f"fu.p.stage.{key}"), value: round(amount, 1)}
            for key, amount in (("planned", s.planned), ("required", s.required), ("delivered", s.delivered))
        ]
        grouped_bars(pd.DataFrame(rows), name, stage, value, tr("fu.p.stages_chart", measure=name))
    money = next(s for s in p.stages if s.measure == "value")
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("fu.p.value_planned"), sek(money.planned))
    c2.metric(tr("fu.p.value_required"), sek(money.required))
    c3.metric(tr("fu.p.value_realised"), sek(money.delivered))


def lines_frame(dimension: str, lines: tuple[Line, ...]) -> pd.DataFrame:
    """One breakdown as a table (people as others may see them)."""
    rows = []
    for line in lines:
        rows.append(
            {
                tr(f"fu.p.dim.{dimension}"): _key_label(dimension, line.key),
                tr("fu.p.col.contracts"): line.contracts,
                tr("fu.p.col.places"): line.places,
                tr("fu.p.col.required"): line.employment_required,
                tr("fu.p.col.delivered"): line.employment_delivered,
                tr("fu.p.col.internship"): line.internship_delivered,
                tr("fu.p.col.people"): shown(line.people),
                tr("fu.p.col.value"): round(line.realised_value),
            }
        )
    return pd.DataFrame(rows)


def breakdown_view(p: Portfolio) -> None:
    """Requirements set and people reached by year, category or supplier: a chart and its table."""
    st.subheader(tr("fu.p.breakdown_title"))
    default(DIM_KEY, DIMENSIONS[0])
    names = {d: tr(f"fu.p.dim.{d}") for d in DIMENSIONS}  # labels made now, in this run's language
    dimension = st.radio(
        tr("fu.p.by"), DIMENSIONS, key=DIM_KEY, persist_state="session", horizontal=True, format_func=names.__getitem__
    )
    lines = p.breakdowns[str(dimension)]
    if not lines:
        st.info(tr("fu.list_empty"))
        return
    if dimension == "year":
        st.caption(tr("fu.p.year_help"))
    group, series, value = tr(f"fu.p.dim.{dimension}"), tr("fu.p.stage"), tr("fu.p.col.months")
    rows = []
    for line in lines:
        label = _key_label(str(dimension), line.key)
        rows.append({group: label, series: tr("fu.p.stage.required"), value: line.employment_required})
        rows.append({group: label, series: tr("fu.p.stage.delivered"), value: line.employment_delivered})
    grouped_bars(pd.DataFrame(rows), group, series, value, tr("fu.p.breakdown_chart", by=group))
    st.dataframe(lines_frame(str(dimension), lines), hide_index=True, width="stretch")


def counted_frame(title: str, labels: list[str], counted: Counted) -> pd.DataFrame:
    """A breakdown of people with its total (as others may see them)."""
    rows = [{title: label, tr("fu.col.people"): shown(v)} for label, v in zip(labels, counted.counts, strict=True)]
    rows.append({title: tr("fu.total"), tr("fu.col.people"): shown(counted.total)})
    return pd.DataFrame(rows)


def group_chart(labels: list[str], counted: Counted) -> None:
    """People by target group as bars: only the counts others may see; how many were left out is said below."""
    group, value = tr("fu.col.group"), tr("fu.col.people")
    rows = [{group: label, value: v.value} for label, v in zip(labels, counted.counts, strict=True) if v.value]
    hidden = sum(1 for v in counted.counts if v.hidden)
    if hidden:
        st.caption(tr("fu.p.groups_hidden", n=hidden))
    if not rows:
        return
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y(f"{group}:N", sort=None, title=group, axis=alt.Axis(labelLimit=label_limit(AXIS_LABEL_LIMIT))),
            x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{value}:Q")],
        )
        .properties(title=tr("fu.p.groups_chart"))
    )
    show_chart(localised(chart, lang()), width="stretch", alt=tr("fu.chart.alt", title=tr("fu.p.groups_chart")))


def people_view(p: Portfolio) -> None:
    """People by target group and form, early endings by reason, and the check-ups after the placements."""
    content = load_followup_content()
    L = lang()
    st.subheader(tr("fu.p.people_title"))
    groups = [content.category_name(c)(L) for c in p.by_group.ids]
    group_chart(groups, p.by_group)
    c1, c2 = st.columns(2)
    c1.dataframe(counted_frame(tr("fu.col.group"), groups, p.by_group), hide_index=True, width="stretch")
    forms = [content.form(f).name(L) for f in p.by_form.ids]
    c2.dataframe(counted_frame(tr("fu.col.form"), forms, p.by_form), hide_index=True, width="stretch")
    reasons = [r.name(L) for r in content.early_end_reasons]
    c1.dataframe(counted_frame(tr("fu.col.reason"), reasons, p.ended_early), hide_index=True, width="stretch")
    rows = [
        {
            tr("fu.col.checkup"): tr("fu.checkup", months=r.months),
            tr("fu.col.followed"): shown(r.followed),
            tr("fu.col.employed"): shown(r.employed),
            tr("fu.col.share"): num(r.share * 100) + " %" if r.share is not None else "–",
        }
        for r in p.retention
    ]
    c2.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def status_view(p: Portfolio) -> None:
    """How many contracts are in each milestone and progress status (contracts, not people)."""
    content = load_followup_content()
    L = lang()
    st.subheader(tr("fu.p.status_title"))
    c1, c2 = st.columns(2)
    miles = [
        {tr("fu.col.milestone"): s.name(L), tr("fu.p.col.contracts"): p.milestones.get(s.id, 0)}
        for s in content.milestone_statuses
    ]
    prog = [
        {tr("fu.col.progress"): s.name(L), tr("fu.p.col.contracts"): p.progress.get(s.id, 0)}
        for s in content.progress_statuses
    ]
    c1.dataframe(pd.DataFrame(miles), hide_index=True, width="stretch")
    c2.dataframe(pd.DataFrame(prog), hide_index=True, width="stretch")
    st.caption(tr("fu.p.overdue", n=num(p.overdue_reports)))


def download(p: Portfolio) -> None:
    """The portfolio's breakdowns as one CSV file (small counts hidden, as on the page)."""
    frames = []
    for d in DIMENSIONS:
        frame = lines_frame(d, p.breakdowns[d])
        frame = frame.rename(columns={frame.columns[0]: tr("fu.p.group")})
        frame.insert(0, tr("fu.p.table"), tr(f"fu.p.dim.{d}"))
        frames.append(frame)
    st.download_button(
        tr("fu.p.download"),
        to_csv(pd.concat(frames, ignore_index=True), lang()),
        file_name=tr("fu.p.file_name"),
        mime="text/csv",
        key="fubtn_portfolio_csv",
    )


def portfolio_view(p: Portfolio) -> None:
    """The whole portfolio."""
    st.header(tr("fu.p.title"))
    if not p.total.contracts:
        st.info(tr("fu.list_empty"))
        return
    metrics(p)
    stages_view(p)
    breakdown_view(p)
    people_view(p)
    status_view(p)
    if p.before_coverage:
        st.caption(tr("fu.value_before_coverage"))
    download(p)
