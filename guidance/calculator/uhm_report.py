"""Tables of UHM's worked example and of the realistic-value adjustment, as the calculator page shows them.

Pure functions: texts come from the UI catalog, amounts are formatted for the language. Each returns a
list of rows (dicts keyed by column id) and the column headings, so a table can be drawn or exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from guidance.calculator.adjust import AdjustedResult
from guidance.calculator.page_settings import SOCIETY
from guidance.calculator.parameters import ACTORS
from guidance.calculator.report import fmt_date
from guidance.calculator.uhm import Claims, Explained, Totals, UhmExample, claims
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Lang

#: The rows of every table: each actor, then society.
ROWS: tuple[str, ...] = (*ACTORS, SOCIETY)


def _actor(actor: str, lang: Lang) -> str:
    return t(f"calc.actor.{actor}", lang)


def _published(example: UhmExample, actor: str, lang: Lang) -> str:
    pub = example.published
    if actor == SOCIETY:
        return t("calc.uhm.society_over", lang, amount=fmt_sek(pub.society_over, lang))
    return t("calc.uhm.gains", lang) if actor in pub.actors_gain else "–"


def comparison_table(
    example: UhmExample, dated: Sequence[Totals], lang: Lang
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """UHM's published result next to the app's on each parameter date, one row per actor and society.

    Returns:
        The rows (``actor``, ``published`` and one column ``d<n>`` per date) and the column headings.
    """
    headings = {"actor": t("calc.col.actor", lang), "published": t("calc.uhm.col.published", lang)}
    headings |= {f"d{i}": t("calc.uhm.col.date", lang, date=fmt_date(d.day)) for i, d in enumerate(dated)}
    rows = [
        {"actor": _actor(a, lang), "published": _published(example, a, lang)}
        | {f"d{i}": fmt_sek(d.totals[a], lang) for i, d in enumerate(dated)}
        for a in ROWS
    ]
    return rows, headings


def claims_lines(example: UhmExample, dated: Sequence[Totals], lang: Lang) -> list[str]:
    """Whether UHM's claims hold on each parameter date, one line per run of dates with the same answers."""
    groups: list[tuple[list[Any], Claims]] = []
    for totals in dated:
        found = claims(example, totals.totals)
        if groups and groups[-1][1] == found:
            groups[-1][0].append(totals.day)
        else:
            groups.append(([totals.day], found))
    return [claims_text(example, days, found, lang) for days, found in groups]


def claims_text(example: UhmExample, day: Any, found: Claims, lang: Lang) -> str:
    """Whether UHM's two claims hold under the values from ``day`` (a date or a list of dates), in words."""
    days = day if isinstance(day, list) else [day]
    yes, no = t("calc.yes", lang), t("calc.no", lang)
    losing = ", ".join(_actor(a, lang) for a in found.losing)
    gains = yes if found.every_actor_gains else f"{no} ({losing})"
    return t(
        "calc.uhm.claims",
        lang,
        date=", ".join(fmt_date(d) for d in days),
        gains=gains,
        amount=fmt_sek(example.published.society_over, lang),
        over=yes if found.society_over else no,
    )


def explanation_table(
    base: Totals, explained: Sequence[Explained], lang: Lang
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The example as calculated and each explaining variant: one row per variant, one column per actor.

    Each variant's cell gives its total and, in brackets, the change from the calculated total.
    """
    headings = {"variant": t("calc.uhm.col.variant", lang)} | {a: _actor(a, lang) for a in ROWS}
    rows: list[dict[str, Any]] = [
        {"variant": t("calc.uhm.as_calculated", lang)} | {a: fmt_sek(base.totals[a], lang) for a in ROWS}
    ]
    for e in explained:
        rows.append(
            {"variant": e.title(lang)}
            | {
                a: t("calc.uhm.cell", lang, total=fmt_sek(e.totals[a], lang), change=_signed(e.change[a], lang))
                for a in ROWS
            }
        )
    return rows, headings


def _signed(amount: float, lang: Lang) -> str:
    text = fmt_sek(amount, lang)
    return text if round(amount) < 0 else f"+{text}"


def adjusted_table(adjusted: AdjustedResult, lang: Lang) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Each actor's and society's gross and adjusted total."""
    headings = {
        "actor": t("calc.col.actor", lang),
        "gross": t("calc.adjust.col.gross", lang),
        "adjusted": t("calc.adjust.col.adjusted", lang),
    }
    rows = [
        {"actor": _actor(a.actor, lang), "gross": fmt_sek(a.gross, lang), "adjusted": fmt_sek(a.adjusted, lang)}
        for a in adjusted.totals
    ]
    return rows, headings


def positions_text(adjusted: AdjustedResult, lang: Lang) -> str:
    """How many of the positions are additional and how many people are expected in work afterwards."""
    return t(
        "calc.adjust.positions",
        lang,
        n=fmt_num(adjusted.positions, lang),
        additional=fmt_num(adjusted.additional_positions, lang, 1),
        retained=fmt_num(adjusted.retained_positions, lang, 1),
    )
