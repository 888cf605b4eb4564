"""Suitability assessment of one procurement: readiness gates, scored contract fit, risk flags.

Everything the rules use -- questions, answer options, points, bands, thresholds, floors, risk
effects and every text -- is data in ``content/assessment/questionnaire.yaml`` (models and loader
in :mod:`guidance.assessment.questionnaire`; answers in :mod:`guidance.assessment.answers`). This module only applies that data, so a
whole procurement plan can be screened with the same tables.

Public API:

* :func:`assess` -- answers -> :class:`Assessment` (verdict, level, flags, score, reasons, missing,
  open points).

An assessment is :attr:`Assessment.complete` when every required question has an answer or a
"don't know", or when one answer decides it whatever the rest says (a gate answered no, a floor
that rules a requirement out). Only a complete assessment may be shown as a conclusion; the
verdict of an incomplete one is provisional (screening uses it, the page does not show it).

How a verdict is reached (order of steps, each adding :class:`Reason` items):

1. Gates (texts in ``content/governance.yaml``): any "no" to a condition gate gives ``not_yet``;
   a "don't know" makes the verdict conditional; an advice gate only raises its flag.
2. Scored questions add points (unanswered scored questions give 0 points and are listed in
   ``missing``); the total against the thresholds gives ``not_suitable`` / ``basic`` / ``advanced``.
3. ``advanced`` with bonus capacity becomes ``advanced_bonus``.
4. Risk flags lower the verdict (major ones cap it at ``basic``), never below the risk floor.
5. Eligibility floors (direct award, very short or one-person contracts, goods ...) apply.
6. Unanswered gates or an unanswered risk question cap the verdict at ``basic`` (provisional only).

A "don't know" counts as the option the content names (``unknown.counts_as``); each one becomes an
:class:`OpenPoint` saying what to find out, who can answer and which verdicts another answer gives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import (
    FLAGS,
    LADDER,
    LEVEL_OF,
    FlagId,
    LevelId,
    Question,
    Questionnaire,
    VerdictId,
    load_questionnaire,
)
from guidance.core.formatting import fmt_short
from guidance.core.models import LANGS, Evidence, Frozen, Lang, Text

__all__ = ["Assessment", "OpenPoint", "Reason", "any_answered", "assess"]


# --------------------------------------------------------------------------- results
class Reason(Frozen):
    """One step of the reasoning behind a result: which rule, question, points, text and source."""

    rule: str
    question: str | None = None
    points: int | None = None
    text: Text
    source: str
    evidence: Evidence


class OpenPoint(Frozen):
    """A question answered "don't know": what to find out, who can answer, what it could change.

    ``could_be`` lists the verdicts another answer would give, other than the current one (empty when
    no answer changes the result).
    """

    question: str
    find_out: Text
    who: Text
    could_be: tuple[VerdictId, ...] = ()


class Assessment(Frozen):
    """The outcome of :func:`assess`.

    Attributes:
        verdict: ``not_yet`` (governance first), ``not_suitable``, ``basic`` (dialogue),
            ``advanced`` (numerical requirement 11554) or ``advanced_bonus`` (plus bonus 11556).
        level: the Kriterietjänsten level of the verdict, or None.
        flags: ``reserved``, ``call_off``, ``labour_law``, ``residence_warning`` where they apply.
        score: points from the scored questions; max_score: the most possible.
        reasons: every rule that contributed, in the order applied.
        missing: ids of the required questions with neither an answer nor a "don't know", in order.
        open_points: the questions answered "don't know", with what to find out.
        decided: an answer settles the verdict whatever the missing ones say (gate no, a floor).
        required: how many questions a verdict needs.
    """

    verdict: VerdictId
    level: LevelId | None
    flags: tuple[FlagId, ...]
    score: int
    max_score: int
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    open_points: tuple[OpenPoint, ...] = ()
    decided: bool = False
    required: int = 0

    @property
    def complete(self) -> bool:
        """Whether the verdict may be shown as a conclusion."""
        return not self.missing or self.decided

    @property
    def answered(self) -> int:
        """How many of the required questions have an answer or a "don't know"."""
        return self.required - len(self.missing)

    @property
    def conditional(self) -> bool:
        """Whether another answer to a "don't know" question could change the verdict."""
        return any(p.could_be for p in self.open_points)

    @property
    def numerical(self) -> bool:
        """Whether the verdict is a numerical employment requirement (advanced level, with or without bonus)."""
        return self.level in ("advanced", "spearhead")


# --------------------------------------------------------------------------- assessing
def _fmt_value(value: Any, q: Question, lang: Lang) -> str:
    if isinstance(value, bool):
        opt = q.option("yes" if value else "no")
        return opt.label(lang) if opt else str(value)
    if isinstance(value, str):
        opt = q.option(value)
        return opt.label(lang) if opt else value
    if isinstance(value, (int, float)):
        unit = f" {q.unit(lang)}" if q.unit else ""
        return f"{fmt_short(float(value), lang, max_decimals=2)}{unit}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Builder:
    """Collects reasons while :func:`assess` runs."""

    def __init__(self, qn: Questionnaire) -> None:
        self.qn = qn
        self.reasons: list[Reason] = []

    def add(
        self,
        rule_id: str,
        qid: str | None = None,
        pts: int | None = None,
        source: str | None = None,
        evidence: Evidence | None = None,
        /,
        template: Text | None = None,
        **values: Any,
    ) -> None:
        rule = self.qn.rule(rule_id)
        tmpl = template or rule.text
        texts: dict[str, str] = {}
        for lang in LANGS:
            filled = {k: (v(lang) if isinstance(v, Text) else v) for k, v in values.items()}
            texts[lang] = tmpl(lang).format(**filled)
        self.reasons.append(
            Reason(
                rule=rule_id,
                question=qid,
                points=pts,
                text=Text(**texts),
                source=source or rule.source,
                evidence=evidence or rule.evidence,
            )
        )


def _lang_text(fn: Any) -> Text:
    """A :class:`Text` from a function of the language."""
    return Text(sv=fn("sv"), en=fn("en"))


def _score(answers: Answers, qn: Questionnaire, b: _Builder) -> int:
    score = 0
    for q in qn.questions:
        if not q.scored:
            continue
        value = answers.value(q.id)
        if value is None and answers.is_unknown(q.id) and q.unknown is not None and q.unknown.counts_as:
            opt = q.option(q.unknown.counts_as)
            points = opt.points if opt else 0
            score += points
            b.add("score_unknown", q.id, points, q.source, q.evidence, question=q.short,
                  answer=opt.label if opt else Text(sv="", en=""), points=points, find_out=q.unknown.find_out)  # fmt: skip
            continue
        if value is None:
            b.add("score_unanswered", q.id, 0, q.source, q.evidence, question=q.short)
            continue
        if q.kind == "number":
            opt = q.band(float(value))
        elif q.kind == "bool":
            opt = q.option("yes" if value else "no")
        else:
            opt = q.option(str(value))
        points = opt.points if opt else 0
        score += points
        answer = _lang_text(lambda lang, v=value, q=q: _fmt_value(v, q, lang))
        band = opt.label if opt is not None and q.kind == "number" else None
        b.add(
            "score_item",
            q.id,
            points,
            (opt.source if opt and opt.source else q.source),
            (opt.evidence if opt and opt.evidence else q.evidence),
            question=q.short,
            answer=answer if band is None else _lang_text(lambda lang, a=answer, bd=band: f"{a(lang)} ({bd(lang)})"),
            points=points,
        )
    return score


def _flags(answers: Answers, qn: Questionnaire, b: _Builder) -> tuple[FlagId, ...]:
    """The flags raised by a "yes" to a flagging question or by a selected risk, in content order."""
    raised: dict[str, str] = {}
    for q in qn.questions:
        counts_yes = answers.is_unknown(q.id) and q.unknown is not None and q.unknown.counts_as == "yes"
        if q.flag is not None and (answers.value(q.id) is True or counts_yes):
            raised.setdefault(q.flag, q.id)
        if q.advice_flag is not None and (answers.value(q.id) is False or answers.is_unknown(q.id)):
            raised.setdefault(q.advice_flag, q.id)
        for o in q.options if q.kind == "risk" else ():
            if o.flag and answers.risks and o.id in answers.risks:
                raised.setdefault(o.flag, q.id)
    found: list[FlagId] = []
    for flag_id in FLAGS:
        if flag_id in raised:
            found.append(flag_id)
            info = qn.flag(flag_id)
            b.add("flag", raised[flag_id], None, info.source, info.evidence, flag=info.title, text=info.text)
    return tuple(found)


def _cap(verdict: VerdictId, ceiling: VerdictId) -> VerdictId:
    return verdict if LADDER.index(verdict) <= LADDER.index(ceiling) else ceiling


def assess(answers: Answers, questionnaire: Questionnaire | None = None, *, what_if: bool = True) -> Assessment:
    """Turn answers into a verdict with its reasons, following the rules in the questionnaire content.

    Args:
        answers: the user's answers; see the module docstring for "don't know" and unanswered.
        questionnaire: the rules to apply; the bundled content by default.
        what_if: work out, for each "don't know", which verdicts the other answers would give.

    Returns:
        An :class:`Assessment` with exactly one verdict (provisional unless ``complete``) and at
        least one reason.
    """
    qn = questionnaire or load_questionnaire()
    th = qn.thresholds
    b = _Builder(qn)
    missing = tuple(qid for qid in qn.required_ids if not answers.settled(qid))

    # 1. gates
    gate_qs = [q for q in qn.questions if q.kind == "gate"]
    conditions = [q for q in gate_qs if q.advice_flag is None]
    failed = [q for q in conditions if answers.gates.get(q.id) is False]
    open_gates = [q for q in conditions if not answers.settled(q.id)]
    for q in gate_qs:
        state = answers.gates.get(q.id)
        if q.advice_flag is not None:
            if state is not True and answers.settled(q.id):
                b.add("gate_advice", q.id, None, q.source, q.evidence, question=q.short)
            continue
        if answers.is_unknown(q.id) and q.unknown is not None:
            b.add("gate_unknown", q.id, None, q.source, q.evidence, question=q.short, find_out=q.unknown.find_out)
            continue
        rule_id = "gate_no" if state is False else "gate_unanswered" if state is None else "gate_yes"
        b.add(rule_id, q.id, None, q.source, q.evidence, question=q.short)

    # 2. score
    score = _score(answers, qn, b)
    max_score = qn.max_score
    values: dict[str, Any] = {
        "score": score,
        "max": max_score,
        "basic_min": th.basic_min,
        "advanced_min": th.advanced_min,
    }

    if failed:
        verdict: VerdictId = "not_yet"
    else:
        if score < th.basic_min:
            verdict = "not_suitable"
            b.add("score_low", None, score, th.source, th.evidence, **values)
        elif score < th.advanced_min:
            verdict = "basic"
            b.add("score_basic", None, score, th.source, th.evidence, **values)
        else:
            verdict = "advanced"
            b.add("score_advanced", None, score, th.source, th.evidence, **values)

        # 3. bonus
        if verdict == "advanced":
            if answers.bonus_capacity is True:
                verdict = "advanced_bonus"
                b.add("bonus_added", "bonus_capacity")
            else:
                b.add("bonus_not_offered", "bonus_capacity")

        # 4. risks
        verdict = _apply_risks(answers, qn, b, verdict)

        # 5. floors
        verdict = _apply_floors(answers, qn, b, verdict)

        # 6. unanswered gates cap the (provisional) verdict
        if open_gates and LADDER.index(verdict) > LADDER.index("basic"):
            verdict = "basic"
            b.add(
                "gate_unanswered",
                None,
                None,
                qn.rule("gate_unanswered").source,
                template=qn.unanswered,
                gates=_lang_text(lambda lang: " ".join(q.short(lang) for q in open_gates)),
            )

    _unknown_reasons(answers, qn, b)
    flags = _flags(answers, qn, b)
    decided = bool(failed) or _ruled_out(answers, qn)
    result = Assessment(
        verdict=verdict,
        level=LEVEL_OF[verdict],
        flags=flags,
        score=score,
        max_score=max_score,
        reasons=tuple(b.reasons),
        missing=missing,
        decided=decided,
        required=len(qn.required_ids),
    )
    points = _open_points(answers, qn, verdict if what_if and result.complete else None)
    return result.model_copy(update={"open_points": points})


def _ruled_out(answers: Answers, qn: Questionnaire) -> bool:
    """Whether an answered floor rules a requirement out whatever the other answers are."""
    for floor in qn.floors:
        value = answers.value(floor.question)
        if floor.effect == "not_suitable" and value is not None and floor.when.holds(value):
            return True
    return False


def _unknown_reasons(answers: Answers, qn: Questionnaire, b: _Builder) -> None:
    """A reason for each "don't know" the score and the gates have not already explained."""
    for q in qn.questions:
        if q.kind == "gate" or q.unknown is None or not answers.is_unknown(q.id):
            continue
        if q.scored and q.unknown.counts_as:
            continue
        b.add("unknown_answer", q.id, None, q.source, q.evidence, question=q.short, find_out=q.unknown.find_out)


def _alternatives(q: Question) -> list[Any]:
    """The answers a "don't know" to ``q`` could turn out to be."""
    if q.kind in ("gate", "bool"):
        return [True, False]
    return [o.id for o in q.options]


def _open_points(answers: Answers, qn: Questionnaire, verdict: VerdictId | None) -> tuple[OpenPoint, ...]:
    """Each "don't know" with what to find out and, when ``verdict`` is given, what else it could give."""
    points: list[OpenPoint] = []
    for q in qn.questions:
        if q.unknown is None or not answers.is_unknown(q.id):
            continue
        could_be: list[VerdictId] = []
        if verdict is not None:
            rest = answers.unknown - {q.id}
            for alt in _alternatives(q):
                if q.kind == "gate":
                    changed = answers.model_copy(update={"gates": {**answers.gates, q.id: alt}, "unknown": rest})
                else:
                    changed = answers.model_copy(update={q.id: alt, "unknown": rest})
                other = assess(changed, qn, what_if=False).verdict
                if other != verdict and other not in could_be:
                    could_be.append(other)
        points.append(
            OpenPoint(question=q.id, find_out=q.unknown.find_out, who=q.unknown.who, could_be=tuple(could_be))
        )
    return tuple(points)


def _apply_risks(answers: Answers, qn: Questionnaire, b: _Builder, verdict: VerdictId) -> VerdictId:
    """Lower ``verdict`` for the selected risk flags (see the risk options in the content)."""
    q = qn.question("risks")
    floor_index = LADDER.index(qn.thresholds.risk_floor)
    if answers.risks is None:
        b.add("risks_unanswered", "risks", None, q.source, q.evidence)
        return _cap(verdict, "basic")
    selected = [o for o in q.options if o.id in answers.risks]
    if not selected:
        b.add("risk_none", "risks", None, q.source, q.evidence)
    for opt in selected:
        src, ev = opt.source or q.source, opt.evidence or q.evidence
        if opt.major:
            before = verdict
            verdict = _cap(verdict, "basic")
            b.add("risk_major", "risks", None, src, ev, risk=opt.label, changed=_changed(qn, before, verdict))
        elif opt.lowers:
            before = verdict
            index = LADDER.index(verdict)
            if index > floor_index:
                verdict = LADDER[max(floor_index, index - opt.lowers)]
            b.add(
                "risk_lowers",
                "risks",
                None,
                src,
                ev,
                risk=opt.label,
                levels=opt.lowers,
                changed=_changed(qn, before, verdict),
            )
        else:
            b.add("risk_warning", "risks", None, src, ev, risk=opt.label, note=opt.note)
    return verdict


def _apply_floors(answers: Answers, qn: Questionnaire, b: _Builder, verdict: VerdictId) -> VerdictId:
    """Apply the eligibility floors whose condition the (answered) value meets."""
    for floor in qn.floors:
        value = answers.value(floor.question)
        if value is None or not floor.when.holds(value):
            continue
        q = qn.question(floor.question)
        answer = _lang_text(lambda lang, v=value, q=q: _fmt_value(v, q, lang))
        b.add(
            "floor",
            floor.question,
            None,
            floor.source,
            floor.evidence,
            template=floor.text,
            question=q.short,
            answer=answer,
        )
        verdict = "not_suitable" if floor.effect == "not_suitable" else _cap(verdict, "basic")
    return verdict


def _changed(qn: Questionnaire, before: VerdictId, after: VerdictId) -> Text:
    """The content's text saying whether a step changed the verdict (and from what to what)."""
    if before == after:
        return qn.rule("verdict_unchanged").text
    tmpl = qn.rule("verdict_changed").text
    return _lang_text(
        lambda lang: tmpl(lang).format(before=qn.verdict(before).title(lang), after=qn.verdict(after).title(lang))
    )


def any_answered(assessment: Assessment, questionnaire: Questionnaire | None = None) -> bool:
    """Whether at least one required question has an answer or a "don't know"."""
    return assessment.answered > 0
