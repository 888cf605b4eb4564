"""Two screened scenarios side by side: the short texts of the metric cards and the data of the charts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.policy_form import CardFormat, load_form_content
from guidance.screening.report import MONEY_METRICS, category_label, format_metric
from guidance.screening.screen import breakdown

#: The metrics on the cards, one tuple per row of cards.
CARD_ROWS: tuple[tuple[str, ...], ...] = (
    ("in_policy", "places", "employment_months", "society_value_sek"),
    ("basic", "advanced", "spearhead", "internship_months"),
)


def card_text(metric: str, value: float, lang: Lang, signed: bool = False, cards: CardFormat | None = None) -> str:
    """A metric for a metric card: money in a large unit (mnkr, mdkr), a plain hyphen for negatives.

    A signed value (a difference) gets ``+`` or ``-`` in front; the card reads the direction from it.
    """
    if metric in MONEY_METRICS:
        cards = cards or load_form_content().cards
        unit = cards.unit(value)
        amount = (abs(value) if signed else value) / unit.sek
        text = t(f"plan.unit.{unit.id}", lang, value=fmt_num(amount, lang, cards.decimals_for(amount)))
        return (("+" if value > 0 else "-") + text) if signed and value else text
    return format_metric(metric, value, lang, signed=signed).replace("\u2212", "-")


def places_by(
    screened: Mapping[str, pd.DataFrame],
    by: Literal["category", "band"],
    lang: Lang,
    content: ScreeningContent | None = None,
) -> pd.DataFrame:
    """Places and requirements per category or value band for each scenario (keyed by its label).

    Returns:
        One row per scenario and group present, with the columns ``by`` (the group's label),
        ``scenario``, ``places`` and ``with_requirement``; empty when no scenario has a row.
    """
    content = content or load_plan_content()
    bands = {band.id: band.label(lang) for band in content.value_bands}
    rows = []
    for label, frame in screened.items():
        groups = breakdown(frame, by, content)
        for group, places, with_requirement in zip(
            groups[by], groups["places"].astype(float), groups["with_requirement"].astype(int), strict=True
        ):
            rows.append(
                {
                    by: category_label(group, lang, content) if by == "category" else bands[group],
                    "scenario": label,
                    "places": int(places),
                    "with_requirement": int(with_requirement),
                }
            )
    return pd.DataFrame(rows)
