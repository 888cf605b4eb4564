"""Share and resume answers: compact URL query parameters and a versioned JSON document.

Reading never raises: every value that is invalid, forged or out of range is dropped and reported
as ``{field: message_key}`` (keys ``a.err.*`` with Swedish and English texts in
``content/ui/assessment_domain.yaml``); every valid answer is kept.

URL parameters (only answered questions are written); each question's key is its ``param`` in
``content/assessment/questionnaire.yaml``, and the value's form follows the question's kind:

======  ===========================================================
kind    value
======  ===========================================================
gate    all gates in one parameter (``gate_param``), one character per
        gate in questionnaire order: ``y`` yes, ``n`` no, ``?`` don't know,
        ``-`` unanswered
bool    ``1`` / ``0``
number  the number (whole numbers for ``whole`` questions)
choice  the option id
risk    option ids joined by ``,``; ``-`` = none apply
date    ISO date ``2025-01-31``
======  ===========================================================

A question that offers "don't know" takes the value ``?`` for it.

The JSON document holds the same answers under their question ids, and (from version 2) the
questions answered "don't know" as a list ``unknown``. Version 1 documents are still read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from guidance.assessment.answers import Answers, error_key
from guidance.assessment.questionnaire import Question, Questionnaire, load_questionnaire
from guidance.core.formatting import plain_number

#: The JSON document's format name and version (part of the file format, not of the rules).
FORMAT = "sysselsattningskrav-answers"
VERSION = 2
#: Versions that can be read (version 1 has no "don't know").
READABLE_VERSIONS = (1, 2)
#: Technical limits against oversized input: bytes of a JSON document, characters of one URL value.
MAX_JSON_BYTES = 100_000
MAX_PARAM_CHARS = 200

#: Key under which document-level problems are reported.
DOCUMENT = "document"

_GATE_CHARS = {True: "y", False: "n", None: "-"}
_GATE_VALUES = {v: k for k, v in _GATE_CHARS.items()}
_NO_RISKS = "-"
#: The value of a "don't know" answer in a link (one character in the gate string).
UNKNOWN = "?"
UNKNOWN_FIELD = "unknown"


class _Unknown:
    """Marks a "don't know" while a link or document is parsed."""


_DONT_KNOW = _Unknown()


def param_keys(qn: Questionnaire | None = None) -> dict[str, str]:
    """Question id (``gates`` for the gates) -> its URL parameter key, from the content."""
    qn = qn or load_questionnaire()
    keys = {"gates": qn.gate_param}
    keys.update({q.id: q.param for q in qn.questions if q.param is not None})
    return keys


def answers_to_params(a: Answers) -> dict[str, str]:
    """Compact URL query parameters for the answered questions (see the module docstring)."""
    qn = load_questionnaire()
    out: dict[str, str] = {}
    if any(a.settled(g) for g in qn.gate_ids):
        out[qn.gate_param] = "".join(UNKNOWN if a.is_unknown(g) else _GATE_CHARS[a.gates.get(g)] for g in qn.gate_ids)
    for q in qn.questions:
        value = a.value(q.id)
        if q.kind != "gate" and q.param is not None and a.is_unknown(q.id):
            out[q.param] = UNKNOWN
        if q.kind == "gate" or q.param is None or value is None:
            continue
        if q.kind == "bool":
            out[q.param] = "1" if value else "0"
        elif q.kind == "number":
            out[q.param] = plain_number(value)
        elif q.kind == "risk":
            out[q.param] = ",".join(sorted(value)) or _NO_RISKS
        elif q.kind == "date":
            out[q.param] = value.isoformat()
        else:
            out[q.param] = str(value)
    return out


def _number(text: str, whole: bool) -> float | int:
    try:
        number = float(text)
    except ValueError:
        raise ValueError("a.err.not_a_number") from None
    if not math.isfinite(number):
        raise ValueError("a.err.not_a_number")
    if whole:
        if not number.is_integer():
            raise ValueError("a.err.whole_number")
        return int(number)
    return number


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("a.err.date") from None


def _parse_param(q: Question, text: str) -> Any:
    """Turn one URL value into the answer to ``q``; raise ValueError with a message key."""
    if text == UNKNOWN:
        if q.unknown is None:
            raise ValueError("a.err.unknown_not_offered")
        return _DONT_KNOW
    if q.kind == "bool":
        if text not in ("1", "0"):
            raise ValueError("a.err.not_bool")
        return text == "1"
    if q.kind == "number":
        return _number(text, q.whole)
    if q.kind == "risk":
        return frozenset() if text == _NO_RISKS else frozenset(text.split(","))
    if q.kind == "date":
        return _date(text)
    return text


def _parse_gates(text: str, qn: Questionnaire) -> dict[str, Any]:
    """Gate id -> yes/no, or the "don't know" marker for gates that offer it."""
    allowed = set(_GATE_VALUES) | {UNKNOWN}
    if len(text) != len(qn.gate_ids) or any(c not in allowed for c in text):
        raise ValueError("a.err.gates")
    out: dict[str, Any] = {}
    for gate, char in zip(qn.gate_ids, text, strict=True):
        if char == UNKNOWN:
            if qn.question(gate).unknown is None:
                raise ValueError("a.err.gates")
            out[gate] = _DONT_KNOW
        elif (value := _GATE_VALUES[char]) is not None:
            out[gate] = value
    return out


def _split_unknown(values: Mapping[str, Any]) -> dict[str, Any]:
    """Move the "don't know" markers (in questions and in the gates) into the ``unknown`` field."""
    out = {k: v for k, v in values.items() if v is not _DONT_KNOW}
    unknown = {k for k, v in values.items() if v is _DONT_KNOW}
    gates = values.get("gates")
    if isinstance(gates, dict):
        out["gates"] = {g: v for g, v in gates.items() if v is not _DONT_KNOW}
        unknown |= {g for g, v in gates.items() if v is _DONT_KNOW}
    if unknown or UNKNOWN_FIELD in values:
        out[UNKNOWN_FIELD] = frozenset(unknown) | frozenset(values.get(UNKNOWN_FIELD, ()))
    return out


def _validated(values: Mapping[str, Any], errors: dict[str, str]) -> Answers:
    """Validate each field on its own, drop the invalid ones (recorded in ``errors``), keep the rest."""
    good: dict[str, Any] = {}
    for field, value in _split_unknown(values).items():
        try:
            Answers.model_validate({field: value})
        except ValidationError as exc:
            errors[field] = error_key(exc)
            continue
        good[field] = value
    return Answers.model_validate(good)


def answers_from_params(params: Mapping[str, str]) -> tuple[Answers, dict[str, str]]:
    """Read answers from URL query parameters; never raises.

    Unknown parameters (``lang`` and the like) are ignored. Each invalid value is dropped and
    reported as ``{field: message_key}``; all valid values are kept.
    """
    qn = load_questionnaire()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, key in param_keys(qn).items():
        if key not in params:
            continue
        raw: object = params[key]  # checked below: what callers hand over is not always a str
        if isinstance(raw, list):  # some frameworks hand over repeated keys as a list
            raw = raw[-1] if raw else ""
        if not isinstance(raw, str) or len(raw) > MAX_PARAM_CHARS:
            errors[field] = "a.err.invalid"
            continue
        try:
            text = raw.strip()
            values[field] = _parse_gates(text, qn) if field == "gates" else _parse_param(qn.question(field), text)
        except ValueError as exc:
            errors[field] = str(exc) if str(exc).startswith("a.err.") else "a.err.invalid"
    return _validated(values, errors), errors


def answers_to_json(a: Answers) -> str:
    """A versioned JSON document holding the answered questions."""
    body: dict[str, Any] = {}
    gates = {g: v for g, v in a.gates.items() if v is not None}
    if gates:
        body["gates"] = gates
    for field, value in a.given().items():
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        body[field] = value
    unknown = [q.id for q in load_questionnaire().questions if a.is_unknown(q.id)]
    if unknown:
        body[UNKNOWN_FIELD] = unknown
    doc = {"format": FORMAT, "version": VERSION, "answers": body}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _json_value(q: Question, value: Any) -> Any:
    """Check JSON types strictly enough that a forged document cannot smuggle in odd values."""
    if q.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("a.err.not_bool")
        return value
    if q.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("a.err.not_a_number")
        if not math.isfinite(value):
            raise ValueError("a.err.not_a_number")
        return value
    if q.kind == "risk":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("a.err.unknown_risk")
        return frozenset(value)
    if q.kind == "date":
        if not isinstance(value, str):
            raise ValueError("a.err.date")
        return _date(value)
    if not isinstance(value, str):
        raise ValueError("a.err.unknown_option")
    return value


def _json_gates(value: Any, errors: dict[str, str]) -> dict[str, bool]:
    """The known gates with yes/no answers; anything else is dropped and reported once."""
    if not isinstance(value, dict):
        errors["gates"] = "a.err.gates"
        return {}
    known = set(load_questionnaire().gate_ids)
    good = {k: v for k, v in value.items() if k in known and isinstance(v, bool)}
    if any(k not in good and v is not None for k, v in value.items()):
        errors["gates"] = "a.err.gates"
    return good


def _json_unknown(value: Any, errors: dict[str, str]) -> frozenset[str]:
    """The question ids answered "don't know" that offer it; anything else is dropped and reported."""
    qn = load_questionnaire()
    offered = {q.id for q in qn.questions if q.unknown is not None}
    if not isinstance(value, list):
        errors[UNKNOWN_FIELD] = "a.err.unknown_not_offered"
        return frozenset()
    good = frozenset(v for v in value if isinstance(v, str) and v in offered)
    if len(good) != len(value):
        errors[UNKNOWN_FIELD] = "a.err.unknown_not_offered"
    return good


def answers_from_json(text: str) -> tuple[Answers, dict[str, str]]:
    """Read answers from a JSON document made by :func:`answers_to_json`; never raises.

    A document that is too large, not JSON, not this format or of an unknown version gives empty
    answers and ``{"document": message_key}``. Inside a valid document, each bad or unknown field
    is dropped and reported; the rest is kept.
    """
    if not isinstance(text, str):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}  # type: ignore[unreachable]  # guard for untyped callers: never raises
    if len(text.encode("utf-8", errors="replace")) > MAX_JSON_BYTES:
        return Answers(), {DOCUMENT: "a.err.json_too_large"}
    text = text.removeprefix("\ufeff")  # a byte order mark read as text (a file decoded as plain UTF-8)
    try:
        doc = json.loads(text, parse_constant=lambda _: math.nan)
    except (ValueError, RecursionError):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return Answers(), {DOCUMENT: "a.err.json_foreign"}
    if doc.get("version") not in READABLE_VERSIONS or isinstance(doc.get("version"), bool):
        return Answers(), {DOCUMENT: "a.err.json_version"}
    body = doc.get("answers")
    if not isinstance(body, dict):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}
    qn = load_questionnaire()
    known = param_keys(qn)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, value in body.items():
        if field == UNKNOWN_FIELD and doc.get("version") != 1:
            values[field] = _json_unknown(value, errors)
            continue
        if field not in known:
            errors[str(field)[:MAX_PARAM_CHARS]] = "a.err.unknown_field"
            continue
        if value is None:
            continue
        if field == "gates":
            values[field] = _json_gates(value, errors)
            continue
        try:
            values[field] = _json_value(qn.question(field), value)
        except ValueError as exc:
            errors[field] = str(exc) if str(exc).startswith("a.err.") else "a.err.invalid"
    return _validated(values, errors), errors


#: Byte order marks of the Unicode encodings a saved file may carry (UTF-8 first: editors on Windows add it).
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _looks_like_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 without a byte order mark: a NUL byte in every other place of ASCII text.

    JSON never holds a raw NUL byte, so a file that has them is not UTF-8 JSON whatever it is.
    """
    sample = data[:200]
    if len(sample) < 2:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / max(1, len(odd))) >= 0.4


def decode_file(data: bytes) -> tuple[str | None, str | None]:
    """The text of an uploaded file, or the message key saying why it is not UTF-8 text; never raises.

    A byte order mark is accepted and removed (UTF-8, as Windows editors save it, and UTF-16 with its
    mark, which says unambiguously how to read it). UTF-16 without a mark gets its own message
    (``a.err.json_utf16``: save it as UTF-8), any other non-UTF-8 file ``a.err.json_encoding``.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError:
                return None, "a.err.json_encoding"
    if b"\x00" in data and _looks_like_utf16(data):
        return None, "a.err.json_utf16"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, "a.err.json_encoding"


def answers_from_file(data: bytes) -> tuple[Answers, dict[str, str]]:
    """Read answers from the bytes of an uploaded file; never raises.

    A file over :data:`MAX_JSON_BYTES` or not Unicode text (see :func:`decode_file`) gives empty answers
    and a ``document`` message; otherwise as :func:`answers_from_json`.
    """
    if not isinstance(data, (bytes, bytearray)):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}  # type: ignore[unreachable]  # guard for untyped callers: never raises
    if len(data) > MAX_JSON_BYTES:
        return Answers(), {DOCUMENT: "a.err.json_too_large"}
    text, problem = decode_file(bytes(data))
    if text is None:
        return Answers(), {DOCUMENT: problem or "a.err.json_encoding"}
    return answers_from_json(text)
