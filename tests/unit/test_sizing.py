"""Sizing rules: Trafikverket, Göteborg, Malmö and custom, with the brief's worked examples (§5.6, §5.7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from guidance.assessment.assess import Answers, load_questionnaire
from guidance.assessment.sizing import (
    Contract,
    Sizing,
    add_months,
    build_sizing_content,
    contract_from_answers,
    custom_rule,
    load_sizing_content,
    load_sizing_rules,
    size,
    size_all,
)
from guidance.content.loader import ContentError, load_model
from tests.content_copy import edit_yaml

RULES = {r.id: r for r in load_sizing_rules()}
TV, GBG, MALMO, CUSTOM = RULES["trafikverket"], RULES["goteborg"], RULES["malmo"], RULES["custom"]
MSEK = 1_000_000


def contract(**changes: Any) -> Contract:
    base: dict[str, Any] = dict(contract_type="works", value_sek=120 * MSEK, duration_months=30, fte=25)
    base.update(changes)
    return Contract(**base)


def cleaning() -> Contract:
    """Brief §5.7: cleaning service, SEK 18 m, 36 months, 12 FTE."""
    return Contract(contract_type="services", value_sek=18 * MSEK, duration_months=36, fte=12)


def reason_ids(s: Sizing) -> list[str]:
    return [r.rule.removeprefix("sizing.") for r in s.reasons]


def test_rule_sets_in_display_order() -> None:
    assert list(RULES) == ["trafikverket", "goteborg", "malmo", "custom"]
    assert load_sizing_content().milestone.months == 6
    assert load_sizing_content().feasibility.max_share == pytest.approx(0.2)


# --------------------------------------------------------------------------- Trafikverket
def test_trafikverket_works_100_msek_gives_two_places() -> None:
    """Brief §5.6 (UHM's Trafikverket example): SEK 100 m of works -> 2 places."""
    s = size(contract(value_sek=100 * MSEK), TV)
    assert (s.exempt, s.places, s.employment_months, s.internship_months) == (False, 2, 24, 12)


def test_trafikverket_worked_example_works_120_msek() -> None:
    """Brief §5.7: works SEK 120 m, 30 months, 25 FTE -> 2 places, 24 employment-months or 12
    internship-months, first hire within 6 months; 24 of 750 FTE-months is 3.2 %, under the 20 % cap."""
    s = size(contract(start_date=dt.date(2026, 3, 1)), TV)
    assert (s.places, s.employment_months, s.internship_months) == (2, 24, 12)
    assert s.fte_months == 750
    assert s.share_of_fte_months == pytest.approx(0.032)
    assert s.feasible is True
    assert (s.milestone_months, s.milestone_date) == (6, dt.date(2026, 9, 1))


def test_trafikverket_services_ratio_is_25_msek() -> None:
    assert size(contract(contract_type="services", value_sek=75 * MSEK), TV).places == 3
    assert size(contract(contract_type="consultancy", value_sek=74.9 * MSEK), TV).places == 2


def test_trafikverket_exempts_services_under_six_months() -> None:
    """Brief §4.3 (Inköpsrådet): contracts shorter than 6 months are exempt."""
    s = size(contract(contract_type="services", value_sek=60 * MSEK, duration_months=5, fte=10), TV)
    assert s.exempt and s.places == 0 and s.employment_months == 0 and s.milestone_date is None
    assert "exempt_duration" in reason_ids(s)
    assert not size(contract(contract_type="services", value_sek=60 * MSEK, duration_months=6, fte=10), TV).exempt


def test_trafikverket_cleaning_18_msek_gives_no_place() -> None:
    """Brief §5.7: floor(18 / 25) = 0. The Trafikverket rule set has no minimum of one (content
    `minimum_one: false`), so it gives no numerical requirement; the custom rule (minimum one) gives 1."""
    s = size(cleaning(), TV)
    assert s.exempt and s.places == 0
    assert "below_divisor" in reason_ids(s)
    c = size(cleaning(), CUSTOM)
    assert (c.exempt, c.places, c.employment_months, c.internship_months) == (False, 1, 12, 6)
    assert "minimum_one" in reason_ids(c)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (dict(fte=4.5), "exempt_fte"),
        (dict(contract_type="goods"), "exempt_type"),
        (dict(contract_type="concession"), "exempt_type"),
        (dict(framework=True), "exempt_framework"),
        (dict(direct_award=True), "exempt_direct_award"),
    ],
)
def test_trafikverket_exemptions(changes: dict[str, Any], reason: str) -> None:
    """Brief §4.3: fewer than 5 FTE, goods, framework agreements and direct awards are exempt;
    concessions have no ratio in the rule (content assumption)."""
    s = size(contract(**changes), TV)
    assert s.exempt and s.places == 0
    assert reason in reason_ids(s)


# --------------------------------------------------------------------------- Göteborg, Malmö
def test_goteborg_one_job_of_three_months_above_its_threshold() -> None:
    """Brief §4.3/§5.6: > 4 months and > 1 employee -> at least one job of at least 3 months."""
    s = size(cleaning(), GBG)
    assert (s.exempt, s.places, s.employment_months, s.internship_months) == (False, 1, 3, 0)
    assert "internship_none" in reason_ids(s)
    assert size(contract(value_sek=2_000 * MSEK), GBG).places == 1  # size does not matter
    assert not size(contract(duration_months=5, fte=1.5), GBG).exempt


@pytest.mark.parametrize(
    ("changes", "reason"), [(dict(duration_months=4), "exempt_duration"), (dict(fte=1), "exempt_fte")]
)
def test_goteborg_exempts_at_its_floor(changes: dict[str, Any], reason: str) -> None:
    s = size(cleaning().model_copy(update=changes), GBG)
    assert s.exempt and reason in reason_ids(s)


def test_malmo_one_person_for_at_most_the_contract_term() -> None:
    """Brief §5.6: Malmö pilot, 1-2 long-term unemployed per contract during the term; the content
    counts one person as 12 months, capped at the contract duration."""
    s = size(cleaning(), MALMO)
    assert (s.places, s.employment_months, s.internship_months) == (1, 12, 0)
    short = size(Contract(contract_type="goods", value_sek=5 * MSEK, duration_months=8, fte=3), MALMO)
    assert (short.exempt, short.places, short.employment_months) == (False, 1, 8)
    assert "months_capped" in reason_ids(short)


# --------------------------------------------------------------------------- custom
def test_custom_rule_divisors_rounding_and_minimum() -> None:
    services_30 = Contract(contract_type="services", value_sek=30 * MSEK, duration_months=24, fte=10)
    assert size(services_30, custom_rule({"services": 25 * MSEK}, "floor", False)).places == 1
    assert size(services_30, custom_rule({"services": 25 * MSEK}, "ceil", False)).places == 2
    small = services_30.model_copy(update={"value_sek": 10 * MSEK})
    assert size(small, custom_rule({"services": 25 * MSEK}, "floor", False)).places == 0
    assert size(small, custom_rule({"services": 25 * MSEK}, "floor", True)).places == 1
    no_ratio = size(services_30, custom_rule({"works": 50 * MSEK}, "floor", True))
    assert no_ratio.exempt and "exempt_type" in reason_ids(no_ratio)


@pytest.mark.parametrize("divisors", [{"services": 0}, {"services": -5}, {"furniture": 10}, {"services": float("nan")}])
def test_custom_rule_rejects_bad_divisors(divisors: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        custom_rule(divisors, "floor", False)


# --------------------------------------------------------------------------- feasibility, milestone
def test_feasibility_cap_flags_an_oversized_requirement() -> None:
    """Brief §5.7 step 4: at most about 20 % of the FTE-months. SEK 500 m of works on 5 FTE for a year:
    10 places = 120 months against 60 FTE-months -> 200 %, not feasible."""
    s = size(Contract(contract_type="works", value_sek=500 * MSEK, duration_months=12, fte=5), TV)
    assert s.places == 10 and s.fte_months == 60
    assert s.share_of_fte_months == pytest.approx(2.0) and s.feasible is False
    assert "not_feasible" in reason_ids(s)


def test_unknown_fte_skips_the_feasibility_check() -> None:
    s = size(contract(fte=None), TV)
    assert s.places == 2 and s.fte_months is None and s.feasible is None
    assert "fte_unknown" in reason_ids(s)


def test_milestone_clamps_to_the_end_of_the_month() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 6) == dt.date(2026, 5, 15)


def test_milestone_matches_the_questionnaire_floor() -> None:
    """The 6-month milestone (criterion 11554) and the questionnaire's 'shorter than the milestone' floor agree."""
    floor = next(f for f in load_questionnaire().floors if f.id == "floor_milestone")
    assert floor.when.range is not None and floor.when.range.lt == load_sizing_content().milestone.months


def test_reasons_are_filled_and_sourced() -> None:
    source_ids = {s.id for s in load_model().sources}
    for s in size_all(contract(start_date=dt.date(2026, 1, 1))) + size_all(cleaning()):
        assert s.reasons
        for r in s.reasons:
            assert r.source in source_ids
            assert "{" not in r.text.sv + r.text.en


def test_places_text_is_in_swedish_format() -> None:
    s = size(Contract(contract_type="works", value_sek=125_500_000, duration_months=30, fte=25), TV)
    text = next(r.text for r in s.reasons if r.rule == "sizing.places_value")
    assert "125,5 mnkr" in text.sv and "SEK 125.5 m" in text.en


# --------------------------------------------------------------------------- answers -> contract
def test_contract_from_answers_needs_type_value_and_duration() -> None:
    assert contract_from_answers(Answers(contract_type="works", value_sek=1e8)) is None
    c = contract_from_answers(
        Answers(
            contract_type="works",
            value_sek=1e8,
            duration_months=30,
            fte=25,
            framework=None,
            start_date=dt.date(2026, 1, 1),
        )
    )
    assert c == Contract(
        contract_type="works",
        value_sek=1e8,
        duration_months=30,
        fte=25,
        framework=False,
        direct_award=False,
        start_date=dt.date(2026, 1, 1),
    )


# --------------------------------------------------------------------------- properties
contracts = st.builds(
    Contract,
    contract_type=st.sampled_from(["goods", "services", "works", "concession", "consultancy"]),
    value_sek=st.floats(min_value=1, max_value=100e9),
    duration_months=st.integers(min_value=1, max_value=240),
    fte=st.none() | st.floats(min_value=0.01, max_value=100_000),
    framework=st.booleans(),
    direct_award=st.booleans(),
)
any_rule = st.sampled_from(list(RULES.values())) | st.builds(
    custom_rule,
    st.dictionaries(
        st.sampled_from(["goods", "services", "works", "concession", "consultancy"]),
        st.floats(min_value=1e5, max_value=1e9),
    ),
    st.sampled_from(["floor", "ceil"]),
    st.booleans(),
)


@given(contracts, any_rule, st.floats(min_value=1, max_value=10))
def test_larger_contract_never_gets_fewer_places(c: Contract, rule: Any, factor: float) -> None:
    bigger = c.model_copy(update={"value_sek": min(c.value_sek * factor, 100e9)})
    assert size(bigger, rule).places >= size(c, rule).places


@given(contracts, any_rule)
def test_sizing_is_consistent(c: Contract, rule: Any) -> None:
    s = size(c, rule)
    assert s.places >= 0 and s.reasons
    if s.exempt:
        assert (s.places, s.employment_months, s.internship_months, s.feasible) == (0, 0, 0, None)
    else:
        assert s.places >= 1
        per_place = (
            min(rule.employment_months_per_place, c.duration_months)
            if rule.cap_months_at_duration
            else rule.employment_months_per_place
        )
        assert s.employment_months == round(s.places * per_place)
        if c.fte is not None:
            assert s.feasible == (s.employment_months / (c.fte * c.duration_months) <= 0.2)
    if c.direct_award:
        assert s.exempt


# --------------------------------------------------------------------------- broken content
def _edit(root: Path, change: Any) -> None:
    edit_yaml(root, "assessment/sizing_rules.yaml", change)


@pytest.mark.parametrize(
    ("change", "item", "field"),
    [
        (lambda d: d["rules"][0].update(source="nope"), "trafikverket", "source"),
        (lambda d: d["texts"].pop(0), "exempt_type", "texts"),
        (lambda d: d["rules"][0]["divisors_sek"].update(works=0), "trafikverket", "divisors_sek"),
        (lambda d: d["rules"][1]["name"].pop("sv"), "goteborg", "name.sv"),
        (lambda d: d["rules"].pop(), "custom", "rules"),
    ],
)
def test_broken_sizing_content_is_named(content_copy: Path, change: Any, item: str, field: str) -> None:
    _edit(content_copy, change)
    with pytest.raises(ContentError) as info:
        build_sizing_content(content_copy, load_model())
    assert info.value.file.endswith("sizing_rules.yaml")
    assert (info.value.item, info.value.field) == (item, field)


def test_unknown_placeholder_in_a_sizing_text_is_named(content_copy: Path) -> None:
    _edit(content_copy, lambda d: d["texts"][0]["text"].update(en="Out of {scop}."))
    with pytest.raises(ContentError) as info:
        build_sizing_content(content_copy, load_model())
    assert (info.value.item, info.value.field, info.value.problem) == (
        "exempt_type",
        "text",
        "unknown placeholder(s) ['scop']",
    )
