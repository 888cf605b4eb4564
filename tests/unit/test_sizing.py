"""Sizing rules: Trafikverket, Göteborg, Malmö and custom, with the brief's worked examples (§5.6, §5.7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import (
    Contract,
    Sizing,
    SizingRule,
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
from tests.case_tables import Case, case_params
from tests.content_copy import edit_yaml

RULES = {r.id: r for r in load_sizing_rules()}
TV = RULES["trafikverket"]
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
    assert list(RULES) == [
        "trafikverket",
        "proportional",
        "goteborg",
        "malmo",
        "custom",
        "netherlands",
        "wales",
        "norway",
        "denmark",
    ]
    assert [r.id for r in RULES.values() if r.comparison] == ["netherlands", "wales", "norway", "denmark"]
    assert load_sizing_content().milestone.months == 6
    assert load_sizing_content().feasibility.max_share == pytest.approx(0.2)


# --------------------------------------------------------------------------- worked examples
def rule_of(spec: str | dict[str, Any]) -> SizingRule:
    """A rule set of the content by id, or a custom rule from its divisors, rounding and minimum."""
    if isinstance(spec, str):
        return RULES[spec]
    return custom_rule(spec["divisors_sek"], spec["rounding"], spec["minimum_one"])


@pytest.mark.parametrize("case", case_params("sizing"))
def test_worked_example(case: Case) -> None:
    """Each case of ``tests/cases/sizing.yaml`` (brief §4.3, §5.6, §5.7): the contract and rule give the
    stated exemption, places, months, feasibility and milestone, and the named reasons are among the reasons."""
    s = size(Contract(**case.input["contract"]), rule_of(case.input["rule"]))
    case.check(s.model_dump(exclude={"reasons"}), includes={"reasons": reason_ids(s)})


# --------------------------------------------------------------------------- custom
@pytest.mark.parametrize("divisors", [{"services": 0}, {"services": -5}, {"furniture": 10}, {"services": float("nan")}])
def test_custom_rule_rejects_bad_divisors(divisors: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        custom_rule(divisors, "floor", False)


# --------------------------------------------------------------------------- milestone
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


# --------------------------------------------------------------------------- broken content
def _edit(root: Path, change: Any) -> None:
    edit_yaml(root, "assessment/sizing_rules.yaml", change)


@pytest.mark.parametrize(
    ("change", "item", "field"),
    [
        (lambda d: d["rules"][0].update(source="nope"), "trafikverket", "source"),
        (lambda d: d["texts"].pop(0), "exempt_type", "texts"),
        (lambda d: d["rules"][0]["divisors_sek"].update(works=0), "trafikverket", "divisors_sek"),
        (lambda d: d["rules"][2]["name"].pop("sv"), "goteborg", "name.sv"),
        (lambda d: d["rules"].pop(4), "custom", "rules"),
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
