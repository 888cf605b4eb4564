"""The editing state of the plan table, as the browser sends it, checked before anything applies it.

The page's table editor sends its edits as ``{"edited_rows": {position: {column: value}},
"added_rows": [{column: value}], "deleted_rows": [position]}``. The browser is not trusted: a
hand-made message can add 20 000 rows (Streamlit adds them one at a time, which keeps a core busy
for minutes) or send a shape Streamlit cannot apply (a list where a mapping belongs, a text as a row
position), which would end the page with an exception.

:func:`check_editor_state` checks the shape and the number of rows; :func:`apply_editor_state` applies
a checked state to the table with pandas (all added rows at once). The page lets Streamlit apply a
state that passes and applies the cleaned state itself when it does not, with a message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from guidance.screening.checking import typed_plan

#: The keys of an editing state.
STATE_KEYS: tuple[str, ...] = ("edited_rows", "added_rows", "deleted_rows")
#: The key of a state whose text could not be read at all (set by the page, see ``ui/screening_plan.py``).
UNREADABLE_KEY = "unreadable"
#: The editor's name for the index column.
INDEX_COLUMN = "_index"
_SCALARS = (str, int, float, bool)


@dataclass(frozen=True)
class EditorCheck:
    """What :func:`check_editor_state` found.

    Attributes:
        state: the state cut to what can be applied (valid entries only, added rows up to the limit).
        problem: None when the state can be applied as sent; else a UI message key
            (``plan.editor.bad_state`` or ``plan.editor.too_many_rows``).
        values: the message's values (``added``, ``kept``, ``max``: counts).
    """

    state: dict[str, Any]
    problem: str | None = None
    values: dict[str, int] = field(default_factory=dict)


def empty_state() -> dict[str, Any]:
    """An editing state without edits."""
    return {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def _position(value: Any, rows: int) -> int | None:
    """A row position in ``range(rows)`` from an int or a text of digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= len(str(rows)):
        value = int(value)
    return value if isinstance(value, int) and 0 <= value < rows else None


def _cells(row: Any, columns: Sequence[str]) -> dict[str, Any] | None:
    """A row's cells when it is a mapping of known columns to plain values; None otherwise."""
    if not isinstance(row, Mapping):
        return None
    known = {*columns, INDEX_COLUMN}
    if not all(isinstance(c, str) and c in known for c in row):
        return None
    if not all(v is None or isinstance(v, _SCALARS) for v in row.values()):
        return None
    return {str(c): v for c, v in row.items()}


def check_editor_state(state: Any, rows: int, max_rows: int, columns: Sequence[str]) -> EditorCheck:
    """Check an editing state sent by the browser for a table of ``rows`` rows and ``columns``.

    Args:
        state: the state as received (anything).
        rows: the rows of the table the edits apply to.
        max_rows: the most rows the edited table may have.
        columns: the table's columns.

    Returns:
        The state as sent when it is well formed and within ``max_rows``; else the valid part of it
        (added rows cut to the limit) with the problem.
    """
    if state is None:
        return EditorCheck(empty_state())
    if not isinstance(state, Mapping):
        return EditorCheck(empty_state(), "plan.editor.bad_state")
    broken = False
    edited: dict[int, dict[str, Any]] = {}
    raw_edited = state.get("edited_rows", {})
    if isinstance(raw_edited, Mapping):
        for pos, changes in raw_edited.items():
            where, cells = _position(pos, rows), _cells(changes, columns)
            if where is None or cells is None:
                broken = True
            else:
                edited[where] = cells
    else:
        broken = True
    deleted: list[int] = []
    raw_deleted = state.get("deleted_rows", [])
    if isinstance(raw_deleted, list):
        for pos in raw_deleted:
            where = _position(pos, rows)
            if where is None or isinstance(pos, str):
                broken = True
            elif where not in deleted:
                deleted.append(where)
    else:
        broken = True
    added: list[dict[str, Any]] = []
    raw_added = state.get("added_rows", [])
    if isinstance(raw_added, list):
        for row in raw_added:
            cells = _cells(row, columns)
            if cells is None:
                broken = True
            else:
                added.append(cells)
    else:
        broken = True
    if any(k not in STATE_KEYS for k in state):
        broken = True
    room = max(0, max_rows - (rows - len(deleted)))
    clean = {"edited_rows": edited, "added_rows": added[:room], "deleted_rows": deleted}
    if len(added) > room:
        return EditorCheck(clean, "plan.editor.too_many_rows", {"added": len(added), "kept": room, "max": max_rows})
    return EditorCheck(clean, "plan.editor.bad_state" if broken else None)


def apply_editor_state(plan: pd.DataFrame, state: Mapping[str, Any]) -> pd.DataFrame:
    """Apply a checked editing state (:func:`check_editor_state`) to a typed plan, vectorised.

    Cell edits by row position, then deletions, then the added rows at once (new row numbers after
    the largest); the result is coerced to the plan's types (a value that does not fit becomes
    empty, and the check lists it).
    """
    frame = plan.astype("object")
    for pos, changes in state.get("edited_rows", {}).items():
        for column, value in changes.items():
            if column in frame.columns:
                frame.iat[int(pos), list(frame.columns).index(column)] = value
    deleted = list(state.get("deleted_rows", []))
    if deleted:
        frame = frame.drop(index=frame.index[deleted])
    added = list(state.get("added_rows", []))
    if added:
        extra = pd.DataFrame.from_records(
            [{c: row.get(c) for c in frame.columns} for row in added], columns=list(frame.columns)
        )
        extra.index = pd.Index([None] * len(extra), dtype="object")
        frame = pd.concat([frame.set_axis(frame.index.astype("object")), extra.astype("object")])
    return typed_plan(frame)


__all__ = [
    "INDEX_COLUMN",
    "STATE_KEYS",
    "UNREADABLE_KEY",
    "EditorCheck",
    "apply_editor_state",
    "check_editor_state",
    "empty_state",
]
