"""Sharing and resuming answers: URL parameters and the versioned JSON document never raise, drop
only what is invalid, and report it with a message key that has Swedish and English text."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import (
    DOCUMENT,
    FORMAT,
    MAX_JSON_BYTES,
    answers_from_json,
    answers_from_params,
    answers_to_json,
    answers_to_params,
    param_keys,
)
from guidance.assessment.questionnaire import load_questionnaire
from guidance.content.loader import load_model

PARAM_KEYS = param_keys()

FULL = Answers(
    gates={"G1": True, "G2": True, "G3": False, "G5": True},
    contract_type="works",
    framework=False,
    direct_award=False,
    value_sek=120_000_000,
    duration_months=30,
    fte=25.5,
    labour_share=45.5,
    entry_level="partly",
    market="adequate",
    recurring_recruitment=True,
    labour_law_needed=True,
    bonus_capacity=True,
    reserved_plausible=False,
    risks=frozenset({"sme_market", "recent_layoffs"}),
    start_date=dt.date(2026, 3, 1),
)
GOOD_PARAMS = answers_to_params(FULL)


def doc(answers: dict[str, Any], **top: Any) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "answers": answers, **top})


# --------------------------------------------------------------------------- params
def test_params_are_compact_and_only_for_answered_fields() -> None:
    assert answers_to_params(Answers()) == {}
    assert GOOD_PARAMS == {
        "g": "yyn-y",
        "t": "works",
        "fw": "0",
        "da": "0",
        "v": "120000000",
        "d": "30",
        "f": "25.5",
        "ls": "45.5",
        "el": "partly",
        "m": "adequate",
        "rr": "1",
        "ll": "1",
        "bc": "1",
        "rp": "0",
        "r": "recent_layoffs,sme_market",
        "sd": "2026-03-01",
    }
    assert answers_to_params(Answers(risks=frozenset())) == {"r": "-"}


def test_params_round_trip_and_ignore_unrelated_keys() -> None:
    answers, errors = answers_from_params({**GOOD_PARAMS, "lang": "en", "page": "x"})
    assert answers == FULL and errors == {}


@pytest.mark.parametrize(
    ("key", "value", "field", "message"),
    [
        ("v", "0", "value_sek", "a.err.value_range"),
        ("v", "-100", "value_sek", "a.err.value_range"),
        ("v", "nan", "value_sek", "a.err.not_a_number"),
        ("v", "inf", "value_sek", "a.err.not_a_number"),
        ("v", "1e12", "value_sek", "a.err.value_range"),
        ("v", "12 miljoner", "value_sek", "a.err.not_a_number"),
        ("d", "0", "duration_months", "a.err.duration_range"),
        ("d", "241", "duration_months", "a.err.duration_range"),
        ("d", "6.5", "duration_months", "a.err.whole_number"),
        ("f", "0", "fte", "a.err.fte_range"),
        ("ls", "150", "labour_share", "a.err.share_range"),
        ("t", "furniture", "contract_type", "a.err.unknown_option"),
        ("el", "<script>", "entry_level", "a.err.unknown_option"),
        ("fw", "maybe", "framework", "a.err.not_bool"),
        ("g", "yy", "gates", "a.err.gates"),  # truncated
        ("g", "yyxyy", "gates", "a.err.gates"),  # forged character
        ("r", "sme_market,drop_table", "risks", "a.err.unknown_risk"),
        ("sd", "2026-02-30", "start_date", "a.err.date"),
        ("sd", "2026-03", "start_date", "a.err.date"),
        ("m", "b" * 5000, "market", "a.err.invalid"),  # oversized value
    ],
)
def test_bad_param_is_dropped_and_reported_and_the_rest_kept(key: str, value: str, field: str, message: str) -> None:
    answers, errors = answers_from_params({**GOOD_PARAMS, key: value})
    assert errors == {field: message}
    assert answers.value(field) in (None, {})
    kept = FULL.model_dump(exclude={field})
    assert answers.model_dump(exclude={field}) == kept


def test_several_bad_params_are_all_reported() -> None:
    answers, errors = answers_from_params({"v": "0", "d": "-3", "f": "0", "t": "works", "g": "y"})
    assert errors == {
        "value_sek": "a.err.value_range",
        "duration_months": "a.err.duration_range",
        "fte": "a.err.fte_range",
        "gates": "a.err.gates",
    }
    assert answers == Answers(contract_type="works")


def test_list_valued_param_takes_the_last_value() -> None:
    answers, errors = answers_from_params({"t": ["goods", "works"]})
    assert answers.contract_type == "works" and errors == {}


# --------------------------------------------------------------------------- JSON
def test_json_document_is_versioned() -> None:
    data = json.loads(answers_to_json(FULL))
    assert (data["format"], data["version"]) == ("sysselsattningskrav-answers", 2)
    assert data["answers"]["risks"] == ["recent_layoffs", "sme_market"]
    assert data["answers"]["start_date"] == "2026-03-01"
    assert answers_from_json(answers_to_json(FULL)) == (FULL, {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "a.err.json_malformed"),
        ("", "a.err.json_malformed"),
        ("[1, 2]", "a.err.json_foreign"),
        ('{"format": "something-else", "version": 1, "answers": {}}', "a.err.json_foreign"),
        ('{"answers": {"value_sek": 1}}', "a.err.json_foreign"),
        (doc({}, version=3).replace('"version": 1, ', ""), "a.err.json_version"),
        (json.dumps({"format": FORMAT, "version": "1", "answers": {}}), "a.err.json_version"),
        (json.dumps({"format": FORMAT, "version": True, "answers": {}}), "a.err.json_version"),
        (json.dumps({"format": FORMAT, "version": 1, "answers": [1]}), "a.err.json_malformed"),
        ("[" * 100_000 + "]" * 100_000, "a.err.json_too_large"),
        ("[" * 40_000 + "]" * 40_000, "a.err.json_malformed"),
    ],
)
def test_unreadable_documents_give_empty_answers_and_one_error(text: str, message: str) -> None:
    assert answers_from_json(text) == (Answers(), {DOCUMENT: message})


def test_size_limit_is_checked_before_parsing() -> None:
    padded = doc({"contract_type": "works"}, padding="x" * MAX_JSON_BYTES)
    assert answers_from_json(padded) == (Answers(), {DOCUMENT: "a.err.json_too_large"})


def test_bad_fields_in_a_valid_document_are_dropped_and_the_rest_kept() -> None:
    answers, errors = answers_from_json(
        doc(
            {
                "contract_type": "works",
                "value_sek": "NaN",
                "duration_months": 0,
                "fte": True,
                "labour_share": 50,
                "framework": "yes",
                "gates": {"G1": True, "G2": "ja", "G7": False},
                "risks": ["sme_market", 3],
                "start_date": "tomorrow",
                "salary": 30000,
                "market": None,
            }
        )
    )
    assert answers == Answers(contract_type="works", labour_share=50, gates={"G1": True})
    assert errors == {
        "value_sek": "a.err.not_a_number",
        "duration_months": "a.err.duration_range",
        "fte": "a.err.not_a_number",
        "framework": "a.err.not_bool",
        "gates": "a.err.gates",
        "risks": "a.err.unknown_risk",
        "start_date": "a.err.date",
        "salary": "a.err.unknown_field",
    }


def test_json_nan_literal_is_rejected() -> None:
    answers, errors = answers_from_json(doc({"duration_months": 12}).replace("12", "NaN"))
    assert errors == {"duration_months": "a.err.not_a_number"} and answers == Answers()


# --------------------------------------------------------------------------- messages
def test_every_message_key_has_swedish_and_english_text() -> None:
    from guidance.assessment.answers import ERROR_KEYS

    ui = load_model().ui
    keys = set(ERROR_KEYS.values()) | {q.error_key for q in load_questionnaire().questions if q.error_key}
    keys |= {
        "a.err.invalid",
        "a.err.gates",
        "a.err.unknown_risk",
        "a.err.unknown_field",
        "a.err.json_malformed",
        "a.err.json_foreign",
        "a.err.json_version",
        "a.err.json_too_large",
        "a.err.date",
    }
    for key in keys:
        assert key in ui, key
        assert ui[key].sv != ui[key].en


def test_range_messages_state_the_content_limits() -> None:
    ui = load_model().ui
    assert "240" in ui["a.err.duration_range"].sv and "100 miljarder" in ui["a.err.value_range"].sv
    qn = load_questionnaire()
    assert qn.question("duration_months").bounds.le == 240
    assert qn.question("value_sek").bounds.le == 100e9


def test_every_field_has_a_param_key() -> None:
    """Every question (the gates together) has its own key in links, taken from the content."""
    questions = {q.id for q in load_questionnaire().questions if q.kind != "gate"}
    assert set(PARAM_KEYS) == {"gates"} | questions
    assert len(set(PARAM_KEYS.values())) == len(PARAM_KEYS)


# --------------------------------------------------------------------------- "don't know"
def test_dont_know_travels_through_links_and_files() -> None:
    answers = Answers(gates={"G1": True}, unknown=frozenset({"G2", "market", "bonus_capacity"}), value_sek=5e6)
    params = answers_to_params(answers)
    assert params == {"g": "y?---", "v": "5000000", "m": "?", "bc": "?"}
    assert answers_from_params(params) == (answers, {})
    assert answers_from_json(answers_to_json(answers)) == (answers, {})


def test_dont_know_is_refused_where_the_question_does_not_offer_it() -> None:
    answers, errors = answers_from_params({"t": "?", "el": "?"})
    assert answers.unknown == frozenset({"entry_level"}) and answers.contract_type is None
    assert errors == {"contract_type": "a.err.unknown_not_offered"}
    forged, errors = answers_from_json(doc({"unknown": ["value_sek", "market"]}, version=2))
    assert forged.unknown == frozenset({"market"}) and errors == {"unknown": "a.err.unknown_not_offered"}


def test_version_1_files_are_still_read() -> None:
    answers, errors = answers_from_json(doc({"gates": {"G1": True}, "market": "broad"}))
    assert errors == {} and answers.gates == {"G1": True} and answers.value("market") == "broad"
