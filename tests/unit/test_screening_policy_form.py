"""The plan screening's policy form and page helpers: pure functions behind the policy explorer.

The form holds amounts in millions of kronor and the share in per cent; the policy holds kronor and a
fraction (content/screening/form.yaml, policy.yaml). A ready-made scenario entered unchanged must give
exactly the scenario's policy, and one row explained must agree with the vectorised screen.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from guidance.content.loader import CONTENT_DIR, ContentError, build_model
from guidance.screening.comparison import card_text, places_by
from guidance.screening.content import load_plan_content
from guidance.screening.plan_input import (
    chosen_columns,
    editor_choices,
    file_id,
    mapping_id,
    problem_counts,
    upload_limit_mb,
)
from guidance.screening.policy_form import (
    CUSTOM_RULE_ID,
    PolicyForm,
    assumption_values,
    assumptions_from_form,
    build_form_content,
    custom_rule_from_form,
    custom_types,
    custom_values,
    load_form_content,
    matches_preset,
    msek_to_sek,
    policy_from_form,
    preset_values,
    sek_to_msek,
)
from guidance.screening.policy_link import number_range, read_params, write_params
from guidance.screening.reading import load_plan
from guidance.screening.row_detail import default_row, explain_row
from guidance.screening.screen import Assumptions, CustomRule, Policy, best_candidates, screen, totals
from tests.content_copy import edit_yaml

CONTENT = load_plan_content()
SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"
NBSP = "\u00a0"


def form_of(values: dict, **custom) -> PolicyForm:
    """A policy form holding ``values`` (field names as in preset_values)."""
    return PolicyForm(
        rule=values["rule"],
        min_value_msek=values["min_value"],
        categories=values["categories"],
        min_duration_months=values["min_duration"],
        share_pct=values["share"],
        share_basis=values["basis"],
        **custom,
    )


@pytest.fixture(scope="module")
def sample_plan() -> pd.DataFrame:
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    return checked.plan


# --------------------------------------------------------------------------- money units
def test_form_amounts_are_millions_of_kronor() -> None:
    assert msek_to_sek(5.0) == 5_000_000
    assert sek_to_msek(25_000_000) == 25.0
    assert sek_to_msek(msek_to_sek(0.1)) == pytest.approx(0.1)


# --------------------------------------------------------------------------- starting values
def test_preset_values_show_trafikverket_from_5_msek_in_form_units() -> None:
    """policy.yaml: trafikverket_5m is Trafikverket's rule from SEK 5 m on all service and works categories."""
    values = preset_values("trafikverket_5m", CONTENT)
    assert values["rule"] == "trafikverket"
    assert values["min_value"] == 5.0
    assert values["categories"] == list(CONTENT.scenario("trafikverket_5m").categories)
    assert (values["min_duration"], values["share"], values["basis"]) == (0, 100, "score")


def test_preset_share_is_whole_per_cent() -> None:
    """policy.yaml: the guide's own scenario takes the best third (share 0.34) with its proportional rule."""
    values = preset_values("guide_best_third", CONTENT)
    assert (values["rule"], values["share"], values["categories"]) == ("proportional", 34, [])


def test_proportional_preset_is_trafikverket_5m_with_the_guides_rule() -> None:
    """policy.yaml: proportional_5m selects what trafikverket_5m selects, sized with a minimum of one place."""
    proportional = preset_values("proportional_5m", CONTENT)
    assert proportional == preset_values("trafikverket_5m", CONTENT) | {"rule": "proportional"}


def test_custom_rule_fields_come_from_the_template_in_msek() -> None:
    """sizing_rules.yaml: the custom template is one place per SEK 50 m of works, 25 m of services and consultancy."""
    assert custom_types() == ("works", "services", "consultancy")
    assert custom_values() == {"div.works": 50.0, "div.services": 25.0, "div.consultancy": 25.0, "minimum_one": True}


def test_assumption_values_are_the_content_defaults_and_read_back_unchanged() -> None:
    values = assumption_values(CONTENT)
    assert values["sek_per_fte_year"] == 500_000 and isinstance(values["sek_per_fte_year"], int)
    assert (values["entry_level"], values["market"]) == ("", "")
    assert assumptions_from_form(values) == Assumptions.defaults(CONTENT)


def test_assumption_overrides_replace_the_category_defaults() -> None:
    values = assumption_values(CONTENT) | {"entry_level": "yes", "market": "thin", "gates": False, "risks": "none"}
    a = assumptions_from_form(values)
    assert (a.entry_level, a.market, a.gates_met, a.risks) == ("yes", "thin", False, "none")


# --------------------------------------------------------------------------- form -> policy
@pytest.mark.parametrize("scenario_id", [s.id for s in CONTENT.scenarios])
def test_an_unchanged_preset_gives_exactly_the_scenarios_policy(scenario_id: str) -> None:
    form = form_of(preset_values(scenario_id, CONTENT), **_template_custom())
    policy = policy_from_form(form)
    assert policy == Policy.from_scenario(scenario_id, Assumptions(), CONTENT)
    assert matches_preset(policy, scenario_id, CONTENT)


def _template_custom() -> dict:
    values = custom_values()
    return {
        "divisors_msek": {k: values[f"div.{k}"] for k in custom_types()},
        "minimum_one": values["minimum_one"],
    }


def test_a_changed_share_no_longer_matches_the_preset() -> None:
    form = form_of(preset_values("goteborg_all", CONTENT) | {"share": 50})
    policy = policy_from_form(form)
    assert policy.share == 0.5
    assert not matches_preset(policy, "goteborg_all", CONTENT)
    assert not matches_preset(policy, None, CONTENT)


def test_the_preset_check_ignores_the_assumptions() -> None:
    policy = Policy.from_scenario("malmo_all", Assumptions(gates_met=False), CONTENT)
    assert matches_preset(policy, "malmo_all", CONTENT)
    assert not matches_preset(policy, "goteborg_all", CONTENT)


def test_policy_from_form_converts_units_and_orders_categories() -> None:
    values = preset_values("goteborg_all", CONTENT) | {
        "min_value": 2.5,
        "categories": ["it", "cleaning"],
        "min_duration": 12,
        "share": 25,
        "basis": "value",
    }
    policy = policy_from_form(form_of(values))
    assert policy.min_value_sek == 2_500_000
    assert policy.categories == tuple(c for c in CONTENT.category_ids if c in {"it", "cleaning"})
    assert (policy.min_duration_months, policy.share, policy.share_basis) == (12, 0.25, "value")
    assert policy.custom is None


def test_no_categories_means_all() -> None:
    assert policy_from_form(form_of(preset_values("goteborg_all", CONTENT) | {"categories": []})).categories is None


def test_divisors_are_ignored_unless_the_rule_is_custom() -> None:
    form = form_of(preset_values("goteborg_all", CONTENT), divisors_msek={"works": 1.0}, minimum_one=False)
    assert policy_from_form(form).custom is None


def test_an_invalid_form_raises_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        policy_from_form(form_of(preset_values("goteborg_all", CONTENT) | {"share": 0}))


def test_custom_rule_is_none_while_it_equals_the_template() -> None:
    template = _template_custom()
    assert custom_rule_from_form(template["divisors_msek"], template["minimum_one"]) is None


def test_custom_rule_holds_changed_divisors_in_kronor() -> None:
    divisors = _template_custom()["divisors_msek"] | {"works": 10.0}
    rule = custom_rule_from_form(divisors, True)
    assert rule == CustomRule(
        divisors_sek={"works": 10_000_000, "services": 25_000_000, "consultancy": 25_000_000}, minimum_one=True
    )
    assert custom_rule_from_form(_template_custom()["divisors_msek"], False).minimum_one is False


def test_a_custom_form_sizes_with_the_users_divisor(sample_plan: pd.DataFrame) -> None:
    """A smaller divisor (more places per krona) never gives fewer places on the same plan."""
    base = preset_values("guide_best_third", CONTENT) | {"share": 100, "rule": CUSTOM_RULE_ID}
    template = _template_custom()
    finer = template | {"divisors_msek": {k: v / 5 for k, v in template["divisors_msek"].items()}}
    few = totals(screen(sample_plan, policy_from_form(form_of(base, **template)), check=False)).places
    many = totals(screen(sample_plan, policy_from_form(form_of(base, **finer)), check=False)).places
    assert many > few


# --------------------------------------------------------------------------- form content
def test_form_ranges_keep_whole_numbers_whole() -> None:
    """Streamlit needs matching number types: whole-number ranges stay int, decimal ranges float."""
    ranges = load_form_content().inputs
    assert isinstance(ranges.min_duration_months.max, int) and ranges.min_duration_months.max == 240
    assert isinstance(ranges.sek_per_fte_year.step, int)
    assert isinstance(ranges.min_value_msek.min, float) and isinstance(ranges.divisor_msek.min, float)


def test_form_range_with_min_above_max_is_refused(content_copy: Path) -> None:
    edit_yaml(content_copy, "screening/form.yaml", lambda d: d["inputs"]["share_pct"].update({"min": 101}))
    with pytest.raises(ContentError) as err:
        build_form_content(content_copy, build_model(content_copy))
    assert err.value.item == "inputs" and "share_pct" in err.value.field


def test_form_content_with_an_unknown_source_is_refused(content_copy: Path) -> None:
    edit_yaml(content_copy, "screening/form.yaml", lambda d: d["cards"].update({"source": "nowhere"}))
    with pytest.raises(ContentError) as err:
        build_form_content(content_copy, build_model(content_copy))
    assert (err.value.item, err.value.field) == ("cards", "source")


def test_money_units_must_be_largest_first(content_copy: Path) -> None:
    edit_yaml(content_copy, "screening/form.yaml", lambda d: d["cards"]["money_units"].reverse())
    with pytest.raises(ContentError, match="largest first"):
        build_form_content(content_copy, build_model(content_copy))


# --------------------------------------------------------------------------- metric cards
@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (12_345_678, "sv", "12,3 mnkr"),
        (250_000_000, "sv", "250 mnkr"),
        (2_500_000_000, "sv", "2,5 mdkr"),
        (150_000_000_000, "en", "SEK 150 bn"),
        (400_000, "en", "SEK 0.4 m"),
    ],
)
def test_money_on_a_card_is_in_millions_or_billions(value: float, lang: str, expected: str) -> None:
    assert card_text("society_value_sek", value, lang).replace(NBSP, " ") == expected


def test_a_difference_on_a_card_has_a_plain_sign() -> None:
    assert card_text("society_value_sek", -3_000_000, "sv", signed=True) == "-3,0 mnkr"
    assert card_text("society_value_sek", 3_000_000, "sv", signed=True) == "+3,0 mnkr"
    assert card_text("places", -5, "sv", signed=True) == "-5"
    assert card_text("places", 1200, "sv").replace(NBSP, " ") == "1 200"
    assert card_text("places", 0, "sv", signed=True) == "0"


# --------------------------------------------------------------------------- charts and rows
def test_places_by_category_add_up_to_each_scenarios_total(sample_plan: pd.DataFrame) -> None:
    a = screen(sample_plan, Policy.from_scenario("trafikverket_5m"), check=False)
    b = screen(sample_plan, Policy.from_scenario("goteborg_all"), check=False)
    frame = places_by({"A": a, "B": b}, "category", "sv", CONTENT)
    assert list(frame.columns) == ["category", "scenario", "places", "with_requirement"]
    sums = frame.groupby("scenario")["places"].sum()
    assert (sums["A"], sums["B"]) == (totals(a).places, totals(b).places)
    assert set(frame["category"]) <= {c.label("sv") for c in CONTENT.categories}


def test_places_by_band_uses_the_band_labels(sample_plan: pd.DataFrame) -> None:
    a = screen(sample_plan, Policy.from_scenario("goteborg_all"), check=False)
    frame = places_by({"A": a}, "band", "en", CONTENT)
    assert set(frame["band"]) <= {b.label("en") for b in CONTENT.value_bands}
    assert frame["places"].sum() == totals(a).places


def test_places_by_an_empty_plan_is_empty(sample_plan: pd.DataFrame) -> None:
    a = screen(sample_plan, Policy.from_scenario("goteborg_all"), check=False).iloc[0:0]
    assert places_by({"A": a}, "category", "sv", CONTENT).empty


def test_the_first_row_explained_is_the_strongest_candidate(sample_plan: pd.DataFrame) -> None:
    screened = screen(sample_plan, Policy.from_scenario("trafikverket_5m"), check=False)
    assert default_row(screened) == int(best_candidates(screened, 1).index[0])
    assert default_row(screened.iloc[0:0]) is None


def test_a_row_explained_agrees_with_the_screen(sample_plan: pd.DataFrame) -> None:
    """One source of truth (DESIGN.md): the single assessment and sizing of a row give the screen's result."""
    policy = Policy.from_scenario("trafikverket_5m")
    screened = screen(sample_plan, policy, check=False)
    for row in list(screened.index[:10]):
        detail = explain_row(sample_plan, row, policy)
        assert detail.assessment.verdict == screened.at[row, "verdict"]
        assert detail.sizing.places == screened.at[row, "rule_places"]
        assert detail.rule.id == "trafikverket" and detail.sizing.reasons


# --------------------------------------------------------------------------- plan input
def test_file_id_is_a_digest_of_the_bytes_and_the_name() -> None:
    assert file_id(b"abc", "plan.csv") == file_id(b"abc", "plan.csv")
    assert file_id(b"abc", "plan.csv").endswith("plan.csv") and len(file_id(b"abc", "x")) == 17
    assert file_id(b"abc", "plan.csv") != file_id(b"abd", "plan.csv")


def test_mapping_id_ignores_order_but_not_content() -> None:
    assert mapping_id({"name": "A", "value_sek": "B"}) == mapping_id({"value_sek": "B", "name": "A"})
    assert mapping_id({"name": "A"}) != mapping_id({"name": "B"})
    assert len(mapping_id({"name": "A"})) == 8


def test_chosen_columns_drop_empty_and_unknown_headers() -> None:
    choices = {"name": "Objekt", "category": "", "value_sek": "Gone", "duration_months": "Tid"}
    assert chosen_columns(choices, ["Objekt", "Tid"]) == {"name": "Objekt", "duration_months": "Tid"}


def test_editor_choices_keep_values_the_content_does_not_know() -> None:
    plan = pd.DataFrame({"category": ["cleaning", "zzz", "aaa", None], "contract_type": ["works", "odd", None, None]})
    choices = editor_choices(plan, CONTENT)
    assert choices.categories == (*CONTENT.category_ids, "aaa", "zzz")
    assert choices.contract_types == (*CONTENT.contract_types, "odd")


def test_problem_counts_by_severity() -> None:
    problems = pd.DataFrame({"severity": ["error", "warning", "note", "warning"]})
    counts = problem_counts(problems)
    assert (counts.warnings, counts.notes) == (2, 1)


def test_upload_limit_is_stated_in_megabytes_as_the_uploader_counts_them() -> None:
    """Streamlit's uploader counts a megabyte as 1 000 000 bytes (tests/checks/test_limits.py)."""
    limits = CONTENT.limits.model_copy(update={"max_bytes": 5_000_000})
    assert upload_limit_mb(limits) == 5.0


# --------------------------------------------------------------------------- number fields and links
def test_a_range_says_whether_it_is_whole_and_how_many_decimals_it_shows() -> None:
    """form.yaml: terms and the cost per FTE are whole numbers; amounts in mnkr show one decimal (5,0)."""
    r = load_form_content().inputs
    assert (r.min_duration_months.whole, r.min_duration_months.decimals) == (True, 0)
    assert (r.sek_per_fte_year.whole, r.sek_per_fte_year.decimals) == (True, 0)
    assert (r.min_value_msek.whole, r.min_value_msek.decimals) == (False, 1)
    assert (r.divisor_msek.whole, r.divisor_msek.decimals) == (False, 1)
    assert r.min_value_msek.shown_decimals(5.0) == 1
    assert r.min_value_msek.shown_decimals(2.25) == 2
    assert r.sek_per_fte_year.shown_decimals(500_000) == 0


@pytest.mark.parametrize(
    ("field", "value", "inside"),
    [
        ("min_value_msek", 0.0, True),
        ("min_value_msek", 100_000.0, True),
        ("min_value_msek", 100_000.5, False),
        ("min_value_msek", -1, False),
        ("divisor_msek", 0.05, False),
        ("min_duration_months", 240, True),
        ("min_duration_months", 241, False),
        ("min_duration_months", 2.5, False),
        ("min_duration_months", 12.0, True),
        ("sek_per_fte_year", 50_000, False),
        ("sek_per_fte_year", "500000", False),
        ("sek_per_fte_year", None, False),
        ("sek_per_fte_year", True, False),
        ("min_value_msek", float("nan"), False),
    ],
)
def test_a_range_contains_only_numbers_within_it(field: str, value: object, inside: bool) -> None:
    assert getattr(load_form_content().inputs, field).contains(value) is inside


def test_a_link_gets_only_values_it_can_carry_back() -> None:
    """Text typed into a number field, or a number out of its range, is not written into the address."""
    state = {"a.min_value": 2.5, "b.min_duration": "abc", "b.min_value": 200_000.0, "assume.sek_per_fte_year": 650_000}
    params = write_params(state)
    assert params == {"a.min_value": "2.5", "assume.sek_per_fte_year": "650000"}
    assert read_params(params) == ({"a.min_value": 2.5, "assume.sek_per_fte_year": 650_000}, [])


def test_number_range_names_the_range_of_each_number_field() -> None:
    r = load_form_content().inputs
    assert number_range("a.min_value") == r.min_value_msek
    assert number_range(f"b.div.{custom_types()[0]}") == r.divisor_msek
    assert number_range("assume.sek_per_fte_year") == r.sek_per_fte_year
    assert number_range("a.rule") is None
