"""Properties of the condition drafts (brief §5.2-5.4: condition 11554 alternatives a-c, bonus 11556)."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.conditions import ConditionOptions, draft_condition, load_conditions
from guidance.core.models import LANGS, Lang

START = dt.date(2026, 1, 1)
ALTERNATIVES = [a.id for a in load_conditions().alternatives]


@given(
    months=st.integers(min_value=1, max_value=2000),
    lang=st.sampled_from(LANGS),
    alts=st.sets(st.sampled_from(ALTERNATIVES), min_size=1),
)
def test_every_filled_draft_shows_its_months_and_no_raw_placeholders(months: int, lang: Lang, alts: set[str]) -> None:
    """Property: whatever the months and alternatives, the numbers appear and no {placeholder} is left."""
    opts = ConditionOptions(
        employment_months=months,
        internship_months=months,
        target_groups=("young",),
        alternatives=tuple(sorted(alts)),
        contract_start=START,
    )
    draft = draft_condition({"verdict": "advanced_bonus", "flags": ()}, None, opts, lang)
    bodies = [s.body for s in draft.sections]
    assert not any(re.search(r"\{[a-z_]+\}", b) for b in bodies)
    digits = f"{months:,}".replace(",", "\u00a0" if lang == "sv" else ",")
    alt_texts = " ".join(s.body for s in draft.sections if s.id.startswith("alt_"))
    assert digits in alt_texts
    assert draft.bonus is not None and draft.bonus.employment_months == months
