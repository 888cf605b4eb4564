"""Follow-up charts: grouped bars and a cumulative line, each followed by the same figures as a table."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import label_limit, localised, show_chart
from ui.state import lang, tr

BAR_STEP = 14
AXIS_LABEL_LIMIT = 240


def table_alternative(frame: pd.DataFrame, title: str) -> None:
    """The chart's figures as a table (the text alternative), folded under the chart."""
    with st.expander(tr("fu.chart.table", title=title)):
        st.dataframe(frame, hide_index=True, width="stretch")


def grouped_bars(frame: pd.DataFrame, group: str, series: str, value: str, title: str) -> None:
    """Horizontal bars of ``value`` per ``group``, one bar per ``series`` (columns already translated)."""
    if frame.empty:
        return
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{group}:N",
                sort=list(dict.fromkeys(frame[group])),
                title=group,
                axis=alt.Axis(labelLimit=label_limit(AXIS_LABEL_LIMIT)),
            ),
            x=alt.X(f"{value}:Q", title=value),
            yOffset=alt.YOffset(f"{series}:N", sort=list(dict.fromkeys(frame[series]))),
            color=alt.Color(
                f"{series}:N", title=series, sort=list(dict.fromkeys(frame[series])), legend=alt.Legend(orient="bottom")
            ),
            tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{series}:N"), alt.Tooltip(f"{value}:Q", format=",.1f")],
        )
        .properties(height=alt.Step(BAR_STEP), title=title)
    )
    show_chart(localised(chart, lang()), width="stretch", alt=tr("fu.chart.alt", title=title))
    wide = frame.pivot_table(index=group, columns=series, values=value, sort=False, aggfunc="sum").reset_index()
    table_alternative(wide, title)


def cumulative_line(frame: pd.DataFrame, x: str, value: str, series: str, title: str) -> None:
    """Lines of a running total per ``series`` over ``x`` (dates), with points so single values show."""
    if frame.empty:
        return
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{x}:T", title=x),
            y=alt.Y(f"{value}:Q", title=value),
            color=alt.Color(f"{series}:N", title=series, legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash(f"{series}:N", legend=None),
            tooltip=[alt.Tooltip(f"{x}:T"), alt.Tooltip(f"{series}:N"), alt.Tooltip(f"{value}:Q", format=",.1f")],
        )
        .properties(title=title)
    )
    show_chart(localised(chart, lang()), width="stretch", alt=tr("fu.chart.alt", title=title))
    wide = frame.pivot_table(index=x, columns=series, values=value, sort=False, aggfunc="sum").reset_index()
    wide[x] = pd.to_datetime(wide[x]).dt.date.astype(str)
    table_alternative(wide, title)
