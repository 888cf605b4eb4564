"""Plan screening under the assessment's new rules: plausibility warnings, advice gates, the proportional rule.

* Every screened row gets the warnings of ``check_contract`` (``content/assessment/plausibility.yaml``)
  on the values the plan gives; a warning marks a row, it never drops it. The case table below lists
  plan rows with the warnings they should get; the page, the Excel and CSV export, the summary and the
  row detail show them.
* G4 (regional network) is advice, not a condition (``questionnaire.yaml``, ``advice_flag``): the
  screening's assumptions never touch it, and a "no" only raises its flag.
* The rule ``proportional`` (Trafikverket's ratios with a minimum of one place, ``sizing_rules.yaml``)
  screens like ``size()`` and is used by the scenarios ``proportional_5m`` and ``guide_best_third``.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.plausibility import check_contract, load_plausibility
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import Contract, load_sizing_content, size
from guidance.content.loader import CONTENT_DIR
from guidance.core.formatting import fmt_sek
from guidance.core.i18n import t
from guidance.screening.content import load_plan_content
from guidance.screening.plausibility import check_columns, row_warnings, warning_texts
from guidance.screening.reading import check_plan, load_plan, typed_plan
from guidance.screening.report import (
    Report,
    Scenario,
    check_table,
    export_frame,
    screened_csv,
    summary_markdown,
    workbook,
)
from guidance.screening.row_detail import explain_row
from guidance.screening.screen import (
    Assumptions,
    Policy,
    answers_from_inputs,
    assess_frame,
    effective_inputs,
    gates_answer,
    screen,
    totals,
)

MSEK = 1_000_000
QN = load_questionnaire()
PLAUSIBILITY = load_plausibility()
SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"


def plan_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A typed plan from row dicts, numbered like a file (header on row 1)."""
    frame = pd.DataFrame(rows, index=pd.Index(range(2, len(rows) + 2), name="row"))
    return typed_plan(frame)


def row(**changes: Any) -> dict[str, Any]:
    """A cleaning contract of SEK 18 m over 36 months with 12 FTE, changed by ``changes``."""
    base: dict[str, Any] = {
        "name": "Lokalvård",
        "category": "cleaning",
        "value_sek": 18 * MSEK,
        "duration_months": 36,
        "fte": 12.0,
        "labour_share": None,
    }
    base.update(changes)
    return base


def _none(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# --------------------------------------------------------------------------- case table
#: (case, plan row, expected warning ids, expected likely value)
CASES: list[tuple[str, dict[str, Any], tuple[str, ...], float | None]] = [
    ("value typed in millions", row(value_sek=18.0), ("value_scale",), 18 * MSEK),
    ("value typed in thousands", row(value_sek=18_000.0), ("value_scale",), 18 * MSEK),
    ("a plausible SEK 18 m contract", row(), (), None),
    ("just under the minimum value", row(value_sek=99_999.0), ("value_scale",), 99_999_000.0),
    ("exactly the minimum value, no FTE", row(value_sek=100_000.0, fte=None), (), None),
    ("SEK 1 m cannot pay 12 FTE for three years", row(value_sek=1 * MSEK), ("value_per_fte",), None),
    ("SEK 3.6 m pays 4 FTE for three years", row(value_sek=3.6 * MSEK, fte=4.0), (), None),
    ("a given labour share counts", row(value_sek=3.6 * MSEK, fte=4.0, labour_share=75.0), ("value_per_fte",), None),
    ("an FTE estimated from the value is not checked", row(value_sek=1 * MSEK, fte=None), (), None),
    ("a tiny value is checked even without FTE", row(value_sek=18.0, fte=None), ("value_scale",), 18 * MSEK),
]


@pytest.mark.parametrize(("case", "plan_row", "ids", "likely"), CASES, ids=[c[0] for c in CASES])
def test_plan_rows_get_the_plausibility_warnings_of_the_single_check(
    case: str, plan_row: dict[str, Any], ids: tuple[str, ...], likely: float | None
) -> None:
    """plausibility.yaml: value under SEK 100 000 for the whole term -> value_scale with the likely value;
    value x given labour share per FTE-year under SEK 250 000 -> value_per_fte. Same as check_contract."""
    got = screen(plan_of([plan_row]), Policy(rule="trafikverket")).iloc[0]
    assert tuple(filter(None, got["checks"].split(","))) == ids
    assert _none(got["suggested_value_sek"]) == likely
    expected = check_contract(
        plan_row["value_sek"], plan_row["duration_months"], plan_row["fte"], plan_row["labour_share"]
    )
    assert row_warnings(got.to_dict()) == expected
    assert [w.id for w in expected] == list(ids)


def test_the_warning_text_names_the_value_and_the_likely_fix_in_both_languages() -> None:
    """18 typed for SEK 18 m: 'Menade du 18 000 000 kr?' / 'Did you mean SEK 18,000,000?'."""
    screened = screen(plan_of([row(value_sek=18.0), row(name="ok")]), Policy(rule="trafikverket"))
    for lang in ("sv", "en"):
        texts = warning_texts(screened, lang)
        assert fmt_sek(18, lang) in texts[2] and fmt_sek(18 * MSEK, lang) in texts[2]
        assert texts[2] == PLAUSIBILITY.texts["value_scale"](lang).format(
            value=fmt_sek(18, lang), suggestion=fmt_sek(18 * MSEK, lang)
        )
        assert texts[3] == ""


def test_warnings_mark_rows_but_never_drop_or_change_them() -> None:
    """A row with a warning is screened with the plan's values, like any other row."""
    rows = [row(name="millions", value_sek=18.0), row(name="ok"), row(name="thin", value_sek=1 * MSEK)]
    screened = screen(plan_of(rows), Policy(rule="proportional"))
    assert list(screened.index) == [2, 3, 4]
    assert totals(screened).to_check == 2
    alone = screen(plan_of([rows[0]]), Policy(rule="proportional")).iloc[0]
    kept = ["verdict", "outcome", "places", "employment_months"]
    assert screened.loc[2, kept].tolist() == alone[kept].tolist()
    assert screened.at[2, "value_sek"] == 18.0


def test_the_vectorised_check_reads_the_thresholds_from_the_content() -> None:
    """A higher minimum in the content flags the SEK 18 m contract too (no literal threshold in code)."""
    stricter = PLAUSIBILITY.model_copy(update={"min_value_sek": 20 * MSEK})
    got = check_columns(pd.Series([18 * MSEK]), pd.Series([36]), pd.Series([12.0]), pd.Series([None]), content=stricter)
    assert got.at[0, "checks"] == "value_scale"
    assert got.at[0, "suggested_value_sek"] == 18 * MSEK * 1000


def test_a_plan_of_a_thousand_rows_is_checked_at_once() -> None:
    """1 000 rows with every tenth typed in thousands of kronor: exactly those 100 are marked."""
    rows = [row(name=f"P{i}", value_sek=18_000.0 if i % 10 == 0 else 18 * MSEK) for i in range(1000)]
    screened = screen(plan_of(rows), Policy(rule="trafikverket"))
    assert len(screened) == 1000 and totals(screened).to_check == 100
    marked = screened[screened["checks"] != ""]
    assert set(marked["checks"]) == {"value_scale"} and (marked["suggested_value_sek"] == 18 * MSEK).all()


def test_the_sample_plan_has_no_rows_to_check() -> None:
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    screened = screen(checked.plan, Policy.from_scenario("trafikverket_5m"), check=False)
    assert totals(screened).to_check == 0 and (screened["checks"] == "").all()


# --------------------------------------------------------------------------- exports and row detail
def _report(rows: list[dict[str, Any]]) -> Report:
    plan = plan_of(rows)
    scenarios = (
        Scenario("A", Policy(rule="trafikverket"), screen(plan, Policy(rule="trafikverket"))),
        Scenario("B", Policy(rule="proportional"), screen(plan, Policy(rule="proportional"))),
    )
    return Report(plan_label="plan.csv", scenarios=scenarios, problems=check_plan(plan).problems)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_excel_export_has_the_warnings_in_a_column_and_a_sheet_of_rows_to_check(lang: str) -> None:
    """Every scenario sheet carries the warning text and the likely value; a sheet lists the rows to check."""
    report = _report([row(name="ok"), row(name="millions", value_sek=18.0)])
    wb = load_workbook(io.BytesIO(workbook(report, lang)))
    assert t("plan.sheet.checks", lang) in wb.sheetnames
    expected = check_contract(18.0, 36, 12.0, None)[0].text(lang)
    for sheet_key in ("plan.sheet.a", "plan.sheet.b"):
        sheet = wb[t(sheet_key, lang)]
        header = [c.value for c in sheet[1]]
        checks = header.index(t("plan.out.checks", lang))
        likely = header.index(t("plan.out.suggested_value_sek", lang))
        values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
        assert [v[0] for v in values] == [2, 3]
        assert values[0][checks] in (None, "") and values[0][likely] in (None, "")
        assert values[1][checks] == expected
        assert values[1][likely] == 18 * MSEK
    to_check = [[c.value for c in r] for r in wb[t("plan.sheet.checks", lang)].iter_rows(min_row=2)]
    assert len(to_check) == 1 and to_check[0][0] == 3 and expected in to_check[0]
    summary = {r[0].value: r[1].value for r in wb[t("plan.sheet.summary", lang)].iter_rows(min_row=2)}
    assert summary[t("plan.metric.to_check", lang)] == 1


def test_a_plausible_plan_gets_no_sheet_of_rows_to_check() -> None:
    wb = load_workbook(io.BytesIO(workbook(_report([row()]), "sv")))
    assert t("plan.sheet.checks", "sv") not in wb.sheetnames


def test_csv_summary_and_table_carry_the_warnings() -> None:
    report = _report([row(name="ok"), row(name="thin", value_sek=1 * MSEK)])
    text = check_contract(1 * MSEK, 36, 12.0, None)[0].text("en")
    assert text in screened_csv(report.scenarios[0].screened, "en").decode("utf-8-sig")
    md = summary_markdown(report, "sv")
    assert t("plan.doc.checks_title", "sv") in md and t("plan.doc.checks", "sv", rows="1") in md
    table = check_table(report.scenarios[0].screened, "en")
    assert list(table[t("plan.out.row", "en")]) == [3]
    assert list(table[t("plan.out.checks", "en")]) == [text]
    shown = export_frame(report.scenarios[0].screened, "en")
    assert list(shown[t("plan.out.checks", "en")]) == ["", text]


def test_the_row_detail_gives_the_rows_warnings() -> None:
    """The detail of one row reruns check_contract on the values the plan gives."""
    plan = plan_of([row(name="ok"), row(name="millions", value_sek=18.0, fte=None)])
    policy = Policy(rule="trafikverket")
    assert explain_row(plan, 2, policy).warnings == ()
    detail = explain_row(plan, 3, policy)
    assert detail.warnings == check_contract(18.0, 36, None, None)
    assert detail.warnings[0].suggestion == 18 * MSEK


# --------------------------------------------------------------------------- advice gates
def test_assumed_gates_are_the_condition_gates_only() -> None:
    """questionnaire.yaml: G4 is advice (advice_flag), so the screening assumes nothing about it."""
    assert "G4" not in QN.condition_gate_ids
    assert tuple(gates_answer(Assumptions())) == QN.condition_gate_ids
    assert set(gates_answer(Assumptions(gates_met=False)).values()) == {None}


@pytest.mark.parametrize("advice", [True, False, None])
def test_the_advice_gate_only_raises_its_flag_in_the_vectorised_assessment(advice: bool | None) -> None:
    """G4 answered no: same verdict as yes, plus the flag regional_network; as assess() gives it."""
    plan = plan_of([row(category="construction", value_sek=120 * MSEK, duration_months=30, fte=25.0)])
    assumptions = Assumptions()
    inputs = effective_inputs(plan, assumptions)
    gates = {**gates_answer(assumptions), "G4": advice}
    got = assess_frame(inputs, assumptions, gates=gates).iloc[0]
    single = answers_from_inputs(inputs.iloc[0].to_dict(), assumptions)
    expected = assess(Answers(gates=gates, **single.given()))
    assert (got["verdict"], expected.verdict) == ("advanced", "advanced")
    assert tuple(filter(None, got["flags"].split(","))) == expected.flags
    assert ("regional_network" in expected.flags) == (advice is False)


def test_screening_never_raises_the_advice_flag_or_caps_for_it() -> None:
    """Gates assumed met or not: G4 stays unanswered, so no row gets regional_network."""
    plan = plan_of([row(category="construction", value_sek=120 * MSEK, duration_months=30, fte=25.0)])
    met = screen(plan, Policy(rule="trafikverket")).iloc[0]
    unknown = screen(plan, Policy(rule="trafikverket", assumptions=Assumptions(gates_met=False))).iloc[0]
    assert (met["verdict"], unknown["verdict"]) == ("advanced", "basic")
    assert "regional_network" not in met["flags"] + unknown["flags"]


# --------------------------------------------------------------------------- the proportional rule
def test_proportional_gives_the_cleaning_contract_one_place_where_trafikverket_gives_dialogue() -> None:
    """sizing_rules.yaml: floor(18/25) = 0 places under Trafikverket; proportional lifts it to one place."""
    plan = plan_of([row()])
    tv = screen(plan, Policy(rule="trafikverket")).iloc[0]
    prop = screen(plan, Policy(rule="proportional")).iloc[0]
    assert (tv["outcome"], tv["places"], bool(tv["rule_below_value"])) == ("basic", 0, True)
    assert (prop["outcome"], prop["places"], prop["employment_months"], prop["internship_months"]) == (
        "advanced",
        1,
        12,
        6,
    )
    assert not bool(prop["rule_below_value"])


def test_proportional_caps_months_per_place_at_the_term_as_size_does() -> None:
    """A 6-month services contract: one place counts as 6 months, not 12 (cap_months_at_duration)."""
    plan = plan_of([row(category="property_care", value_sek=30 * MSEK, duration_months=6, fte=10.0)])
    rule = load_sizing_content().rule("proportional")
    got = screen(plan, Policy(rule="proportional")).iloc[0]
    expected = size(Contract(contract_type="services", value_sek=30 * MSEK, duration_months=6, fte=10.0), rule)
    assert (
        (got["rule_places"], got["rule_employment_months"]) == (expected.places, expected.employment_months) == (1, 6)
    )


@pytest.mark.parametrize("scenario_id", ["proportional_5m", "guide_best_third"])
def test_the_guides_scenarios_use_the_proportional_rule(scenario_id: str) -> None:
    """policy.yaml: the guide's own proposal is the rule set 'proportional', not the editable custom rule."""
    policy = Policy.from_scenario(scenario_id)
    assert policy.rule == "proportional" and policy.custom is None
    assert policy.sizing_rule() == load_sizing_content().rule("proportional")


def test_proportional_5m_gives_at_least_the_places_of_trafikverket_5m_on_the_sample() -> None:
    """Same ratios and selection, a wider scope and a minimum of one: never fewer places."""
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    content = load_plan_content()
    tv = totals(screen(checked.plan, Policy.from_scenario("trafikverket_5m", content=content), check=False))
    prop = totals(screen(checked.plan, Policy.from_scenario("proportional_5m", content=content), check=False))
    assert prop.in_policy == tv.in_policy
    assert prop.places > tv.places
