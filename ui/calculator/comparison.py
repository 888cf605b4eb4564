"""Views of the realistic-value adjustment and of UHM's worked example next to the app's results.

Each function draws one section from values the page has already calculated (or calls a pure function
of ``guidance.calculator``); tables come with their sources, amounts in the user's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from guidance.calculator.adjust import AdjustmentDefaults, adjust
from guidance.calculator.calculate import CalcResult
from guidance.calculator.page_settings import PageSettings
from guidance.calculator.parameters import ParameterError
from guidance.calculator.report import fmt_date
from guidance.calculator.uhm import Explained, Totals, UhmExample
from guidance.calculator.uhm_report import (
    adjusted_table,
    claims_lines,
    comparison_table,
    explanation_table,
    positions_text,
)
from guidance.core.formatting import fmt_num, fmt_sek
from ui.calculator.form import decimals
from ui.calculator.state import ADJUST_ON, adjust_key, adjustment_values
from ui.components import md_escape, source_line
from ui.number_field import number_field, problem
from ui.state import lang, tr


def _table(rows: list[dict[str, Any]], headings: dict[str, str]) -> None:
    st.table(pd.DataFrame(rows).rename(columns=headings), hide_index=True)


def adjustment(res: CalcResult, defaults: AdjustmentDefaults, settings: PageSettings) -> None:
    """The switch for the realistic value; when on, the shares for the form and the gross and adjusted totals."""
    L, form = lang(), res.inputs.form
    st.subheader(tr("calc.adjust.title"))
    st.caption(tr("calc.adjust.intro"))
    st.toggle(tr("calc.adjust.toggle"), key=ADJUST_ON, persist_state="session")
    on, additionality, retention = adjustment_values(form, settings)
    if not on:
        return
    unit = settings.adjustment()
    left, right = st.columns(2)
    for column, share in ((left, "additionality"), (right, "retention")):
        with column:
            number_field(tr(f"calc.adjust.{share}.{form}"), adjust_key(share, form), decimals=decimals(unit.format),
                         help=tr(f"calc.adjust.help.{share}"))  # fmt: skip
            if (typed := problem(adjust_key(share, form))) is not None:
                st.error(tr(typed), icon=":material/error:")
    if any(problem(adjust_key(share, form)) for share in ("additionality", "retention")):
        return
    try:
        adjusted = adjust(res, additionality, retention, defaults)
    except ParameterError as exc:
        bounds = {k: fmt_num(v * unit.scale, L) for k, v in exc.values.items()}
        st.error(tr(exc.message_key, **bounds), icon=":material/error:")
        return
    _table(*adjusted_table(adjusted, L))
    st.markdown(positions_text(adjusted, L))
    verified = tr("calc.param.verified") if defaults.verified else tr("calc.param.unverified")
    st.caption(f"{md_escape(defaults.note(L))} · {verified} · {source_line(defaults.source, defaults.evidence)}")


def uhm_example(example: UhmExample, dated: Sequence[Totals], base: Totals, explained: Sequence[Explained]) -> None:
    """UHM's published result next to the app's on each parameter date, and the lines that explain the difference."""
    L = lang()
    st.subheader(tr("calc.uhm.title"))
    st.markdown(tr("calc.uhm.intro"))
    st.info(example.year_note(L), icon=":material/info:")
    _table(*comparison_table(example, dated, L))
    for line in claims_lines(example, dated, L):
        st.markdown(f"- {line}")
    if example.published.procurement_cost_inside:
        st.markdown(tr("calc.uhm.procurement_inside", amount=fmt_sek(example.inputs.procurement_cost, L)))
    st.caption(source_line(example.published.source, example.published.evidence))
    st.caption(source_line(example.source, example.evidence))
    st.markdown(f"**{tr('calc.uhm.explain_title', date=fmt_date(base.day))}**")
    _table(*explanation_table(base, explained, L))
    for e in explained:
        st.markdown(f"- **{md_escape(e.title(L))}**: {md_escape(e.body(L))}")
