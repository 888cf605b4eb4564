"""Sending a group's answers from the group's own browser: complete answers only, its secret, the rate limits.

The browser's right to change the group's answers is its participant secret
(:mod:`guidance.workshop.identity`); the store checks it and counts the send against the workshop's
rate limits (``content/workshop/limits.yaml``).
"""

from __future__ import annotations

from typing import Literal

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.assess import assess
from guidance.core.models import Frozen
from guidance.stores.workshop import LimitKind, NotYours, RateLimited, WorkshopClosed, WorkshopStore
from guidance.workshop.cases import Case
from guidance.workshop.completeness import check_answers

#: ``stored``; ``incomplete`` (the case still needs answers); ``closed`` (deleted or expired);
#: ``not_yours`` (the id belongs to another browser); ``limited`` (a rate limit refused it).
SendOutcome = Literal["stored", "incomplete", "closed", "not_yours", "limited"]


class Sent(Frozen):
    """What sending gave.

    Attributes:
        outcome: see :data:`SendOutcome`.
        limit: the limit that refused the send (``limited`` only).
        retry_after: seconds to wait before sending again (``limited`` by a rate only).
    """

    outcome: SendOutcome
    limit: LimitKind | None = None
    retry_after: int | None = None


def send_answers(
    store: WorkshopStore,
    workshop_id: int,
    participant_id: str,
    secret: str,
    label: str,
    answers: Answers,
    case: Case,
) -> Sent:
    """Store a group's complete answers with the verdict they give, replacing its earlier ones.

    Incomplete answers are never stored (the form refuses them first; this is the last line). The
    stored answers include the case's given facts where the group left them blank.
    """
    group = check_answers(answers, case)
    if not group.complete:
        return Sent(outcome="incomplete")
    verdict = assess(group.answers).verdict
    try:
        store.submit(workshop_id, participant_id, label, answers_to_json(group.answers), verdict, secret=secret)
    except WorkshopClosed:
        return Sent(outcome="closed")
    except NotYours:
        return Sent(outcome="not_yours")
    except RateLimited as limited:
        return Sent(outcome="limited", limit=limited.kind, retry_after=limited.retry_after)
    return Sent(outcome="stored")
