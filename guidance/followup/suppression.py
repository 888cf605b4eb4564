"""Small counts of people, hidden wherever others than the contract's own follow-up can see them.

A line is a set of counts that add up to a total (people started by year, by category, by supplier;
placements ended early by reason; people still employed and not, at a check-up). In each line:

1. a count from 1 up to below the threshold is hidden (and 0 too, unless the content shows zeros);
2. the total is hidden when it is itself from 1 up to below the threshold;
3. when the total is shown and some counts are hidden, more counts are hidden -- the smallest first --
   until the hidden ones add up to at least the threshold, so a hidden count can never be worked out
   as the total minus the shown counts.

So every count shown is 0 (if zeros are shown) or at least the threshold, and the hidden counts of a
line with a shown total add up to 0 or at least the threshold. Lines are one-dimensional: the views
never show a table of two such dimensions crossed, where hidden cells could be solved for.
"""

from __future__ import annotations

from collections.abc import Sequence

from guidance.core.formatting import fmt_num
from guidance.core.models import Frozen, Lang
from guidance.followup.content import Suppression, load_followup_content


class Shown(Frozen):
    """A count as others see it: the number, or None when it is hidden."""

    value: int | None

    @property
    def hidden(self) -> bool:
        """Whether the count is hidden."""
        return self.value is None

    def text(self, lang: Lang, rule: Suppression | None = None) -> str:
        """The number in ``lang``'s format, or the content's marker ("fewer than 5")."""
        rule = rule or load_followup_content().suppression
        if self.value is None:
            return rule.marker(lang).format(threshold=rule.threshold)
        return fmt_num(self.value, lang)


def small(value: int, rule: Suppression) -> bool:
    """Whether ``value`` must be hidden on its own."""
    return (0 < value < rule.threshold) or (value == 0 and not rule.show_zero)


def suppress_line(counts: Sequence[int], rule: Suppression | None = None) -> tuple[tuple[Shown, ...], Shown]:
    """The counts of one line and their total as others may see them (see the module docstring)."""
    rule = rule or load_followup_content().suppression
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    total = sum(counts)
    hidden = [small(c, rule) for c in counts]
    total_hidden = 0 < total < rule.threshold
    if not total_hidden and any(hidden):
        order = sorted((c, i) for i, c in enumerate(counts) if not hidden[i] and c > 0)
        hidden_sum = sum(c for c, h in zip(counts, hidden, strict=True) if h)
        for c, i in order:
            if hidden_sum >= rule.threshold or hidden_sum == 0:
                break
            hidden[i] = True
            hidden_sum += c
    cells = tuple(Shown(value=None if h else c) for c, h in zip(counts, hidden, strict=True))
    return cells, Shown(value=None if total_hidden else total)


def suppress_one(count: int, rule: Suppression | None = None) -> Shown:
    """A single count (a line of one): hidden when small."""
    rule = rule or load_followup_content().suppression
    return Shown(value=None if small(count, rule) else count)
