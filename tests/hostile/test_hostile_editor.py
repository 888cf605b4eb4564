"""Hand-made messages to the plan table editor (issue 15, part 1), sent as the browser would send them.

The editor's state arrives as a JSON text in the widget's value. The page checks it before Streamlit
applies it: 20 000 added rows are cut to the editor's limit with a message, and malformed states
give a message, never an exception box.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.testing.v1 import AppTest

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.screening.content import load_plan_content

LIMIT = load_plan_content().limits.editor_max_rows
ROW = {"name": "Tillagd", "category": "cleaning", "contract_type": "services", "value_sek": 2e6, "duration_months": 24}


def _nodes(node: Any) -> Iterator[Any]:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _nodes(child)


def _editor(at: AppTest) -> Any:
    (found,) = [n for n in _nodes(at._tree) if str(getattr(n, "key", "") or "").startswith("plan_editor_")]
    return found


def _send(at: AppTest, text: str) -> AppTest:
    """Rerun the page with the editor's value set to ``text``, the other widgets as they are."""
    states = at._tree.get_widget_states()
    editor_id = _editor(at).id
    kept = [w for w in states.widgets if w.id != editor_id]
    message = WidgetStates()
    message.widgets.extend([*kept, WidgetState(id=editor_id, string_value=text)])
    return at._run(widget_state=message)


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.fixture()
def page(app_test: Callable[..., AppTest]) -> AppTest:
    at = app_test("app_pages/screening.py", "en")
    assert not at.exception
    return at


def test_twenty_thousand_added_rows_are_cut_to_the_limit_with_a_message(page: AppTest) -> None:
    checked = page.session_state["plan_state.checked"][1]
    before = len(checked.plan) + len(checked.bad_rows)
    assert 0 < before < LIMIT
    state = {"edited_rows": {}, "added_rows": [ROW] * 20_000, "deleted_rows": []}
    at = _send(page, json.dumps(state))
    assert not at.exception, [e.value for e in at.exception]
    values = {"added": 20_000, "kept": LIMIT - before, "max": LIMIT}
    assert t("plan.editor.too_many_rows", "en", **{k: fmt_num(v, "en") for k, v in values.items()}) in _warnings(at)
    checked = at.session_state["plan_state.checked"][1]
    assert len(checked.plan) + len(checked.bad_rows) == LIMIT
    assert checked.plan["name"].eq("Tillagd").sum() == 1  # the other added rows repeat the first
    assert (checked.problems["problem"] == "plan.err.duplicate").sum() >= LIMIT - before - 1


@pytest.mark.parametrize(
    "text",
    [
        "[1, 2, 3]",
        "42",
        json.dumps({"edited_rows": {"x": {"name": "A"}}, "added_rows": [], "deleted_rows": []}),
        json.dumps({"edited_rows": [], "added_rows": "rows", "deleted_rows": ["a", 10**6]}),
        json.dumps({"edited_rows": {}, "added_rows": [1, [2]], "deleted_rows": []}),
        "{not json",
    ],
)
def test_malformed_editor_states_give_a_message_not_an_exception(page: AppTest, text: str) -> None:
    at = _send(page, text)
    assert not at.exception, [e.value for e in at.exception]
    assert t("plan.editor.bad_state", "en") in _warnings(at)
    again = at.run()  # the page goes on working with a fresh editor
    assert not again.exception
