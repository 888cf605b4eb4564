"""Properties of sharing and resuming answers: any answers survive a link or a saved file, and forged
links or files never raise (they are dropped and reported with a message key)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import (
    FORMAT,
    answers_from_json,
    answers_from_params,
    answers_to_json,
    answers_to_params,
    param_keys,
)
from tests.strategies import answers, forged_json, forged_params

PARAM_KEYS = param_keys()


def doc(answers: dict[str, Any], **top: Any) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "answers": answers, **top})


@given(answers())
def test_round_trip_through_params(answers: Answers) -> None:
    assert answers_from_params(answers_to_params(answers)) == (answers, {})


@given(answers())
def test_round_trip_through_json(answers: Answers) -> None:
    assert answers_from_json(answers_to_json(answers)) == (answers, {})


@given(forged_params())
def test_forged_params_never_raise(params: dict[str, str]) -> None:
    answers, errors = answers_from_params(params)
    assert isinstance(answers, Answers)
    for field, key in errors.items():
        assert field in PARAM_KEYS and key.startswith("a.err.")
        assert answers.value(field) in (None, {})


@given(forged_json())
def test_forged_json_never_raises(body: Any) -> None:
    for text in (json.dumps(body), doc(body if isinstance(body, dict) else {"risks": body})):
        answers, errors = answers_from_json(text)
        assert isinstance(answers, Answers)
        assert all(key.startswith("a.err.") for key in errors.values())
