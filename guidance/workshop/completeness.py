"""What a group must answer on a case before it can send, and whether stored answers count.

A case's fact sheet gives some answers outright (``Case.facts``: contract type, value, term ... shown
as computed facts from the case's reference answers). Those questions are not asked again: the group's
form leaves them out and the group's answers take the case's values (:func:`with_case_facts`), so a
fact the groups were told can never count as a disagreement or as missing. Every *other* question the
questionnaire marks required (``Question.required``: not optional, not an advice gate) needs an answer
or a "don't know" (``Answers.unknown``; a "don't know" is an answer) before the group can send.

A group answers all of them even when one answer already decides the verdict
(``Assessment.decided``, e.g. a readiness gate answered no): each group's answer to every question
feeds the facilitator's per-question picture and the discussion points, so a group that stops after
one decisive answer would count as "don't know / not answered" everywhere else.

The same check decides which *stored* answers the facilitator's statistics count
(:mod:`guidance.workshop.results`): an older submission that was stored incomplete does not count.
"""

from __future__ import annotations

from typing import Any

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.models import Frozen
from guidance.workshop.cases import Case


class GroupAnswers(Frozen):
    """A group's answers as the workshop uses them.

    Attributes:
        answers: what the group answered, with the case's facts as the answers to the questions it gives.
        missing: ids of the questions the group still has to answer (required, not given by the case,
            neither an answer nor a "don't know"), in questionnaire order.
    """

    answers: Answers
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether the group has answered everything the case needs (the answers may be sent and counted)."""
        return not self.missing


def given(case: Case) -> tuple[str, ...]:
    """The questions the case's fact sheet answers (the group's form does not ask them)."""
    return case.facts


def to_answer(case: Case) -> tuple[str, ...]:
    """The required questions a group must answer itself on ``case``, in questionnaire order."""
    return tuple(qid for qid in load_questionnaire().required_ids if qid not in given(case))


def with_case_facts(answers: Answers, case: Case) -> Answers:
    """``answers`` with the case's value as the answer to each question its fact sheet gives."""
    facts: dict[str, Any] = {fact: case.answers.value(fact) for fact in given(case)}
    return answers.model_copy(update={"unknown": answers.unknown - set(facts), **facts})


def check_answers(answers: Answers, case: Case) -> GroupAnswers:
    """The group's answers with the case's facts, and the questions the group still has to answer.

    Completeness comes from the assessment itself (:attr:`Assessment.missing`), so the workshop asks
    exactly what the self-assessment needs for a verdict.
    """
    filled = with_case_facts(answers, case)
    return GroupAnswers(answers=filled, missing=assess(filled, what_if=False).missing)
