"""Hypothesis strategies for the property tests, in one place and built from the content.

pydantic v2 has no hypothesis plugin, so the strategies are written out here. They read what an
answer or input may be from the content, not from lists repeated in code:

* :func:`answers` walks ``load_questionnaire().questions``: each question's ``kind``, ``options``,
  ``bounds``, ``whole``, ``dates`` and ``optional`` decide its answer, so a question added to
  ``content/assessment/questionnaire.yaml`` is answered here without a change.
* :func:`contracts` and :func:`sizing_rules` give the inputs of ``size()``: contract fields are the
  questions of the same id, rules are the content's rule sets or a custom rule.
* :func:`calc_inputs` gives calculator inputs within the options and limits of
  ``content/calculator/inputs.yaml``.
* The screening strategies (:func:`plan_rows`, :func:`input_rows`, :func:`contract_rows`,
  :func:`policies`) give plan rows and policies in the same terms.

Numbers mix values anywhere inside a question's bounds with the values where the content draws a
line (:func:`edges`): bounds, bands, eligibility floors and the sizing rules' scopes and divisors,
each with its nearest neighbours, because that is where a rule is most easily off by one. Dates
lie in the question's ``dates`` range, its first and last day included.
"""

from __future__ import annotations

import math
from typing import Any, get_args

from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import Interval, Question, load_questionnaire
from guidance.assessment.sizing import Contract, SizingRule, custom_rule, load_sizing_rules
from guidance.calculator.parameters import CalcInputs, input_limits, load_parameters
from guidance.screening.content import load_plan_content
from guidance.screening.screen import Assumptions, CustomRule, Policy

#: Rounding modes a sizing rule may use (the rule model's own choices).
ROUNDINGS: tuple[str, ...] = get_args(SizingRule.model_fields["rounding"].annotation)
#: SEK per place a custom sizing rule may be given.
CUSTOM_DIVISORS = st.floats(min_value=1e5, max_value=1e9)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``strategy`` or None (an unanswered question, an unknown value)."""
    return st.none() | strategy


def question(question_id: str) -> Question:
    """The question ``question_id`` of the bundled questionnaire."""
    return load_questionnaire().question(question_id)


def option_ids(question_id: str) -> list[str]:
    """The option ids of a choice or risk question."""
    return [o.id for o in question(question_id).options]


# --------------------------------------------------------------------------- numbers
def _bounds(interval: Interval | None) -> list[float]:
    if interval is None:
        return []
    return [b for b in (interval.gt, interval.ge, interval.lt, interval.le) if b is not None]


def edges(q: Question) -> list[float]:
    """The values of a number question where the content draws a line, with their neighbours.

    The lines are the question's bounds, its bands, any eligibility floor on it and, for the
    contract facts, the sizing rules' scopes (duration, FTE) and divisors (value). Only values
    inside the question's bounds are kept; whole-number questions get whole numbers.
    """
    qn = load_questionnaire()
    points = _bounds(q.bounds)
    for option in q.options:
        points += _bounds(option)
    for floor in qn.floors:
        if floor.question == q.id:
            points += _bounds(floor.when.range)
    for rule in load_sizing_rules():
        if q.id == "duration_months":
            points += _bounds(rule.duration_scope)
        elif q.id == "fte":
            points += _bounds(rule.fte_scope)
        elif q.id == "value_sek":
            points += [k * d for d in rule.divisors_sek.values() for k in (1, 2)]
    near: set[float] = set()
    for p in points:
        if q.whole:
            near |= {math.floor(p) - 1, math.floor(p), math.ceil(p), math.ceil(p) + 1}
        else:
            near |= {math.nextafter(p, -math.inf), p, math.nextafter(p, math.inf)}
    inside = [p for p in near if q.bounds is None or q.bounds.contains(p)]
    return sorted(int(p) if q.whole else float(p) for p in inside)


def number(q: Question) -> st.SearchStrategy[float] | st.SearchStrategy[int]:
    """A valid answer to a number question: anywhere in its bounds, or at one of its :func:`edges`."""
    b = q.bounds or Interval()
    low = b.gt if b.gt is not None else b.ge
    high = b.lt if b.lt is not None else b.le
    anywhere: st.SearchStrategy[Any]
    if q.whole:
        anywhere = st.integers(
            min_value=None if low is None else math.floor(low) + 1 if b.gt is not None else math.ceil(low),
            max_value=None if high is None else math.ceil(high) - 1 if b.lt is not None else math.floor(high),
        )
    else:
        anywhere = st.floats(
            min_value=low,
            max_value=high,
            exclude_min=b.gt is not None,
            exclude_max=b.lt is not None,
            allow_nan=False,
            allow_infinity=False,
        )
    points = edges(q)
    return st.sampled_from(points) | anywhere if points else anywhere


# --------------------------------------------------------------------------- answers
def answer(q: Question) -> st.SearchStrategy[Any]:
    """A valid, given answer to ``q`` according to its kind (a gate is answered yes or no)."""
    if q.kind in ("gate", "bool"):
        return st.booleans()
    if q.kind == "choice":
        return st.sampled_from([o.id for o in q.options])
    if q.kind == "risk":
        return st.frozensets(st.sampled_from([o.id for o in q.options]))
    if q.kind == "number":
        return number(q)
    if q.kind == "date":
        if q.dates is None:
            raise ValueError(f"the date question {q.id} gives no range of dates")
        first, last = q.dates.min, q.dates.max
        return st.sampled_from([first, last]) | st.dates(min_value=first, max_value=last)
    raise ValueError(f"no strategy for questions of kind {q.kind!r} ({q.id})")


def answers(*, complete: bool = False) -> st.SearchStrategy[Answers]:
    """Answers to the questionnaire; None (or a left-out gate) is an unanswered question.

    Args:
        complete: every question that is not ``optional`` is answered (optional ones may still be
            unanswered); otherwise any question may be unanswered.
    """
    gates: dict[str, st.SearchStrategy[Any]] = {}
    given: dict[str, st.SearchStrategy[Any]] = {}
    for q in load_questionnaire().questions:
        value = answer(q) if complete and not q.optional else maybe(answer(q))
        if q.unknown is not None:  # "don't know" is an answer of its own where the content offers it
            value = st.one_of(value, st.just(DONT_KNOW))
        (gates if q.kind == "gate" else given)[q.id] = value
    return st.builds(_with_unknown, st.fixed_dictionaries(gates), st.fixed_dictionaries(given))


#: Stands for a "don't know" answer while answers are generated.
DONT_KNOW = "\x00dont-know"


def _with_unknown(gates: dict[str, Any], given: dict[str, Any]) -> Answers:
    """Answers with the generated "don't know" markers moved into ``unknown``."""
    unknown = frozenset(k for k, v in (*gates.items(), *given.items()) if v == DONT_KNOW)
    return Answers(
        gates={k: v for k, v in gates.items() if v != DONT_KNOW},
        unknown=unknown,
        **{k: v for k, v in given.items() if v != DONT_KNOW},
    )


# --------------------------------------------------------------------------- sizing
def contracts() -> st.SearchStrategy[Contract]:
    """Contracts for ``size()``: each field answered like the question of the same id.

    A field that may be None in :class:`Contract` (FTE, start date) is sometimes None.
    """
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, field in Contract.model_fields.items():
        value = answer(question(name))
        fields[name] = maybe(value) if not field.is_required() and field.default is None else value
    return st.builds(Contract, **fields)


def custom_divisors(min_size: int = 0) -> st.SearchStrategy[dict[str, float]]:
    """SEK per place for some of the contract types."""
    return st.dictionaries(st.sampled_from(option_ids("contract_type")), CUSTOM_DIVISORS, min_size=min_size)


def sizing_rules() -> st.SearchStrategy[SizingRule]:
    """One of the content's rule sets, or a custom rule with any divisors, rounding and minimum."""
    custom = st.builds(custom_rule, custom_divisors(), st.sampled_from(ROUNDINGS), st.booleans())
    return st.sampled_from(load_sizing_rules()) | custom


# --------------------------------------------------------------------------- calculator
def calc_inputs(max_positions: int = 500) -> st.SearchStrategy[CalcInputs]:
    """Calculator inputs: every choice among the content's options, every number within its limits.

    Args:
        max_positions: at most this many positions (the content allows far more). Totals grow with
            positions x months, so with tens of thousands of positions rounding alone exceeds the
            absolute tolerances of the properties.
    """
    options = load_parameters().options
    limits = {lim.field: lim for lim in input_limits()}
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, field in CalcInputs.model_fields.items():
        if name in type(options).model_fields:
            fields[name] = st.sampled_from([o.id for o in getattr(options, name)])
        elif field.annotation in (bool, "bool"):
            fields[name] = st.booleans()
        elif field.annotation in (int, "int"):
            lim = limits[name]
            low = math.floor(lim.min) + 1 if lim.min_exclusive else math.ceil(lim.min)
            high = min(int(lim.max), max_positions) if name == "positions" else int(lim.max)
            fields[name] = st.integers(low, high)
        else:
            lim = limits[name]
            fields[name] = st.floats(lim.min, lim.max, exclude_min=lim.min_exclusive)
    return st.builds(CalcInputs, **fields)


# --------------------------------------------------------------------------- screening
def category_ids() -> list[str]:
    """The procurement categories a plan row may have (``content/screening``)."""
    return list(load_plan_content().category_ids)


def assumptions() -> st.SearchStrategy[Assumptions]:
    """Answers a plan screening assumes for every row."""
    return st.builds(
        Assumptions,
        gates_met=st.booleans(),
        risks=st.sampled_from(get_args(Assumptions.model_fields["risks"].annotation)),
        bonus_capacity=st.booleans(),
        estimate_fte=st.booleans(),
        sek_per_fte_year=st.floats(100_000, 2_000_000),
        entry_level=maybe(answer(question("entry_level"))),
        market=maybe(answer(question("market"))),
    )


def custom_rules() -> st.SearchStrategy[CustomRule]:
    """The user's parameters of the custom sizing rule in a screening policy."""
    return st.builds(
        CustomRule,
        divisors_sek=st.dictionaries(
            st.sampled_from(option_ids("contract_type")), st.floats(1e6, 2e8, allow_nan=False), min_size=1
        ),
        rounding=st.sampled_from(ROUNDINGS),
        minimum_one=st.booleans(),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A screening policy: a rule (custom parameters for ``custom``), filters, a share and assumptions."""
    rule = draw(st.sampled_from([r.id for r in load_sizing_rules()]))
    custom = draw(maybe(custom_rules())) if rule == "custom" else None
    cats = draw(maybe(st.lists(st.sampled_from(category_ids()), min_size=1, unique=True)))
    return Policy(
        rule=rule,
        custom=custom,
        min_value_sek=draw(st.sampled_from([0, 5_000_000, 20_000_000])),
        categories=tuple(cats) if cats else None,
        min_duration_months=draw(st.sampled_from([0, 6, 12])),
        share=draw(st.sampled_from([1.0, 0.5, 0.34, 0.1])),
        share_basis=draw(st.sampled_from(get_args(Policy.model_fields["share_basis"].annotation))),
        assumptions=draw(assumptions()),
    )


def plan_rows() -> st.SearchStrategy[dict[str, Any]]:
    """A row of a procurement plan as a reader produces it (a category, the contract facts, gaps)."""
    return st.fixed_dictionaries(
        {
            "category": st.sampled_from(category_ids()),
            "contract_type": maybe(answer(question("contract_type"))),
            "value_sek": answer(question("value_sek")),
            "duration_months": answer(question("duration_months")),
            "fte": maybe(answer(question("fte"))),
            "labour_share": maybe(answer(question("labour_share"))),
            "framework": maybe(st.booleans()),
            "start_date": maybe(answer(question("start_date"))),
        }
    )


def input_rows() -> st.SearchStrategy[dict[str, Any]]:
    """The screening inputs of one row: a column per question of the questionnaire.

    Gates are not columns (screening assumes them for every row) and neither is the start date (it
    plays no part in the verdict). A plan row always has a value; its risks are a set (maybe empty),
    and whether they are known at all is an assumption of the screening. Other answers may be missing.
    """
    columns: dict[str, st.SearchStrategy[Any]] = {}
    for q in load_questionnaire().questions:
        if q.kind in ("gate", "date"):
            continue
        columns[q.id] = answer(q) if q.id == "value_sek" or q.kind == "risk" else maybe(answer(q))
    return st.fixed_dictionaries(columns)


def contract_rows() -> st.SearchStrategy[dict[str, Any]]:
    """The fields of a :class:`Contract` as one row of a plan."""
    return contracts().map(lambda c: c.model_dump())


# --------------------------------------------------------------------------- forged input
def link_keys() -> list[str]:
    """The URL parameter keys of the questionnaire: the gates' key and each question's ``param``."""
    qn = load_questionnaire()
    return [qn.gate_param, *(q.param for q in qn.questions if q.param is not None)]


def forged_params() -> st.SearchStrategy[dict[str, str]]:
    """URL query parameters as anyone could type them: known and unknown keys, any text."""
    return st.dictionaries(st.sampled_from([*link_keys(), "lang", "x"]), st.text(max_size=300))


def forged_json() -> st.SearchStrategy[Any]:
    """Any JSON value: nested lists and objects of nulls, booleans, numbers and text."""
    return st.recursive(
        st.none() | st.booleans() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
        max_leaves=20,
    )
