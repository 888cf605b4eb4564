"""Share and resume answers: compact URL query parameters and a versioned JSON document.

Reading never raises: every value that is invalid, forged or out of range is dropped and reported
as ``{field: message_key}`` (keys ``a.err.*`` with Swedish and English texts in
``content/ui/assessment_domain.yaml``); every valid answer is kept.

URL parameters (only answered fields are written):

=====================  =====  ==============================================
field                  key    value
=====================  =====  ==============================================
gates                  g      one character per gate in questionnaire order:
                              ``y`` yes, ``n`` no, ``-`` unanswered
contract_type          t      option id (``services`` ...)
framework              fw     ``1`` / ``0``
direct_award           da     ``1`` / ``0``
value_sek              v      number, SEK
duration_months        d      whole months
fte                    f      number
labour_share           ls     percent
entry_level            el     option id
market                 m      option id
recurring_recruitment  rr     ``1`` / ``0``
labour_law_needed      ll     ``1`` / ``0``
bonus_capacity         bc     ``1`` / ``0``
reserved_plausible     rp     ``1`` / ``0``
risks                  r      option ids joined by ``,``; ``-`` = none apply
start_date             sd     ISO date ``2025-01-31``
=====================  =====  ==============================================
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from guidance.assessment.assess import Answers
from guidance.assessment.questionnaire import load_questionnaire

#: Field -> URL parameter key.
PARAM_KEYS: dict[str, str] = {
    "gates": "g",
    "contract_type": "t",
    "framework": "fw",
    "direct_award": "da",
    "value_sek": "v",
    "duration_months": "d",
    "fte": "f",
    "labour_share": "ls",
    "entry_level": "el",
    "market": "m",
    "recurring_recruitment": "rr",
    "labour_law_needed": "ll",
    "bonus_capacity": "bc",
    "reserved_plausible": "rp",
    "risks": "r",
    "start_date": "sd",
}
BOOL_FIELDS = (
    "framework",
    "direct_award",
    "recurring_recruitment",
    "labour_law_needed",
    "bonus_capacity",
    "reserved_plausible",
)
NUMBER_FIELDS = ("value_sek", "duration_months", "fte", "labour_share")

#: The JSON document's format name and version (part of the file format, not of the rules).
FORMAT = "sysselsattningskrav-answers"
VERSION = 1
#: Technical limits against oversized input: bytes of a JSON document, characters of one URL value.
MAX_JSON_BYTES = 100_000
MAX_PARAM_CHARS = 200

#: Key under which document-level problems are reported.
DOCUMENT = "document"

_GATE_CHARS = {True: "y", False: "n", None: "-"}
_GATE_VALUES = {v: k for k, v in _GATE_CHARS.items()}
_NO_RISKS = "-"

_ERROR_TYPES = {
    "literal_error": "a.err.unknown_option",
    "int_from_float": "a.err.whole_number",
    "int_parsing": "a.err.whole_number",
    "bool_parsing": "a.err.not_bool",
    "bool_type": "a.err.not_bool",
    "date_parsing": "a.err.date",
    "date_from_datetime_parsing": "a.err.date",
    "date_type": "a.err.date",
    "date_from_datetime_inexact": "a.err.date",
    "float_parsing": "a.err.not_a_number",
    "finite_number": "a.err.not_a_number",
}


def _error_key(exc: ValidationError) -> str:
    kind = str(exc.errors()[0].get("type", ""))
    if kind.startswith("a.err."):
        return kind
    return _ERROR_TYPES.get(kind, "a.err.invalid")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def answers_to_params(a: Answers) -> dict[str, str]:
    """Compact URL query parameters for the answered fields (see the module docstring)."""
    out: dict[str, str] = {}
    gate_ids = load_questionnaire().gate_ids
    if any(a.gates.get(g) is not None for g in gate_ids):
        out[PARAM_KEYS["gates"]] = "".join(_GATE_CHARS[a.gates.get(g)] for g in gate_ids)
    for field, key in PARAM_KEYS.items():
        value = getattr(a, field)
        if field == "gates" or value is None:
            continue
        if field in BOOL_FIELDS:
            out[key] = "1" if value else "0"
        elif field in NUMBER_FIELDS:
            out[key] = _number_text(value)
        elif field == "risks":
            out[key] = ",".join(sorted(value)) or _NO_RISKS
        elif field == "start_date":
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def _parse_param(field: str, text: str) -> Any:
    """Turn one URL value into the Python value for ``field``; raise ValueError with a message key."""
    if field in BOOL_FIELDS:
        if text not in ("1", "0"):
            raise ValueError("a.err.not_bool")
        return text == "1"
    if field in NUMBER_FIELDS:
        try:
            number = float(text)
        except ValueError:
            raise ValueError("a.err.not_a_number") from None
        if not math.isfinite(number):
            raise ValueError("a.err.not_a_number")
        if field == "duration_months":
            if not number.is_integer():
                raise ValueError("a.err.whole_number")
            return int(number)
        return number
    if field == "risks":
        return frozenset() if text == _NO_RISKS else frozenset(text.split(","))
    if field == "start_date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("a.err.date") from None
    if field == "gates":
        gate_ids = load_questionnaire().gate_ids
        if len(text) != len(gate_ids) or any(c not in _GATE_VALUES for c in text):
            raise ValueError("a.err.gates")
        return {g: _GATE_VALUES[c] for g, c in zip(gate_ids, text, strict=False) if _GATE_VALUES[c] is not None}
    return text


def _validated(values: Mapping[str, Any], errors: dict[str, str]) -> Answers:
    """Validate each field on its own, drop the invalid ones (recorded in ``errors``), keep the rest."""
    good: dict[str, Any] = {}
    for field, value in values.items():
        try:
            Answers.model_validate({field: value})
        except ValidationError as exc:
            errors[field] = _error_key(exc)
            continue
        good[field] = value
    return Answers.model_validate(good)


def answers_from_params(params: Mapping[str, str]) -> tuple[Answers, dict[str, str]]:
    """Read answers from URL query parameters; never raises.

    Unknown parameters (``lang`` and the like) are ignored. Each invalid value is dropped and
    reported as ``{field: message_key}``; all valid values are kept.
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, key in PARAM_KEYS.items():
        if key not in params:
            continue
        raw = params[key]
        if isinstance(raw, list):  # some frameworks hand over repeated keys as a list
            raw = raw[-1] if raw else ""
        if not isinstance(raw, str) or len(raw) > MAX_PARAM_CHARS:
            errors[field] = "a.err.invalid"
            continue
        try:
            values[field] = _parse_param(field, raw.strip())
        except ValueError as exc:
            errors[field] = str(exc) if str(exc).startswith("a.err.") else "a.err.invalid"
    return _validated(values, errors), errors


def answers_to_json(a: Answers) -> str:
    """A versioned JSON document holding the answered fields."""
    body: dict[str, Any] = {}
    gates = {g: v for g, v in a.gates.items() if v is not None}
    if gates:
        body["gates"] = gates
    for field in PARAM_KEYS:
        value = getattr(a, field)
        if field == "gates" or value is None:
            continue
        if field == "risks":
            value = sorted(value)
        elif field == "start_date":
            value = value.isoformat()
        body[field] = value
    doc = {"format": FORMAT, "version": VERSION, "answers": body}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _json_value(field: str, value: Any) -> Any:
    """Check JSON types strictly enough that a forged document cannot smuggle in odd values."""
    if field in BOOL_FIELDS:
        if not isinstance(value, bool):
            raise ValueError("a.err.not_bool")
        return value
    if field in NUMBER_FIELDS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("a.err.not_a_number")
        if not math.isfinite(value):
            raise ValueError("a.err.not_a_number")
        return value
    if field == "risks":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("a.err.unknown_risk")
        return frozenset(value)
    if field == "start_date":
        if not isinstance(value, str):
            raise ValueError("a.err.date")
        return _parse_param(field, value)
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


def answers_from_json(text: str) -> tuple[Answers, dict[str, str]]:
    """Read answers from a JSON document made by :func:`answers_to_json`; never raises.

    A document that is too large, not JSON, not this format or of an unknown version gives empty
    answers and ``{"document": message_key}``. Inside a valid document, each bad or unknown field
    is dropped and reported; the rest is kept.
    """
    if not isinstance(text, str):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}
    if len(text.encode("utf-8", errors="replace")) > MAX_JSON_BYTES:
        return Answers(), {DOCUMENT: "a.err.json_too_large"}
    try:
        doc = json.loads(text, parse_constant=lambda _: math.nan)
    except (ValueError, RecursionError):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return Answers(), {DOCUMENT: "a.err.json_foreign"}
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool):
        return Answers(), {DOCUMENT: "a.err.json_version"}
    body = doc.get("answers")
    if not isinstance(body, dict):
        return Answers(), {DOCUMENT: "a.err.json_malformed"}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, value in body.items():
        if field not in PARAM_KEYS:
            errors[str(field)[:MAX_PARAM_CHARS]] = "a.err.unknown_field"
            continue
        if value is None:
            continue
        if field == "gates":
            values[field] = _json_gates(value, errors)
            continue
        try:
            values[field] = _json_value(field, value)
        except ValueError as exc:
            errors[field] = str(exc) if str(exc).startswith("a.err.") else "a.err.invalid"
    return _validated(values, errors), errors
