"""The calculator's documents for decision-makers: a Word summary and an Excel workbook.

Both hold the same things: the headline figure with its explanation, the result per actor, the inputs,
every line per actor, and every parameter with the date it took effect and its source. Texts come from
the UI catalog (``calc.doc.*``); the Word document is written by the decision basis's writer
(:func:`guidance.documents.decision_basis.render_docx`), the workbook by
:func:`guidance.documents.spreadsheet.to_xlsx` (numbers as numbers, text safe against formulas).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from guidance.calculator.calculate import CalcResult
from guidance.calculator.parameters import ParameterSet
from guidance.calculator.report import (
    actor_summary,
    fmt_date,
    fmt_parameter,
    history_text,
    input_label,
    input_lines,
    result_rows,
    shown_lines,
    society_per_person_month,
)
from guidance.content.loader import load_model
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.documents.decision_basis import Block, Bullets, Heading, Para, Table, render_docx
from guidance.documents.spreadsheet import to_xlsx

__all__ = ["calculator_blocks", "calculator_docx", "calculator_workbook", "count_text", "headline_text"]

#: Excel number formats: whole kronor with grouping, and shares in percent with two decimals.
SEK_FORMAT, NUMBER_FORMAT = "#,##0", "#,##0.##"


def count_text(key: str, n: int, lang: Lang) -> str:
    """A count with its noun in the right number (``1 person``, ``2 personer``; ``1 000`` grouped)."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=fmt_num(n, lang))


def headline_text(result: CalcResult, lang: Lang) -> str:
    """What the headline figure means: for how many people and months, per person and month, and what it sums."""
    inp = result.inputs
    return t(
        "calc.headline_explained",
        lang,
        people=count_text("calc.count.people", inp.positions, lang),
        months=count_text("calc.count.months", inp.months, lang),
        per_month=fmt_sek(society_per_person_month(result), lang),
    )


def _actor(actor: str, lang: Lang) -> str:
    return t(f"calc.actor.{actor}", lang)


def calculator_blocks(result: CalcResult, params: ParameterSet, lang: Lang, created: dt.date) -> list[Block]:
    """The Word summary as neutral blocks (headings, paragraphs, lists, tables)."""
    sources = {s.id: s for s in load_model().sources}
    blocks: list[Block] = [
        Heading(1, t("calc.doc.title", lang)),
        Para(t("calc.doc.created", lang, date=created.isoformat(), rules=fmt_date(result.rules_from)), "note"),
        Heading(2, t("calc.society_metric", lang)),
        Para(fmt_sek(result.society_total, lang), "strong"),
        Para(headline_text(result, lang)),
        Heading(2, t("calc.chart_title", lang)),
        Table(
            (
                t("calc.col.actor", lang),
                t("calc.col.monthly", lang),
                t("calc.col.total", lang),
                t("calc.col.per_person", lang),
            ),
            tuple(
                (_actor(r.actor, lang), fmt_sek(r.monthly, lang), fmt_sek(r.total, lang), fmt_sek(r.per_person, lang))
                for r in actor_summary(result)
            ),
            (2.0, 1.2, 1.2, 1.2),
        ),
        Heading(2, t("calc.inputs_title", lang)),
        Table(
            (t("calc.doc.input", lang), t("calc.doc.value", lang)),
            tuple((input_label(field, lang), value) for field, value in input_lines(result, params, lang)),
            (2.5, 1.5),
        ),
        Heading(2, t("calc.breakdown_title", lang)),
    ]
    for actor in result.actors:
        lines = shown_lines(actor)
        rows = tuple((t(ln.label, lang), t(f"calc.kind.{ln.kind}", lang), fmt_sek(ln.total, lang)) for ln in lines)
        blocks += [
            Heading(3, _actor(actor.actor, lang)),
            Table(
                (t("calc.col.item", lang), t("calc.col.kind", lang), t("calc.col.total", lang)),
                (*rows, (t("calc.sum", lang), "", fmt_sek(actor.total, lang))),
                (2.6, 1.0, 1.2),
            ),
        ]
    blocks += [
        Heading(2, t("calc.params_title", lang)),
        Para(t("calc.doc.params_intro", lang, date=fmt_date(params.valid_from)), "note"),
        Table(
            (
                t("calc.pcol.name", lang),
                t("calc.pcol.value", lang),
                t("calc.pcol.effective", lang),
                t("calc.pcol.source", lang),
            ),
            tuple(
                (
                    p.name(lang),
                    fmt_parameter(p.unit, p.value, lang),
                    fmt_date(p.effective),
                    f"{sources[p.source].title(lang)} ({sources[p.source].publisher(lang)})",
                )
                for p in params.parameters
            ),
            (2.0, 1.1, 0.9, 2.2),
        ),
        Heading(2, t("calc.doc.limits", lang)),
        Para(t("calc.limits_caption", lang)),
        Bullets(tuple(f"{n.title(lang)}: {n.body(lang)}" for n in params.notes if n.id in ("society", "limits"))),
    ]
    return blocks


def calculator_docx(result: CalcResult, params: ParameterSet, lang: Lang, created: dt.date) -> bytes:
    """The calculator's result as a Word summary for a decision-maker."""
    return render_docx(calculator_blocks(result, params, lang, created), lang, created, t("calc.doc.title", lang))


def _input_value(field: str, value: Any, shown: str) -> Any:
    """An input as the workbook holds it: numbers as numbers (shares in percent), other answers as shown."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return shown
    return round(value * 100, 6) if shown.endswith("%") else value


def _unit(shown: str, lang: Lang) -> str:
    if shown.endswith("%"):
        return "%"
    return "kr" if shown.endswith("kr") or shown.startswith("SEK") else ""


def calculator_workbook(result: CalcResult, params: ParameterSet, lang: Lang, created: dt.date) -> bytes:
    """The calculator's result as an Excel workbook: summary, inputs, parameters (dates, sources), lines per actor."""
    sources = {s.id: s for s in load_model().sources}
    col = {
        k: t(f"calc.col.{k}", lang)
        for k in ("actor", "item", "id", "kind", "monthly", "one_off", "total", "per_person")
    }
    value, unit = t("calc.doc.value", lang), t("calc.doc.unit", lang)
    summary = pd.DataFrame(
        [
            (t("calc.society_metric", lang), result.society_total, "kr"),
            (t("calc.doc.per_person_month", lang), round(society_per_person_month(result), 2), "kr"),
            (input_label("positions", lang), result.inputs.positions, ""),
            (input_label("months", lang), result.inputs.months, ""),
            (t("calc.doc.rules_from", lang), fmt_date(result.rules_from), ""),
            (t("calc.doc.created_on", lang), created.isoformat(), ""),
        ],
        columns=[t("calc.doc.item", lang), value, unit],
    )
    actors = pd.DataFrame(
        [(_actor(r.actor, lang), r.monthly, r.total, r.per_person) for r in actor_summary(result)],
        columns=[col["actor"], col["monthly"], col["total"], col["per_person"]],
    )
    inputs = pd.DataFrame(
        [
            (input_label(field, lang), _input_value(field, getattr(result.inputs, field), shown), _unit(shown, lang))
            for field, shown in input_lines(result, params, lang)
        ],
        columns=[t("calc.doc.input", lang), value, unit],
    )
    parameters = pd.DataFrame(
        [
            {
                t("calc.pcol.name", lang): p.name(lang),
                value: round(p.value * 100, 6) if p.unit == "share" else p.value,
                unit: "%" if p.unit == "share" else t(f"calc.unit.{p.unit}", lang),
                t("calc.pcol.effective", lang): p.effective,
                t("calc.pcol.verified", lang): t(
                    "calc.param.verified" if p.verified else "calc.param.unverified", lang
                ),
                t("calc.pcol.source", lang): sources[p.source].title(lang),
                t("calc.doc.publisher", lang): sources[p.source].publisher(lang),
                t("calc.pcol.url", lang): sources[p.source].url,
                t("calc.pcol.history", lang): history_text(p, lang),
            }
            for p in params.parameters
        ]
    )
    lines = pd.DataFrame(result_rows(result, lambda key: t(key, lang))).rename(columns=col)
    return to_xlsx(
        {
            t("calc.doc.sheet.summary", lang): summary,
            t("calc.doc.sheet.actors", lang): actors,
            t("calc.doc.sheet.inputs", lang): inputs,
            t("calc.doc.sheet.parameters", lang): parameters,
            t("calc.doc.sheet.lines", lang): lines,
        },
        number_formats={
            col["monthly"]: SEK_FORMAT,
            col["one_off"]: SEK_FORMAT,
            col["total"]: SEK_FORMAT,
            col["per_person"]: SEK_FORMAT,
            value: NUMBER_FORMAT,
        },
    )
