"""Action plan: the process steps from the buyer's phase onwards, tailored to the assessment outcome.

Rules checked: dialogue -> written agreement U9 (brief §2.3, §5.3); numerical -> start-up meeting I1,
joint follow-up plan I4, the 6-month milestone and fixed reporting dates (§2.3, §5.2, §7.2);
framework agreement -> A3/U7 (§2.3, §9 item 15); reserved procurement -> P9; not yet -> phase 0
and the decision-makers' checklist (§3.1, §3.2).
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from guidance.assessment.action_plan import (
    PLAN_FILE,
    action_plan,
    load_action_plan_content,
    parse_action_plan_content,
)
from guidance.assessment.sizing import Contract, load_sizing_rules, size
from guidance.content.loader import CONTENT_DIR, ContentError, load_model
from guidance.content.model import Duty

MODEL = load_model()
ORDER = {p.id: p.order for p in MODEL.phases}
TRAFIKVERKET = next(r for r in load_sizing_rules() if r.id == "trafikverket")
START = dt.date(2026, 1, 1)
SIZING = size(
    Contract(contract_type="works", value_sek=120e6, duration_months=30, fte=25, start_date=START), TRAFIKVERKET
)


def verdict(v: str, flags: tuple[str, ...] = ()) -> dict:
    return {"verdict": v, "flags": flags}


def test_dialogue_outcome_has_the_written_agreement_u9() -> None:
    plan = action_plan(verdict("basic"), None, "analyse")
    assert "U9" in plan.step_ids
    u9 = next(i for i in plan.items if i.step_id == "U9")
    assert u9.note is not None and "överenskommelse" in u9.note.sv
    assert "I3" not in plan.step_ids  # no numerical deadline to go through


def test_numerical_outcome_has_start_up_meeting_and_joint_follow_up_plan() -> None:
    plan = action_plan(verdict("advanced"), SIZING, "analyse", START, 30)
    assert {"I1", "I3", "I4", "U3", "F5"} <= set(plan.step_ids)
    assert "U9" not in plan.step_ids
    items = {i.step_id: i for i in plan.items}
    assert items["I1"].due == START
    assert items["I3"].due == dt.date(2026, 7, 1)  # 6 months after the start (11554 alt. a)
    assert items["I4"].dates[0] == dt.date(2026, 7, 1)
    assert items["F5"].due == dt.date(2028, 7, 1)  # contract end after 30 months
    assert items["U3"].note is not None and "24" in items["U3"].note.sv and "2 platser" in items["U3"].note.sv


def test_bonus_outcome_adds_the_bonus_condition_to_u1() -> None:
    plan = action_plan(verdict("advanced_bonus"), SIZING, "procure", START, 30)
    u1 = next(i for i in plan.items if i.step_id == "U1")
    assert u1.note is not None and "11556" in u1.note.en


def test_framework_agreement_adds_call_off_steps() -> None:
    plain = action_plan(verdict("advanced"), SIZING, "analyse")
    framework = action_plan(verdict("advanced", ("call_off",)), SIZING, "analyse")
    assert "A3" not in plain.step_ids and "U7" not in plain.step_ids
    assert {"A3", "U7"} <= set(framework.step_ids)
    assert next(i for i in framework.items if i.step_id == "U7").note is not None


def test_reserved_flag_brings_in_p9_during_planning() -> None:
    plan = action_plan(verdict("basic", ("reserved",)), None, "plan")
    p9 = next(i for i in plan.items if i.step_id == "P9")
    assert p9.note is not None and "30" in p9.note.sv


def test_not_yet_starts_with_management_whatever_the_phase() -> None:
    """Brief §3.2: any 'no' to the starting questions -> everything starts with a management decision."""
    plan = action_plan(verdict("not_yet"), None, "procure")
    assert plan.step_ids[:5] == ("S0.1", "S0.2", "S0.3", "S0.4", "S0.5")
    assert plan.checklist == tuple(c.id for c in MODEL.checklist) and plan.checklist
    assert all(i.phase in ("strategy", "plan") for i in plan.items)


def test_not_suitable_documents_the_decision() -> None:
    plan = action_plan(verdict("not_suitable"), None, "analyse")
    assert {"A6", "A8"} <= set(plan.step_ids)
    assert not any(s.startswith(("I", "U")) for s in plan.step_ids)


def test_steps_before_the_current_phase_are_left_out() -> None:
    plan = action_plan(verdict("advanced"), SIZING, "implement", START, 30)
    assert plan.items and all(ORDER[i.phase] >= ORDER["implement"] for i in plan.items)
    assert plan.step_ids[0] == "I1"


def test_responsibilities_come_from_the_model_per_sub_role() -> None:
    plan = action_plan(verdict("advanced"), SIZING, "analyse", START, 30)
    i1 = next(i for i in plan.items if i.step_id == "I1")
    assert "UO_BUY" in i1.responsible
    assert i1.involved == {a: c.duty for a, c in MODEL.step("I1").responsibilities.items()}
    assert any(i.step_id == "I5" for i in plan.for_actor("L"))
    assert all(i.involved["UO_CM"] == Duty.RESPONSIBLE for i in plan.responsible_for("UO_CM"))
    assert all("BL" in i.involved for i in plan.for_actor("BL"))


def test_without_dates_nothing_is_invented() -> None:
    plan = action_plan(verdict("advanced"), None, "implement")
    assert all(i.due is None for i in plan.items)
    i3 = next(i for i in plan.items if i.step_id == "I3")
    assert i3.note is not None and "[fastställs]" in i3.note.sv and "[to be set]" in i3.note.en


def test_unknown_phase_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown phase"):
        action_plan(verdict("basic"), None, "lunch")


def test_reporting_interval_and_every_outcome_are_in_the_content() -> None:
    content = load_action_plan_content()
    assert content.reporting_interval_months.value == 6
    assert set(content.outcomes) == {"not_yet", "not_suitable", "basic", "advanced", "advanced_bonus"}


def test_unknown_step_in_the_content_is_an_error() -> None:
    data = yaml.safe_load((CONTENT_DIR / "assessment" / "action_plan.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    broken["outcomes"]["basic"]["steps"].append("U99")
    with pytest.raises(ContentError) as err:
        parse_action_plan_content(broken, MODEL)
    assert err.value.file == PLAN_FILE and "U99" in err.value.problem


def test_note_with_unknown_placeholder_is_an_error() -> None:
    data = yaml.safe_load((CONTENT_DIR / "assessment" / "action_plan.yaml").read_text(encoding="utf-8"))
    data["notes"][0]["text"]["en"] += " {budget}"
    with pytest.raises(ContentError, match="budget"):
        parse_action_plan_content(data, MODEL)
