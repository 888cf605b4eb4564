"""The user's answers to the questionnaire, validated against the questionnaire content.

Which questions exist, their kind, options and bounds all come from
``content/assessment/questionnaire.yaml``: a question added there is an answer field here without a
code change. :class:`Answers` declares as typed attributes only the answers the code reads by name
(:data:`guidance.assessment.questionnaire.CODE_QUESTIONS`: sizing, conditions, the bonus step);
every other answer is held by question id and read with :meth:`Answers.value`.

Validation problems are pydantic errors whose ``type`` is the message key (``a.err.*``, texts in
``content/ui/assessment_domain.yaml``).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from guidance.assessment.questionnaire import (
    GATE_ID,
    ContractType,
    Question,
    load_questionnaire,
)

#: Pydantic's own error types and the message key shown for each.
ERROR_KEYS: dict[str, str] = {
    "literal_error": "a.err.unknown_option",
    "int_from_float": "a.err.whole_number",
    "int_parsing": "a.err.whole_number",
    "int_type": "a.err.whole_number",
    "bool_parsing": "a.err.not_bool",
    "bool_type": "a.err.not_bool",
    "date_parsing": "a.err.date",
    "date_from_datetime_parsing": "a.err.date",
    "date_type": "a.err.date",
    "date_from_datetime_inexact": "a.err.date",
    "float_parsing": "a.err.not_a_number",
    "float_type": "a.err.not_a_number",
    "finite_number": "a.err.not_a_number",
    "frozen_set_type": "a.err.unknown_risk",
    "string_type": "a.err.unknown_option",
}


def error_key(exc: ValidationError) -> str:
    """The message key of the first problem in ``exc`` (``a.err.invalid`` when none fits)."""
    kind = str(exc.errors()[0].get("type", ""))
    if kind.startswith("a.err."):
        return kind
    return ERROR_KEYS.get(kind, "a.err.invalid")


@lru_cache(maxsize=16)
def _adapter(kind: str, whole: bool) -> TypeAdapter[Any]:
    """The type an answer of this kind of question has."""
    types: dict[str, Any] = {
        "bool": bool,
        "number": int if whole else float,
        "choice": str,
        "date": dt.date,
        "risk": frozenset[str],
    }
    return TypeAdapter(types[kind])


def _checked(q: Question, value: Any) -> Any:
    """``value`` as the answer to ``q``; raises ``PydanticCustomError`` with the message key."""
    if q.kind == "number" and isinstance(value, bool):
        raise PydanticCustomError("a.err.not_a_number", "a yes/no is not a number")
    try:
        typed = _adapter(q.kind, q.whole).validate_python(value)
    except ValidationError as exc:
        raise PydanticCustomError(error_key(exc), "not a valid answer") from None
    _in_content(q, typed)
    return typed


def _in_content(q: Question, value: Any) -> None:
    """Raise the content's message key when ``value`` is outside what ``q`` allows."""
    if q.kind == "number":
        if math.isnan(value) or math.isinf(value):
            raise PydanticCustomError("a.err.not_a_number", "not a finite number")
        if q.bounds is not None and not q.bounds.contains(float(value)):
            raise PydanticCustomError(q.error_key or "a.err.invalid", "outside the allowed range")
    elif q.kind == "choice" and q.option(str(value)) is None:
        raise PydanticCustomError("a.err.unknown_option", "not one of the options")
    elif q.kind == "risk" and not value <= {o.id for o in q.options}:
        raise PydanticCustomError("a.err.unknown_risk", "unknown risk flag")
    elif q.kind == "date" and q.dates is not None and not q.dates.contains(value):
        raise PydanticCustomError("a.err.date", "outside the dates the question accepts")


def _problem(key: Any, value: Any, exc: PydanticCustomError) -> InitErrorDetails:
    return InitErrorDetails(type=exc, loc=(str(key),), input=value)


class Answers(BaseModel):
    """The user's answers. Every answer is optional: ``None`` (or a missing gate) means unanswered.

    Construct with the question ids as keyword arguments (``Answers(market="thin")``); gates go
    in ``gates`` as ``{gate id: True/False}``. An unknown question id, a value of the wrong kind,
    an unknown option or a number outside the question's bounds raises a ``ValidationError``
    whose error ``type`` is the message key.

    Attributes:
        gates: gate id (``G1``..) -> yes (True) or no (False); unanswered gates are left out.
        unknown: ids of the questions (gates too) answered "don't know"; only questions whose
            content offers it. An answer given to the same question wins over "don't know".
        contract_type, framework, direct_award, value_sek, duration_months, fte, bonus_capacity,
        risks, start_date: the answers the code reads by name (see the module docstring).
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    gates: dict[str, bool | None] = Field(default_factory=dict)
    contract_type: ContractType | None = None
    framework: bool | None = None
    direct_award: bool | None = None
    value_sek: float | None = None
    duration_months: int | None = None
    fte: float | None = None
    bonus_capacity: bool | None = None
    risks: frozenset[str] | None = None
    start_date: dt.date | None = None
    unknown: frozenset[str] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _answers_by_question(cls, data: Any) -> Any:
        """Check the answers that have no attribute of their own against their question."""
        if not isinstance(data, dict):
            return data
        qn = load_questionnaire()
        out: dict[str, Any] = {}
        problems: list[InitErrorDetails] = []
        for key, value in data.items():
            if key in cls.model_fields:
                out[key] = value
                continue
            try:
                q = qn.question(str(key))
                if q.kind == "gate":
                    raise PydanticCustomError("a.err.gates", "gates are answered in 'gates'")
                if value is not None:
                    out[key] = _checked(q, value)
            except KeyError:
                problems.append(_problem(key, value, PydanticCustomError("a.err.unknown_field", "not a question")))
            except PydanticCustomError as exc:
                problems.append(_problem(key, value, exc))
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return out

    @field_validator("*")
    @classmethod
    def _named_answer_in_content(cls, value: Any, info: ValidationInfo) -> Any:
        """Bounds, options and risk flags of the typed attributes come from the content too."""
        if info.field_name not in ("gates", "unknown") and value is not None:
            _in_content(load_questionnaire().question(str(info.field_name)), value)
        return value

    @field_validator("gates")
    @classmethod
    def _known_gates(cls, value: dict[str, bool | None]) -> dict[str, bool | None]:
        known = set(load_questionnaire().gate_ids)
        for key in value:
            if key not in known:
                raise PydanticCustomError("a.err.gates", "unknown gate id")
        # None means unanswered, exactly like a missing key: keep one representation.
        return {key: answer for key, answer in value.items() if answer is not None}

    @field_validator("unknown")
    @classmethod
    def _unknown_offered(cls, value: frozenset[str]) -> frozenset[str]:
        qn = load_questionnaire()
        offered = {q.id for q in qn.questions if q.unknown is not None}
        if not value <= offered:
            raise PydanticCustomError("a.err.unknown_not_offered", "'don't know' is not an answer to that question")
        return value

    def value(self, question_id: str) -> Any:
        """The answer to a question (a gate id or any other question id); None if unanswered."""
        if GATE_ID.fullmatch(question_id):
            return self.gates.get(question_id)
        return getattr(self, question_id, None)

    def answered(self, question_id: str) -> bool:
        """Whether the question (a question id or a gate id) has an answer."""
        return self.value(question_id) is not None

    def is_unknown(self, question_id: str) -> bool:
        """Whether the question was answered "don't know" (and has no other answer)."""
        return question_id in self.unknown and self.value(question_id) is None

    def settled(self, question_id: str) -> bool:
        """Whether the question has an answer or a "don't know"."""
        return self.answered(question_id) or self.is_unknown(question_id)

    def given(self) -> dict[str, Any]:
        """Every answered question except the gates, by question id, in questionnaire order."""
        qn = load_questionnaire()
        return {q.id: self.value(q.id) for q in qn.questions if q.kind != "gate" and self.value(q.id) is not None}


def field_error(question_id: str, value: Any) -> str | None:
    """The message key if ``value`` is not a valid answer to ``question_id``, else None."""
    try:
        Answers.model_validate({question_id: value})
    except ValidationError as exc:
        return error_key(exc)
    return None
