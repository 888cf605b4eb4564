"""Properties of the workshop aggregation of group answers (disagreement measure documented in
guidance/workshop/cases.py; only complete answers count, guidance/workshop/completeness.py)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.questionnaire import load_questionnaire
from guidance.stores.workshop import Submission
from guidance.workshop.cases import UNANSWERED, Case, ItemStats, item_stats, load_library
from guidance.workshop.completeness import check_answers
from guidance.workshop.results import live_picture
from tests.strategies import answers

GATES_YES = {g: True for g in load_questionnaire().gate_ids}
CASES = load_library().cases
WHEN = dt.datetime(2026, 3, 1, 9, 0)


def item(stats: tuple[ItemStats, ...], item_id: str) -> ItemStats:
    """The item ``item_id`` of an item_stats result."""
    return next(s for s in stats if s.id == item_id)


@pytest.mark.slow
@given(st.lists(answers(), min_size=1, max_size=12))
def test_counts_add_up_and_measures_stay_in_bounds(responses: list[Answers]) -> None:
    """Every item counts each response once; disagreement is within [0, 1 - 1/k]; entropy within [0, 1]."""
    for s in item_stats(responses):
        assert sum(c.count for c in s.categories) == len(responses)
        assert sum(c.share for c in s.categories) == pytest.approx(1.0)
        k = len([c for c in s.categories if c.count])
        assert 0.0 <= s.disagreement <= 1 - 1 / k + 1e-9
        assert 0.0 <= s.entropy <= 1.0
        assert (s.disagreement == 0) == (k == 1 or len(responses) == 1)


@pytest.mark.slow
@given(st.lists(answers(), min_size=2, max_size=10), st.randoms(use_true_random=False))
def test_order_of_responses_does_not_matter(responses: list[Answers], rnd: random.Random) -> None:
    """Shuffling the responses gives the same distributions and discussion points."""
    shuffled = list(responses)
    rnd.shuffle(shuffled)
    assert item_stats(responses) == item_stats(shuffled)


@pytest.mark.slow
@given(st.lists(answers(), min_size=2, max_size=10))
def test_joining_the_majority_never_increases_disagreement(responses: list[Answers]) -> None:
    """A further response that gives the most common answer cannot make a question more disputed."""
    before = item(item_stats(responses), "contract_type")
    mode = max(before.categories, key=lambda c: c.count).id
    extra = Answers(gates=GATES_YES, contract_type=None if mode == UNANSWERED else mode)
    after = item(item_stats([*responses, extra]), "contract_type")
    assert after.disagreement <= before.disagreement + 1e-12


@pytest.mark.slow
@given(
    st.lists(st.one_of(answers(), answers(complete=True)), max_size=8),
    st.sampled_from(CASES),
    st.integers(min_value=0, max_value=5),
)
def test_the_live_picture_counts_exactly_the_complete_answers(
    responses: list[Answers], case: Case, lurkers: int
) -> None:
    """Every figure counts the complete answers only; joined groups without them are all missing."""
    subs = [
        Submission(
            participant_id=f"group_{i:010d}",
            group_label="",
            answers_json=answers_to_json(a),
            verdict="basic",
            created_at=WHEN,
            updated_at=WHEN,
        )
        for i, a in enumerate(responses)
    ]
    joined = {f"watcher_{i:08d}" for i in range(lurkers)}
    picture = live_picture(subs, joined, case)
    complete = sum(check_answers(a, case).complete for a in responses)
    assert picture.summary.n == len(picture.groups) == picture.progress.complete == complete
    assert picture.progress.missing == len(responses) - complete + lurkers
    assert sum(c.count for c in picture.summary.verdicts) == complete
    assert all(item.n == complete for item in picture.summary.items)
    if complete < load_library().settings.discussion_min_groups:
        assert picture.comparison == "wait" and not picture.summary.discussion
