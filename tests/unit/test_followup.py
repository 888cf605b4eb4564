"""Follow-up domain: content, contracts, figures without personal data, schedule and milestone, progress,
bonus, gaps, value with dated parameters, suppression, the portfolio and the three ways into follow-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.conditions import ConditionOptions, draft_condition
from guidance.assessment.recommend import recommend
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import parameters_at
from guidance.content.loader import ContentError
from guidance.followup.checks import report_problems, spanned_months
from guidance.followup.content import build_followup_content, load_followup_content
from guidance.followup.figures import Figures, latest
from guidance.followup.models import ContractInput, clean_text
from guidance.followup.overview import overview
from guidance.followup.portfolio import build_portfolio
from guidance.followup.progress import delivered
from guidance.followup.register import (
    NotRegistrable,
    manual_contract,
    register_from_plan_row,
    register_from_recommendation,
)
from guidance.followup.schedule import contract_periods, periods, report_status
from guidance.followup.suppression import Shown, suppress_line, suppress_one
from guidance.followup.value import rate, realised
from tests.case_tables import Case, case_params
from tests.content_copy import edit_yaml
from tests.test_followup_fixtures import case_contract, contract, report

CONTENT = load_followup_content()
README_ANSWERS = Answers(
    gates={"G1": True, "G2": True, "G3": True, "G4": True, "G5": True},
    contract_type="works",
    framework=False,
    direct_award=False,
    value_sek=120_000_000,
    duration_months=30,
    fte=25,
    labour_share=45,
    entry_level="partly",
    market="adequate",
    recurring_recruitment=True,
    labour_law_needed=True,
    bonus_capacity=True,
    reserved_plausible=False,
    risks=frozenset(),
    start_date=dt.date(2027, 1, 1),
)


# --------------------------------------------------------------------------- case tables
def _outputs(data: dict) -> dict:
    c, reports, today = case_contract(data)
    o = overview(c, reports, today)
    counting = latest(reports)
    for day, r in counting.items() if data.get("form_checked", True) else ():  # figures the form would accept
        period = next(p for p in contract_periods(c) if p.start == day)
        earlier = {d: x for d, x in counting.items() if d < day}
        assert report_problems(c, period, r.figures, earlier) == (), f"unrealistic report for {day}"
    bonus = o.progress.bonus
    return {
        "milestone": o.milestone.status,
        "first": o.milestone.first,
        "days": o.milestone.days,
        "progress": o.progress.status,
        "share": None if o.progress.share is None else pytest.approx(o.progress.share, abs=1e-6),
        "employment_delivered": o.progress.employment_delivered,
        "internship_delivered": o.progress.internship_delivered,
        "place_equivalents": o.progress.place_equivalents,
        "remaining_employment_months": o.progress.remaining_employment_months,
        "people": o.delivered.people,
        "bonus_sek": bonus.sek if bonus else None,
        "bonus_employment_months": bonus.employment_months if bonus else None,
        "bonus_internship_months": bonus.internship_months if bonus else None,
        "gaps": [g.id for g in o.gaps],
    }


@pytest.mark.parametrize("case", case_params("followup_milestone"))
def test_worked_example_milestone(case: Case) -> None:
    """Each row of tests/cases/followup_milestone.yaml (source per case)."""
    got = _outputs(case.input)
    case.check(got)


@pytest.mark.parametrize("case", case_params("followup_progress"))
def test_worked_example_progress(case: Case) -> None:
    """Each row of tests/cases/followup_progress.yaml (source per case)."""
    got = _outputs(case.input)
    if "share" in case.output and case.output["share"] is not None:
        got["share"] = round(got["share"].expected, 7)
        case.output["share"] = round(case.output["share"], 7)
    case.check(got)


# --------------------------------------------------------------------------- content
def test_content_names_categories_from_the_conditions_and_defaults_to_the_action_plans_interval() -> None:
    """One source for target-group names (conditions.yaml); the default interval is the action plan's 6 months."""
    assert CONTENT.category_name("young").sv == "Arbetslösa unga"
    assert CONTENT.category_name("other").en == "Another target group named in the condition"
    assert CONTENT.interval(CONTENT.default_interval).months == 6
    assert CONTENT.suppression.threshold == 5 and CONTENT.suppression.source == "guide"
    assert [f.counts_as for f in CONTENT.forms] == ["employment", "employment", "internship"]


@pytest.mark.parametrize(
    ("file", "change", "item", "field"),
    [
        ("followup/report_form.yaml", lambda d: d["forms"].pop(), "internship", "forms"),
        ("followup/report_form.yaml", lambda d: d["categories"].append({"id": "nowhere"}), "nowhere", "name"),
        (
            "followup/report_form.yaml",
            lambda d: d["early_end_reasons"][0].update(source="nope"),
            "own_decision",
            "source",
        ),
        ("followup/rules.yaml", lambda d: d["intervals"].pop(2), "intervals", "months"),
        ("followup/rules.yaml", lambda d: d["suppression"].update(threshold=1), "suppression", "threshold"),
        ("followup/statuses.yaml", lambda d: d["milestone"].pop(0), "met", "milestone"),
        ("followup/statuses.yaml", lambda d: d["gaps"][0]["text"].update(sv="{nope}"), "months", "text"),
        ("followup/statuses.yaml", lambda d: d["report"][0].pop("name"), "received", "name"),
    ],
)
def test_broken_content_names_file_item_and_field(content_copy: Path, file: str, change, item: str, field: str) -> None:
    """A missing form, an unnamed category, an unknown source, no interval for the action plan's months, a threshold
    of 1, a missing status, an unknown placeholder or a missing name fail with file, item and field."""
    edit_yaml(content_copy, file, change)
    with pytest.raises(ContentError) as err:
        build_followup_content(content_copy)
    assert file in err.value.file and err.value.item == item and field in err.value.field


# --------------------------------------------------------------------------- contracts
def test_buyer_text_is_cleaned_and_never_holds_a_personal_identity_number() -> None:
    """Control characters go, spaces collapse, the content's length limit holds; a personnummer is refused."""
    assert clean_text("  Städ\x00 AB \n Norr ", 60) == "Städ AB Norr"
    assert len(clean_text("x" * 500, CONTENT.limits.max_supplier)) == CONTENT.limits.max_supplier
    for text in ("Anna 850101-1234", "198501011234", "19850101+1234"):
        with pytest.raises(ValidationError) as err:
            contract(supplier=text)
        assert err.value.errors()[0]["type"] == "fu.err.personal_number"
    assert contract(reference="KS 2026/1234").reference == "KS 2026/1234"


def test_a_contract_must_end_after_it_starts_and_use_a_known_interval() -> None:
    """End before start, an unknown interval and a bonus below the spearhead level are refused with their keys."""
    for given, key in (
        ({"end": dt.date(2024, 12, 31)}, "fu.err.end_before_start"),
        ({"interval": "weekly"}, "fu.err.interval"),
        (
            {
                "bonus": {
                    "employment_sek_per_month": 1,
                    "internship_sek_per_month": 1,
                    "employment_months": 1,
                    "internship_months": 1,
                }
            },
            "fu.err.bonus_level",
        ),
    ):
        with pytest.raises(ValidationError) as err:
            contract(**given)
        assert err.value.errors()[0]["type"] == key


def test_milestone_date_is_the_content_months_after_the_start() -> None:
    """First hire within 6 months of a start on 2025-01-31 is 2025-07-31; the label joins reference and title."""
    c = contract(start=dt.date(2025, 1, 31), end=dt.date(2027, 1, 30), title="Lokalvård")
    assert c.milestone_date == dt.date(2025, 7, 31)
    assert c.label == "KS 2025/1 – Lokalvård"


# --------------------------------------------------------------------------- figures: no personal data
@pytest.mark.parametrize("field", ["name", "personnummer", "personal_number", "comment", "people", "notes"])
def test_a_report_accepts_no_field_about_a_person(field: str) -> None:
    """Only counts, months and one date: any other field (a name, a number, a comment) is refused."""
    with pytest.raises(ValidationError) as err:
        Figures.model_validate({"months": {"employment": 2}, field: "Anna Andersson 850101-1234"})
    assert err.value.errors()[0]["type"] == "extra_forbidden"


def test_a_report_takes_only_listed_ids_whole_counts_and_bounded_numbers() -> None:
    """Unknown forms, categories and reasons, fractions of people and numbers over the limit are refused."""
    cases = [
        ({"started": {"employment": {"Anna": 1}}}, "fu.err.unknown_category"),
        ({"started": {"volunteer": {"young": 1}}}, "fu.err.unknown_form"),
        ({"started": {"employment": {"young": 1.5}}}, "fu.err.whole_number"),
        ({"started": {"employment": {"young": CONTENT.limits.max_people + 1}}}, "fu.err.count_range"),
        ({"months": {"employment": -1}}, "fu.err.months_range"),
        ({"ended_early": {"because": 1}}, "fu.err.unknown_reason"),
        ({"retention": {7: {"followed": 1, "employed": 1}}}, "fu.err.unknown_checkup"),
        ({"retention": {6: {"followed": 1, "employed": 2}}}, "fu.err.retention"),
    ]
    for data, key in cases:
        with pytest.raises(ValidationError) as err:
            Figures.model_validate(data)
        assert err.value.errors()[0]["type"] == key, data


def test_zeros_are_dropped_so_equal_figures_have_one_form_and_survive_json() -> None:
    """A report typed with zeros equals the same report without them, also after a JSON round trip."""
    typed = Figures.model_validate(
        {
            "started": {"employment": {"young": 2, "disability": 0}, "internship": {"young": 0}},
            "months": {"employment": 3.333, "internship": 0},
            "retention": {6: {"followed": 0, "employed": 0}, 12: {"followed": 3, "employed": 2}},
        }
    )
    assert typed == Figures(
        started={"employment": {"young": 2}},
        months={"employment": 3.33},
        retention={12: {"followed": 3, "employed": 2}},
    )
    assert Figures.model_validate_json(typed.model_dump_json()) == typed
    assert typed.people == 2 and typed.people_by_category() == {"young": 2}


# --------------------------------------------------------------------------- schedule
def test_periods_cover_the_term_without_gaps_and_the_last_ends_with_the_contract() -> None:
    """Quarterly from 2025-01-15 to 2025-12-31: four periods, the last cut at the contract's end, due 30 days later."""
    ps = periods(dt.date(2025, 1, 15), dt.date(2025, 12, 31), 3, 30)
    assert [(p.start, p.end) for p in ps] == [
        (dt.date(2025, 1, 15), dt.date(2025, 4, 14)),
        (dt.date(2025, 4, 15), dt.date(2025, 7, 14)),
        (dt.date(2025, 7, 15), dt.date(2025, 10, 14)),
        (dt.date(2025, 10, 15), dt.date(2025, 12, 31)),
    ]
    assert ps[-1].due == dt.date(2026, 1, 30)
    assert spanned_months(ps[0]) == 4 and spanned_months(ps[-1]) == 3


def test_a_period_report_is_in_progress_then_due_then_overdue_unless_received() -> None:
    """Status rules: not_due until the period ends, due within the days to report, overdue after; received wins."""
    p = periods(dt.date(2025, 1, 1), dt.date(2025, 12, 31), 6, 30)[0]
    assert report_status(p, False, dt.date(2025, 6, 30)) == "not_due"
    assert report_status(p, False, dt.date(2025, 7, 30)) == "due"
    assert report_status(p, False, dt.date(2025, 7, 31)) == "overdue"
    assert report_status(p, True, dt.date(2026, 1, 1)) == "received"


# --------------------------------------------------------------------------- checks
def test_the_form_refuses_more_months_endings_or_check_ups_than_people_allow() -> None:
    """2 people in a six-month period can deliver at most 12 months; endings and check-ups need people started."""
    c = contract()
    p = contract_periods(c)[0]
    good = Figures(started={"employment": {"young": 2}}, months={"employment": 12}, first_start=dt.date(2025, 2, 1))
    assert report_problems(c, p, good, {}) == ()
    too_many = good.model_copy(update={"months": {"employment": 12.5}})
    assert "fu.err.months_exceed" in report_problems(c, p, too_many, {})
    ended = Figures(ended_early={"new_job": 1}, first_start=dt.date(2025, 2, 1))
    assert report_problems(c, p, ended, {}) == ("fu.err.ended_exceeds",)
    no_date = Figures(started={"employment": {"young": 1}})
    assert report_problems(c, p, no_date, {}) == ("fu.err.first_start_missing",)
    outside = Figures(first_start=dt.date(2025, 8, 1))
    assert report_problems(c, p, outside, {}) == ("fu.err.first_start_range",)


def test_people_from_earlier_periods_count_for_later_months() -> None:
    """Months in period 2 may come from people who started in period 1 (counting version only)."""
    c = contract()
    p1, p2 = contract_periods(c)[:2]
    earlier = latest(
        [
            report(
                period_start=p1.start,
                started={"employment": {"young": 1}},
                months={"employment": 3},
                first_start=dt.date(2025, 3, 1),
            )
        ]
    )
    assert report_problems(c, p2, Figures(months={"employment": 6}), earlier) == ()
    assert report_problems(c, p2, Figures(months={"employment": 7}), earlier) == ("fu.err.months_exceed",)


# --------------------------------------------------------------------------- versions
def test_only_the_latest_version_of_a_period_counts_and_every_version_stays() -> None:
    """Two versions of period 1 and one of period 2: latest() keeps version 2 and period 2; the overview keeps all three."""
    reports = [
        report(
            period_start=dt.date(2025, 1, 1),
            version=1,
            started={"employment": {"young": 3}},
            months={"employment": 9},
            first_start=dt.date(2025, 2, 1),
        ),
        report(
            period_start=dt.date(2025, 1, 1),
            version=2,
            started={"employment": {"young": 2}},
            months={"employment": 6},
            first_start=dt.date(2025, 2, 1),
        ),
        report(period_start=dt.date(2025, 7, 1), months={"employment": 5}),
    ]
    counting = latest(reversed(reports))
    assert [(d, r.version) for d, r in counting.items()] == [(dt.date(2025, 1, 1), 2), (dt.date(2025, 7, 1), 1)]
    assert delivered(counting.values()).employment_months == 11.0
    o = overview(contract(), reports, dt.date(2026, 1, 10))
    assert [len(p.versions) for p in o.periods] == [2, 1, 0, 0]
    assert o.delivered.people == 2


# --------------------------------------------------------------------------- value
def test_realised_value_uses_the_parameters_in_force_in_each_part_of_a_period() -> None:
    """A period across a parameter change is valued day-weighted; a period inside one uses that period's rate."""
    book_change = dt.date(2026, 4, 1)
    before, after = parameters_at(book_change - dt.timedelta(days=1)), parameters_at(book_change)
    v_before = society_value_per_month(before, "employment")
    v_after = society_value_per_month(after, "employment")
    inside = rate("employment", dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert inside.society == pytest.approx(society_value_per_month(parameters_at(dt.date(2025, 10, 1)), "employment"))
    across = rate("employment", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    weight = (book_change - dt.date(2026, 1, 1)).days / ((dt.date(2026, 6, 30) - dt.date(2026, 1, 1)).days + 1)
    assert across.society == pytest.approx(weight * v_before + (1 - weight) * v_after)
    assert across.rules_from == (before.valid_from, after.valid_from)


def test_months_before_the_calculators_first_date_use_its_first_parameters_and_say_so() -> None:
    """A 2024 period is valued with the parameters of the coverage start (2025-01-01) and flagged."""
    early = rate("employment", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert early.before_coverage and early.rules_from == (dt.date(2025, 1, 1),)
    c = contract(start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
    value = realised(
        c, [report(period_start=dt.date(2024, 1, 1), started={"internship": {"young": 1}}, months={"internship": 2})]
    )
    internship = rate("internship", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert value.before_coverage and value.society == pytest.approx(2 * internship.society)


# --------------------------------------------------------------------------- suppression
def test_small_counts_are_hidden_and_a_lone_hidden_count_gets_a_partner() -> None:
    """Threshold 5: 3 is hidden; with total 23 shown, the next smallest (8) is hidden too, so 3 cannot be worked out."""
    cells, total = suppress_line([3, 12, 8, 0])
    assert [c.value for c in cells] == [None, 12, None, 0] and total.value == 23
    cells, total = suppress_line([2, 1])
    assert [c.value for c in cells] == [None, None] and total.value is None
    assert suppress_one(4).text("sv") == "färre än 5" and suppress_one(5).text("en") == "5"
    assert Shown(value=1234).text("sv") == "1\u00a0234"


def test_zero_is_shown_only_when_the_content_says_so() -> None:
    """show_zero false hides zeros as well (a zero can be sensitive in some registers)."""
    rule = CONTENT.suppression.model_copy(update={"show_zero": False})
    cells, total = suppress_line([0, 7, 9], rule)
    assert cells[0].value is None and total.value == 16


# --------------------------------------------------------------------------- portfolio
def test_portfolio_allocates_requirements_by_start_year_and_deliveries_by_period_year() -> None:
    """Two contracts: requirements in 2025 and 2026; months delivered in the years their periods begin; people hidden."""
    a = contract(1, start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31), supplier="Bygg AB", category="works")
    b = contract(
        2, start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), supplier="Städ AB", places=1, employment_months=12
    )
    ra = [
        report(
            1,
            period_start=dt.date(2025, 1, 1),
            started={"employment": {"young": 3}},
            months={"employment": 6},
            first_start=dt.date(2025, 2, 1),
        ),
        report(1, period_start=dt.date(2026, 1, 1), started={"employment": {"young": 4}}, months={"employment": 10}),
    ]
    rb = [
        report(
            2,
            period_start=dt.date(2026, 1, 1),
            started={"internship": {"disability": 1}},
            months={"internship": 2},
            first_start=dt.date(2026, 2, 1),
        )
    ]
    views = [overview(a, ra, dt.date(2026, 8, 1)), overview(b, rb, dt.date(2026, 8, 1))]
    p = build_portfolio(views)
    years = {line.key: line for line in p.breakdowns["year"]}
    assert years["2025"].employment_required == 24 and years["2026"].employment_required == 12
    assert years["2025"].employment_delivered == 6 and years["2026"].employment_delivered == 10
    assert years["2026"].internship_delivered == 2
    assert p.total.people.value == 8 and years["2025"].people.value is None and years["2026"].people.value is None
    assert p.total.contracts == 2 and p.total.places == 3
    groups = dict(zip(p.by_group.ids, p.by_group.counts, strict=True))
    # 1 person with a disability is hidden; 7 young would give it away as 8 - 7, so it is hidden too
    assert groups["young"].value is None and groups["disability"].value is None and p.by_group.total.value == 8
    assert groups["newly_arrived"].value == 0
    suppliers = {line.key: line.people.value for line in p.breakdowns["supplier"]}
    assert suppliers == {"Bygg AB": None, "Städ AB": None}
    assert p.total.realised_value == pytest.approx(sum(v.value.society for v in views))
    stages = {s.measure: s for s in p.stages}
    assert stages["employment_months"].required == 36 and stages["employment_months"].delivered == 16


# --------------------------------------------------------------------------- into follow-up
def test_an_assessment_carries_level_places_months_milestone_condition_and_rule_over() -> None:
    """The README's works contract (spearhead, 2 places): its sizing, rule, milestone and bonus terms go into the register."""
    rec = recommend(README_ANSWERS, assess(README_ANSWERS))
    options = ConditionOptions(target_groups=("young", "newly_arrived"), alternatives=("a", "b"))
    draft = draft_condition(rec.assessment, rec.sizing, options, "sv")
    entry = register_from_recommendation(
        rec, README_ANSWERS, today=dt.date(2026, 12, 1), options=options, draft=draft, title="Ny skola"
    )
    c = entry.contract
    assert not entry.start_assumed
    assert (c.start, c.end) == (dt.date(2027, 1, 1), dt.date(2029, 6, 30))
    req = c.requirement
    assert (req.level, req.places, req.employment_months, req.internship_months) == ("spearhead", 2, 24, 12)
    assert req.milestone_months == 6 and c.milestone_date == dt.date(2027, 7, 1)
    assert (
        req.rule_id == rec.rule_id
        and req.target_groups == ("young", "newly_arrived")
        and req.alternatives == ("a", "b")
    )
    assert req.bonus is not None and req.bonus.employment_sek_per_month == 20_000
    assert c.planned.origin == "assessment" and c.category == "works" and c.title == "Ny skola"
    assert c.interval == CONTENT.default_interval


def test_without_internship_alternatives_internship_months_do_not_fill_the_requirement() -> None:
    """Alternative a only (the conditions' default): the requirement's internship months are 0; the plan keeps them."""
    rec = recommend(README_ANSWERS, assess(README_ANSWERS))
    c = register_from_recommendation(rec, README_ANSWERS, today=dt.date(2026, 12, 1)).contract
    assert c.requirement.internship_months == 0 and c.planned.internship_months == 12


def test_an_incomplete_assessment_or_one_without_a_level_cannot_enter_follow_up() -> None:
    """No requirement, nothing to follow: NotRegistrable with the reason's message key."""
    partial = Answers(contract_type="works")
    with pytest.raises(NotRegistrable) as err:
        register_from_recommendation(recommend(partial, assess(partial)), partial, today=dt.date(2026, 1, 1))
    assert err.value.key == "fu.err.not_complete"
    closed = README_ANSWERS.model_copy(update={"gates": {"G1": False}})
    with pytest.raises(NotRegistrable) as err:
        register_from_recommendation(recommend(closed, assess(closed)), closed, today=dt.date(2026, 1, 1))
    assert err.value.key == "fu.err.no_level"


def test_a_screened_plan_row_enters_with_its_outcome_places_months_and_value() -> None:
    """A spearhead row: places, employment months and the plan's value carried over; no start date -> today, assumed."""
    entry = register_from_plan_row(
        name="Lokalvård skolor Söder",
        category="Städ",
        outcome="spearhead",
        places=2,
        employment_months=24,
        internship_months=12,
        duration_months=48,
        start_date=float("nan"),
        society_value_sek=322_000.0,
        rule_id="trafikverket",
        today=dt.date(2026, 12, 1),
    )
    c = entry.contract
    assert entry.start_assumed and c.start == dt.date(2026, 12, 1) and c.end == dt.date(2030, 11, 30)
    assert (c.requirement.level, c.requirement.places, c.requirement.employment_months) == ("spearhead", 2, 24)
    assert c.planned == c.planned.model_copy(update={"origin": "plan", "value_sek": 322_000.0, "internship_months": 12})
    assert c.requirement.bonus is not None and c.title == "Lokalvård skolor Söder" and c.category == "Städ"
    with pytest.raises(NotRegistrable):
        register_from_plan_row(
            name="x",
            category="",
            outcome="none",
            places=0,
            employment_months=0,
            internship_months=0,
            duration_months=12,
            start_date=None,
            today=dt.date(2026, 1, 1),
        )


def test_a_contract_typed_in_by_hand_is_validated_like_the_others() -> None:
    """Manual entry: the internship alternative follows the months typed; a personnummer in a field is refused."""
    c = manual_contract(
        reference="KS 1",
        title="T",
        supplier="S",
        category="Bygg",
        start=dt.date(2026, 1, 1),
        end=dt.date(2027, 12, 31),
        level="advanced",
        places=1,
        employment_months=12,
        internship_months=6,
    )
    assert isinstance(c, ContractInput) and c.requirement.alternatives == ("a", "b") and c.planned.origin == "manual"
    with pytest.raises(ValidationError):
        manual_contract(
            reference="850101-1234",
            title="",
            supplier="",
            category="",
            start=dt.date(2026, 1, 1),
            end=dt.date(2027, 1, 1),
            level="advanced",
            places=1,
            employment_months=12,
            internship_months=0,
        )


def test_a_row_of_the_screened_sample_plan_enters_follow_up_as_it_was_screened() -> None:
    """The sample plan screened under Trafikverket's rule: the first numerical row keeps its start, places, months
    and value (the screen's columns, pandas types included); a row without a start date (NaT) starts today."""
    import pandas as pd

    from guidance.screening.reading import load_plan
    from guidance.screening.screen import Policy, screen

    plan, _ = load_plan(
        (Path(__file__).parents[2] / "content/screening/sample_plan.csv").read_bytes(), "sample_plan.csv"
    )
    screened = screen(plan.plan, Policy(rule="trafikverket", min_value_sek=5_000_000))
    row = screened[screened["outcome"].isin(["advanced", "spearhead"])].iloc[0].to_dict()
    fields = ("name", "category", "outcome", "places", "employment_months", "internship_months", "duration_months")
    given = {k: row[k] for k in fields}
    entry = register_from_plan_row(
        **given,
        start_date=row["start_date"],
        society_value_sek=row["society_value_sek"],
        rule_id="trafikverket",
        today=dt.date(2026, 12, 1),
    )
    c = entry.contract
    assert c.start == row["start_date"].date() and not entry.start_assumed
    assert (c.requirement.places, c.requirement.employment_months) == (row["places"], row["employment_months"])
    assert c.planned.value_sek == pytest.approx(row["society_value_sek"]) and c.title == row["name"]
    undated = register_from_plan_row(**given, start_date=pd.NaT, today=dt.date(2026, 12, 1))
    assert undated.start_assumed and undated.contract.start == dt.date(2026, 12, 1)
