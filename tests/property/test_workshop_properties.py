"""Properties of the workshop aggregation of group answers (disagreement measure documented in
guidance/workshop/cases.py)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import load_questionnaire
from guidance.workshop.cases import UNANSWERED, ItemStats, item_stats
from tests.strategies import answers

GATES_YES = {g: True for g in load_questionnaire().gate_ids}


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
