"""Dated parameters (issue: "Parameters with dates, like a rules engine"): values keyed by the date they take
effect, the parameter set in force on a day, the 2025-2026 rule changes and the page's pure helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from guidance.calculator.calculate import calculate, contributions, unemployment_insurance_monthly
from guidance.calculator.dated import build_book, load_book
from guidance.calculator.inputs_check import follow_date, shown_parameter
from guidance.calculator.page_settings import load_page_settings
from guidance.calculator.parameters import CalcInputs, ParameterError, parameters_at
from guidance.calculator.report import fmt_parameter, history_text, parameter_rows, summary_markdown
from guidance.content.loader import ContentError
from tests.case_tables import Case, case_params
from tests.content_copy import edit_yaml
from tests.unit.test_calculator import run_case

BOOK = load_book()
S = load_page_settings()
D = dt.date
UHM = BOOK.at(D(2026, 1, 1)).default_inputs()


@pytest.mark.parametrize("case", case_params("calculator_people"))
def test_people_worked_example(case: Case) -> None:
    """Each case of ``tests/cases/calculator_people.yaml``: a young person under the 2026 reduced contributions,
    a long-term unemployed person on activity support and an insured person under the old and new law give the
    hand-computed totals on their dates."""
    run_case(case)


# -- resolving dates -------------------------------------------------------------------------------------------


def test_the_periods_start_on_each_change_date() -> None:
    """A new period of values starts whenever any value takes effect (facts file: 1 Oct 2025, 1 Jan and 1 Apr 2026)."""
    assert BOOK.change_dates() == (D(2025, 1, 1), D(2025, 10, 1), D(2026, 1, 1), D(2026, 4, 1), D(2027, 10, 1))
    first, second = BOOK.periods[:2]
    assert (first.valid_from, first.valid_until) == (D(2025, 1, 1), D(2025, 9, 30))
    assert BOOK.periods[-1].valid_until is None


@pytest.mark.parametrize(
    ("day", "value", "effective"),
    [
        (D(2025, 1, 1), 223, D(2025, 1, 1)),
        (D(2025, 9, 30), 223, D(2025, 1, 1)),
        (D(2025, 10, 1), 365, D(2025, 10, 1)),
        (D(2027, 12, 31), 365, D(2025, 10, 1)),
    ],
)
def test_activity_support_rises_to_365_on_1_october_2025(day: dt.date, value: float, effective: dt.date) -> None:
    """Facts file: the lowest activity support is 365 a day from 1 Oct 2025 (223 before); press, unverified."""
    p = parameters_at(day).parameter("benefit.activity_support_daily")
    assert (p.value, p.effective, p.verified) == (value, effective, False)


def test_a_day_in_the_same_period_gives_the_same_parameter_set() -> None:
    """parameters_at is cheap: every day of one period returns the one set built at load time."""
    assert parameters_at(D(2026, 5, 1)) is parameters_at(D(2027, 9, 30)) is load_book().periods[3]


@pytest.mark.parametrize("day", [D(2024, 12, 31), "2026-01-01", None])
def test_a_date_outside_the_coverage_names_the_range(day: Any) -> None:
    """A date before the content's coverage (or not a date) gives a message key with the allowed range."""
    with pytest.raises(ParameterError) as exc:
        BOOK.at(day)
    assert (exc.value.param_id, exc.value.message_key) == ("date", "calc.err.date_range")
    assert exc.value.values == {"start": D(2025, 1, 1), "end": D(2027, 12, 31)}


def test_the_2026_earned_income_credit_is_stronger_than_2025() -> None:
    """Prop. 2025/26:32: the credit is strengthened from 1 Jan 2026 (25.1 % instead of 19.9 % above 3.24 pbb)."""
    before = parameters_at(D(2025, 12, 31)).schedule("tax.earned_income_credit_base")
    after = parameters_at(D(2026, 1, 1)).schedule("tax.earned_income_credit_base")
    assert before.at(8.08) == pytest.approx(2.776) and after.at(8.08) == pytest.approx(3.027)
    assert after.at(5) > before.at(5) and after.at(3) == before.at(3)
    assert after.effective == D(2026, 1, 1) and not after.verified


# -- the 2025-2026 rules ----------------------------------------------------------------------------------------


def _young(**changes: Any) -> CalcInputs:
    return UHM.model_copy(update={"age": "18_22", "newly_arrived": False, "unemployed": "6_11", **changes})


@pytest.mark.parametrize(
    ("day", "age", "expected"),
    [
        (D(2026, 3, 31), "18_22", 0.3142 * 30000),
        (D(2026, 4, 1), "18_22", 0.2081 * 25000 + 0.3142 * 5000),
        (D(2027, 9, 30), "18_22", 0.2081 * 25000 + 0.3142 * 5000),
        (D(2027, 10, 1), "18_22", 0.3142 * 30000),
        (D(2026, 4, 1), "23_25", 0.3142 * 30000),
    ],
)
def test_young_people_pay_reduced_contributions_up_to_the_cap(day: dt.date, age: str, expected: float) -> None:
    """Prop. 2025/26:66, SFS 2026:100: 20.81 % on pay up to SEK 25,000 a month, 1 Apr 2026 - 30 Sep 2027, for people
    who had turned 18 but not 23 at the start of the year; full rate above the cap and for everyone else."""
    assert contributions(_young(age=age), parameters_at(day), 30000) == pytest.approx(expected)


def test_nystartsjobb_follows_the_reduced_contributions() -> None:
    """Förordning (2018:43) 16 §: the support is a multiple of the contributions the employer pays for the person."""
    result = calculate(_young(wage=22000), parameters_at(D(2026, 4, 1)))
    assert result.line("emp.subsidy").monthly == pytest.approx(0.2081 * 20000)
    assert result.line("emp.contributions").monthly == pytest.approx(-0.2081 * 22000)


@pytest.mark.parametrize(("band", "multiple"), [("12_23", 1), ("24p", 2)])
def test_the_nystartsjobb_multiple_depends_on_time_unemployed(band: str, multiple: int) -> None:
    """Förordning (2018:43) 16 § allows 1, 2 or 2.5 times; the content's rule gives 2 after 24 months (unverified)."""
    result = calculate(UHM.model_copy(update={"unemployed": band}), parameters_at(D(2026, 1, 1)))
    assert result.line("emp.subsidy").monthly == pytest.approx(multiple * 0.3142 * 20000)


@pytest.mark.parametrize(
    ("day", "band", "wage", "expected"),
    [
        (D(2025, 9, 30), "lt6", 40000, 0.80 * 33000),  # old law: 80 %, income ceiling 33,000
        (D(2025, 9, 30), "6_11", 30000, 0.80 * 27500),  # old law after 100 days: 22,000 a month at most
        (D(2025, 9, 30), "12_23", 30000, 0.70 * 27500),  # old law after 200 days: 70 %
        (D(2025, 10, 1), "lt6", 40000, 0.80 * 34000),  # new law: 80 % up to 34,000
        (D(2025, 10, 1), "6_11", 30000, 0.70 * 30000),  # minus 10 points after 100 days
        (D(2025, 10, 1), "12_23", 30000, 0.65 * 30000),  # and 5 more after 200 days
    ],
)
def test_unemployment_insurance_under_the_old_and_the_new_law(
    day: dt.date, band: str, wage: float, expected: float
) -> None:
    """IAF: new law from 1 Oct 2025, ceiling SEK 34,000 a month, levels by membership (80 % after 12 months),
    minus 10 points after 100 days and 5 more after 200 (Akademikernas a-kassa)."""
    inputs = UHM.model_copy(update={"unemployment_insurance": True, "unemployed": band, "wage": wage})
    assert unemployment_insurance_monthly(inputs, parameters_at(day)) == pytest.approx(expected)


def test_insurance_used_up_after_24_months_means_activity_support() -> None:
    """At most 300 benefit days (IAF): someone unemployed 24+ months is on activity support at the lowest level."""
    inputs = UHM.model_copy(update={"unemployment_insurance": True, "unemployed": "24p", "newly_arrived": False})
    result = calculate(inputs, parameters_at(D(2026, 1, 1)))
    assert (result.benefit_before, result.benefit_rule) == ("activity_support", "rule.insured_exhausted")
    assert result.details["benefit"] == pytest.approx(365 * 21.67)


@pytest.mark.parametrize(("age", "counted"), [("18_22", True), ("23_25", True), ("26_67", False)])
def test_housing_allowance_only_where_the_person_can_get_it(age: str, counted: bool) -> None:
    """Försäkringskassan: only families with children and people aged 18-28; the single adult of the calculator
    gets it only in the age groups under 26, else a warning and no allowance."""
    result = calculate(UHM.model_copy(update={"age": age}), parameters_at(D(2026, 1, 1)))
    assert result.details["housing_allowance_before"] == (1500 if counted else 0)
    assert ("calc.warn.housing_allowance_not_eligible" in result.warnings) is not counted


# -- the page's pure helpers ------------------------------------------------------------------------------------


def _fields(day: dt.date) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    params = parameters_at(day)
    return (
        {p.id: shown_parameter(p, S) for p in params.parameters},
        {s.id: [y for _, y in s.points] for s in params.schedules},
    )


def test_changing_the_date_moves_unedited_fields_and_keeps_edits() -> None:
    """Overrides survive a change of date; every field the user did not edit shows the new date's value."""
    old, new = parameters_at(D(2025, 1, 1)), parameters_at(D(2026, 1, 1))
    values, schedules = _fields(D(2025, 1, 1))
    values["tax.municipal_rate"] = 22.0
    moved, moved_schedules = follow_date(old, new, values, schedules, S)
    assert moved["tax.municipal_rate"] == 22.0
    assert moved["benefit.activity_support_daily"] == 365
    assert moved["econ.pbb"] == 59200
    assert moved_schedules["tax.earned_income_credit_base"][-1] == pytest.approx(3.027)
    schedules["tax.earned_income_credit_base"][-1] = 3.5
    assert follow_date(old, new, values, schedules, S)[1]["tax.earned_income_credit_base"][-1] == 3.5


def test_every_parameter_row_shows_value_date_and_source() -> None:
    """Issue: every parameter on screen shows its value's effective date and source."""
    rows = parameter_rows(parameters_at(D(2026, 4, 1)), "sv")
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == len(parameters_at(D(2026, 4, 1)).parameters)
    assert all(r["effective"] and r["source"] and r["url"].startswith("http") for r in rows)
    assert by_id["econ.pbb"]["effective"] == "2026-01-01"
    assert by_id["tax.municipal_rate"]["effective"] == "2025-01-01 eller tidigare"  # the first value known
    young = by_id["tax.employer_contributions_young"]
    assert (young["value"], young["effective"], young["verified"]) == ("20,81\u00a0%", "2026-04-01", "ej verifierad")
    assert young["history"] == "31,42\u00a0% från 2025-01-01; 31,42\u00a0% från 2027-10-01"


def test_values_are_shown_in_their_unit() -> None:
    assert fmt_parameter("share", 0.2081, "sv") == "20,81\u00a0%"
    assert fmt_parameter("sek_day", 365, "sv") == "365 kr/dag"
    assert fmt_parameter("days", 21.67, "en") == "21.67 days"
    assert history_text(parameters_at(D(2026, 1, 1)).parameter("tax.municipal_rate"), "en") == ""


def test_the_summary_names_the_date_of_the_rules() -> None:
    """The decision basis says which period's rules the result used."""
    params = parameters_at(D(2025, 10, 1))
    text = summary_markdown(calculate(UHM, params), params, "en")
    assert "those in force from 2025-10-01" in text


# -- broken content ---------------------------------------------------------------------------------------------


def _first_values(change: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        change(data["parameters"][0]["values"])

    return edit


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "parameters.yaml",
            _first_values(lambda v: v.append({**v[0], "from": v[0]["from"]})),
            "strictly increasing",
        ),
        ("parameters.yaml", _first_values(lambda v: v[0].update({"from": dt.date(2025, 6, 1)})), "no value in force"),
        ("parameters.yaml", _first_values(lambda v: v[0].pop("note")), "note"),
        ("parameters.yaml", lambda d: d["coverage"].update(end=dt.date(2024, 1, 1)), "must be after start"),
        ("inputs.yaml", lambda d: d["unemployed_months"].pop("24p"), "must name exactly the bands"),
        ("inputs.yaml", lambda d: d["nystartsjobb"]["multiples"].pop(), "last rule must match every answer"),
        ("inputs.yaml", lambda d: d["nystartsjobb"]["multiples"][0].update(multiple="x"), "unknown parameter id 'x'"),
        ("inputs.yaml", lambda d: d["housing_allowance"].update(source="nowhere"), "unknown source id 'nowhere'"),
    ],
)
def test_broken_dated_content_is_reported_clearly(content_copy: Path, file: str, change: Any, expected: str) -> None:
    """Each kind of broken dated content fails with a message naming the file and the problem."""
    edit_yaml(content_copy, f"calculator/{file}", change)
    with pytest.raises(ContentError) as exc:
        build_book(content_copy)
    assert expected in str(exc.value)
    assert f"calculator/{file}" in str(exc.value)
