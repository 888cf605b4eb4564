"""What the workshop views show, computed from the stored answers.

A group's answers are stored as the JSON of :func:`guidance.assessment.answers_io.answers_to_json`
together with the verdict they gave when sent. This module reads them back and derives everything
the facilitator's live view and a group's own result need: the live :class:`Summary`, one row per
group, one row per question, a group's own outcome and the reference figures of a case.

Only *complete* answers count (:mod:`guidance.workshop.completeness`): a group can only send complete
answers, and an older submission stored incomplete (from before that rule) is left out of every
figure. The facilitator sees how many groups have joined without complete answers
(:attr:`Progress.missing`), so a room of blank forms never looks like agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_from_json, answers_to_json
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import VerdictId, load_questionnaire
from guidance.assessment.sizing import SizingRule, load_sizing_content
from guidance.core.models import Frozen, Lang
from guidance.stores.workshop import Submission, WorkshopClosed, WorkshopStore
from guidance.workshop.cases import (
    Case,
    Category,
    ItemStats,
    Outcome,
    Reference,
    Summary,
    load_library,
    outcome,
    reference,
    summarise,
)
from guidance.workshop.completeness import GroupAnswers, check_answers
from guidance.workshop.names import NameSlot, name_slots, shown_name

#: Prefix of the item ids that stand for one risk of the risk question (see :func:`item_stats`).
RISK_ITEM_PREFIX = "risks."
#: The question whose options the risk items are.
RISK_QUESTION = "risks"
#: Separators of plain-text lists (``Yes: 2 · No: 1``) and of a label from what it labels (``Risks: ...``).
PART_SEPARATOR, LABEL_SEPARATOR = " · ", ": "
#: What sending gave: stored; refused because the case still needs answers; the workshop is closed.
Recorded = Literal["stored", "incomplete", "closed"]
#: What the groups' answers allow saying: too few to compare, they broadly agree, they disagree somewhere.
Comparison = Literal["wait", "agree", "disagree"]


# --------------------------------------------------------------------------- stored answers
def decode(answers_json: str) -> Answers:
    """The answers of a stored submission (a field that no longer validates is dropped, never raised)."""
    return answers_from_json(answers_json)[0]


def responses(submissions: Sequence[Submission]) -> tuple[Answers, ...]:
    """The answers of every submission, in the store's order (complete or not)."""
    return tuple(decode(s.answers_json) for s in submissions)


class Counted(Frozen):
    """A stored submission that counts: its answers are complete for the case (given facts filled in)."""

    submission: Submission
    answers: Answers


def counted(submissions: Sequence[Submission], case: Case) -> tuple[Counted, ...]:
    """The submissions whose answers are complete for ``case``, in the store's order; the others are left out."""
    out = []
    for s in submissions:
        group = check_answers(decode(s.answers_json), case)
        if group.complete:
            out.append(Counted(submission=s, answers=group.answers))
    return tuple(out)


def live_summary(submissions: Sequence[Submission], case: Case) -> Summary:
    """The workshop's live picture from the complete stored submissions (see :func:`summarise`)."""
    return summarise(tuple(c.answers for c in counted(submissions, case)), case)


def record_answers(
    store: WorkshopStore, workshop_id: int, participant_id: str, label: str, answers: Answers, case: Case
) -> Recorded:
    """Store a group's answers with the verdict they give (replacing the group's earlier answers).

    Incomplete answers are never stored (the form refuses them first; this is the last line). The
    stored answers include the case's given facts where the group left them blank.

    Returns:
        ``stored``; ``incomplete`` if the case still needs answers; ``closed`` if the workshop was
        deleted or has expired.
    """
    group = check_answers(answers, case)
    if not group.complete:
        return "incomplete"
    try:
        store.submit(workshop_id, participant_id, label, answers_to_json(group.answers), assess(group.answers).verdict)
    except WorkshopClosed:
        return "closed"
    return "stored"


class StoredAnswers(Frozen):
    """What a participant stored before: the group label and the answers checked against the case."""

    label: str
    group: GroupAnswers


def stored_answers(store: WorkshopStore, workshop_id: int, participant_id: str, case: Case) -> StoredAnswers | None:
    """A participant's stored answers (to fill the form again after a reload), or None."""
    stored = store.submission(workshop_id, participant_id)
    if stored is None:
        return None
    return StoredAnswers(label=stored.group_label, group=check_answers(decode(stored.answers_json), case))


# --------------------------------------------------------------------------- groups
class GroupRow(Frozen):
    """One group's response as the facilitator sees it.

    Attributes:
        number: 1-based position in the order of the responses (names a group without a label).
        label: the label the group typed (plain text; may be empty).
        verdict: the verdict its answers give.
        places: places under the case's sizing rule; None when the contract facts are missing.
        updated_at: when the group last sent its answers (naive UTC, as stored).
        slot: the group's memorable name (:mod:`guidance.workshop.names`), shown when it has no label.
    """

    number: int
    label: str
    verdict: VerdictId
    places: int | None
    updated_at: dt.datetime
    slot: NameSlot

    def name(self, lang: Lang) -> str:
        """The label the group typed, else its memorable name."""
        return shown_name(self.label, self.slot, load_library().group_names, lang)


def workshop_slots(submissions: Sequence[Submission]) -> dict[str, NameSlot]:
    """The memorable name of every group that has sent anything, in the store's order (see :func:`name_slots`)."""
    return name_slots((s.participant_id for s in submissions), len(load_library().group_names.names))


def group_rows(
    summary: Summary, submissions: Sequence[Submission], slots: Mapping[str, NameSlot] | None = None
) -> tuple[GroupRow, ...]:
    """One row per submission, with the outcome ``summary`` computed for it (same order, same length).

    ``slots``: the workshop's memorable names (:func:`workshop_slots` of *every* stored submission, so a
    name never depends on which answers are complete); without it, they are taken from ``submissions``.
    """
    names = workshop_slots(submissions) if slots is None else slots
    return tuple(
        GroupRow(
            number=i,
            label=s.group_label,
            verdict=out.verdict,
            places=out.places,
            updated_at=s.updated_at,
            slot=names[s.participant_id],
        )
        for i, (s, out) in enumerate(zip(submissions, summary.outcomes, strict=True), start=1)
    )


# --------------------------------------------------------------------------- the live picture
class Progress(Frozen):
    """How many groups have joined and how many of them have sent complete answers.

    Attributes:
        joined: groups that opened the form or sent anything.
        complete: groups whose stored answers are complete (the ones every figure counts).
    """

    joined: int
    complete: int

    @property
    def missing(self) -> int:
        """Groups that have joined but have no complete answers stored."""
        return max(0, self.joined - self.complete)


def comparison(summary: Summary) -> Comparison:
    """What may be said about agreement: nothing below the content's minimum of complete responses."""
    if summary.n < load_library().settings.discussion_min_groups:
        return "wait"
    return "disagree" if summary.discussion else "agree"


class LivePicture(Frozen):
    """Everything the facilitator's live view shows, from complete answers only."""

    summary: Summary
    groups: tuple[GroupRow, ...]
    progress: Progress
    comparison: Comparison


def live_picture(submissions: Sequence[Submission], joined: Collection[str], case: Case) -> LivePicture:
    """The live view's figures from the stored submissions and the ids of everyone who joined.

    Args:
        submissions: every stored submission of the workshop, in the store's order.
        joined: participant ids that opened the form (submitters count as joined too).
        case: the workshop's case.
    """
    kept = counted(submissions, case)
    summary = summarise(tuple(c.answers for c in kept), case)
    everyone = set(joined) | {s.participant_id for s in submissions}
    return LivePicture(
        summary=summary,
        groups=group_rows(summary, [c.submission for c in kept], workshop_slots(submissions)),
        progress=Progress(joined=len(everyone), complete=summary.n),
        comparison=comparison(summary),
    )


# --------------------------------------------------------------------------- a group's own result
class OwnResult(Frozen):
    """A group's own result: the outcome of its stored answers, when they were sent, whether the reference is shown.

    ``label`` and ``slot``: the name the group typed and its memorable name (the facilitator's screen
    shows the label, else the memorable name).
    """

    outcome: Outcome
    revealed: bool
    sent_at: dt.datetime
    label: str = ""
    slot: NameSlot | None = None

    def name(self, lang: Lang) -> str:
        """How the facilitator's screen names the group ('' if unknown)."""
        if self.slot is None:
            return self.label.strip()
        return shown_name(self.label, self.slot, load_library().group_names, lang)


def own_result(store: WorkshopStore, workshop_id: int, code: str, participant_id: str, case: Case) -> OwnResult | None:
    """The outcome of a participant's stored answers under the case's rule; None if nothing complete is stored.

    ``revealed`` is read afresh from the store, so a participant sees the reference as soon as the
    facilitator reveals it (False if the workshop is gone).
    """
    stored = store.submission(workshop_id, participant_id)
    if stored is None:
        return None
    group = check_answers(decode(stored.answers_json), case)
    if not group.complete:
        return None
    return OwnResult(
        outcome=outcome(group.answers, case.sizing_rule),
        revealed=is_revealed(store, code),
        sent_at=stored.updated_at,
        label=stored.group_label,
        slot=workshop_slots(store.submissions(workshop_id)).get(participant_id),
    )


def is_revealed(store: WorkshopStore, code: str) -> bool:
    """Whether the facilitator of the workshop ``code`` has revealed the reference (False if it is gone)."""
    fresh = store.by_code(code)
    return fresh is not None and fresh.revealed


# --------------------------------------------------------------------------- questions
def item_title(item: ItemStats, lang: Lang) -> str:
    """A risk item is named with the risk question and the risk; other items with their short text."""
    if item.id.startswith(RISK_ITEM_PREFIX):
        return f"{load_questionnaire().question(RISK_QUESTION).short(lang)}{LABEL_SEPARATOR}{item.label(lang)}"
    return item.label(lang)


def most_common(item: ItemStats) -> Category | None:
    """The category most responses fell into (the first in display order on a tie); None without any."""
    if not item.categories:
        return None
    top = max(item.categories, key=lambda c: c.count)
    return top if top.count else None


def reference_category(item: ItemStats) -> Category | None:
    """The category of the case's reference answer, if the item has one."""
    return next((c for c in item.categories if c.reference), None)


class QuestionRow(Frozen):
    """One question (or risk) in the table of all questions.

    Attributes:
        title: the question, see :func:`item_title`.
        most_common: the most common answer ('' without answers).
        disagreement_pct: the disagreement in whole percent (0-100).
        distribution: ``answer: count`` for each answer given, in display order.
        reference: the reference answer ('' if none); None when the reference is not revealed.
    """

    title: str
    most_common: str
    disagreement_pct: int
    distribution: str
    reference: str | None = None


def question_rows(summary: Summary, lang: Lang, revealed: bool) -> tuple[QuestionRow, ...]:
    """Every question of ``summary`` as a row; the reference answer only once ``revealed``."""
    rows = []
    for item in summary.items:
        top = most_common(item)
        ref = reference_category(item)
        rows.append(
            QuestionRow(
                title=item_title(item, lang),
                most_common=top.label(lang) if top else "",
                disagreement_pct=round(item.disagreement * 100),
                distribution=PART_SEPARATOR.join(
                    f"{c.label(lang)}{LABEL_SEPARATOR}{c.count}" for c in item.categories if c.count
                ),
                reference=(ref.label(lang) if ref else "") if revealed else None,
            )
        )
    return tuple(rows)


# --------------------------------------------------------------------------- the reference
def sizing_rule(rule_id: str) -> SizingRule:
    """The sizing rule a case is sized with; raises ``KeyError`` if unknown."""
    return load_sizing_content().rule(rule_id)


class ReferenceFigures(Frozen):
    """The reference assessment of a case with the figures the views show.

    Attributes:
        reference: the assessment and sizing computed from the case's reference answers.
        rule: the sizing rule of the case.
        places: places required (0 when exempt or when the contract cannot be sized).
        sized: a requirement was sized (not exempt), so its employment and internship months apply.
    """

    reference: Reference
    rule: SizingRule
    places: int
    sized: bool


def reference_figures(case: Case) -> ReferenceFigures:
    """The reference of ``case`` (computed by the app, never typed in) and its headline figures."""
    ref = reference(case)
    sized = ref.sizing is not None and not ref.sizing.exempt
    return ReferenceFigures(
        reference=ref,
        rule=sizing_rule(ref.rule_id),
        places=ref.sizing.places if ref.sizing is not None and sized else 0,
        sized=sized,
    )
