"""UHM's worked example, honestly (issue point 2), and the optional realistic-value adjustment (issue point 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from guidance.calculator.adjust import adjust, build_adjustment, load_adjustment
from guidance.calculator.calculate import calculate
from guidance.calculator.dated import load_book
from guidance.calculator.parameters import ParameterError, parameters_at
from guidance.calculator.uhm import build_uhm_example, by_date, claims, explain, load_uhm_example
from guidance.calculator.uhm_report import (
    adjusted_table,
    claims_lines,
    claims_text,
    comparison_table,
    explanation_table,
    positions_text,
)
from guidance.content.loader import ContentError
from tests.content_copy import edit_yaml

BOOK = load_book()
EXAMPLE = load_uhm_example()
P26 = parameters_at(dt.date(2026, 1, 1))
DEFAULTS = load_adjustment()


def test_the_example_keeps_uhms_inputs() -> None:
    """Brief §6.3: UHM's inputs, unchanged (housing allowance "yes" included)."""
    i = EXAMPLE.inputs
    assert (i.wage, i.months, i.subsidy, i.age, i.unemployed, i.newly_arrived) == (
        20500,
        12,
        "nystartsjobb",
        "26_67",
        "12_23",
        True,
    )
    assert (i.housing_allowance, i.supervisor_wage, i.supervision_share, i.procurement_cost) == (
        True,
        30000,
        0.1,
        40000,
    )
    assert EXAMPLE.published.society_over == 200_000 and EXAMPLE.published.procurement_cost_inside


def test_the_example_is_calculated_on_every_parameter_date() -> None:
    """Issue: UHM's example per actor under each parameter date (expected totals: tests/cases/calculator.yaml)."""
    dated = by_date(EXAMPLE, BOOK)
    assert [d.day for d in dated] == list(BOOK.change_dates())
    assert [round(d.totals["individual"]) for d in dated] == [59895, 59895, 60816, 60816, 60816]
    assert {round(d.totals["society"], 2) for d in dated} == {161_323.36}


@pytest.mark.parametrize("day", list(BOOK.change_dates()))
def test_the_app_never_claims_uhms_result(day: dt.date) -> None:
    """Facts file: UHM says every actor gains and society gains over 200,000; under no date does the model agree
    (the employer loses, society is 161,323). The page must say so, not show the example as UHM's."""
    totals = {t.day: t for t in by_date(EXAMPLE, BOOK)}[day].totals
    found = claims(EXAMPLE, totals)
    assert (found.every_actor_gains, found.losing, found.society_over) == (False, ("employer",), False)
    text = claims_text(EXAMPLE, day, found, "en")
    assert f"Rules from {day.isoformat()}: every actor gains: No (Employer)" in text
    assert "society over SEK\u00a0200,000: No" in text


def test_dates_with_the_same_answers_share_one_line() -> None:
    lines = claims_lines(EXAMPLE, by_date(EXAMPLE, BOOK), "en")
    dates = ", ".join(d.isoformat() for d in BOOK.change_dates())
    assert lines == [f"Rules from {dates}: every actor gains: No (Employer); society over SEK\u00a0200,000: No."]


def test_the_explaining_lines_are_subsidy_supervision_and_procurement_cost() -> None:
    """The lines that explain the difference, at the 2026 rules (hand-computed in tests/cases/calculator.yaml)."""
    base, rows = explain(EXAMPLE, P26)
    by_id = {r.id: r for r in rows}
    assert base.totals["employer"] == pytest.approx(-46_561.84, abs=0.01)
    assert by_id["nystartsjobb_double"].change["employer"] == pytest.approx(12 * 6284, abs=0.01)
    assert by_id["nystartsjobb_double"].change["state"] == pytest.approx(-12 * 6284, abs=0.01)
    assert by_id["nystartsjobb_double"].change["society"] == pytest.approx(0, abs=1e-6)
    assert by_id["no_supervision"].totals["employer"] == pytest.approx(749.36, abs=0.01)
    assert by_id["no_supervision"].totals["society"] == pytest.approx(208_634.56, abs=0.01)
    assert by_id["no_procurement_cost"].change["municipality"] == pytest.approx(40_000)
    assert by_id["no_procurement_cost"].totals["society"] == pytest.approx(201_323.36, abs=0.01)


def test_the_explanations_use_the_users_parameters() -> None:
    """With the user's edits (here two contributions) the table explains what is on screen."""
    from guidance.calculator.parameters import with_overrides

    base, _ = explain(EXAMPLE, with_overrides(P26, {"subsidy.nystartsjobb_multiple": 2}))
    assert base.totals["employer"] == pytest.approx(28_846.16, abs=0.01)


def test_the_comparison_table_puts_uhm_next_to_each_date() -> None:
    """One row per actor and society; UHM's column says "gains" / "over 200 000 kr"; one column per date."""
    rows, headings = comparison_table(EXAMPLE, by_date(EXAMPLE, BOOK), "sv")
    assert list(headings.values())[:3] == [
        "Aktör",
        "Upphandlingsmyndigheten (publicerat)",
        "Appen, regler från 2025-01-01",
    ]
    assert len(headings) == 2 + len(BOOK.change_dates())
    assert rows[-1]["published"] == "över 200\u00a0000\u00a0kr"
    assert rows[-1]["d2"] == "161\u00a0323\u00a0kr"
    assert rows[4]["published"] == "går plus" and rows[4]["d2"] == "−46\u00a0562\u00a0kr"


def test_the_explanation_table_shows_totals_and_changes() -> None:
    rows, headings = explanation_table(*explain(EXAMPLE, P26), "en")
    assert headings["variant"] == "Variant" and rows[0]["variant"] == "As calculated"
    assert rows[1]["employer"] == "SEK\u00a028,846 (+SEK\u00a075,408)"


def test_a_broken_variant_is_reported(content_copy: Path) -> None:
    """A variant that changes an unknown parameter fails at load, naming the file and the variant."""

    def change(data: dict[str, Any]) -> None:
        data["explanations"][0]["parameters"] = {"no.such": 1}

    edit_yaml(content_copy, "calculator/uhm_example.yaml", change)
    with pytest.raises(ContentError) as exc:
        build_uhm_example(content_copy, P26)
    assert "calculator/uhm_example.yaml" in str(exc.value) and "nystartsjobb_double" in str(exc.value)


# -- realistic value ---------------------------------------------------------------------------------------------


def test_the_defaults_are_the_scottish_evaluations_figures() -> None:
    """Facts file (TERU, gov.scot): 38 % of hires, 73 % of apprentices, 72 % of work placements additional;
    75 % of hires still employed (100 % of apprentices, 3 % of placements recruited afterwards)."""
    assert DEFAULTS.additionality == {"employment": 0.38, "apprenticeship": 0.73, "internship": 0.72}
    assert DEFAULTS.retention == {"employment": 0.75, "apprenticeship": 1.0, "internship": 0.03}
    assert DEFAULTS.source == "calc-scot-teru-2015" and DEFAULTS.verified


def test_only_the_additional_share_of_the_job_counts_but_the_requirement_costs_in_full() -> None:
    """Adjusted = additionality x the job's flows + the procurement cost and bonus (paid for every position)."""
    result = calculate(EXAMPLE.inputs.model_copy(update={"bonus": 1000.0, "positions": 4}), P26)
    adjusted = adjust(result, 0.38, 0.75, DEFAULTS)
    municipality = adjusted.total("municipality")
    requirement = 4 * (-40_000 - 12 * 1000)
    assert municipality.adjusted == pytest.approx(0.38 * (municipality.gross - requirement) + requirement)
    employer = adjusted.total("employer")
    assert employer.adjusted == pytest.approx(0.38 * (employer.gross - 4 * 12 * 1000) + 4 * 12 * 1000)
    society = adjusted.total("society")
    assert society.gross == pytest.approx(result.society_total)
    assert society.adjusted == pytest.approx(0.38 * (result.society_total + 4 * 40_000) - 4 * 40_000)
    assert (adjusted.additional_positions, adjusted.retained_positions) == pytest.approx((1.52, 3.0))


def test_full_additionality_changes_nothing() -> None:
    result = calculate(EXAMPLE.inputs, P26)
    adjusted = adjust(result, 1, 0.75, DEFAULTS)
    assert all(t.adjusted == pytest.approx(t.gross) for t in adjusted.totals)


@pytest.mark.parametrize(
    ("a", "r", "bad"),
    [(1.2, 0.5, "additionality"), (0.5, -0.1, "retention"), ("x", 0.5, "additionality"), (0.5, None, "retention")],
)
def test_a_share_outside_0_to_100_percent_is_rejected(a: Any, r: Any, bad: str) -> None:
    """Bad user input gives a specific message (a key and the range), never a traceback."""
    with pytest.raises(ParameterError) as exc:
        adjust(calculate(EXAMPLE.inputs, P26), a, r, DEFAULTS)
    assert (exc.value.param_id, exc.value.message_key, exc.value.values) == (
        bad,
        "calc.err.adjust_range",
        {"min": 0, "max": 1},
    )


def test_the_adjusted_table_and_text() -> None:
    adjusted = adjust(calculate(EXAMPLE.inputs, P26), 0.38, 0.75, DEFAULTS)
    rows, headings = adjusted_table(adjusted, "sv")
    assert headings["adjusted"] == "Justerat, hela perioden (kr)" and rows[-1]["actor"] == "Samhället"
    assert rows[-1]["adjusted"] == "36\u00a0503\u00a0kr"  # 0.38 x (161,323.36 + 40,000) - 40,000 = 36,502.88
    assert positions_text(adjusted, "en") == (
        "People: 1; additional thanks to the requirement: about 0.4; in work afterwards: about 0.8."
    )


def test_broken_adjustment_content_is_reported(content_copy: Path) -> None:
    edit_yaml(content_copy, "calculator/adjustment.yaml", lambda d: d["additionality"].pop("internship"))
    with pytest.raises(ContentError) as exc:
        build_adjustment(content_copy)
    assert "calculator/adjustment.yaml" in str(exc.value) and "every form" in str(exc.value)
