"""The calculator page's pure parts: page settings, units and checks of typed values, prefill, outcome, reports."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from guidance.calculator.calculate import ACTORS, calculate, sensitivity
from guidance.calculator.inputs_check import (
    FieldMessage,
    OverridesCheck,
    check_inputs,
    check_overrides,
    current_outcome,
    input_error_key,
    prefill_values,
    shown_input,
    shown_parameter,
    start_values,
    stored_input,
)
from guidance.calculator.page_settings import (
    build_page_settings,
    load_page_settings,
    parameter_groups,
    sensitivity_targets,
)
from guidance.calculator.parameters import CalcInputs, load_parameters, with_overrides
from guidance.calculator.report import (
    actor_summary,
    condition_text,
    largest_swings,
    scaled_society,
    sensitivity_item_name,
    shown_lines,
    waterfall_rows,
)
from guidance.content.loader import ContentError
from guidance.core.i18n import t
from tests.content_copy import edit_yaml

P = load_parameters()
S = load_page_settings()
UHM = P.default_inputs()


def _ids(fields: Any) -> list[str]:
    return [f.id for f in fields]


# -- page settings -----------------------------------------------------------------------------------


def test_an_intern_is_asked_for_the_value_of_the_work_instead_of_wage_subsidy_and_productivity() -> None:
    """page.yaml only_for_forms: an intern gets no wage, so no subsidy or productivity factor either."""
    assert _ids(S.fields("job", "internship")) == [
        "buyer",
        "form",
        "months",
        "positions",
        "work_share",
        "intern_output",
    ]
    assert _ids(S.fields("job", "employment")) == [
        "buyer",
        "form",
        "months",
        "positions",
        "work_share",
        "wage",
        "subsidy",
        "productivity",
    ]
    assert _ids(S.fields("person", "internship")) == _ids(S.fields("person", "employment"))


def test_every_input_is_asked_in_exactly_one_group() -> None:
    """The form's groups together hold each calculator input once."""
    listed = [name for g in S.groups for name in g.fields]
    assert sorted(listed) == sorted(CalcInputs.model_fields)


def test_each_input_gets_the_widget_and_unit_of_its_kind() -> None:
    """Whole numbers get a whole step, shares are shown in percent, options a select, yes/no a checkbox."""
    months = S.field("months")
    assert (months.kind, months.whole, months.step, months.format) == ("number", True, 1, None)
    assert isinstance(months.step, int)
    share = S.field("work_share")
    assert (share.kind, share.whole, share.scale, share.format) == ("number", False, 100, "%.1f")
    assert isinstance(share.step, float)
    assert S.field("form").kind == "select"
    assert S.field("newly_arrived").kind == "flag"


def test_parameter_groups_follow_the_model_and_society_leads_the_sensitivity_targets() -> None:
    assert parameter_groups() == ("economy", "tax", "benefit", "subsidy")
    assert sensitivity_targets() == ("society", *ACTORS)


def _double_listed(data: dict) -> None:
    data["groups"][0]["fields"].append("wage")


def _missing_unit(data: dict) -> None:
    del data["parameter_units"]["days"]


def _unknown_target(data: dict) -> None:
    data["sensitivity"]["default_target"] = "nobody"


def _default_outside_range(data: dict) -> None:
    data["scale"]["default"] = 0


def _percent_months(data: dict) -> None:
    data["inputs"]["months"] = "share"


def _unknown_source(data: dict) -> None:
    data["source"] = "no-such-source"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_double_listed, "input 'wage' is listed more than once"),
        (_missing_unit, "must name exactly the parameter units"),
        (_unknown_target, "must be one of society"),
        (_default_outside_range, "default 0 is outside 1..1000000"),
        (_percent_months, "a whole-number input needs scale 1"),
        (_unknown_source, "unknown source id 'no-such-source'"),
    ],
)
def test_broken_page_settings_are_reported_with_file_and_reason(content_copy: Path, change: Any, expected: str) -> None:
    """Content fails fast: each broken page.yaml names the file and the problem."""
    edit_yaml(content_copy, "calculator/page.yaml", change)
    with pytest.raises(ContentError) as exc:
        build_page_settings(content_copy)
    assert "content/calculator/page.yaml" in str(exc.value)
    assert expected in str(exc.value)


def test_bundled_page_settings_build_from_a_copy(content_copy: Path) -> None:
    assert build_page_settings(content_copy) == S


# -- inputs ---------------------------------------------------------------------------------------------


def test_shares_are_shown_in_percent_and_stored_as_fractions() -> None:
    assert shown_input("work_share", 0.8, S) == 80.0
    assert shown_input("productivity", 0.123456789, S) == 12.345679
    assert stored_input("work_share", 80, S) == 0.8
    assert stored_input("work_share", "x", S) == "x"


def test_other_values_are_shown_as_stored() -> None:
    assert shown_input("months", 12, S) == 12 and isinstance(shown_input("months", 12, S), int)
    assert shown_input("wage", 25000.0, S) == 25000.0
    assert shown_input("form", "internship", S) == "internship"
    assert stored_input("wage", 25000.0, S) == 25000.0
    assert stored_input("newly_arrived", True, S) is True


def test_the_starting_values_give_back_the_worked_example() -> None:
    """Showing the default inputs and reading them back is lossless."""
    shown = start_values(UHM, S)
    assert shown["work_share"] == pytest.approx(UHM.work_share * 100)
    assert check_inputs(shown, S).inputs == UHM


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("work_share", 0.0, "calc.err.work_share"),
        ("work_share", 120.0, "calc.err.work_share"),
        ("months", 0, "calc.err.months"),
        ("wage", -1.0, "calc.err.wage"),
        ("productivity", 151.0, "calc.err.productivity"),
        ("buyer", "nobody", "calc.err.generic"),
        ("months", None, "calc.err.months"),
    ],
)
def test_an_invalid_input_gives_its_own_message_key(field: str, value: Any, key: str) -> None:
    """Each invalid field is named with its message; a field without its own message gets the generic one."""
    shown = start_values(UHM, S) | {field: value}
    check = check_inputs(shown, S)
    assert check.inputs is None
    assert check.errors == {field: key}


def test_error_keys_fall_back_to_the_generic_message() -> None:
    assert input_error_key("bonus") == "calc.err.bonus"
    assert input_error_key("subsidy") == "calc.err.generic"


# -- parameters -------------------------------------------------------------------------------------------


def _values(**changes: Any) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    params = {p.id: shown_parameter(p, S) for p in P.parameters}
    schedules: dict[str, list[Any]] = {s.id: [y for _, y in s.points] for s in P.schedules}
    for key, value in changes.items():
        if key in schedules:
            schedules[key] = value
        else:
            params[key] = value
    return params, schedules


def test_parameters_are_shown_in_their_unit() -> None:
    assert shown_parameter(P.parameter("tax.municipal_rate"), S) == 20.68
    assert shown_parameter(P.parameter("econ.pbb"), S) == 59200.0


def test_unchanged_parameters_are_no_override() -> None:
    assert check_overrides(P, *_values(), S) == OverridesCheck()


def test_an_edited_share_becomes_a_fraction_override() -> None:
    check = check_overrides(P, *_values(**{"tax.municipal_rate": 22.0}), S)
    assert check.errors == {}
    assert check.overrides == {"tax.municipal_rate": pytest.approx(0.22)}


def test_a_rate_outside_its_range_names_the_range_in_percent() -> None:
    """Issue: a negative tax rate is rejected; the message gives the allowed range as shown (0-40 %)."""
    check = check_overrides(P, *_values(**{"tax.municipal_rate": -3.0}), S)
    assert check.overrides == {}
    assert check.errors == {
        "tax.municipal_rate": FieldMessage(key="calc.err.param_range", numbers={"min": 0.0, "max": 40.0}, decimals=2)
    }


def test_a_parameter_that_is_not_a_number_is_rejected() -> None:
    check = check_overrides(P, *_values(**{"econ.pbb": None}), S)
    assert check.errors["econ.pbb"].key == "calc.err.param_number"


def test_schedule_points_are_checked_as_a_whole() -> None:
    ys = [y for _, y in P.schedule("tax.basic_deduction").points]
    bad = check_overrides(P, *_values(**{"tax.basic_deduction": [-1.0, *ys[1:]]}), S)
    assert bad.errors["tax.basic_deduction"].key == "calc.err.schedule_points"
    good = check_overrides(P, *_values(**{"tax.basic_deduction": [0.5, *ys[1:]]}), S)
    assert good.errors == {}
    assert good.overrides["tax.basic_deduction"][0] == (0.0, 0.5)


# -- prefill and outcome -------------------------------------------------------------------------------------


def test_prefill_takes_the_usable_values_of_the_assessment() -> None:
    """Assessment link: positions and months as whole numbers, a form only if it is one of the options."""
    assert prefill_values({"positions": "4", "months": 6.0, "form": "internship"}, P.options) == {
        "positions": 4,
        "months": 6,
        "form": "internship",
    }
    assert prefill_values({"positions": "x", "months": math.inf, "form": "nope"}, P.options) == {}
    assert prefill_values({"form": ["internship"]}, P.options) == {}
    assert prefill_values(None, P.options) is None
    assert prefill_values("positions=4", P.options) is None


def test_valid_inputs_give_a_new_result_with_the_edited_parameters() -> None:
    edited = {"tax.municipal_rate": 0.22}
    outcome = current_outcome(UHM, OverridesCheck(overrides=edited), P)
    assert outcome.status == "new"
    assert outcome.result == calculate(UHM, with_overrides(P, edited))
    assert outcome.params.value("tax.municipal_rate") == 0.22


def test_invalid_inputs_keep_the_last_result_with_its_parameters() -> None:
    last = calculate(UHM, P)
    error = OverridesCheck(errors={"econ.pbb": FieldMessage(key="calc.err.param_number")})
    kept = current_outcome(UHM, error, P, last, {"econ.pbb": 60000.0})
    assert (kept.status, kept.result) == ("kept", last)
    assert kept.params.value("econ.pbb") == 60000.0
    none = current_outcome(None, OverridesCheck(), P, "not a result", None)
    assert (none.status, none.result, none.params) == ("none", None, P)


# -- reports ---------------------------------------------------------------------------------------------------


def test_actor_summary_ends_with_society_as_the_sum_of_the_actors() -> None:
    result = calculate(UHM, P)
    rows = actor_summary(result)
    assert [r.actor for r in rows] == [*ACTORS, "society"]
    assert rows[-1].total == pytest.approx(sum(r.total for r in rows[:-1]))
    assert rows[-1].per_person == result.per_person["society"]


def test_lines_below_the_cut_off_are_left_out() -> None:
    actor = calculate(UHM, P).actor("state")
    shown = shown_lines(actor)
    assert 0 < len(shown) < len(actor.lines)
    assert all(abs(ln.total) >= S.min_line_amount or abs(ln.monthly) >= S.min_line_amount for ln in shown)
    assert shown_lines(actor, math.inf) == ()
    assert len(waterfall_rows(actor, min_amount=math.inf)) == 1


def test_scaling_needs_a_whole_number_in_range() -> None:
    result = calculate(UHM, P)
    assert scaled_society(result, 10, S.scale) == pytest.approx(result.per_person["society"] * 10)
    for n in (0, S.scale.max + 1, 2.5, True, None):
        assert scaled_society(result, n, S.scale) is None


def test_largest_swings_are_the_biggest_moves_above_the_cut_off() -> None:
    """Sensitivity view: at most max_items, each moving the total by at least min_swing, largest first."""
    every = sensitivity(UHM, P, S.sensitivity.step, "municipality")
    shown = largest_swings(UHM, P, "municipality", S.sensitivity)
    assert shown == [it for it in every if it.swing >= S.sensitivity.min_swing][: S.sensitivity.max_items]
    assert 0 < len(shown) <= S.sensitivity.max_items
    assert largest_swings(UHM, P, "nobody", S.sensitivity) == largest_swings(UHM, P, "society", S.sensitivity)


def test_sensitivity_items_are_named_by_label_or_parameter_name() -> None:
    items = {it.id: it for it in sensitivity(UHM, P)}
    assert sensitivity_item_name(items["wage"], P, "en") == t("calc.in.wage", "en")
    assert sensitivity_item_name(items["econ.pbb"], P, "sv") == "Prisbasbelopp"


def test_a_benefit_rule_condition_reads_as_answers() -> None:
    rules = {r.id: r for r in P.benefit_rules}
    assert condition_text(rules["rule.insured"], P.options, "sv") == "Har rätt till a-kassa: Ja"
    assert (
        condition_text(rules["rule.young_guarantee"], P.options, "en")
        == "Age: 18–22 years (turned 18 but not 23 at the start of the year), 23–25 years; "
        "Time unemployed: 6–11 months, 12–23 months, 24 months or more"
    )
    assert condition_text(rules["rule.other"], P.options, "sv") == t("calc.rules.any", "sv")
