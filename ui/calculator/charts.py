"""Altair charts of a calculator result: result per actor, one actor's waterfall, sensitivity.

Gains and losses differ in colour and in the legend's words, and every chart has a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from guidance.calculator.calculate import SensitivityItem
from guidance.calculator.report import ActorSummary
from guidance.core.formatting import fmt_sek
from ui.charts import localised, show_chart
from ui.state import lang, tr

GAIN, LOSS, SUM = "#1b7837", "#b2182b", "#0b5394"
LOWER, HIGHER = "#d6604d", "#4393c3"
TEXT = "#1a1a1a"
#: Height of one bar row and the smallest chart height (pixels); label width of long item names.
ROW_HEIGHT, MIN_HEIGHT, ACTOR_CHART_HEIGHT, LABEL_LIMIT, VALUE_PADDING, LABEL_GAP = 34, 120, 260, 320, 80, 4


def show(chart: Any, alt_text: str) -> None:
    """Show an altair chart with axes formatted for the user's language and a text alternative."""
    show_chart(localised(chart, lang()), width="stretch", alt=alt_text)


def _height(rows: int) -> int:
    return max(MIN_HEIGHT, ROW_HEIGHT * rows)


def actor_label(actor: str) -> str:
    """An actor's name (or society's)."""
    return tr(f"calc.actor.{actor}")


def actor_chart(rows: Sequence[ActorSummary]) -> alt.LayerChart:
    """Bars of each actor's and society's total for the whole period, labelled with the amount."""
    L = lang()
    df = pd.DataFrame({"actor": [actor_label(r.actor) for r in rows], "total": [r.total for r in rows]})
    df["sign"] = [tr("calc.gain") if v >= 0 else tr("calc.loss") for v in df["total"]]
    df["text"] = [fmt_sek(v, L) for v in df["total"]]
    order = list(df["actor"])
    base = alt.Chart(df).encode(
        y=alt.Y("actor:N", sort=order, title=tr("calc.chart_actor")),
        x=alt.X("total:Q", title=tr("calc.chart_value"), scale=alt.Scale(padding=VALUE_PADDING)),
        tooltip=[
            alt.Tooltip("actor:N", title=tr("calc.chart_actor")),
            alt.Tooltip("text:N", title=tr("calc.chart_value")),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "sign:N",
            title=tr("calc.chart_sign"),
            scale=alt.Scale(domain=[tr("calc.gain"), tr("calc.loss")], range=[GAIN, LOSS]),
        )
    )
    gains = base.transform_filter("datum.total >= 0").mark_text(align="left", dx=LABEL_GAP, color=TEXT)
    losses = base.transform_filter("datum.total < 0").mark_text(align="right", dx=-LABEL_GAP, color=TEXT)
    return (bars + gains.encode(text="text:N") + losses.encode(text="text:N")).properties(height=ACTOR_CHART_HEIGHT)


def waterfall_chart(rows: list[dict[str, Any]]) -> alt.Chart:
    """One actor's lines as a waterfall (from :func:`guidance.calculator.report.waterfall_rows`)."""
    L = lang()
    df = pd.DataFrame(rows)
    df["item"] = [tr(label) for label in df["label"]]
    df["text"] = [fmt_sek(v, L) for v in df["amount"]]
    df["sign"] = [
        tr("calc.sum") if total else (tr("calc.gain") if v >= 0 else tr("calc.loss"))
        for v, total in zip(df["amount"], df["is_total"], strict=True)
    ]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y(
                "item:N", sort=list(df["item"]), title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)
            ),
            x=alt.X("start:Q", title=tr("calc.chart_value")),
            x2="end:Q",
            color=alt.Color(
                "sign:N",
                title=tr("calc.chart_sign"),
                scale=alt.Scale(domain=[tr("calc.gain"), tr("calc.loss"), tr("calc.sum")], range=[GAIN, LOSS, SUM]),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=tr("calc.col.item")),
                alt.Tooltip("text:N", title=tr("calc.col.total")),
            ],
        )
        .properties(height=_height(len(df)))
    )


def sensitivity_chart(items: Sequence[SensitivityItem], names: list[str], low: str, high: str) -> alt.Chart:
    """Paired bars: how much the total moves when each item moves down (``low``) and up (``high``)."""
    L = lang()
    df = pd.DataFrame(
        [
            {"item": name, "direction": label, "change": delta, "text": fmt_sek(delta, L)}
            for name, it in zip(names, items, strict=True)
            for label, delta in ((low, it.delta_low), (high, it.delta_high))
        ]
    )
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=names, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)),
            x=alt.X("change:Q", title=tr("calc.sens.change")),
            color=alt.Color(
                "direction:N",
                title=tr("calc.sens.direction"),
                scale=alt.Scale(domain=[low, high], range=[LOWER, HIGHER]),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=tr("calc.sens.item")),
                alt.Tooltip("direction:N", title=tr("calc.sens.direction")),
                alt.Tooltip("text:N", title=tr("calc.sens.change")),
            ],
        )
        .properties(height=_height(len(items)))
    )
