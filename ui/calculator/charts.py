"""Altair charts of a calculator result: result per actor, one actor's waterfall, sensitivity.

Gains and losses differ in colour and in the legend's words, and every chart has a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from guidance.calculator.calculate import SensitivityItem
from guidance.calculator.report import ActorSummary
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Lang
from ui.charts import DATA, label_limit, show_template, template
from ui.state import lang, tr

GAIN, LOSS, SUM = "#1b7837", "#b2182b", "#0b5394"
LOWER, HIGHER = "#d6604d", "#4393c3"
TEXT = "#1a1a1a"
#: Height of one bar row and the smallest chart height (pixels); label width of long item names.
ROW_HEIGHT, MIN_HEIGHT, ACTOR_CHART_HEIGHT, LABEL_LIMIT, VALUE_PADDING, LABEL_GAP = 34, 120, 260, 320, 80, 4


class ChartSpec(NamedTuple):
    """A cached chart template (:func:`ui.charts.template`) and the rows it draws."""

    template: dict[str, Any]
    rows: pd.DataFrame


def show(chart: ChartSpec, alt_text: str) -> None:
    """Show a chart with axes formatted for the user's language and a text alternative."""
    show_template(chart.template, chart.rows, width="stretch", alt=alt_text)


def _height(rows: int) -> int:
    return max(MIN_HEIGHT, ROW_HEIGHT * rows)


def actor_label(actor: str) -> str:
    """An actor's name (or society's)."""
    return tr(f"calc.actor.{actor}")


def actor_chart(rows: Sequence[ActorSummary]) -> ChartSpec:
    """Bars of each actor's and society's total for the whole period, labelled with the amount."""
    L = lang()
    df = pd.DataFrame({"actor": [actor_label(r.actor) for r in rows], "total": [r.total for r in rows]})
    df["sign"] = [tr("calc.gain") if v >= 0 else tr("calc.loss") for v in df["total"]]
    df["text"] = [fmt_sek(v, L) for v in df["total"]]
    return ChartSpec(_actor_template(L, tuple(df["actor"])), df)


@st.cache_data(max_entries=16, show_spinner=False)
def _actor_template(L: Lang, order: tuple[str, ...]) -> dict[str, Any]:
    base = alt.Chart(alt.NamedData(name=DATA)).encode(
        y=alt.Y("actor:N", sort=list(order), title=t("calc.chart_actor", L)),
        x=alt.X("total:Q", title=t("calc.chart_value", L), scale=alt.Scale(padding=VALUE_PADDING)),
        tooltip=[
            alt.Tooltip("actor:N", title=t("calc.chart_actor", L)),
            alt.Tooltip("text:N", title=t("calc.chart_value", L)),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "sign:N",
            title=t("calc.chart_sign", L),
            scale=alt.Scale(domain=[t("calc.gain", L), t("calc.loss", L)], range=[GAIN, LOSS]),
        )
    )
    gains = base.transform_filter("datum.total >= 0").mark_text(align="left", dx=LABEL_GAP, color=TEXT)
    losses = base.transform_filter("datum.total < 0").mark_text(align="right", dx=-LABEL_GAP, color=TEXT)
    chart = (bars + gains.encode(text="text:N") + losses.encode(text="text:N")).properties(height=ACTOR_CHART_HEIGHT)
    return template(chart, L)


def waterfall_chart(rows: list[dict[str, Any]]) -> ChartSpec:
    """One actor's lines as a waterfall (from :func:`guidance.calculator.report.waterfall_rows`)."""
    L = lang()
    df = pd.DataFrame(rows)
    df["item"] = [tr(label) for label in df["label"]]
    df["text"] = [fmt_sek(v, L) for v in df["amount"]]
    df["sign"] = [
        tr("calc.sum") if total else (tr("calc.gain") if v >= 0 else tr("calc.loss"))
        for v, total in zip(df["amount"], df["is_total"], strict=True)
    ]
    return ChartSpec(_waterfall_template(L, tuple(df["item"])), df[["item", "start", "end", "sign", "text"]])


@st.cache_data(max_entries=64, show_spinner=False)
def _waterfall_template(L: Lang, items: tuple[str, ...]) -> dict[str, Any]:
    chart = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_bar()
        .encode(
            y=alt.Y(
                "item:N",
                sort=list(items),
                title=None,
                axis=alt.Axis(labelLimit=label_limit(LABEL_LIMIT), labelOverlap=False),
            ),
            x=alt.X("start:Q", title=t("calc.chart_value", L)),
            x2="end:Q",
            color=alt.Color(
                "sign:N",
                title=t("calc.chart_sign", L),
                scale=alt.Scale(
                    domain=[t("calc.gain", L), t("calc.loss", L), t("calc.sum", L)], range=[GAIN, LOSS, SUM]
                ),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=t("calc.col.item", L)),
                alt.Tooltip("text:N", title=t("calc.col.total", L)),
            ],
        )
        .properties(height=_height(len(items)))
    )
    return template(chart, L)


def sensitivity_chart(items: Sequence[SensitivityItem], names: list[str], low: str, high: str) -> ChartSpec:
    """Paired bars: how much the total moves when each item moves down (``low``) and up (``high``)."""
    L = lang()
    df = pd.DataFrame(
        [
            {"item": name, "direction": label, "change": delta, "text": fmt_sek(delta, L)}
            for name, it in zip(names, items, strict=True)
            for label, delta in ((low, it.delta_low), (high, it.delta_high))
        ]
    )
    return ChartSpec(_sensitivity_template(L, tuple(names), low, high), df)


@st.cache_data(max_entries=64, show_spinner=False)
def _sensitivity_template(L: Lang, names: tuple[str, ...], low: str, high: str) -> dict[str, Any]:
    chart = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_bar()
        .encode(
            y=alt.Y(
                "item:N",
                sort=list(names),
                title=None,
                axis=alt.Axis(labelLimit=label_limit(LABEL_LIMIT), labelOverlap=False),
            ),
            x=alt.X("change:Q", title=t("calc.sens.change", L)),
            color=alt.Color(
                "direction:N",
                title=t("calc.sens.direction", L),
                scale=alt.Scale(domain=[low, high], range=[LOWER, HIGHER]),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=t("calc.sens.item", L)),
                alt.Tooltip("direction:N", title=t("calc.sens.direction", L)),
                alt.Tooltip("text:N", title=t("calc.sens.change", L)),
            ],
        )
        .properties(height=_height(len(names)))
    )
    return template(chart, L)
