"""Links carry the work: the assessment's, the calculator's and the screening's state round-trips through the URL.

Issue "a front end at the level of the best Swedish public e-services", item 4: a reload or a shared link
reproduces what the user saw (for the assessment including the name, rule, target group, alternatives,
bonus and plan; for the screening the policy options), and what a link holds is validated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from guidance.core.formatting import fmt_input
from guidance.core.i18n import t

NOT_LINK = ("lang",)
#: A works contract of SEK 120 m over 30 months for a state agency (as in test_assessment_page.py).
WORKS: dict[str, Any] = {
    **{f"G{i}": "yes" for i in range(1, 6)},
    "organisation": "state_agency",
    "contract_type": "works",
    "framework": "no",
    "direct_award": "no",
    "value_sek": 120e6,
    "duration_months": 30,
    "fte": 25.0,
    "labour_share": 70.0,
    "entry_level": "yes",
    "market": "broad",
    "recurring_recruitment": "yes",
    "labour_law_needed": "no",
    "reserved_plausible": "no",
    "bonus_capacity": "no",
    "start_date": dt.date(2026, 1, 1),
}


def link_of(at: AppTest) -> dict[str, str]:
    """The page address's parameters (what a copied link holds), without the language."""
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items() if k not in NOT_LINK}


def type_number(at: AppTest, key: str, value: float) -> None:
    at.text_input(key=f"{key}.numtext").input(fmt_input(value, at.session_state["ui.lang"]))


def fill(at: AppTest, answers: dict[str, Any]) -> AppTest:
    for field, value in answers.items():
        key = f"a.q.{field}"
        if isinstance(value, str):
            at.radio(key=key).set_value(value)
        elif isinstance(value, dt.date):
            at.date_input(key=key).set_value(value)
        else:
            type_number(at, key, value)
    at.checkbox(key="a.q.risks_none").check()
    return at.run()


def metric_values(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_an_assessment_link_carries_answers_name_rule_draft_bonus_and_plan(app_test: Callable[..., AppTest]) -> None:
    at = fill(app_test("assessment", "sv"), WORKS)
    at.text_input(key="a.name").input("Bro över ån").run()
    at.radio(key="a.rule").set_value("proportional").run()
    at.selectbox(key="a.cond.level").set_value("advanced_bonus").run()
    at.multiselect(key="a.cond.groups").set_value(["young"]).run()
    at.multiselect(key="a.cond.alts").set_value(["a", "b"]).run()
    at.session_state["a.cond.bonus_emp"] = 7000.0
    at.selectbox(key="a.plan.actor").set_value("L").run()
    link = link_of(at)
    assert link["n"] == "Bro över ån" and link["rg"] == "proportional" and link["cl"] == "advanced_bonus"
    assert link["be"] == "7000" and link["pa"] == "L" and link["v"] == "120000000"

    again = app_test("assessment", "en", **link)  # another person, another language
    s = again.session_state
    assert s["a.name"] == "Bro över ån" and s["a.rule"] == "proportional" and s["a.cond.level"] == "advanced_bonus"
    assert s["a.cond.groups"] == ["young"] and s["a.cond.alts"] == ["a", "b"] and s["a.cond.bonus_emp"] == 7000.0
    assert s["a.plan.actor"] == "L"
    assert metric_values(again) == metric_values(at)  # places, months, first job by, score
    assert link_of(again) == link  # the address the page writes back is the same link


def test_a_forged_assessment_choice_is_reported_and_the_rest_kept(app_test: Callable[..., AppTest]) -> None:
    at = app_test("assessment", "sv", n="Skolor", rg="nonsense", cg="young,mars")
    assert at.session_state["a.name"] == "Skolor"
    assert t("a.link.partly", "sv") in [w.value for w in at.warning]
    assert "rg" not in at.query_params and "cg" not in at.query_params


def test_a_calculator_link_reproduces_the_result(app_test: Callable[..., AppTest]) -> None:
    at = app_test("calculator", "sv", state={"calc.params_open": True})
    type_number(at, "calc.positions", 7)
    at.run()
    type_number(at, "calc.p.tax.municipal_rate", 22.5)
    at.run()
    at.selectbox(key="calc.form").set_value("apprenticeship").run()
    link = link_of(at)
    assert link["positions"] == "7" and link["p.tax.municipal_rate"] == "22.5" and link["form"] == "apprenticeship"
    assert "date" in link
    society = at.session_state["calc.last_result"].society_total

    again = app_test("calculator", "en", **link)
    assert again.session_state["calc.positions"] == 7
    assert again.text_input(key="calc.positions.numtext").value == "7"
    assert again.text_input(key="calc.p.tax.municipal_rate.numtext").value == "22.5"  # English format in English
    result = again.session_state["calc.last_result"]
    assert result.inputs.positions == 7 and result.inputs.form == "apprenticeship"
    assert result.society_total == society
    assert link_of(again) == link


def test_a_forged_calculator_link_keeps_the_good_values_and_says_so(app_test: Callable[..., AppTest]) -> None:
    at = app_test("calculator", "sv", positions="3", wage="-100", months="abc")
    assert at.session_state["calc.positions"] == 3
    assert at.session_state["calc.wage"] == at.session_state["calc.last_result"].inputs.wage  # the starting wage
    assert t("calc.link.partly", "sv") in [w.value for w in at.warning]
    assert not at.exception


def test_a_screening_link_carries_both_policies_and_the_assumptions(app_test: Callable[..., AppTest]) -> None:
    at = app_test("screening", "sv")
    at.slider(key="plan.a.share").set_value(40).run()
    at.selectbox(key="plan.b.rule").set_value("custom").run()
    at.checkbox(key="plan.assume.gates").uncheck().run()
    type_number(at, "plan.a.min_value", 2.5)  # typed as "2,5" on the Swedish page
    at.run()
    type_number(at, "plan.assume.sek_per_fte_year", 650_000)
    at.run()
    link = link_of(at)
    assert link["a.share"] == "40" and link["b.rule"] == "custom" and link["assume.gates"] == "0"
    assert link["a.min_value"] == "2.5" and link["assume.sek_per_fte_year"] == "650000"

    again = app_test("screening", "en", **link)
    s = again.session_state
    assert s["plan.a.share"] == 40 and s["plan.b.rule"] == "custom" and s["plan.assume.gates"] is False
    assert s["plan.a.min_value"] == 2.5 and s["plan.assume.sek_per_fte_year"] == 650_000
    assert again.text_input(key="plan.a.min_value.numtext").value == "2.5"  # English format in English
    assert again.text_input(key="plan.assume.sek_per_fte_year.numtext").value == "650,000"
    assert link_of(again) == link
