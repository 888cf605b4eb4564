"""The presentation's deck: moving between slides and what the built slides take from the model.

Slides are numbered from 1 in the URL (``?slide=3``) and from 0 in the code; a number that is not a
slide of the deck opens the first slide. Content: ``content/workshop/slides.yaml``.
"""

from __future__ import annotations

from typing import get_args

from guidance.assessment.questionnaire import LevelId
from guidance.content.model import Instrument, Model, Phase, PhaseGroup
from guidance.core.models import Frozen
from guidance.workshop.cases import Slide

#: The slide that sends the groups to the workshop (shows the running workshop's join code).
EXERCISE_SLIDE = "exercise"
#: Markdown list markers of a slide body, and the mark a list item is shown with instead.
LIST_MARKERS, BULLET = ("- ", "* "), "• "


#: The longest ``?slide=`` value read as a number (a deck has far fewer than a million slides).
MAX_SLIDE_DIGITS = 6


def slide_from_query(raw: object, count: int) -> int:
    """The 0-based slide of a ``?slide=`` value (1-based); the first slide unless it names one of ``count``.

    Only ASCII digits count (``str.isdigit`` also accepts ``²`` and other digits ``int`` cannot read),
    and at most :data:`MAX_SLIDE_DIGITS` of them (``int`` refuses more than 4 300 digits, and reading a
    long one costs time); a list (a repeated parameter) uses its last value. Never raises.
    """
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    if not isinstance(raw, str):
        return 0
    text = raw.strip()
    if not (0 < len(text) <= MAX_SLIDE_DIGITS and text.isascii() and text.isdigit()):
        return 0
    number = int(text)
    return number - 1 if 1 <= number <= count else 0


def slide_query(index: int) -> str:
    """The ``?slide=`` value of the 0-based slide ``index``."""
    return str(index + 1)


def moved(index: int, step: int, count: int) -> int:
    """The slide ``step`` slides on from ``index`` (negative: back), kept within a deck of ``count``."""
    return max(0, min(count - 1, index + step))


class Position(Frozen):
    """Where the presenter is in the deck."""

    index: int
    number: int
    total: int
    first: bool
    last: bool


def position(index: int, count: int) -> Position:
    """The position of the 0-based slide ``index`` in a deck of ``count`` slides."""
    return Position(index=index, number=index + 1, total=count, first=index == 0, last=index == count - 1)


def body_lines(text: str) -> tuple[str, ...]:
    """A text slide's lines, each shown large: list items get a bullet mark, blank lines are dropped."""
    out = []
    for line in text.splitlines():
        item = line.strip()
        marker = next((m for m in LIST_MARKERS if item.startswith(m)), None)
        if marker:
            item = BULLET + item[len(marker) :]
        if item:
            out.append(item)
    return tuple(out)


def is_exercise(slide: Slide) -> bool:
    """The slide that sends the groups to the workshop."""
    return slide.id == EXERCISE_SLIDE


def level_instruments(model: Model) -> tuple[Instrument, ...]:
    """The instruments of the three requirement levels (basic, advanced, spearhead), in content order."""
    levels = get_args(LevelId)
    return tuple(i for i in model.instruments if i.level in levels)


def phase_columns(model: Model) -> tuple[tuple[PhaseGroup, tuple[Phase, ...]], ...]:
    """The phases under each part of the process (strategy, prepare, procure, realise), parts in order."""
    groups = sorted(model.phase_groups, key=lambda g: g.order)
    return tuple((g, tuple(p for p in model.phases if p.group == g.id)) for g in groups)
