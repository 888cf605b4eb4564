"""Plan screening: the vectorised rules give, row by row, exactly what assess() and size() give.

One source of truth (DESIGN.md): ``guidance.screening.screen`` applies the questionnaire's points, bands,
thresholds, risk rules and floors and the sizing rules' parameters to pandas columns. These tests
compare it with the single assessment and sizing (on generated rows in
tests/property/test_screening_properties.py), check the assumptions used where a plan is silent, and
the policy options (threshold, categories, term, share).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from pydantic import ValidationError

from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import build_questionnaire
from guidance.assessment.sizing import size
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import load_parameters
from guidance.content.loader import CONTENT_DIR, load_model
from guidance.screening.content import load_plan_content
from guidance.screening.reading import load_plan, typed_plan
from guidance.screening.screen import (
    NUMERICAL,
    Assumptions,
    CustomRule,
    Policy,
    answers_from_inputs,
    best_candidates,
    breakdown,
    compare,
    contract_from_inputs,
    effective_inputs,
    explain,
    screen,
    totals,
    value_band,
)
from tests.content_copy import edit_yaml

CONTENT = load_plan_content()
MSEK = 1_000_000
PER_MONTH = society_value_per_month(load_parameters(), "employment")
SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"


def plan_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A typed plan from row dicts, numbered like a file (header on row 1)."""
    frame = pd.DataFrame(rows, index=pd.Index(range(2, len(rows) + 2), name="row"))
    return typed_plan(frame)


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Upphandling",
        "category": "construction",
        "value_sek": 120 * MSEK,
        "duration_months": 30,
        "fte": 25.0,
    }
    base.update(changes)
    return base


def test_changing_the_questionnaire_content_changes_screen_and_assess_alike(tmp_path: Path) -> None:
    """One change in questionnaire.yaml (thresholds, points) moves both the plan screening and assess()."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / "assessment" / "questionnaire.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["thresholds"]["advanced_min"] = 12
    for q in data["questions"]:
        if q.get("id") == "market":
            for o in q["options"]:
                o["points"] = {"thin": 0, "adequate": 3, "broad": 4}[o["id"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    qn2 = build_questionnaire(root, load_model())
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    policy = Policy(rule="trafikverket")
    bundled = screen(checked.plan, policy, check=False)
    changed = screen(checked.plan, policy, check=False, questionnaire=qn2)
    assert len(checked.plan) == len(changed)
    assert (bundled["score"] != changed["score"]).any()
    assert (bundled["verdict"] != changed["verdict"]).any()
    inputs = effective_inputs(checked.plan, policy.assumptions)
    for number in list(checked.plan.index)[:60]:
        a = assess(answers_from_inputs(inputs.loc[number].to_dict(), policy.assumptions), qn2)
        assert (changed.at[number, "score"], changed.at[number, "verdict"]) == (a.score, a.verdict)


# --------------------------------------------------------------------------- worked examples
def test_brief_worked_example_works_120_msek_gives_two_places_under_trafikverket() -> None:
    """Brief §5.7: works, SEK 120 m, 30 months, 25 FTE -> 2 places, 24 employment or 12 internship months."""
    out = screen(plan_of([row()]), Policy(rule="trafikverket"))
    got = out.iloc[0]
    assert (got["verdict"], got["outcome"]) == ("advanced", "advanced")
    assert (got["places"], got["employment_months"], got["internship_months"]) == (2, 24, 12)
    assert got["society_value_sek"] == pytest.approx(24 * PER_MONTH)


def test_cleaning_18_msek_falls_back_to_dialogue_under_trafikverket_and_gets_one_place_under_custom() -> None:
    """Brief §5.7: floor(18/25) = 0 -> dialogue level; the custom rule's minimum of one gives 1 place."""
    plan = plan_of([row(category="cleaning", value_sek=18 * MSEK, duration_months=36, fte=12.0)])
    tv = screen(plan, Policy(rule="trafikverket")).iloc[0]
    assert tv["verdict"] == "advanced"
    assert (tv["outcome"], tv["places"]) == ("basic", 0)
    assert "rule:below_divisor" in tv["why"] and "dialogue_instead" in tv["why"]
    custom = screen(plan, Policy(rule="custom")).iloc[0]
    assert (custom["outcome"], custom["places"], custom["employment_months"]) == ("advanced", 1, 12)


def test_goteborg_gives_one_three_month_job_per_covered_contract() -> None:
    """Göteborg: > 4 months and > 1 employee -> one job of three months, whatever the value."""
    plan = plan_of([row(name="a"), row(name="b", value_sek=2 * MSEK, fte=3.0), row(name="c", fte=1.0)])
    out = screen(plan, Policy(rule="goteborg"))
    assert list(out["places"]) == [1, 1, 0]
    assert list(out["employment_months"]) == [3, 3, 0]


# --------------------------------------------------------------------------- assumptions
def test_missing_labour_share_and_fte_come_from_the_category_and_the_value() -> None:
    """Cleaning defaults to 75 % labour cost; FTE = 24 m x 75 % / 4 years / 500 000 = 9."""
    plan = plan_of([row(category="cleaning", value_sek=24 * MSEK, duration_months=48, fte=None)])
    inputs = effective_inputs(plan, Assumptions())
    got = inputs.iloc[0]
    assert got["labour_share"] == CONTENT.category("cleaning").defaults.labour_share == 75
    assert bool(got["labour_share_assumed"]) and bool(got["fte_estimated"])
    assert got["fte"] == pytest.approx(9.0)
    assert (got["entry_level"], got["market"], got["contract_type"]) == ("yes", "broad", "services")
    without = effective_inputs(plan, Assumptions(estimate_fte=False)).iloc[0]
    assert math.isnan(without["fte"]) and not bool(without["fte_estimated"])


def test_a_given_contract_type_overrides_the_categorys() -> None:
    plan = plan_of([row(category="food", contract_type="services")])
    assert effective_inputs(plan, Assumptions()).iloc[0]["contract_type"] == "services"


def test_gates_not_assumed_met_cap_every_verdict_at_dialogue() -> None:
    """questionnaire.yaml: unanswered gates cap the verdict at basic -- the same in the plan screening."""
    plan = plan_of([row()])
    met = screen(plan, Policy(rule="trafikverket")).iloc[0]
    unknown = screen(plan, Policy(rule="trafikverket", assumptions=Assumptions(gates_met=False))).iloc[0]
    assert (met["verdict"], unknown["verdict"]) == ("advanced", "basic")
    assert "gates_unknown" in unknown["why"]


def test_category_risks_lower_consultancy_and_it() -> None:
    """Consultancy carries 'very low unemployment' (major), IT 'high competence' (lowers one step)."""
    plan = plan_of(
        [
            row(name="k", category="consultancy", value_sek=60 * MSEK, duration_months=36, fte=20.0, labour_share=90.0),
            row(name="i", category="it", value_sek=60 * MSEK, duration_months=36, fte=20.0, labour_share=90.0),
        ]
    )
    by_category = screen(plan, Policy(rule="trafikverket"))
    no_risks = screen(plan, Policy(rule="trafikverket", assumptions=Assumptions(risks="none")))
    assert list(by_category["verdict"]) == ["basic", "basic"]
    assert "risk:low_unemployment" in by_category.iloc[0]["why"]
    assert "risk:high_competence" in by_category.iloc[1]["why"]
    assert list(no_risks["verdict"]) != list(by_category["verdict"])


def test_bonus_capacity_gives_spearhead_for_advanced_rows() -> None:
    out = screen(plan_of([row()]), Policy(rule="trafikverket", assumptions=Assumptions(bonus_capacity=True)))
    assert (out.iloc[0]["verdict"], out.iloc[0]["outcome"]) == ("advanced_bonus", "spearhead")


# --------------------------------------------------------------------------- policy options
def sample() -> pd.DataFrame:
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    return checked.plan


def test_sample_plan_is_a_clean_mid_sized_plan_across_the_categories() -> None:
    """The bundled synthetic plan: 150-300 rows, every category of the issue present, nothing to fix."""
    checked, raw = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    assert 150 <= len(checked.plan) <= 300
    assert not len(checked.problems)
    assert any("SYNTETISK" in c and "SYNTHETIC" in c for c in raw.comments)
    wanted = {
        "cleaning",
        "property_care",
        "construction",
        "transport",
        "it",
        "consultancy",
        "food",
        "office_supplies",
        "care_services",
    }
    assert wanted <= set(checked.plan["category"])


def test_value_threshold_categories_and_term_select_rows() -> None:
    plan = sample()
    policy = Policy.from_scenario("trafikverket_5m")
    out = screen(plan, policy, check=False)
    assert (out.loc[out["in_policy"], "value_sek"] >= 5 * MSEK).all()
    assert set(out.loc[out["in_policy"], "category"]) <= set(policy.categories or ())
    assert not out.loc[~out["in_policy"], "places"].any()
    long_only = screen(plan, policy.model_copy(update={"min_duration_months": 36}), check=False)
    assert (long_only.loc[long_only["in_policy"], "duration_months"] >= 36).all()
    assert long_only["in_policy"].sum() < out["in_policy"].sum()


@pytest.mark.parametrize("basis", ["score", "value"])
def test_share_keeps_the_best_procurements_by_the_chosen_basis(basis: str) -> None:
    plan = sample()
    policy = Policy(rule="malmo", share=0.1, share_basis=basis)
    out = screen(plan, policy, check=False)
    chosen, rest = out[out["in_policy"]], out[~out["in_policy"]]
    assert len(chosen) == math.ceil(0.1 * len(plan))
    if basis == "value":
        assert chosen["value_sek"].min() >= rest["value_sek"].max()
    else:
        rank = {"not_suitable": 0, "basic": 1, "advanced": 2, "advanced_bonus": 3}
        key = lambda f: list(zip(f["verdict"].map(rank), f["score"], f["value_sek"], strict=True))  # noqa: E731
        assert min(key(chosen)) >= max(key(rest))
        assert "policy:share" in rest.iloc[0]["why"]


def test_sample_totals_equal_the_sum_of_single_assessments_under_both_default_scenarios() -> None:
    plan = sample()
    for scenario_id in CONTENT.default_scenarios:
        policy = Policy.from_scenario(scenario_id)
        out = screen(plan, policy, check=False)
        inputs = effective_inputs(plan, policy.assumptions)
        places = months = 0
        for number in plan.index:
            rec = inputs.loc[number].to_dict()
            a = assess(answers_from_inputs(rec, policy.assumptions))
            s = size(contract_from_inputs(rec), policy.sizing_rule())
            if out.at[number, "in_policy"] and a.level in NUMERICAL and not s.exempt:
                places += s.places
                months += s.employment_months
        tot = totals(out)
        assert (tot.places, tot.employment_months) == (places, months)
        assert tot.places > 0
        assert tot.society_value_sek == pytest.approx(months * PER_MONTH)
        assert sum(tot.by_outcome.values()) == len(plan)


def test_compare_gives_b_minus_a_and_breakdowns_add_up() -> None:
    plan = sample()
    a = screen(plan, Policy.from_scenario("trafikverket_5m"), check=False)
    b = screen(plan, Policy.from_scenario("goteborg_all"), check=False)
    cmp = compare(totals(a), totals(b)).set_index("metric")
    assert cmp.loc["places", "difference"] == totals(b).places - totals(a).places
    for by in ("category", "band"):
        part = breakdown(a, by)
        assert part["places"].sum() == totals(a).places
        assert part["procurements"].sum() == len(a)
    best = best_candidates(a, 5)
    assert list(best["places"]) == sorted(best["places"], reverse=True)


def test_value_bands_follow_the_content() -> None:
    got = value_band(pd.Series([999_999.0, 1 * MSEK, 24.9 * MSEK, 25 * MSEK, 100 * MSEK]))
    assert list(got) == ["lt1", "lt5", "lt25", "lt100", "ge100"]


def test_policy_rejects_unknown_rule_category_and_custom_parameters_on_another_rule() -> None:
    with pytest.raises(ValidationError):
        Policy(rule="stockholm")
    with pytest.raises(ValidationError):
        Policy(rule="goteborg", categories=("spaceflight",))
    with pytest.raises(ValidationError):
        Policy(rule="goteborg", custom=CustomRule(divisors_sek={"works": 10 * MSEK}))
    with pytest.raises(ValidationError):
        Policy(rule="goteborg", share=0)


def test_explain_names_risks_floors_and_policy_in_both_languages() -> None:
    codes = "risk:low_unemployment;floor:floor_duration;policy:value;dialogue_instead;"
    sv, en = explain(codes, "sv"), explain(codes, "en")
    assert "Mycket låg arbetslöshet i yrket" in sv and "Very low unemployment in the occupation" in en
    assert "Avtalstid" in sv and "Contract term" in en
    assert "värdegränsen" in sv and "value threshold" in en
    assert "plan.why" not in sv + en


def test_screen_drops_rows_that_fail_the_check() -> None:
    plan = plan_of([row(name="ok"), row(name="bad", value_sek=-5.0), row(name="ok")])
    out = screen(plan, Policy(rule="trafikverket"))
    assert list(out.index) == [2]


# --------------------------------------------------------------------------- content
def _edit(root: Path, name: str, change: Any) -> None:
    edit_yaml(root, f"screening/{name}", change)


@pytest.mark.parametrize(
    ("file", "change", "item", "field"),
    [
        (
            "categories.yaml",
            lambda d: d["categories"][0]["defaults"].update(risks=["earthquake"]),
            "cleaning",
            "defaults.risks",
        ),
        ("categories.yaml", lambda d: d["categories"][1].update(aliases=["städ"]), "property_care", "aliases"),
        ("categories.yaml", lambda d: d["categories"][0].update(source="nowhere"), "cleaning", "source"),
        ("policy.yaml", lambda d: d["scenarios"][0].update(rule="stockholm"), "trafikverket_5m", "rule"),
        ("policy.yaml", lambda d: d["scenarios"][0].update(categories=["space"]), "trafikverket_5m", "categories"),
        ("columns.yaml", lambda d: d["columns"].pop(0), "name", "id"),
    ],
)
def test_broken_screening_content_is_named(content_copy: Path, file: str, change: Any, item: str, field: str) -> None:
    """content/screening is checked against the questionnaire, the sizing rules and the sources."""
    from guidance.content.loader import ContentError
    from guidance.screening.content import build_plan_content

    _edit(content_copy, file, change)
    with pytest.raises(ContentError) as err:
        build_plan_content(content_copy)
    assert (err.value.item, err.value.field) == (item, field)
    assert file in err.value.file


def test_sample_plan_file_is_what_the_generator_writes() -> None:
    """content/screening/sample_plan.csv is reproducible with scripts/make_sample_plan.py (fixed seed)."""
    import importlib.util

    script = CONTENT_DIR.parent / "scripts" / "make_sample_plan.py"
    spec = importlib.util.spec_from_file_location("make_sample_plan", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    assert SAMPLE.read_text(encoding="utf-8-sig") == module.render()
