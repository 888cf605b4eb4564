"""The suitability questionnaire as data: questions, options, bands, thresholds, floors and texts.

Loaded from ``content/assessment/questionnaire.yaml``; gate questions take their texts from
``content/governance.yaml`` (ids G1..G5). :mod:`guidance.assessment.assess` applies it.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
from pydantic import Field, model_validator

from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_items,
    validate_one,
    validate_text,
)
from guidance.content.model import Model
from guidance.core.models import Evidence, Frozen, Sourced, Text, by_id

QUESTIONNAIRE_FILE = "assessment/questionnaire.yaml"

VerdictId = Literal["not_yet", "not_suitable", "basic", "advanced", "advanced_bonus"]
LevelId = Literal["basic", "advanced", "spearhead"]
FlagId = Literal["reserved", "call_off", "labour_law", "residence_warning", "regional_network"]
ContractType = Literal["goods", "services", "works", "concession", "consultancy"]
EntryLevel = Literal["no", "partly", "yes"]
Market = Literal["thin", "adequate", "broad"]
QuestionKind = Literal["gate", "choice", "number", "bool", "date", "risk"]
Effect = Literal["not_suitable", "cap_basic"]

VERDICTS: tuple[VerdictId, ...] = get_args(VerdictId)
FLAGS: tuple[FlagId, ...] = get_args(FlagId)

#: The verdicts that can be reached after the gates, lowest first (the "ladder" risks move on).
LADDER: tuple[VerdictId, ...] = ("not_suitable", "basic", "advanced", "advanced_bonus")

#: Requirement level for each verdict.
LEVEL_OF: dict[VerdictId, LevelId | None] = {
    "not_yet": None,
    "not_suitable": None,
    "basic": "basic",
    "advanced": "advanced",
    "advanced_bonus": "spearhead",
}

#: Questions whose options the code relies on (sizing divisors are per contract type).
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {"contract_type": get_args(ContractType)}

#: Answers the code reads by name (sizing, conditions, the bonus step), with the kind each must have.
#: Every other question is pure content: add it to the questionnaire and it is asked, linked,
#: saved, scored and screened without a code change.
CODE_QUESTIONS: dict[str, QuestionKind] = {
    "contract_type": "choice",
    "framework": "bool",
    "direct_award": "bool",
    "value_sek": "number",
    "duration_months": "number",
    "fte": "number",
    "bonus_capacity": "bool",
    "risks": "risk",
    "start_date": "date",
}

GATE_ID = re.compile(r"G\d{1,2}")

#: The ``{placeholders}`` reason texts may use (filled in by :func:`guidance.assessment.assess.assess`).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "question",
        "answer",
        "points",
        "score",
        "max",
        "basic_min",
        "advanced_min",
        "risk",
        "changed",
        "levels",
        "note",
        "flag",
        "text",
        "before",
        "after",
        "gates",
        "find_out",
    }
)


def placeholders(text: Text) -> set[str]:
    """The ``{name}`` placeholders used in either language of ``text``."""
    names: set[str] = set()
    for lang_text in (text.sv, text.en):
        try:
            names |= {name for _, name, _, _ in string.Formatter().parse(lang_text) if name is not None}
        except ValueError:  # an unbalanced brace
            names.add("{")
    return names


#: Rule ids the code refers to; each must have a text, source and evidence in the content.
RULE_IDS: tuple[str, ...] = (
    "gate_yes",
    "gate_no",
    "gate_unanswered",
    "score_item",
    "score_unanswered",
    "score_low",
    "score_basic",
    "score_advanced",
    "bonus_added",
    "bonus_not_offered",
    "risk_major",
    "risk_lowers",
    "risk_warning",
    "risk_none",
    "risks_unanswered",
    "floor",
    "flag",
    "verdict_changed",
    "verdict_unchanged",
    "gate_unknown",
    "gate_advice",
    "score_unknown",
    "unknown_answer",
)


# --------------------------------------------------------------------------- content models
class Interval(Frozen):
    """A numeric range given by optional bounds: ``gt``/``ge`` below and ``lt``/``le`` above."""

    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    @model_validator(mode="after")
    def _one_bound_per_side(self) -> Interval:
        if self.gt is not None and self.ge is not None:
            raise ValueError("give either gt or ge, not both")
        if self.lt is not None and self.le is not None:
            raise ValueError("give either lt or le, not both")
        return self

    def mask(self, values: pd.Series) -> pd.Series:
        """:meth:`contains` for a whole column at once; False where the value is missing."""
        v = values.astype("float64")
        mask = v.notna()
        if self.gt is not None:
            mask &= v > self.gt
        if self.ge is not None:
            mask &= v >= self.ge
        if self.lt is not None:
            mask &= v < self.lt
        if self.le is not None:
            mask &= v <= self.le
        return mask.astype(bool)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside the range."""
        return bool(
            (self.gt is None or value > self.gt)
            and (self.ge is None or value >= self.ge)
            and (self.lt is None or value < self.lt)
            and (self.le is None or value <= self.le)
        )

    def is_bounded(self) -> bool:
        """Whether at least one bound is given."""
        return any(b is not None for b in (self.gt, self.ge, self.lt, self.le))


class Option(Interval):
    """An answer option (choice, yes/no, risk flag) or a band of a number question.

    Bands use the inherited ``gt``/``ge``/``lt``/``le`` bounds. Risk options use ``major``,
    ``lowers`` and ``flag``. ``source``/``evidence`` default to the question's.
    """

    id: str = Field(min_length=1)
    label: Text
    points: int = Field(default=0, ge=0)
    major: bool = False
    lowers: int = Field(default=0, ge=0)
    flag: FlagId | None = None
    note: Text | None = None
    source: str | None = None
    evidence: Evidence | None = None


class CompactInput(Frozen):
    """How a number is typed where space is short (a phone): shown divided by ``scale``."""

    scale: float = Field(gt=0)
    step: float = Field(gt=0)
    decimals: int = Field(ge=0, le=6)
    label_key: str = Field(min_length=1)


class InputHint(Frozen):
    """How a number question's input looks: step, decimals shown, money caption, compact form."""

    step: float = Field(gt=0)
    decimals: int = Field(ge=0, le=6)
    money: bool = False
    compact: CompactInput | None = None


class DateRange(Frozen):
    """The dates a date question accepts."""

    min: dt.date
    max: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.max < self.min:
            raise ValueError("max must not be before min")
        return self

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies inside the range."""
        return self.min <= day <= self.max


class Unknown(Frozen):
    """What a "don't know" answer to a question means.

    Attributes:
        counts_as: the option whose points (and effect) the answer has until it is known; None for
            a gate (the verdict then holds only provided the gate is confirmed) or a question whose
            "don't know" has no effect.
        find_out: what the buyer needs to find out.
        who: who can usually answer it.
    """

    counts_as: str | None = None
    find_out: Text
    who: Text


class Question(Sourced):
    """One question of the questionnaire.

    ``kind`` is ``gate`` (yes/no readiness question; text from ``content/governance.yaml``),
    ``choice`` (one option), ``number`` (value put into bands), ``bool`` (yes/no),
    ``date`` or ``risk`` (any subset of the options). ``bounds`` limit what a number may be, with
    ``error_key`` naming the message shown when an answer falls outside them; ``whole`` numbers
    take no decimals. ``param`` is the answer's key in a shared link and in files; ``flag`` is the
    flag a "yes" to a yes/no question raises; ``input`` says how the number is typed. ``unknown``
    offers a "don't know" answer and says what it means. ``advice_flag`` marks a gate that is advice,
    not a condition: any answer but yes raises that flag and the verdict does not change.
    """

    id: str = Field(min_length=1)
    kind: QuestionKind
    block: Literal["gates", "contract", "fit", "capacity", "risks"]
    text: Text
    short: Text
    help: Text
    options: tuple[Option, ...] = ()
    unit: Text | None = None
    bounds: Interval | None = None
    error_key: str | None = None
    optional: bool = False
    param: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9]{0,7}$")
    whole: bool = False
    flag: FlagId | None = None
    input: InputHint | None = None
    dates: DateRange | None = None
    unknown: Unknown | None = None
    advice_flag: FlagId | None = None

    @property
    def required(self) -> bool:
        """Whether a verdict needs an answer (or a "don't know") to this question."""
        return not self.optional and self.advice_flag is None

    @property
    def scored(self) -> bool:
        """Whether any answer to this question gives points."""
        return any(o.points for o in self.options) and self.kind != "risk"

    @property
    def max_points(self) -> int:
        """The most points an answer can give."""
        return max((o.points for o in self.options), default=0) if self.scored else 0

    def option(self, option_id: str) -> Option | None:
        """The option with ``option_id``, if any."""
        return next((o for o in self.options if o.id == option_id), None)

    def band(self, value: float) -> Option | None:
        """The band of a number question that holds ``value``."""
        return next((o for o in self.options if o.contains(value)), None)


class Condition(Frozen):
    """When a floor applies: an answer equal to ``equals``, one of ``any_of``, or inside ``range``."""

    equals: bool | str | None = None
    any_of: tuple[str, ...] | None = None
    range: Interval | None = None

    def holds(self, value: Any) -> bool:
        """Whether an (answered) value meets the condition."""
        if self.equals is not None:
            return bool(value == self.equals)
        if self.any_of is not None:
            return value in self.any_of
        if self.range is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.range.contains(float(value))
        return False


class Floor(Sourced):
    """An eligibility floor (brief §5.7 step 1): an answer that rules out or caps a requirement."""

    id: str = Field(min_length=1)
    question: str
    when: Condition
    effect: Effect
    text: Text


class Rule(Sourced):
    """A rule that produces reasons; ``text`` may hold ``{placeholders}`` filled in by :func:`assess`."""

    id: str = Field(min_length=1)
    text: Text


class Thresholds(Sourced):
    """Score thresholds: below ``basic_min`` no requirement, from ``advanced_min`` numerical."""

    basic_min: int = Field(ge=0)
    advanced_min: int = Field(ge=0)
    risk_floor: Literal["not_suitable", "basic"] = "basic"
    note: Text

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.advanced_min <= self.basic_min:
            raise ValueError("advanced_min must be above basic_min")
        return self


class VerdictText(Sourced):
    """Title, explanation and next step of one verdict."""

    id: VerdictId
    title: Text
    summary: Text
    next_step: Text


class FlagText(Sourced):
    """Title and explanation of one flag."""

    id: FlagId
    title: Text
    text: Text


class Questionnaire(Frozen):
    """The whole questionnaire: questions in display order plus the rules that turn answers into a verdict.

    ``unanswered`` is the reason text used when open gates cap the verdict; ``unanswered_policy``
    explains to the user how every kind of unanswered question is treated.
    """

    questions: tuple[Question, ...]
    gate_param: str = Field(pattern=r"^[a-z][a-z0-9]{0,7}$")
    thresholds: Thresholds
    floors: tuple[Floor, ...]
    rules: tuple[Rule, ...]
    verdicts: tuple[VerdictText, ...]
    flags: tuple[FlagText, ...]
    unanswered: Text
    unanswered_policy: Text

    def question(self, question_id: str) -> Question:
        """The question with ``question_id``; raises ``KeyError`` if unknown."""
        return by_id(self.questions, question_id, "question")

    def rule(self, rule_id: str) -> Rule:
        """The rule with ``rule_id``; raises ``KeyError`` if unknown."""
        return by_id(self.rules, rule_id, "rule")

    def verdict(self, verdict_id: str) -> VerdictText:
        """Texts of the verdict ``verdict_id``."""
        return by_id(self.verdicts, verdict_id, "verdict")

    def flag(self, flag_id: str) -> FlagText:
        """Texts of the flag ``flag_id``."""
        return by_id(self.flags, flag_id, "flag")

    @property
    def gate_ids(self) -> tuple[str, ...]:
        """The gate question ids in order (G1..G5)."""
        return tuple(q.id for q in self.questions if q.kind == "gate")

    @property
    def condition_gate_ids(self) -> tuple[str, ...]:
        """The gates that are conditions for a requirement (not advice), in order."""
        return tuple(q.id for q in self.questions if q.kind == "gate" and q.advice_flag is None)

    @property
    def required_ids(self) -> tuple[str, ...]:
        """The questions a verdict needs answered, in order."""
        return tuple(q.id for q in self.questions if q.required)

    @property
    def risk_ids(self) -> tuple[str, ...]:
        """The risk flag option ids."""
        return tuple(o.id for o in self.question("risks").options)

    @property
    def max_score(self) -> int:
        """The highest possible score."""
        return sum(q.max_points for q in self.questions)

    def points_table(self, question_id: str) -> dict[str, int]:
        """Option id -> points of a scored question (handy for vectorised screening)."""
        return {o.id: o.points for o in self.question(question_id).options}


# --------------------------------------------------------------------------- loading
def _gate_question(raw: dict[str, Any], model: Model, file: str) -> dict[str, Any]:
    """Fill a gate entry (``{id, kind: gate, ...}``) with text, help and source from governance."""
    gate = next((g for g in model.gates if g.id == raw.get("id")), None)
    if gate is None:
        raise ContentError(file, str(raw.get("id")), "id", "unknown gate id (not in content/governance.yaml)")
    out = dict(raw)
    out.setdefault("text", gate.text.model_dump())
    out.setdefault("short", gate.text.model_dump())
    out.setdefault("help", gate.help.model_dump())
    out.setdefault("source", gate.source)
    out.setdefault("evidence", gate.evidence.value)
    return out


def _check(questionnaire: Questionnaire, model: Model, file: str) -> None:
    source_ids = {s.id for s in model.sources}
    q_ids = {q.id for q in questionnaire.questions}

    def src(item_id: str, source: str | None) -> None:
        if source is not None and source not in source_ids:
            raise ContentError(file, item_id, "source", f"unknown source id '{source}'")

    for q in questionnaire.questions:
        src(q.id, q.source)
        for o in q.options:
            src(f"{q.id}.{o.id}", o.source)
        if q.kind == "number" and (q.bounds is None or q.error_key is None):
            raise ContentError(file, q.id, "bounds", "a number question needs bounds and error_key")
        if q.kind in ("choice", "bool", "risk") and not q.options:
            raise ContentError(file, q.id, "options", "this kind of question needs options")
        if q.kind == "risk":
            for o in q.options:
                if not (o.major or o.lowers) and o.note is None:
                    raise ContentError(
                        file,
                        f"{q.id}.{o.id}",
                        "note",
                        "a risk that does not lower the level needs a note saying what to do",
                    )
        if q.kind == "number" and q.options:
            for o in q.options:
                if not o.is_bounded():
                    raise ContentError(file, f"{q.id}.{o.id}", "ge", "a band needs at least one bound")
    for field, ids in CHOICE_FIELDS.items():
        if field not in q_ids:
            raise ContentError(file, field, "id", "required question is missing")
        have = {o.id for o in questionnaire.question(field).options}
        if have != set(ids):
            raise ContentError(file, field, "options", f"options must be exactly {sorted(ids)}")
    for field, kind in CODE_QUESTIONS.items():
        if field not in q_ids:
            raise ContentError(file, field, "id", "required question is missing")
        if questionnaire.question(field).kind != kind:
            raise ContentError(file, field, "kind", f"this question must be of kind '{kind}'")
    params = [questionnaire.gate_param]
    for q in questionnaire.questions:
        if q.kind != "gate" and q.param is None:
            raise ContentError(file, q.id, "param", "every question but a gate needs a param (its key in links)")
        if q.kind == "gate" and q.param is not None:
            raise ContentError(file, q.id, "param", "gates share gate_param; give no param")
        if q.param is not None:
            if q.param in params:
                raise ContentError(file, q.id, "param", f"param '{q.param}' is used twice")
            params.append(q.param)
        if q.flag is not None and q.kind != "bool":
            raise ContentError(file, q.id, "flag", "only a yes/no question raises a flag")
        if (q.whole or q.input is not None) and q.kind != "number":
            raise ContentError(file, q.id, "whole", "whole and input apply to number questions")
        if q.kind == "number" and q.input is None:
            raise ContentError(file, q.id, "input", "a number question needs input (step and decimals)")
        if q.unknown is not None:
            if q.kind not in ("gate", "bool", "choice"):
                raise ContentError(file, q.id, "unknown", "only yes/no and choice questions offer 'don't know'")
            if q.unknown.counts_as is not None and q.option(q.unknown.counts_as) is None:
                raise ContentError(file, q.id, "unknown", f"counts_as '{q.unknown.counts_as}' is not an option")
        if q.advice_flag is not None and q.kind != "gate":
            raise ContentError(file, q.id, "advice_flag", "only a gate can be advice")
        if (q.kind == "date") != (q.dates is not None):
            raise ContentError(file, q.id, "dates", "a date question, and only a date question, needs dates")
    for gate_id in questionnaire.gate_ids:
        if not GATE_ID.fullmatch(gate_id):
            raise ContentError(file, gate_id, "id", "gate ids look like G1, G2 ...")
    for floor in questionnaire.floors:
        src(floor.id, floor.source)
        if floor.question not in q_ids:
            raise ContentError(file, floor.id, "question", f"unknown question id '{floor.question}'")
    have_rules = {r.id for r in questionnaire.rules}
    for rule in questionnaire.rules:
        src(rule.id, rule.source)
    for rule_id in RULE_IDS:
        if rule_id not in have_rules:
            raise ContentError(file, rule_id, "rules", "required rule text is missing")
    for group, wanted in (("verdicts", VERDICTS), ("flags", FLAGS)):
        items = getattr(questionnaire, group)
        for item in items:
            src(item.id, item.source)
        missing = set(wanted) - {i.id for i in items}
        if missing:
            raise ContentError(file, group, "id", f"missing entries: {sorted(missing)}")
    src("thresholds", questionnaire.thresholds.source)
    texts = [(r.id, "text", r.text) for r in questionnaire.rules]
    texts += [(f.id, "text", f.text) for f in questionnaire.floors]
    texts += [("unanswered", "unanswered", questionnaire.unanswered)]
    for item_id, field, text in texts:
        unknown = placeholders(text) - PLACEHOLDERS
        if unknown:
            raise ContentError(file, item_id, field, f"unknown placeholder(s) {sorted(unknown)}")


def build_questionnaire(root: Path = CONTENT_DIR, model: Model | None = None) -> Questionnaire:
    """Read and validate the questionnaire under ``root``; gate texts come from ``model``.

    Raises:
        ContentError: naming file, item and field of the first problem.
    """
    model = model or load_model()
    file = f"content/{QUESTIONNAIRE_FILE}"
    raw = read_sections(
        root / QUESTIONNAIRE_FILE,
        (
            "questions",
            "thresholds",
            "floors",
            "rules",
            "verdicts",
            "flags",
            "unanswered",
            "unanswered_policy",
            "gate_param",
        ),
        root,
    )
    items = raw["questions"]
    if not isinstance(items, list):
        raise ContentError(file, "questions", "questions", "expected a list of items")
    items = [_gate_question(q, model, file) if isinstance(q, dict) and q.get("kind") == "gate" else q for q in items]
    thresholds = validate_one(file, "thresholds", raw["thresholds"], Thresholds)
    unanswered = validate_text(file, "unanswered", raw["unanswered"])
    policy = validate_text(file, "unanswered_policy", raw["unanswered_policy"])
    questionnaire = Questionnaire(
        questions=validate_items(file, "questions", items, Question),
        gate_param=raw["gate_param"],
        thresholds=thresholds,
        floors=validate_items(file, "floors", raw["floors"], Floor),
        rules=validate_items(file, "rules", raw["rules"], Rule),
        verdicts=validate_items(file, "verdicts", raw["verdicts"], VerdictText),
        flags=validate_items(file, "flags", raw["flags"], FlagText),
        unanswered=unanswered,
        unanswered_policy=policy,
    )
    _check(questionnaire, model, file)
    return questionnaire


@cached_loader
def load_questionnaire() -> Questionnaire:
    """The validated questionnaire from the bundled ``content/``, parsed once per process."""
    return build_questionnaire(content_dir(), load_model())
