"""Condition drafts: the level's condition filled in from the assessment and the sizing.

Rules checked come from domain brief §5.2-5.4 (condition 11554 alternative a, the 6-month milestone,
the 75 % rule, bonus 11556) and §9 items 1, 2 and 10 (unverified b/c, functional dialogue text,
Trafikverket's SEK 10 000 / 20 000 as editable bonus defaults).
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from guidance.assessment.assess import assess
from guidance.assessment.conditions import (
    CONDITIONS_FILE,
    ConditionOptions,
    draft_condition,
    load_conditions,
    parse_conditions,
)
from guidance.assessment.sizing import Contract, load_sizing_rules, size
from guidance.content.loader import CONTENT_DIR, ContentError
from tests.examples import works_120m

TRAFIKVERKET = next(r for r in load_sizing_rules() if r.id == "trafikverket")
START = dt.date(2026, 1, 1)


def works_sizing(start: dt.date | None = START):
    """Brief §5.7 worked example: works, SEK 120 m, 30 months, 25 FTE -> 2 places, 24 months."""
    return size(
        Contract(contract_type="works", value_sek=120e6, duration_months=30, fte=25, start_date=start), TRAFIKVERKET
    )


def verdict(v: str, flags: tuple[str, ...] = ()) -> dict:
    """A stand-in assessment with just a verdict and flags."""
    return {"verdict": v, "flags": flags}


def raw_content() -> dict:
    return yaml.safe_load((CONTENT_DIR / "assessment" / "conditions.yaml").read_text(encoding="utf-8"))


def test_advanced_draft_has_the_months_and_the_six_month_milestone() -> None:
    """11554 alt. a: at least [X] full-time months; first job within 6 months of the start (§5.2)."""
    sizing = works_sizing()
    assert (sizing.places, sizing.employment_months) == (2, 24)
    draft = draft_condition(verdict("advanced"), sizing, ConditionOptions(target_groups=("young",)), "sv")
    text = " ".join(s.body for s in draft.sections)
    assert "minst 24 månaders heltidsarbete" in text
    assert "Senast 6 månader efter kontraktsstart" in text
    assert "2026-07-01" in text
    assert draft.milestone_date == dt.date(2026, 7, 1)
    assert draft.milestone_months == 6
    assert draft.parts[0].criterion_id == "11554"
    assert draft.blanks == ()


def test_advanced_draft_in_english_has_the_same_numbers() -> None:
    draft = draft_condition(verdict("advanced"), works_sizing(), ConditionOptions(target_groups=("young",)), "en")
    text = " ".join(s.body for s in draft.sections)
    assert "at least 24 months of full-time work" in text
    assert "No later than 6 months after the contract starts, that is by 2026-07-01" in text
    assert "unemployed young people" in text


def test_the_75_percent_rule_is_in_the_draft() -> None:
    """11554 alt. a: an early ending counts as met once 75 % of the agreed time is served (§5.2)."""
    draft = draft_condition(verdict("advanced"), works_sizing(), None, "sv")
    early = next(s for s in draft.sections if s.id == "early_end")
    assert "75\u00a0%" in early.body
    assert early.verified


def test_alternatives_b_and_c_are_marked_unverified() -> None:
    """Brief §9 item 1: b) and c) were not retrieved and ship as unverified templates."""
    draft = draft_condition(verdict("advanced"), works_sizing(), ConditionOptions(alternatives=("a", "b", "c")), "sv")
    by_id = {s.id: s for s in draft.sections}
    assert by_id["alt_a"].verified
    assert not by_id["alt_b"].verified and not by_id["alt_c"].verified
    assert "12 månader på heltid" in by_id["alt_b"].body  # 2 places x 6 internship months
    assert draft.has_unverified


def test_milestone_is_left_out_when_only_internships_are_allowed() -> None:
    """The 6-month rule belongs to employment (alternative a); an internship-only draft drops it."""
    draft = draft_condition(verdict("advanced"), works_sizing(), ConditionOptions(alternatives=("b",)), "sv")
    ids = [s.id for s in draft.sections]
    assert "alt_b" in ids and "alt_a" not in ids
    assert "milestone" not in ids and "early_end" not in ids


def test_dialogue_draft_is_described_functionally_and_marked() -> None:
    """Brief §5.3 / §9 item 2: dialogue after award, written agreement; wording not retrieved."""
    draft = draft_condition(verdict("basic"), None, ConditionOptions(target_groups=("newly_arrived",)), "sv")
    assert draft.level == "basic"
    text = " ".join(s.body for s in draft.sections)
    assert "dialog" in text and "överenskommelse" in text and "nyanlända" in text
    assert all(not s.verified for s in draft.sections)
    assert draft.parts[0].criterion_id is None


def test_bonus_uses_trafikverket_amounts_by_default_and_they_can_be_changed() -> None:
    """Brief §5.4 / §9 item 10: SEK 10 000 per internship month, 20 000 per employment month."""
    sizing = works_sizing()
    draft = draft_condition(verdict("advanced_bonus"), sizing, None, "sv")
    assert [p.criterion_id for p in draft.parts] == ["11554", "11556"]
    amounts = next(s for s in draft.sections if s.id == "bonus_amounts").body
    assert "10\u00a0000\u00a0kr per extra månad" in amounts and "20\u00a0000\u00a0kr per extra månad" in amounts
    assert draft.bonus is not None
    assert draft.bonus.employment_cap == 20_000 * 24
    assert draft.bonus.internship_cap == 10_000 * 12
    assert draft.bonus.total_cap == 20_000 * 24 + 10_000 * 12

    changed = draft_condition(verdict("advanced_bonus"), sizing, ConditionOptions(bonus_employment_sek=15_000), "en")
    body = next(s for s in changed.sections if s.id == "bonus_amounts").body
    assert "SEK\u00a015,000 per additional month" in body
    assert changed.bonus is not None and changed.bonus.employment_cap == 15_000 * 24


def test_no_condition_for_not_yet_unless_a_level_is_chosen() -> None:
    assert draft_condition(verdict("not_yet"), None, None, "sv").parts == ()
    assert draft_condition(verdict("not_suitable"), None, None, "sv").parts == ()
    chosen = draft_condition(verdict("not_suitable"), None, ConditionOptions(level="advanced"), "sv")
    assert chosen.level == "advanced" and chosen.parts


def test_unknown_values_become_visible_blanks() -> None:
    """Without sizing, target group or start date the draft shows blanks to fill in, never a crash."""
    draft = draft_condition(verdict("advanced"), None, None, "sv")
    text = " ".join(s.body for s in draft.sections)
    assert "[ange målgrupp]" in text and "[antal]" in text and "[datum]" in text
    assert set(draft.blanks) >= {"target_groups", "employment_months", "milestone_date"}
    assert "{" not in text


def test_residence_flag_adds_a_warning_section() -> None:
    """Brief §1.4 / §9 item 14: warn against delimiting the target group by residence."""
    draft = draft_condition(verdict("advanced", ("residence_warning",)), works_sizing(), None, "sv")
    assert any(s.id == "residence" for s in draft.sections)
    assert not any(
        s.id == "residence" for s in draft_condition(verdict("advanced"), works_sizing(), None, "sv").sections
    )


def test_draft_follows_a_real_assessment() -> None:
    answers = works_120m()
    assessment = assess(answers)
    assert assessment.verdict == "advanced"
    draft = draft_condition(assessment, works_sizing(None), None, "en")
    assert draft.level == "advanced" and draft.employment_months == 24


def test_user_text_cannot_inject_placeholders() -> None:
    """A free-text target group is inserted as text, not re-formatted."""
    draft = draft_condition(
        verdict("advanced"), works_sizing(), ConditionOptions(custom_target_group="{bonus_cap} x"), "sv"
    )
    commitment = next(s for s in draft.sections if s.id == "commitment")
    assert "{bonus_cap} x" in commitment.body


# -- content validation ---------------------------------------------------------------------------
def test_bundled_content_is_valid_and_has_sv_and_en() -> None:
    content = load_conditions()
    assert {a.id for a in content.alternatives} == {"a", "b", "c"}
    assert content.param("bonus_internship_sek_per_month") == 10_000
    assert content.param("bonus_employment_sek_per_month") == 20_000
    assert content.param("early_end_share") == 0.75


def test_unknown_placeholder_is_a_content_error() -> None:
    data = copy.deepcopy(raw_content())
    data["alternatives"][0]["text"]["sv"] += " {months}"
    with pytest.raises(ContentError) as err:
        parse_conditions(data)
    assert err.value.file == CONDITIONS_FILE and err.value.item == "alternatives.a"
    assert "months" in err.value.problem


def test_missing_translation_is_a_content_error() -> None:
    data = copy.deepcopy(raw_content())
    del data["levels"]["advanced"]["sections"][0]["text"]["en"]
    with pytest.raises(ContentError, match="English translation"):
        parse_conditions(data)


def test_unknown_source_is_a_content_error() -> None:
    data = copy.deepcopy(raw_content())
    data["target_groups"][0]["source"] = "no-such-source"
    with pytest.raises(ContentError, match="no-such-source"):
        parse_conditions(data)


def test_missing_alternative_is_a_content_error() -> None:
    data = copy.deepcopy(raw_content())
    data["alternatives"] = data["alternatives"][:2]
    with pytest.raises(ContentError, match="alternatives a, b and c"):
        parse_conditions(data)
