"""The editing state of the plan table is checked before anything applies it (issue 15, part 1).

A hand-made message adding 20 000 rows is cut to the editor's limit; malformed states (not a
mapping, lists where mappings belong, texts as row positions, unknown columns) give a message and
keep the valid part, never an exception.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from guidance.screening.content import load_plan_content
from guidance.screening.editing import apply_editor_state, check_editor_state, empty_state
from guidance.screening.reading import load_plan

LIMIT = load_plan_content().limits.editor_max_rows
PLAN = "Upphandling;Kategori;Värde (kr);Avtalstid (mån)\nA;Städ;3000000;24\nB;Bygg;5000000;12\nC;Städ;1000000;36\n"


@pytest.fixture()
def plan() -> pd.DataFrame:
    checked, _ = load_plan(PLAN.encode(), "p.csv")
    return checked.plan


def test_a_well_formed_state_passes_as_sent(plan: pd.DataFrame) -> None:
    state = {"edited_rows": {0: {"name": "Ny"}}, "added_rows": [{"name": "D"}], "deleted_rows": [2]}
    found = check_editor_state(state, len(plan), LIMIT, list(plan.columns))
    assert found.problem is None
    assert found.state == state


def test_twenty_thousand_added_rows_are_cut_to_the_limit(plan: pd.DataFrame) -> None:
    row = {"name": "X", "category": "cleaning", "value_sek": 1e6, "duration_months": 12}
    state = {"edited_rows": {}, "added_rows": [row] * 20_000, "deleted_rows": []}
    found = check_editor_state(state, len(plan), LIMIT, list(plan.columns))
    assert found.problem == "plan.editor.too_many_rows"
    assert found.values == {"added": 20_000, "kept": LIMIT - 3, "max": LIMIT}
    edited = apply_editor_state(plan, found.state)
    assert len(edited) == LIMIT
    assert list(edited.index[:3]) == [2, 3, 4] and edited.index[-1] == 4 + LIMIT - 3
    assert edited["value_sek"].iloc[-1] == 1e6


def test_deleted_rows_make_room_for_added_ones(plan: pd.DataFrame) -> None:
    state = {"added_rows": [{"name": "X"}] * (LIMIT - 1), "deleted_rows": [0, 1]}
    found = check_editor_state(state, len(plan), LIMIT, list(plan.columns))
    assert found.problem is None and len(found.state["added_rows"]) == LIMIT - 1


MALFORMED: list[Any] = [
    [1, 2, 3],
    "edits",
    {"edited_rows": [1, 2], "added_rows": [], "deleted_rows": []},
    {"edited_rows": {"x": {"name": "A"}}, "added_rows": "rows", "deleted_rows": []},
    {"edited_rows": {}, "added_rows": [5, {"name": "ok"}], "deleted_rows": ["0", 99, -1]},
    {"edited_rows": {0: {"no_such_column": 1}}, "added_rows": [{"name": {"nested": 1}}]},
    {"deleted_rows": {"0": True}, "evil": 1},
]


@pytest.mark.parametrize("state", MALFORMED)
def test_malformed_states_give_a_message_and_keep_only_valid_edits(plan: pd.DataFrame, state: Any) -> None:
    found = check_editor_state(state, len(plan), LIMIT, list(plan.columns))
    assert found.problem == "plan.editor.bad_state"
    edited = apply_editor_state(plan, found.state)
    assert len(edited) <= len(plan) + 1
    assert set(edited.columns) == set(plan.columns)


def test_the_valid_part_of_a_malformed_state_is_applied(plan: pd.DataFrame) -> None:
    state = {"edited_rows": {"1": {"name": "Rättad"}}, "added_rows": [5, {"name": "ok"}], "deleted_rows": [0, "x"]}
    found = check_editor_state(state, len(plan), LIMIT, list(plan.columns))
    assert found.problem == "plan.editor.bad_state"
    assert found.state == {"edited_rows": {1: {"name": "Rättad"}}, "added_rows": [{"name": "ok"}], "deleted_rows": [0]}
    edited = apply_editor_state(plan, found.state)
    assert list(edited["name"]) == ["Rättad", "C", "ok"]
    assert list(edited.index) == [3, 4, 5]


def test_no_state_is_no_edit(plan: pd.DataFrame) -> None:
    found = check_editor_state(None, len(plan), LIMIT, list(plan.columns))
    assert found.problem is None and found.state == empty_state()
    pd.testing.assert_frame_equal(apply_editor_state(plan, found.state), plan)
