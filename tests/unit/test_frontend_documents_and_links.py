"""The calculator's documents for decision-makers, and the links that carry the three tools' state.

Issue "a front end at the level of the best Swedish public e-services": item 5 (Word summary and Excel
workbook with inputs, parameters with dates and sources, per-actor lines; one headline figure that agrees
with the plan screening's per-month figure) and item 4 (assessment, calculator and screening state in the
URL, every value read from a link validated).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from guidance.assessment.choices_link import Choices, choices_from_params, choices_to_params
from guidance.calculator.adjust import load_adjustment
from guidance.calculator.calculate import calculate, society_value_per_month
from guidance.calculator.dated import load_book
from guidance.calculator.exports import calculator_docx, calculator_workbook, headline_text
from guidance.calculator.link_state import read_date, read_params, start_state, write_params
from guidance.calculator.page_settings import load_page_settings
from guidance.calculator.parameters import load_parameters
from guidance.calculator.report import society_per_person_month
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from guidance.screening import policy_link

P = load_parameters()
RESULT = calculate(P.default_inputs(), P)
DAY = dt.date(2026, 3, 1)


# -- the headline and the documents -------------------------------------------------------------------


def test_the_headline_per_month_is_the_figure_the_plan_screening_quotes() -> None:
    """One measure per person and month (one-off costs spread) on both pages, for the same inputs."""
    assert society_per_person_month(RESULT) == pytest.approx(society_value_per_month(P, "employment"))
    assert fmt_sek(society_value_per_month(P, "employment"), "sv") in headline_text(RESULT, "sv")


def test_the_headline_uses_the_right_plural() -> None:
    assert headline_text(RESULT, "sv").startswith("För 1 person i 12 månader")
    seven = calculate(P.default_inputs().model_copy(update={"positions": 7, "months": 1}), P)
    assert headline_text(seven, "en").startswith("For 7 people over 1 month")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_word_summary_holds_the_headline_actors_inputs_and_dated_sourced_parameters(lang: str) -> None:
    from docx import Document

    doc = Document(io.BytesIO(calculator_docx(RESULT, P, lang, DAY)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    assert fmt_sek(RESULT.society_total, lang) in text and headline_text(RESULT, lang) in text
    assert t("calc.actor.municipality", lang) in cells and fmt_sek(RESULT.actor("municipality").total, lang) in cells
    assert t("calc.in.wage", lang).split(" (")[0] in cells
    pbb = P.parameter("econ.pbb")
    assert pbb.name(lang) in cells and pbb.effective.isoformat() in cells
    assert doc.core_properties.language == ("sv-SE" if lang == "sv" else "en-GB")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_workbook_holds_numbers_as_numbers_and_every_parameter_with_date_and_source(lang: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(calculator_workbook(RESULT, P, lang, DAY)))
    assert len(wb.sheetnames) == 5
    summary = list(wb[t("calc.doc.sheet.summary", lang)].iter_rows(values_only=True))
    assert summary[1][1] == pytest.approx(RESULT.society_total)
    params = list(wb[t("calc.doc.sheet.parameters", lang)].iter_rows(values_only=True))
    header, rows = params[0], params[1:]
    assert len(rows) == len(P.parameters)
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    pbb = by_name[P.parameter("econ.pbb").name(lang)]
    assert pbb[t("calc.doc.value", lang)] == P.parameter("econ.pbb").value
    assert pbb[t("calc.pcol.effective", lang)].date() == P.parameter("econ.pbb").effective
    assert pbb[t("calc.pcol.url", lang)].startswith("https://")
    lines = list(wb[t("calc.doc.sheet.lines", lang)].iter_rows(values_only=True))
    assert all(isinstance(r[-1], (int, float)) for r in lines[1:])  # whole-period amounts are numbers


# -- calculator link -----------------------------------------------------------------------------------


def _calc_state() -> tuple[dict, dict]:
    base = load_book().at(DAY)
    start = start_state(base, load_page_settings(), load_adjustment())
    return base, start


def test_a_calculator_link_carries_what_differs_and_reads_back_the_same() -> None:
    base, start = _calc_state()
    state = {**start, "positions": 7, "form": "internship", "p.tax.municipal_rate": 22.0, "adjust_on": True,
             "sens_target": "municipality", "newly_arrived": not start["newly_arrived"]}  # fmt: skip
    params = write_params(state, start, DAY)
    assert params["date"] == "2026-03-01" and params["positions"] == "7" and params["p.tax.municipal_rate"] == "22"
    assert "wage" not in params  # unchanged values stay out of the link
    values, dropped = read_params(params, base, load_page_settings(), load_adjustment())
    assert not dropped
    assert values == {k: v for k, v in state.items() if k in params}


@pytest.mark.parametrize(
    ("key", "value"),
    [("positions", "0"), ("positions", "2.5"), ("months", "9999"), ("form", "<script>"), ("wage", "-5"),
     ("p.tax.municipal_rate", "-3"), ("p.unknown", "1"), ("adjust.additionality.employment", "140"),
     ("sens_target", "everyone"), ("newly_arrived", "yes"), ("wage", "1e400"), ("wage", "9" * 50)],
)  # fmt: skip
def test_a_forged_calculator_value_is_dropped_and_named(key: str, value: str) -> None:
    base, _ = _calc_state()
    values, dropped = read_params({key: value, "bonus": "100"}, base, load_page_settings(), load_adjustment())
    assert values == {"bonus": 100.0}  # the good value stays
    assert dropped == [key]


def test_a_link_date_outside_the_content_is_dropped() -> None:
    book = load_book()
    assert read_date({"date": "1999-01-01"}, book) == (None, True)
    assert read_date({"date": "2026-02-30"}, book) == (None, True)
    assert read_date({"date": "2026-03-01"}, book) == (DAY, False)


# -- assessment choices link ---------------------------------------------------------------------------


def test_the_assessment_choices_round_trip_through_a_link() -> None:
    chosen = Choices(name="Städ skolor 2026", rule="trafikverket", compare=True, zero="dialogue", level="advanced_bonus",
                     target_groups=("young",), custom_group="Personer med …", alternatives=("a", "b"),
                     bonus_internship=6000.0, plan_actor="L")  # fmt: skip
    params = choices_to_params(chosen)
    assert params["n"] == "Städ skolor 2026" and params["cl"] == "advanced_bonus" and params["ca"] == "a,b"
    back, errors = choices_from_params(params)
    assert not errors
    assert back.model_dump(exclude={"divisors_msek"}) == chosen.model_dump(exclude={"divisors_msek"})


@pytest.mark.parametrize(
    ("key", "value"),
    [("rg", "nonsense"), ("cl", "spearhead"), ("cg", "young,young"), ("cg", "mars"), ("ca", ""), ("bi", "-1"),
     ("be", "9999999999"), ("pp", "P99"), ("pa", "ALL"), ("n", "x" * 200), ("n", "a\x00b"), ("crd", "works:abc"),
     ("crd", "rocket:5"), ("z", "zero")],
)  # fmt: skip
def test_a_forged_choice_is_dropped_and_the_rest_kept(key: str, value: str) -> None:
    chosen, errors = choices_from_params({key: value, "cmp": "1"})
    assert key in errors and chosen.compare is True


# -- screening policy link -----------------------------------------------------------------------------


def test_the_screening_policy_round_trips_through_a_link() -> None:
    state = {**policy_link.start_state(), "a.share": 40, "b.rule": "custom", "b.div.works": 25.0, "assume.gates": False}
    params = policy_link.write_params(state)
    assert params == {"a.share": "40", "b.rule": "custom", "b.div.works": "25", "assume.gates": "0"}
    values, dropped = policy_link.read_params(params)
    assert not dropped and values == {"a.share": 40, "b.rule": "custom", "b.div.works": 25.0, "assume.gates": False}


@pytest.mark.parametrize(
    ("key", "value"),
    [("a.share", "0"), ("a.share", "101"), ("a.share", "12.5"), ("a.rule", "nonsense"), ("a.categories", "x,y"),
     ("assume.risks", "all"), ("assume.market", "<b>"), ("a.min_value", "abc"), ("b.div.works", "0")],
)  # fmt: skip
def test_a_forged_policy_value_is_dropped(key: str, value: str) -> None:
    values, dropped = policy_link.read_params({key: value, "assume.bonus": "1"})
    assert key in dropped and key not in values
    assert values.get("assume.bonus") is True
