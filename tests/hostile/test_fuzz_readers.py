"""Fuzzing the readers of untrusted input: answer links, saved-answers files and the slide number.

Each reader must never raise, always return valid answers (or a slide of the deck), and report every
problem with a message key that has a text in both languages.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import (
    DOCUMENT,
    FORMAT,
    MAX_JSON_BYTES,
    answers_from_file,
    answers_from_json,
    answers_from_params,
    answers_to_json,
    answers_to_params,
    param_keys,
)
from guidance.core.i18n import t
from guidance.workshop.slides import slide_from_query

PARAM_KEYS = sorted(set(param_keys().values()))
#: Values a link can carry: texts (also huge and odd ones), lists of them (repeated keys) and non-texts.
link_value = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "?",
            "-",
            "1",
            "0",
            "y",
            "yyyyy",
            "nan",
            "inf",
            "-1e308",
            "1e309",
            "²",
            "٣",
            "9" * 5000,
            "2027-02-30",
            "9999-12-31",
            "0001-01-01",
            "works",
            "a,b,-",
            " 12 ",
            "\x00",
            "1_000",
        ]
    ),  # fmt: skip
    st.text(min_size=190, max_size=400),
    st.lists(st.text(max_size=10), max_size=3),
    st.none(),
    st.integers(),
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.just(1e308 * 10)
)
json_value = st.recursive(
    json_leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)


def has_text(key: str) -> bool:
    """A message key with a text in both languages."""
    return t(key, "sv") != key and t(key, "en") != key


def check_result(result: tuple[Answers, dict[str, str]]) -> Answers:
    """A reader's result: valid answers, and message keys with texts."""
    answers, errors = result
    assert isinstance(answers, Answers)
    Answers.model_validate(answers.model_dump())
    assert all(isinstance(k, str) and len(k) <= 200 for k in errors), list(errors)
    assert all(has_text(v) for v in errors.values()), errors
    return answers


@given(st.dictionaries(st.one_of(st.sampled_from(PARAM_KEYS), st.text(max_size=5)), link_value, max_size=12))
@example({"sd": "9999-12-31", "d": "9" * 5000, "v": "1e309"})
def test_any_link_gives_valid_answers_and_known_messages(params: dict[str, Any]) -> None:
    """``answers_from_params`` on anything a URL (or a caller) can hand over never raises."""
    answers = check_result(answers_from_params(params))
    assert answers_from_params(answers_to_params(answers)) == (answers, {})


@given(st.dictionaries(st.text(max_size=30), json_value, max_size=10), st.sampled_from([1, 2, 3, True, "2", None]))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_json_document_gives_valid_answers_and_known_messages(body: dict[str, Any], version: Any) -> None:
    """``answers_from_json`` on a document of this format with any body and version never raises."""
    text = json.dumps({"format": FORMAT, "version": version, "answers": body})
    answers = check_result(answers_from_json(text))
    if version not in (1, 2):
        assert answers == Answers()


@given(st.one_of(st.text(max_size=200), json_value.map(json.dumps)))
@example("[" * 100_000)
@example('{"format": "' + FORMAT + '", "version": 2, "answers": {"value_sek": NaN, "fte": Infinity}}')
def test_any_text_gives_valid_answers_and_known_messages(text: str) -> None:
    check_result(answers_from_json(text))


#: Encodings a saved file may come in, with or without a byte order mark.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1")


@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf")
@example(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate after the mark
@example(b" " * (MAX_JSON_BYTES + 1))
def test_any_bytes_give_valid_answers_and_known_messages(data: bytes) -> None:
    """``answers_from_file`` on arbitrary bytes never raises; a file it cannot read changes no answer."""
    answers, errors = answers_from_file(data)
    check_result((answers, errors))
    if DOCUMENT in errors:
        assert answers == Answers()


@given(st.sampled_from(ENCODINGS), st.sampled_from([None, "works", "goods", "services"]), st.integers(1, 240))
def test_a_saved_file_in_any_unicode_encoding_is_read_or_named(encoding: str, kind: str | None, months: int) -> None:
    """The page's own file saved again in another encoding: read (UTF-8, any byte order mark) or refused with
    the message that names the problem (UTF-16 or UTF-32 without a mark, other encodings)."""
    answers = Answers(contract_type=kind, duration_months=months)
    data = answers_to_json(answers).encode(encoding)
    read, errors = answers_from_file(data)
    if encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"):
        assert (read, errors) == (answers, {})  # ASCII documents read the same in these
    else:
        assert errors == {DOCUMENT: "a.err.json_utf16"} if "16" in encoding else DOCUMENT in errors


@given(st.one_of(st.text(max_size=12), st.sampled_from(["²", "9" * 5000, "٣", "１", "0", "-1", " 2 "]),
                 st.lists(st.text(max_size=4), max_size=3), st.integers(), st.none()),  # fmt: skip
       st.integers(1, 60))  # fmt: skip
def test_any_slide_parameter_gives_a_slide_of_the_deck(raw: Any, count: int) -> None:
    """``?slide=`` with anything (superscripts, 5 000 digits, other scripts, lists) is a slide of the deck."""
    index = slide_from_query(raw, count)
    assert isinstance(index, int) and 0 <= index < count
    text = raw.strip() if isinstance(raw, str) else ""
    if 0 < len(text) <= 6 and text.isascii() and text.isdigit() and 1 <= int(text) <= count:
        assert index == int(text) - 1  # a slide of the deck, named by its number, opens
